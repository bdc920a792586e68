"""The calendar's facts: for each local day of the months shown, how many entries and their mean intensity."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from reflect.domain.dates import stored_time
from reflect.domain.rows import ChartSession


@dataclass(frozen=True)
class Day:
    entries: int
    rated: int  # entries that gave an intensity
    intensity_sum: int

    @property
    def mean_intensity(self) -> float | None:
        return self.intensity_sum / self.rated if self.rated else None


def months_back(today: date, months: int) -> list[tuple[int, int]]:
    """(year, month) of the `months` months that end with today's, oldest first."""
    year, month = today.year, today.month
    out = []
    for _ in range(months):
        out.append((year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return out[::-1]


def days(sessions: Iterable[ChartSession]) -> dict[date, Day]:
    """Entries per local calendar day (the clinician's day, not UTC's)."""
    counts: dict[date, list[int]] = {}
    for s in sessions:
        day = stored_time(s.session_at).astimezone().date()
        entries, rated, total = counts.get(day, [0, 0, 0])
        if s.intensity is not None:
            rated, total = rated + 1, total + s.intensity
        counts[day] = [entries + 1, rated, total]
    return {day: Day(*values) for day, values in counts.items()}
