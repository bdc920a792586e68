"""docs/cli.md: the command reference, worded from the commands themselves (`_typer.command_reference`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol


class _Param(Protocol):
    names: str
    value: str | None
    help: str
    default: str | None
    required: bool


class _Command(Protocol):
    path: str
    help: str
    arguments: Sequence[_Param]
    options: Sequence[_Param]


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def reference_markdown(commands: Sequence[_Command]) -> str:
    lines = [
        "# Command reference",
        "",
        "Generated from the commands themselves by `python tools/cli_reference.py`; the tests fail when it is out of",
        "date. `reflect COMMAND --help` shows the same on the terminal.",
        "",
    ]
    for command in commands:
        lines += [f"## `{command.path}`", "", *(command.help.splitlines() or ["(no description)"]), ""]
        if command.arguments:
            lines += ["| Argument | Value | | Description |", "|---|---|---|---|"]
            for a in command.arguments:
                lines.append(f"| `{a.names}` | {a.value or ''} | {'required' if a.required else 'optional'} | "
                             f"{_cell(a.help)} |")  # fmt: skip
            lines.append("")
        if command.options:
            lines += ["| Option | Value | Default | Description |", "|---|---|---|---|"]
            for o in command.options:
                names = ", ".join(f"`{n}`" for n in o.names.split(", "))
                default = "required" if o.required else (f"`{_cell(o.default)}`" if o.default else "")
                lines.append(f"| {names} | {_cell(o.value or '')} | {default} | {_cell(o.help)} |")
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
