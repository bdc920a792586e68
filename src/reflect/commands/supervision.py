"""supervision prep | log | questions | impact | hours: preparing supervision and keeping an auditable record of it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from reflect.commands import completers
from reflect.commands.common import ClientOpt, JsonOpt, UntilOpt, open_journal

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
            autocompletion=completers.days,
        ),
    ] = "last",
    until: UntilOpt = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write the document to this file (default: standard output).", show_default=False
        ),
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
    from datetime import datetime, timedelta

    from reflect.commands.common import collector_paused, document_format, parse_day_option
    from reflect.domain.entry_filter import EntryFilter
    from reflect.errors import UsageError
    from reflect.flows.prep import DEFAULT_DAYS, gather, since_last_meeting
    from reflect.io.transfer import atomic_output
    from reflect.privacy.redact import Redactor
    from reflect.render.console import message
    from reflect.render.prep import render_prep

    html = document_format(fmt) == "html"
    redactor = Redactor.from_options(strict=strict, no_redact=no_redact, include_private=include_private)
    now = datetime.now().astimezone()
    until_day = parse_day_option(until, "--until")
    with open_journal() as journal:
        if since.strip().lower() == "last":
            start, label, first = since_last_meeting(journal, redactor, now)
            if first:
                message(f"No supervision meeting is logged yet; covering the last {DEFAULT_DAYS} days.", style="dim")
        else:
            given = parse_day_option(since, "--since")
            assert given is not None  # since is never None here
            start = given
            label = f"since {redactor.when(datetime.combine(start, now.timetz()))}"
        if until_day and start > until_day:
            raise UsageError("--since is after --until.")
        if start > now.date():
            raise UsageError("--since is in the future.")
        with collector_paused():
            data = gather(
                journal, EntryFilter(since=start, until=until_day), since_label=label, redactor=redactor, now=now
            )
            practice = None
            if include_practice:
                from reflect.analysis.practice import progress

                practice = progress(journal.attempts_in_days(start, until_day, finished_only=True))
            if html:
                from reflect.analysis.chart_facts import client_series
                from reflect.domain.dates import local_day_start_utc
                from reflect.render.documents_html import render_prep_html

                rows = journal.chart_sessions(
                    local_day_start_utc(start),
                    local_day_start_utc(until_day + timedelta(days=1)) if until_day else None,
                )
                text = render_prep_html(data, redactor, client_series(rows), practice=practice)
            else:
                text = render_prep(data, redactor, practice=practice)
    with atomic_output(output) as fh:
        fh.write(text)
    if output is not None:
        message(
            f"Wrote the supervision preparation to {output} ({data.sessions} sessions, {len(data.questions)} open "
            f"questions; redaction {redactor.level.value}). It is plain text: keep it as private as the journal."
        )


@app.command("log")
def log(
    when: Annotated[
        str | None,
        typer.Option(
            "--date",
            "-d",
            help="Day of the meeting (default: today).",
            show_default=False,
            metavar="DATE",
            autocompletion=completers.days,
        ),
    ] = None,
    minutes: Annotated[
        int | None, typer.Option("--minutes", "-m", min=1, max=1440, help="How long it lasted.", show_default=False)
    ] = None,
    group_size: Annotated[
        int | None,
        typer.Option(
            "--group-size",
            "-g",
            min=1,
            max=100,
            help="Supervisees in the group (1 or none: individual).",
            show_default=False,
        ),
    ] = None,
    supervisor: Annotated[
        str | None,
        typer.Option("--supervisor", "-s", help="Supervisor code, e.g. S-01.", show_default=False, metavar="CODE"),
    ] = None,
    discussed: Annotated[
        list[str] | None,
        typer.Option(
            "--discussed",
            help="A question discussed (its id from `supervision questions`); repeatable.",
            show_default=False,
            metavar="ID",
            autocompletion=completers.question_ids,
        ),
    ] = None,
    resolved: Annotated[
        list[str] | None,
        typer.Option(
            "--resolved",
            help="A question resolved; repeatable.",
            show_default=False,
            metavar="ID",
            autocompletion=completers.question_ids,
        ),
    ] = None,
    notes: Annotated[str | None, typer.Option("--notes", help="Notes on the meeting.", show_default=False)] = None,
    action: Annotated[
        list[str] | None, typer.Option("--action", help="An action point (a note); repeatable.", show_default=False)
    ] = None,
    experiment: Annotated[
        list[str] | None,
        typer.Option(
            "--experiment",
            help="'CODE: what to try' becomes the client's next-session experiment; repeatable.",
            show_default=False,
        ),
    ] = None,
    question: Annotated[
        list[str] | None,
        typer.Option(
            "--question",
            help="'CODE: question' opens a new supervision question for the client; repeatable.",
            show_default=False,
        ),
    ] = None,
    answers: Annotated[
        str | None,
        typer.Option(
            "--answers", "-a", help="Log from a JSON or TOML file of meeting fields (- for stdin).", show_default=False
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Record a supervision meeting: time, format, supervisor, questions discussed or resolved, action points."""
    import sys
    from datetime import date

    from reflect.commands.common import require_terminal
    from reflect.domain.models import normalise_client_code
    from reflect.domain.supervision import meeting_to_dict, parse_meeting
    from reflect.errors import UsageError
    from reflect.flows.meeting import client_action, parse_meeting_day, resolve_questions
    from reflect.render.console import message, print_json

    flags_given = any(
        v for v in (when, minutes, group_size, supervisor, discussed, resolved, notes, action, experiment, question)
    )
    today = date.today()
    with open_journal() as journal:
        if answers is not None:
            if flags_given:
                raise UsageError("use either --answers FILE or the meeting flags, not both.")
            from reflect.io.answers import load_answers

            raw = load_answers(answers)
            raw["questions"] = resolve_questions(
                journal, raw.get("questions"), raw.pop("discussed", None), raw.pop("resolved", None)
            )
            raw.setdefault("held_on", raw.pop("date", None))
        elif minutes is not None:
            raw = {
                "held_on": when,
                "minutes": minutes,
                "group_size": group_size,
                "supervisor": supervisor,
                "notes": notes,
                "questions": resolve_questions(journal, None, discussed, resolved),
                "actions": [{"kind": "note", "text": a} for a in action or []]
                + [client_action("experiment", v, normalise_client_code) for v in experiment or []]
                + [client_action("question", v, normalise_client_code) for v in question or []],
            }
        elif flags_given:
            raise UsageError("--minutes is required when logging a meeting with flags.")
        else:
            require_terminal("reflect supervision log")
            from reflect.interview.asker import QuestionaryAsker
            from reflect.interview.meeting import ask_meeting

            raw = ask_meeting(QuestionaryAsker(), journal.supervision_questions(status="open"), today)
        meeting = parse_meeting(raw, parse_day=parse_meeting_day, today=today)
        meeting = journal.log_meeting(meeting)
    if as_json:
        print_json(meeting_to_dict(meeting))
    else:
        sys.stdout.write(meeting.id + "\n")
    from reflect.render import plural

    counted = meeting.counted_minutes
    kind = (
        "individual supervision"
        if meeting.format == "individual"
        else (f"group supervision ({meeting.group_size} supervisees)")
    )
    message(
        f"Logged {meeting.minutes} minutes of {kind} on {meeting.held_on} "
        f"({counted:g} counted minutes); {plural(len(meeting.questions), 'question')} updated, "
        f"{plural(len(meeting.actions), 'action point')}."
    )


