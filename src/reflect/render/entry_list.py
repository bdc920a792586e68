"""The list of entries (`reflect list`, the demo's tour) and the short ids every view shows, laid out without rich
(render/plain.py says why)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from reflect.render.plain import NARROW, Column, Span, hanging_lines, table_lines, wrap

if TYPE_CHECKING:
    from reflect.domain.models import Entry


def short_id(entry_id: str) -> str:
    return entry_id[:8]


# Fixed-width columns never shrink; the summary takes what is left of the terminal and wraps under itself.
LIST_COLUMNS = (
    Column("id", min_width=8, style="dim"),
    Column("when", min_width=16),
    Column("client", min_width=6),
    Column("#", min_width=2, right=True),
    Column("int", min_width=3, right=True),
    Column("feelings / pulls", min_width=12, wrap=True),
    Column("", min_width=3),
)
# Below NARROW columns each entry is a record: its short cells on one line (a bare number after a word that says what
# it is), then its feelings and pulls wrapped under it.
LIST_PREFIXES = ("", "", "", "#", "intensity ", "", "")
SUMMARY = 5


def entry_list_lines(entries: Sequence[Entry], width: int) -> list[list[Span]]:
    """The list of entries at `width` columns: a table, or below 80 columns one record per entry."""
    rows = [_entry_row(e) for e in entries]
    if width >= NARROW:
        return table_lines(LIST_COLUMNS, rows, width)
    return [line for row in rows for line in record_lines(row, width)]


def record_lines(row: Sequence[str], width: int) -> list[list[Span]]:
    """One entry of the narrow list: its short cells on a line, its feelings and pulls wrapped under them."""
    head: list[Span] = []
    for i, (prefix, cell) in enumerate(zip(LIST_PREFIXES, row, strict=True)):
        if i == SUMMARY or not cell:
            continue
        if head:
            head.append(Span("  "))
        head += [Span(prefix, "dim"), Span(cell, LIST_COLUMNS[i].style)]
    lines = wrap(head, width)
    if row[SUMMARY]:
        lines += hanging_lines("    ", [Span(row[SUMMARY])], width)
    return lines


def _entry_row(e: Entry) -> tuple[str, ...]:
    from reflect.domain import vocab
    from reflect.render.formatting import local_time

    top = sorted(e.feelings.items(), key=lambda kv: -kv[1])[:3]
    summary = ", ".join(f"{w} {r}" for w, r in top)
    if e.pulls:
        summary += (" | " if summary else "") + ", ".join(vocab.pull_name(p) for p in e.pulls)
    marks = ("⚑" if e.flagged else "") + ("R" if e.ruptures else "") + ("S" if e.supervision else "")
    return (
        short_id(e.id),
        local_time(e.session_at, "%Y-%m-%d %H:%M"),
        e.client,
        str(e.session_number or ""),
        "" if e.intensity is None else str(e.intensity),
        summary,
        marks,
    )


def more_entries(shown: int, total: int) -> None:
    """Under a listing cut short by --limit: how many entries there are in all."""
    if total > shown:
        from reflect.render.console import message

        message(f"{shown} of {total} entries; --limit shows more.", style="dim")
