"""Search results: a header line per entry and its snippet, matched words highlighted (terminal), or JSON."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from reflect.domain.dates import iso
from reflect.domain.search_hits import HIGHLIGHT_END, HIGHLIGHT_START
from reflect.domain.textsafe import safe_for_terminal
from reflect.render.entry_list import short_id
from reflect.render.formatting import local_time
from reflect.render.plain import Span, wrap

if TYPE_CHECKING:
    from reflect.domain.models import Entry
    from reflect.domain.search_hits import SearchHit

FIELD_LABELS = {
    "observed": "observed",
    "interpretation": "interpretation",
    "experiment": "next-session experiment",
    "notes": "notes",
    "supervision": "supervision question",
    "answers": "free answer",
    "private": "private",
}


def split_highlights(snippet: str) -> tuple[str, list[tuple[int, int]]]:
    """Plain snippet text and the (start, end) offsets of its highlighted words."""
    plain: list[str] = []
    spans: list[tuple[int, int]] = []
    length = 0
    for i, part in enumerate(snippet.split(HIGHLIGHT_START)):
        if i == 0:
            plain.append(part)
            length += len(part)
            continue
        word, _, rest = part.partition(HIGHLIGHT_END)
        spans.append((length, length + len(word)))
        plain += [word, rest]
        length += len(word) + len(rest)
    return "".join(plain), spans


def snippet_spans(snippet: str) -> list[Span]:
    """The snippet made inert for the terminal, each piece separately so highlights stay where they were."""
    spans = []
    for i, part in enumerate(snippet.split(HIGHLIGHT_START)):
        if i == 0:
            spans.append(Span(safe_for_terminal(part)))
            continue
        word, _, rest = part.partition(HIGHLIGHT_END)
        spans += [Span(safe_for_terminal(word), "bold reverse"), Span(safe_for_terminal(rest))]
    return spans


def results_lines(hits: Sequence[SearchHit], entries: dict[str, Entry], width: int) -> list[list[Span]]:
    """The matches, best first: a heading line for each entry, and its snippet indented under it."""
    lines: list[list[Span]] = []
    for n, hit in enumerate(hits):
        e = entries[hit.entry_id]
        if n:
            lines.append([])
        head = [Span(short_id(e.id), "dim"), Span(f"  {local_time(e.session_at, '%Y-%m-%d %H:%M')}  "),
                Span(e.client, "bold")]  # fmt: skip
        if e.session_number:
            head.append(Span(f"  session {e.session_number}"))
        if e.flagged:
            head.append(Span("  ⚑"))
        if hit.field:
            head.append(Span(f"  ({FIELD_LABELS.get(hit.field, hit.field)})", "dim"))
        lines += wrap(head, width)
        if hit.snippet:
            lines += wrap([Span("  "), *snippet_spans(hit.snippet)], width)
    return lines


def results_json(hits: Sequence[SearchHit], entries: dict[str, Entry]) -> list[dict[str, Any]]:
    rows = []
    for hit in hits:
        e = entries[hit.entry_id]
        plain, spans = split_highlights(hit.snippet)
        rows.append(
            {
                "id": e.id,
                "client": e.client,
                "session_at": iso(e.session_at),
                "session_number": e.session_number,
                "score": round(-hit.rank, 4),  # bm25 is lower-is-better; shown as higher-is-better
                "field": hit.field or None,
                "snippet": plain,
                "highlights": [list(s) for s in spans],
            }
        )
    return rows


def search_outcome(
    hits: Sequence[SearchHit], entries: dict[str, Entry], total: int, *, empty: bool, include_private: bool
) -> None:
    """What `reflect search` shows: the matches best first, or why there are none, and how many more there are."""
    from reflect.render.console import message
    from reflect.render.plain import terminal_width, write_lines

    if empty:
        message("No entries yet: `reflect new` writes one.")
        return
    if not hits:
        message("No entries match." + ("" if include_private else " (--include-private also searches private fields.)"))
        return
    write_lines(results_lines(hits, entries, terminal_width()))
    if total > len(hits):
        message(f"\n{len(hits)} of {total} matching entries, best first; --limit shows more.", style="dim")
