"""`reflect calendar`: month grids of the days you reflected on sessions. Each day with entries carries a figure
beside its date (the number of entries, or with --by intensity their mean intensity, 0-10, rounded), so the grid reads
the same without colour; with colour the figure is also shaded."""

from __future__ import annotations

import calendar as cal
from collections.abc import Mapping, Sequence
from datetime import date

from rich.console import Group
from rich.table import Table
from rich.text import Text

from reflect.analysis.calendar import Day

MONTH_WIDTH = 7 * 5 - 1  # seven cells of "dd f" (day, space, figure) with a space between them
ENTRY_STYLES = ("", "cyan", "bold cyan", "bold magenta")  # 1, 2, 3 or more entries on a day
INTENSITY_STYLES = ((3, "green"), (6, "yellow"), (10, "bold red"))  # mean intensity up to 3, 6, 10


def _figure(day: Day, by_intensity: bool) -> tuple[str, str]:
    if not by_intensity:
        return ("+" if day.entries > 9 else str(day.entries)), ENTRY_STYLES[min(day.entries, 3)]
    mean = day.mean_intensity
    if mean is None:
        return "?", "dim"
    value = round(mean)
    style = next(style for top, style in INTENSITY_STYLES if value <= top)
    return ("X" if value == 10 else str(value)), style


def month_grid(year: int, month: int, facts: Mapping[date, Day], *, by_intensity: bool, today: date) -> Text:
    text = Text(f"{cal.month_name[month]} {year}".center(MONTH_WIDTH).rstrip() + "\n", style="bold")
    text.append("Mo   Tu   We   Th   Fr   Sa   Su\n", style="dim")
    for week in cal.Calendar(firstweekday=0).monthdayscalendar(year, month):
        for i, number in enumerate(week):
            gap = "" if i == 6 else " "
            if number == 0:
                text.append("    " + gap)
                continue
            day = date(year, month, number)
            facts_of_day = facts.get(day)
            text.append(f"{number:2d}", style="underline" if day == today else "" if facts_of_day else "dim")
            text.append(" ")
            if facts_of_day is None:
                text.append(("·" if day <= today else " ") + gap, style="dim")
            else:
                figure, style = _figure(facts_of_day, by_intensity)
                text.append(figure, style=style)
                text.append(gap)
        text.append("\n")
    return text


def calendar_view(months: Sequence[tuple[int, int]], facts: Mapping[date, Day], *, by_intensity: bool, today: date,
                  width: int, heading: str) -> Group:  # fmt: skip
    """The months side by side as the terminal allows (oldest first), a legend, and the totals."""
    per_row = max(1, (width + 3) // (MONTH_WIDTH + 3))
    parts: list[Text | Table] = [Text(heading, style="bold")]
    for start in range(0, len(months), per_row):
        row = months[start : start + per_row]
        grid = Table.grid(padding=(0, 3))
        for _ in row:
            grid.add_column(no_wrap=True)
        grid.add_row(*(month_grid(y, m, facts, by_intensity=by_intensity, today=today) for y, m in row))
        parts.append(grid)
    legend = ("figure after a day: mean intensity of its entries, 0-10 rounded (X = 10, ? = none given)"
              if by_intensity else "figure after a day: entries written for that day's sessions")  # fmt: skip
    parts.append(Text(f"{legend}; · a day without one.", style="dim"))
    shown = [f for d, f in facts.items() if (d.year, d.month) in set(months)]
    total = sum(d.entries for d in shown)
    parts.append(Text(f"{total} {'entry' if total == 1 else 'entries'} on {len(shown)} "
                      f"{'day' if len(shown) == 1 else 'days'}."))  # fmt: skip
    return Group(*parts)


def print_calendar(months: Sequence[tuple[int, int]], facts: Mapping[date, Day], client: str | None, *,
                   by_intensity: bool, today: date) -> None:  # fmt: skip
    """`reflect calendar`: the heading (the client, the months covered), then the grids at the terminal's width."""
    from reflect.render.console import out

    first = date(months[0][0], months[0][1], 1)
    heading = f"Sessions reflected on{f' with {client}' if client else ''}, {first:%B %Y} to {today:%B %Y}"
    out().print(calendar_view(months, facts, by_intensity=by_intensity, today=today, width=out().width,
                              heading=heading))  # fmt: skip
