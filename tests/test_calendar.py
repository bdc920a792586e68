"""reflect calendar: month grids of the days reflected on, counted per local day, readable without colour."""

from __future__ import annotations

import io
import json
import re
from datetime import date

import pytest
from rich.console import Console

from reflect.analysis.calendar import days, months_back
from reflect.render.calendar import calendar_view

TODAY = date(2026, 3, 12)  # the day after the shared demo journal's last session


pytestmark = pytest.mark.usefixtures("local_utc")


def printed(renderable, width: int) -> str:
    console = Console(width=width, file=io.StringIO(), no_color=True, highlight=False, markup=False, emoji=False)
    console.print(renderable)
    return console.file.getvalue()


def cell(text: str, day: int) -> str:
    """The figure beside `day` in the last month's grid of a one-month view."""
    grid = re.split(r"Su *\n", text, maxsplit=1)[1]
    match = re.search(rf"(?:^|\s){day:2d} (\S| )", grid, re.M)
    assert match, day
    return match.group(1)


def test_days_count_entries_and_average_intensity_per_local_day(demo_journal):
    sessions = demo_journal.charts.chart_sessions()
    facts = days(sessions)
    assert sum(d.entries for d in facts.values()) == len(sessions) == 52
    by_day: dict[date, list[int]] = {}
    for s in sessions:
        by_day.setdefault(date.fromisoformat(s.session_at[:10]), []).append(s.intensity)
    for day, values in by_day.items():
        rated = [v for v in values if v is not None]
        assert facts[day].entries == len(values)
        assert facts[day].mean_intensity == (sum(rated) / len(rated) if rated else None)


def test_months_back_end_with_this_month():
    assert months_back(date(2026, 2, 10), 3) == [(2025, 12), (2026, 1), (2026, 2)]


@pytest.mark.parametrize("by_intensity", [False, True])
def test_the_grid_shows_a_figure_for_every_day_with_entries_and_reads_without_colour(demo_journal, by_intensity):
    facts = days(demo_journal.charts.chart_sessions())
    text = printed(calendar_view([(2026, 3)], facts, by_intensity=by_intensity, today=TODAY, width=80,
                                 heading="March"), 80)  # fmt: skip
    assert "\x1b[" not in text
    for number in range(1, 32):
        day = date(2026, 3, number)
        figure = cell(text, number)
        if day in facts:
            f = facts[day]
            mean = None if f.mean_intensity is None else round(f.mean_intensity)
            expected = str(f.entries) if not by_intensity else "?" if mean is None else "X" if mean == 10 else str(mean)
            assert figure == expected, (day, figure)
        elif day <= TODAY:
            assert figure == "·", day
        else:
            assert figure == " ", day
    march = [d for d in facts if d.month == 3 and d.year == 2026]
    assert f"{sum(facts[d].entries for d in march)} entries on {len(march)} days." in text


def test_months_sit_side_by_side_as_the_width_allows(demo_journal):
    facts = days(demo_journal.charts.chart_sessions())
    months = months_back(TODAY, 3)
    for width, per_row in ((60, 1), (80, 2), (120, 3)):
        text = printed(calendar_view(months, facts, by_intensity=False, today=TODAY, width=width, heading="h"), width)
        first_row = next(line for line in text.splitlines() if "Mo" in line)
        assert first_row.count("Mo") == per_row, width
        assert max(len(line.rstrip()) for line in text.splitlines()) <= width


def test_the_command_counts_the_journal_and_refuses_a_bad_by(cli, tmp_path):
    folder = tmp_path / "demo"
    assert cli("demo", "--dir", str(folder), "--quiet").exit_code == 0
    data = json.loads(cli("--home", str(folder), "calendar", "--json", "--months", "2").stdout)
    first = date(*months_back(date.today(), 2)[0], 1)
    listed = json.loads(cli("--home", str(folder), "list", "--json", "--limit", "1000",
                            "--since", first.isoformat()).stdout)  # fmt: skip
    assert sum(d["entries"] for d in data) == len(listed)
    one = json.loads(cli("--home", str(folder), "calendar", "--json", "--client", "C-9JD2").stdout)
    assert sum(d["entries"] for d in one) < sum(d["entries"] for d in data)
    shown = cli("--home", str(folder), "calendar", "--by", "intensity")
    assert shown.exit_code == 0 and "mean intensity" in shown.stdout
    bad = cli("--home", str(folder), "calendar", "--by", "mood")
    assert (bad.exit_code, bad.stderr) == (2, "Error: --by must be entries or intensity, not 'mood'.\n")
