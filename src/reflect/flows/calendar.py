"""`reflect calendar`: the days reflected on in the months shown, read from the journal for the calendar view."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reflect.analysis.calendar import Day


@dataclass(frozen=True)
class CalendarMonths:
    """The months shown (year, month), oldest first, the facts of each day reflected on, and the day it ends on."""

    months: list[tuple[int, int]]
    days: dict[date, Day]
    today: date


def reflected_days(client: str | None, months: int) -> CalendarMonths:
    """The last `months` months up to today, with the entries (of `client`, or all) on each day."""
    from datetime import timedelta

    from reflect.analysis.calendar import days, months_back
    from reflect.domain.dates import local_day_start_utc
    from reflect.flows.journal import open_journal

    today = date.today()
    shown = months_back(today, months)
    first = date(shown[0][0], shown[0][1], 1)
    with open_journal() as journal:
        rows = journal.charts.chart_sessions(
            local_day_start_utc(first), local_day_start_utc(today + timedelta(days=1)), client
        )
    return CalendarMonths(shown, days(rows), today)
