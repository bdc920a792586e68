"""What a search finds (store/search.py finds them; render/search.py shows them). Apart from rows.py, the other row
shapes, so that `reflect search`, run often, loads only these."""

from __future__ import annotations

from dataclasses import dataclass

HIGHLIGHT_START, HIGHLIGHT_END, ELLIPSIS = "\x02", "\x03", "…"


@dataclass(frozen=True)
class SearchHit:
    entry_id: str
    rank: float  # bm25: lower is better
    field: str  # the column the snippet comes from
    snippet: str  # with HIGHLIGHT_START/HIGHLIGHT_END around matched words
