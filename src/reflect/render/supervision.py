"""Terminal tables and CSV for supervision questions and hours."""

from __future__ import annotations

import csv
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

from reflect.domain.supervision import Meeting, MonthHours
from reflect.render.console import safe
from reflect.render.fit import stacked
from reflect.render.plain import NARROW

QUESTION_HEADER = ("id", "status", "age", "client", "eye", "help", "question")
STACKED_PREFIXES = ("", "", "", "", "eye ", "", "")

if TYPE_CHECKING:
    from datetime import datetime
    from pathlib import Path

    from reflect.analysis.prep import PrepData
    from reflect.privacy.redact import Redactor


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


def meeting_logged(meeting: Meeting) -> None:
    """The line on stderr after `supervision log`: what was logged and how much of it counts."""
    from reflect.render import plural
    from reflect.render.console import message

    kind = (
        "individual supervision"
        if meeting.format == "individual"
        else (f"group supervision ({meeting.group_size} supervisees)")
    )
    message(
        f"Logged {meeting.minutes} minutes of {kind} on {meeting.held_on} "
        f"({meeting.counted_minutes:g} counted minutes); {plural(len(meeting.questions), 'question')} updated, "
        f"{plural(len(meeting.actions), 'action point')}."
    )


def prep_written(output: Path, data: PrepData, redactor: Redactor) -> None:
    """The line on stderr once a supervision preparation is written to a file."""
    from reflect.render.console import message

    message(
        f"Wrote the supervision preparation to {output} ({data.sessions} sessions, {len(data.questions)} open "
        f"questions; redaction {redactor.level.value}). It is plain text: keep it as private as the journal."
    )


def question_item(row: dict[str, Any], now: datetime) -> dict[str, Any]:
    """A supervision question as `supervision questions` lists it (and its --json), with its age in days."""
    from reflect.analysis.course_findings import question_age_days

    keys = ("id", "entry_id", "client", "session_number", "question", "eye", "want", "status", "status_at", "asked_at")
    return {**{k: row[k] for k in keys}, "age_days": question_age_days(row["asked_at"], now.astimezone().date())}


def print_questions(items: Sequence[dict[str, Any]], status: str) -> None:
    """`supervision questions`: the table at the terminal's width, or that none has `status`."""
    from reflect.render.console import message, out

    if not items:
        message("No supervision questions" + ("." if status == "all" else f" with status {status}."))
        return
    out().print(questions_table(items, width=out().width))


def print_hours(months: Sequence[MonthHours], total: MonthHours) -> None:
    """`supervision hours`: the table by month, and how the hours are counted."""
    from reflect.render.console import message, out

    if not months:
        message("No supervision meetings logged yet: `reflect supervision log`.")
        return
    out().print(hours_table(months, total))
    message(
        "Counted hours: individual in full; groups of up to 4 at half the time; larger groups at the time divided "
        "by the group's size (BACP). ✓ marks months with at least 1.5 counted hours.",
        style="dim",
    )
