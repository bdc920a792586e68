"""The logs professional bodies ask for (supervision, practice, CPD), read from the journal for a period and
written as CSV, Markdown or HTML."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reflect.flows.journal import open_journal

if TYPE_CHECKING:
    from datetime import date
    from pathlib import Path


def write_log(
    kind: str, start: date | None, end: date | None, fmt: str, output: Path | None, *, no_redact: bool
) -> None:
    """Write the `kind` log ("supervision", "practice" or "cpd") from `start` to `end` to `output` (standard output
    when None) in `fmt`, and say what its figures do not cover."""
    from datetime import datetime, timedelta

    from reflect.analysis import records
    from reflect.domain.dates import local_day_start_utc
    from reflect.io.transfer import atomic_output
    from reflect.privacy.redact import Redactor
    from reflect.render import records as render
    from reflect.render.console import message

    today = datetime.now().astimezone().date()
    period = f"{start.isoformat() if start else 'the first record'} to {(end or today).isoformat()}"
    with open_journal() as journal:
        if kind == "supervision":
            table = render.supervision_table(
                records.supervision_log(journal.records.logged_meetings(start, end)), period
            )
        elif kind == "practice":
            rows = journal.records.session_times(
                local_day_start_utc(start) if start else None,
                local_day_start_utc(end + timedelta(days=1)) if end else None,
            )
            table = render.practice_table(records.practice_log(rows), period)
        else:
            redactor = Redactor.from_options(no_redact=no_redact)
            table = render.cpd_table(journal.records.cpd_activities(start, end), period, redactor)
    with atomic_output(output) as fh:
        fh.write(render.render_table(table, fmt))
    if output is not None:
        message(f"Wrote the {table.title.lower()} ({len(table.rows)} rows) to {output}.")
    if fmt == "csv":  # a CSV has no room for them: say what the figures do not cover
        for note in table.notes:
            message(note, style="dim")


def log_cpd(day: date | None, **fields: str | None) -> None:
    """Save a CPD activity on `day` (default today; never in the future) from the command's fields."""
    from datetime import datetime

    from reflect.domain.cpd import parse_cpd
    from reflect.errors import UsageError
    from reflect.render.console import message

    today = datetime.now().astimezone().date()
    day = day or today
    if day > today:
        raise UsageError("--date is in the future.")
    item = parse_cpd({"held_on": day.isoformat(), **fields}, today=today)
    with open_journal() as journal:
        journal.records.add_cpd(item)
    message(f"Logged CPD {item.id[:8]}: {item.hours:.2f} hours on {item.held_on.isoformat()}.")
