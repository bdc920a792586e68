"""Write src/reflect/render/root_help_data.py, what `reflect --help` shows, from the commands themselves. Run after
changing a command's one-line help, the panels, or a root option; tests/test_root_help.py fails while the checked-in
file differs from what this writes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[1] / "src" / "reflect" / "render" / "root_help_data.py"
WIDTH = 120  # the project's line length: the file is written as ruff would format it

HEADER = '''"""What `reflect --help` (and `reflect` alone) shows, as data: written by tools/root_help.py from the
commands (do not edit: run the tool). Its shape is `reflect._typer.root_help_blocks`'s, with an unstyled text written
as a plain string; render/root_help.py lays it out for the terminal without importing rich or building a command.
"""

'''


def plain_texts(value: Any) -> Any:
    """The data with every unstyled text, a single run (text, ""), written as its string alone."""
    if not isinstance(value, tuple):
        return value
    if len(value) == 1 and isinstance(value[0], tuple) and len(value[0]) == 2 and value[0][1] == "":
        return value[0][0] if isinstance(value[0][0], str) else value
    return tuple(plain_texts(item) for item in value)


def quoted(text: str) -> str:
    """A string as ruff writes it: in double quotes unless it holds one."""
    written = repr(text)
    return '"' + written[1:-1] + '"' if written.startswith("'") and '"' not in text else written


def flat(value: Any) -> str:
    if isinstance(value, str):
        return quoted(value)
    if isinstance(value, tuple):
        return "(" + ", ".join(flat(item) for item in value) + ("," if len(value) == 1 else "") + ")"
    return repr(value)


def literal(value: Any, indent: int, trailer: int) -> str:
    """`value` as Python source the way ruff formats it: on one line if it fits, else one element per line."""
    one_line = flat(value)
    if not isinstance(value, tuple) or not value or indent + len(one_line) + trailer <= WIDTH:
        return one_line
    inner = " " * (indent + 4)
    items = "".join(f"{inner}{literal(item, indent + 4, 1)},\n" for item in value)
    return "(\n" + items + " " * indent + ")"


def styles(value: Any) -> set[str]:
    """Every style in the data: the second of each (text, style) run."""
    if not isinstance(value, tuple):
        return set()
    if len(value) == 2 and all(isinstance(part, str) for part in value):
        return {value[1]}
    return set().union(*(styles(item) for item in value))


def generate() -> str:
    from reflect._typer import root_help_blocks
    from reflect.cli import app
    from reflect.render.plain import sgr

    blocks = tuple(root_help_blocks(app))
    for style in styles(blocks) | {block[2] for block in blocks if block[0] == "panel"}:  # runs', borders'
        sgr(style)  # a style the renderer cannot show fails here, not in front of a user
    return HEADER + "BLOCKS = " + literal(plain_texts(blocks), 0, 0) + "\n"


if __name__ == "__main__":
    DATA.write_text(generate(), encoding="utf-8")
    print(f"wrote {DATA}")
