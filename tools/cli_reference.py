"""Write docs/cli.md, the command reference, from the commands themselves. Run after changing a command's options or
help; tests/test_docs.py fails while the checked-in file differs from what this writes."""

from __future__ import annotations

from pathlib import Path

DOC = Path(__file__).resolve().parents[1] / "docs" / "cli.md"


def generate() -> str:
    from reflect._typer import command_reference
    from reflect.cli import app
    from reflect.render.cli_reference import reference_markdown

    return reference_markdown(command_reference(app))


if __name__ == "__main__":
    DOC.write_text(generate(), encoding="utf-8")
    print(f"wrote {DOC}")
