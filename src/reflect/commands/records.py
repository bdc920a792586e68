"""records supervision | practice | cpd: the logs professional bodies ask for, as CSV, Markdown or HTML."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from reflect.commands.common import SinceOpt, UntilOpt, open_journal

app = typer.Typer(
    help="The logs professional bodies ask for: supervision, practice (sessions) and CPD.", no_args_is_help=True
)

FormatOpt = Annotated[str, typer.Option("--format", "-f", help="csv, markdown or html.")]
OutputOpt = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write to this file (default: standard output).", show_default=False),
]


def _write(kind: str, since: str | None, until: str | None, fmt: str, output: Path | None, no_redact: bool = False):
    from datetime import datetime, timedelta

    from reflect.analysis import records
    from reflect.commands.common import parse_day_option
    from reflect.domain.dates import local_day_start_utc
    from reflect.errors import UsageError
    from reflect.io.transfer import atomic_output
    from reflect.privacy.redact import Redactor
    from reflect.render import records as render
    from reflect.render.console import message

    fmt = {"md": "markdown"}.get(fmt.strip().lower(), fmt.strip().lower())
    if fmt not in ("csv", "markdown", "html"):
        raise UsageError(f"unknown format {fmt!r}; available: csv, markdown, html.")
    start, end = parse_day_option(since, "--since"), parse_day_option(until, "--until")
    if start and end and start > end:
        raise UsageError("--since is after --until.")
    today = datetime.now().astimezone().date()
    period = f"{start.isoformat() if start else 'the first record'} to {(end or today).isoformat()}"
    with open_journal() as journal:
        if kind == "supervision":
            table = render.supervision_table(records.supervision_log(journal.logged_meetings(start, end)), period)
        elif kind == "practice":
            rows = journal.session_times(
                local_day_start_utc(start) if start else None,
                local_day_start_utc(end + timedelta(days=1)) if end else None,
            )
            table = render.practice_table(records.practice_log(rows), period)
        else:
            redactor = Redactor.from_options(no_redact=no_redact)
            table = render.cpd_table(journal.cpd_activities(start, end), period, redactor)
    with atomic_output(output) as fh:
        fh.write(render.render_table(table, fmt))
    if output is not None:
        message(f"Wrote the {table.title.lower()} ({len(table.rows)} rows) to {output}.")
    if fmt == "csv":  # a CSV has no room for them: say what the figures do not cover
        for note in table.notes:
            message(note, style="dim")


@app.command("supervision")
def supervision(since: SinceOpt = None, until: UntilOpt = None, fmt: FormatOpt = "markdown", output: OutputOpt = None):
    """Supervision log: date, minutes, format, supervisor, BACP-counted hours, topics by eye, countersignature.

    No client is named."""
    _write("supervision", since, until, fmt, output)


@app.command("practice")
def practice(since: SinceOpt = None, until: UntilOpt = None, fmt: FormatOpt = "markdown", output: OutputOpt = None):
    """Practice log: sessions per month by modality, counted from your entries."""
    _write("practice", since, until, fmt, output)


@app.command("cpd")
def cpd(
    since: SinceOpt = None,
    until: UntilOpt = None,
    fmt: FormatOpt = "markdown",
    output: OutputOpt = None,
    no_redact: Annotated[bool, typer.Option("--no-redact", help="Do not mask detected identifiers.")] = False,
):
    """CPD log: the activities logged with `reflect cpd add`, with their hours and what you learned."""
    _write("cpd", since, until, fmt, output, no_redact)
