"""Terminal tables and CSV for supervision questions and hours."""

from __future__ import annotations

import csv
import sys
from collections.abc import Sequence
from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

from reflect.domain.supervision import MonthHours
from reflect.render.console import safe
from reflect.render.fit import NARROW, stacked

QUESTION_HEADER = ("id", "status", "age", "client", "eye", "help", "question")
STACKED_PREFIXES = ("", "", "", "", "eye ", "", "")


def questions_table(items: Sequence[dict[str, Any]], width: int = 100) -> Table | Group:
    """The questions as a table, or below 80 columns as stacked records (the question wrapped under its facts)."""
    rows = [_question_row(q) for q in items]
    if width < NARROW:
        return Group(*stacked(STACKED_PREFIXES, rows, body=len(QUESTION_HEADER) - 1))
    table = Table(box=None, pad_edge=False, header_style="bold", expand=False)
    table.add_column("id", no_wrap=True, style="dim", min_width=8)
    table.add_column("status", no_wrap=True)
    table.add_column("age", justify="right", no_wrap=True)
    table.add_column("client", no_wrap=True)
    table.add_column("eye", justify="right", no_wrap=True)
    table.add_column("help", no_wrap=True)
    # The question is what the list is for: it wraps under itself rather than being cut.
    table.add_column("question", overflow="fold", ratio=1, min_width=20)
    for row in rows:
        table.add_row(*row)
    return table


def _question_row(q: dict[str, Any]) -> tuple[str | Text, ...]:
    age = Text(f"{q['age_days']}d", style="yellow" if q["status"] == "open" and q["age_days"] > 21 else "")
    return q["id"][:8], q["status"], age, q["client"], str(q["eye"] or ""), q["want"] or "", safe(q["question"])


def _hours(minutes: float) -> str:
    return f"{minutes / 60:.2f}"


def hours_table(months: Sequence[MonthHours], total: MonthHours) -> Table:
    table = Table(box=None, pad_edge=False, header_style="bold", show_footer=True, footer_style="bold")
    columns = [
        ("month", "total", "left"),
        ("meetings", str(total.meetings), "right"),
        ("individual h", _hours(total.individual_minutes), "right"),
        ("group h", _hours(total.group_minutes), "right"),
        ("counted h", _hours(total.counted_minutes), "right"),
        ("≥1.5 h", "", "center"),
    ]
    for name, footer, justify in columns:
        table.add_column(name, footer=footer, justify=justify, no_wrap=True)  # type: ignore[arg-type]
    for m in months:
        table.add_row(
            m.month,
            str(m.meetings),
            _hours(m.individual_minutes),
            _hours(m.group_minutes),
            _hours(m.counted_minutes),
            "✓" if m.meets_bacp_minimum else "–",
        )
    return table


def hours_csv(months: Sequence[MonthHours], total: MonthHours) -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    fields = [
        "month",
        "meetings",
        "individual_minutes",
        "group_minutes",
        "actual_hours",
        "counted_hours",
        "meets_bacp_monthly_minimum",
    ]
    writer.writerow(fields)
    for m in [*months, total]:
        row = m.as_dict()
        writer.writerow([row[f] for f in fields])
    sys.stdout.flush()
