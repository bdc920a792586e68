"""Which entries a listing, a search or an analysis covers: passed from commands through the store to analysis."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class EntryFilter:
    client: str | None = None
    since: date | None = None  # local calendar days, inclusive
    until: date | None = None
    tag: str | None = None
    flagged: bool = False
    limit: int | None = None
    ids: tuple[str, ...] | None = None
