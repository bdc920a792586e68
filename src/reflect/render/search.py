"""Search results: a header line per entry and its snippet, matched words highlighted (terminal), or JSON."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.console import Group
from rich.text import Text

from reflect.domain.dates import iso
from reflect.domain.models import Entry
from reflect.domain.rows import HIGHLIGHT_END, HIGHLIGHT_START, SearchHit
from reflect.render.console import safe
from reflect.render.entries import short_id
from reflect.render.formatting import local_time

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


def snippet_text(snippet: str) -> Text:
    """The snippet made inert for the terminal, each piece separately so highlights stay where they were."""
    text = Text()
    for i, part in enumerate(snippet.split(HIGHLIGHT_START)):
        if i == 0:
            text.append_text(safe(part))
            continue
        word, _, rest = part.partition(HIGHLIGHT_END)
        text.append_text(safe(word, style="bold reverse"))
        text.append_text(safe(rest))
    return text


def results_view(hits: Sequence[SearchHit], entries: dict[str, Entry]) -> Group:
    parts: list[Text] = []
    for n, hit in enumerate(hits):
        e = entries[hit.entry_id]
        if n:
            parts.append(Text(""))
        head = Text(short_id(e.id), style="dim")
        head.append(f"  {local_time(e.session_at, '%Y-%m-%d %H:%M')}  ")
        head.append(e.client, style="bold")
        if e.session_number:
            head.append(f"  session {e.session_number}")
        if e.flagged:
            head.append("  ⚑")
        if hit.field:
            head.append(f"  ({FIELD_LABELS.get(hit.field, hit.field)})", style="dim")
        parts.append(head)
        if hit.snippet:
            line = Text("  ")
            line.append_text(snippet_text(hit.snippet))
            parts.append(line)
    return Group(*parts)


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
    from reflect.render.console import message, out

    if empty:
        message("No entries yet: `reflect new` writes one.")
        return
    if not hits:
        message("No entries match." + ("" if include_private else " (--include-private also searches private fields.)"))
        return
    out().print(results_view(hits, entries))
    if total > len(hits):
        message(f"\n{len(hits)} of {total} matching entries, best first; --limit shows more.", style="dim")
