"""supervision prep | log | questions | impact | hours: preparing supervision and keeping an auditable record of it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from reflect.commands.common import ClientOpt, JsonOpt, UntilOpt, open_journal, option
from reflect.flows import completion

app = typer.Typer(
    help="Prepare supervision, log supervision meetings, follow your questions and count your hours.",
    no_args_is_help=True,
)


@app.command("prep")
def prep(
    since: Annotated[
        str,
        typer.Option(
            "--since",
            help="'last' (since the last logged supervision meeting) or a day: '4 weeks ago', 2026-03-01.",
            metavar="DATE",
            autocompletion=completion.days,
        ),
    ] = "last",
    until: UntilOpt = None,
    output: Annotated[
        Path | None,
        option("--output", "-o", help="Write the document to this file (default: standard output)."),
    ] = None,
    include_private: Annotated[
        bool, typer.Option("--include-private", help="Include private fields (what a session touched in you).")
    ] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="No free text, weeks instead of dates, client codes replaced by aliases.")
    ] = False,
    no_redact: Annotated[bool, typer.Option("--no-redact", help="Do not mask detected identifiers.")] = False,
    include_practice: Annotated[
        bool, typer.Option("--include-practice", help="Add a short section on vignette practice in the period.")
    ] = False,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="markdown, or html (charts, print layout and a sign-off block).")
    ] = "markdown",
) -> None:
    """Write a document to take to supervision: open questions first, then each client, then an overview.

    Markdown by default; --format html writes one self-contained page with charts, ready to print and sign."""
    from reflect.commands.common import document_format, parse_day_option
    from reflect.flows.collector import collector_paused
    from reflect.flows.prep_document import prep_document
    from reflect.io.transfer import atomic_output
    from reflect.privacy.redact import Redactor
    from reflect.render.supervision import prep_written

    html = document_format(fmt) == "html"
    redactor = Redactor.from_options(strict=strict, no_redact=no_redact, include_private=include_private)
    until_day = parse_day_option(until, "--until")
    since_day = None if since.strip().lower() == "last" else parse_day_option(since, "--since")
    with open_journal() as journal, collector_paused():
        text, data = prep_document(
            journal, since_day, until_day, redactor, html=html, include_practice=include_practice
        )
    with atomic_output(output) as fh:
        fh.write(text)
    if output is not None:
        prep_written(output, data, redactor)


@app.command("log")
def log(
    when: Annotated[
        str | None,
        option("--date", "-d", help="Day of the meeting (default: today).", metavar="DATE", values=completion.days),
    ] = None,
    minutes: Annotated[int | None, option("--minutes", "-m", min=1, max=1440, help="How long it lasted.")] = None,
    group_size: Annotated[
        int | None,
        option("--group-size", "-g", min=1, max=100, help="Supervisees in the group (1 or none: individual)."),
    ] = None,
    supervisor: Annotated[
        str | None,
        option("--supervisor", "-s", help="Supervisor code, e.g. S-01.", metavar="CODE"),
    ] = None,
    discussed: Annotated[
        list[str] | None,
        option(
            "--discussed",
            help="A question discussed (its id from `supervision questions`); repeatable.",
            metavar="ID",
            values=completion.question_ids,
        ),
    ] = None,
    resolved: Annotated[
        list[str] | None,
        option("--resolved", help="A question resolved; repeatable.", metavar="ID", values=completion.question_ids),
    ] = None,
    notes: Annotated[str | None, option("--notes", help="Notes on the meeting.")] = None,
    action: Annotated[list[str] | None, option("--action", help="An action point (a note); repeatable.")] = None,
    experiment: Annotated[
        list[str] | None,
        option("--experiment", help="'CODE: what to try' becomes the client's next-session experiment; repeatable."),
    ] = None,
    question: Annotated[
        list[str] | None,
        option("--question", help="'CODE: question' opens a new supervision question for the client; repeatable."),
    ] = None,
    answers: Annotated[
        str | None,
        option("--answers", "-a", help="Log from a JSON or TOML file of meeting fields (- for stdin)."),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Record a supervision meeting: time, format, supervisor, questions discussed or resolved, action points."""
    import sys

    from reflect.domain.supervision import meeting_to_dict
    from reflect.flows.meeting import log_meeting
    from reflect.render.console import print_json
    from reflect.render.supervision import meeting_logged

    flags = {"when": when, "minutes": minutes, "group_size": group_size, "supervisor": supervisor,
             "discussed": discussed, "resolved": resolved, "notes": notes, "action": action,
             "experiment": experiment, "question": question}  # fmt: skip
    meeting = log_meeting(answers, flags)
    if as_json:
        print_json(meeting_to_dict(meeting))
    else:
        sys.stdout.write(meeting.id + "\n")
    meeting_logged(meeting)


@app.command("questions")
def questions(
    status: Annotated[
        str,
        typer.Option("--status", help="open, discussed, resolved or all.", autocompletion=completion.question_statuses),
    ] = "open",
    client: ClientOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """List supervision questions with their status, age in days, client and eye, oldest first."""
    from datetime import datetime

    from reflect.commands.common import client_option
    from reflect.errors import UsageError
    from reflect.render.console import print_json
    from reflect.render.supervision import print_questions, question_item

    if status not in ("open", "discussed", "resolved", "all"):
        raise UsageError("--status must be open, discussed, resolved or all.")
    now = datetime.now().astimezone()
    with open_journal() as journal:
        rows = journal.supervision_questions(status=None if status == "all" else status, client=client_option(client))
    items = [question_item(r, now) for r in rows]
    print_json(items) if as_json else print_questions(items, status)


@app.command("impact")
def impact(
    since: Annotated[
        str | None,
        option("--since", help="Meetings from this day: '3 months ago', 2026-01-01."),
    ] = None,
    client: ClientOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """What each supervision meeting worked on, and the same reactions in the client's sessions before and after."""
    from datetime import datetime

    from reflect.commands.common import client_option, parse_day_option
    from reflect.flows.collector import collector_paused
    from reflect.flows.impact import gather_impact
    from reflect.render.console import out, print_json

    start = parse_day_option(since, "--since") if since else None
    with open_journal() as journal, collector_paused():
        items = gather_impact(journal, since=start, client=client_option(client), now=datetime.now().astimezone())
    from reflect.render.impact import impact_lines

    print_json([i.as_dict() for i in items]) if as_json else out().file.write("\n".join(impact_lines(items)) + "\n")


@app.command("hours")
def hours(
    as_json: JsonOpt = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="Print CSV (for spreadsheets) instead of a table.")] = False,
) -> None:
    """Supervision time by month and overall, with group time counted as BACP counts it."""
    from reflect.domain.supervision import hours_by_month
    from reflect.errors import UsageError
    from reflect.render.console import print_json
    from reflect.render.supervision import hours_csv, print_hours

    if as_json and as_csv:
        raise UsageError("choose one of --json and --csv.")
    with open_journal() as journal:
        months, total = hours_by_month(journal.hours_rows())
    if as_json:
        print_json({"months": [m.as_dict() for m in months], "total": total.as_dict()})
    else:
        (hours_csv if as_csv else print_hours)(months, total)