@app.command("questions")
def questions(
    status: Annotated[
        str,
        typer.Option("--status", help="open, discussed, resolved or all.", autocompletion=completers.question_statuses),
    ] = "open",
    client: ClientOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """List supervision questions with their status, age in days, client and eye, oldest first."""
    from datetime import datetime

    from reflect.analysis.course_findings import question_age_days
    from reflect.commands.common import client_option
    from reflect.errors import UsageError
    from reflect.render.console import message, out, print_json

    if status not in ("open", "discussed", "resolved", "all"):
        raise UsageError("--status must be open, discussed, resolved or all.")
    now = datetime.now().astimezone()
    with open_journal() as journal:
        rows = journal.supervision_questions(status=None if status == "all" else status, client=client_option(client))
    items = [
        {
            "id": r["id"],
            "entry_id": r["entry_id"],
            "client": r["client"],
            "session_number": r["session_number"],
            "question": r["question"],
            "eye": r["eye"],
            "want": r["want"],
            "status": r["status"],
            "status_at": r["status_at"],
            "asked_at": r["asked_at"],
            "age_days": question_age_days(r["asked_at"], now.astimezone().date()),
        }
        for r in rows
    ]
    if as_json:
        print_json(items)
        return
    if not items:
        message("No supervision questions" + ("." if status == "all" else f" with status {status}."))
        return
    from reflect.render.supervision import questions_table

    out().print(questions_table(items, width=out().width))


@app.command("impact")
def impact(
    since: Annotated[
        str | None,
        typer.Option("--since", help="Meetings from this day: '3 months ago', 2026-01-01.", show_default=False),
    ] = None,
    client: ClientOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """What each supervision meeting worked on, and the same reactions in the client's sessions before and after."""
    from datetime import datetime

    from reflect.commands.common import client_option, collector_paused, parse_day_option
    from reflect.flows.impact import gather_impact
    from reflect.render.console import out, print_json

    start = parse_day_option(since, "--since") if since else None
    with open_journal() as journal, collector_paused():
        items = gather_impact(journal, since=start, client=client_option(client), now=datetime.now().astimezone())
    if as_json:
        print_json([i.as_dict() for i in items])
        return
    from reflect.render.impact import impact_lines

    out().file.write("\n".join(impact_lines(items)) + "\n")


@app.command("hours")
def hours(
    as_json: JsonOpt = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="Print CSV (for spreadsheets) instead of a table.")] = False,
) -> None:
    """Supervision time by month and overall, with group time counted as BACP counts it."""
    from reflect.domain.supervision import hours_by_month
    from reflect.errors import UsageError
    from reflect.render.console import message, out, print_json

    if as_json and as_csv:
        raise UsageError("choose one of --json and --csv.")
    with open_journal() as journal:
        months, total = hours_by_month(journal.hours_rows())
    if as_json:
        print_json({"months": [m.as_dict() for m in months], "total": total.as_dict()})
        return
    if as_csv:
        from reflect.render.supervision import hours_csv

        hours_csv(months, total)
        return
    if not months:
        message("No supervision meetings logged yet: `reflect supervision log`.")
        return
    from reflect.render.supervision import hours_table

    out().print(hours_table(months, total))
    message(
        "Counted hours: individual in full; groups of up to 4 at half the time; larger groups at the time divided "
        "by the group's size (BACP). ✓ marks months with at least 1.5 counted hours.",
        style="dim",
    )
