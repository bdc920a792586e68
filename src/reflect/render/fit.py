"""Views that fit the terminal: wrapped lines that keep a hanging indent, and tables that turn into stacked records
when their columns cannot all fit, so that no value a reader needs is cut off at 60, 80, 100 or 120 columns."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group
from rich.table import Table
from rich.text import Text


def hanging(lead: str | Text, body: str | Text, *, style: str = "") -> Table:
    """`lead`, then `body` wrapped so that every continuation line starts under the body's first word."""
    grid = Table.grid()
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")  # words wrap; only a word longer than the line is folded, never cut
    lead_text = lead if isinstance(lead, Text) else Text(lead, style=style)
    body_text = body if isinstance(body, Text) else Text(body, style=style)
    grid.add_row(lead_text, body_text)
    return grid


LONGEST_LEAD = 30  # a longer label would leave too narrow a column for its value on a small terminal


def labelled(label: str, value: str | Text, *, separator: str = "  ") -> Table | Group:
    """The label, then the value wrapping under itself; after a long label the value starts on the next line,
    indented."""
    lead = Text(f"{label}{separator}", style="bold")
    if len(lead.plain) <= LONGEST_LEAD:
        return hanging(lead, value)
    return Group(lead, hanging("  ", value))


def bullet(body: str | Text, mark: str = "·", *, indent: int = 2, style: str = "") -> Table:
    """A bullet whose wrapped lines stay indented under its text."""
    return hanging(Text(" " * indent + mark + " ", style=style), body, style=style)


def stacked(prefixes: Sequence[str], rows: Sequence[Sequence[str | Text]], *, body: int) -> list[Text | Table]:
    """A narrow terminal's form of a table: for each row, its short cells on one line (each after its prefix, e.g.
    "eye " where a bare number would not say what it is), then the long cell `body` wrapped under it with a hanging
    indent."""
    blocks: list[Text | Table] = []
    for row in rows:
        line = Text()
        for i, (prefix, cell) in enumerate(zip(prefixes, row, strict=True)):
            value = cell if isinstance(cell, Text) else Text(str(cell))
            if i == body or not value.plain:
                continue
            if line.plain:
                line.append("  ")
            line.append(prefix, style="dim")
            line.append_text(value)
        blocks.append(line)
        if row[body]:
            blocks.append(hanging("    ", row[body]))
    return blocks
