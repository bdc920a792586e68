"""The one formatter for the small pieces every view words the same way: counts with their noun, percentages and
local times. Plain strings only (no rich), so documents that never draw a table can use it."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import datetime

MISSING = "–"  # a value that was not recorded, in a table cell or beside a count


def plural(n: int, word: str, words: str | None = None) -> str:
    """'1 question', '2 questions': counts in messages read as sentences, not 'question(s)'."""
    return f"{n} {word if n == 1 else words or word + 's'}"


def entry_count(n: int) -> str:
    """'1 entry', '2 entries'."""
    return plural(n, "entry", "entries")


def percent(rate: float | None) -> str:
    """A rate from 0 to 1 as a whole percentage ('38%'); MISSING when there is nothing to divide."""
    return MISSING if rate is None else f"{round(rate * 100)}%"


def local_time(dt: datetime, fmt: str = "%a %d %b %Y %H:%M") -> str:
    """A stored (UTC) time as the clinician's clock showed it."""
    return dt.astimezone().strftime(fmt)


def local_day(dt: datetime | None) -> str:
    """The local day of a stored time (2026-03-11); MISSING when there is none."""
    return local_time(dt, "%Y-%m-%d") if dt else MISSING
