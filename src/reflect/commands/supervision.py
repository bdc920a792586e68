"""supervision prep | log | questions | impact | hours: preparing supervision and keeping an auditable record of it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from reflect.commands.common import ClientOpt, JsonOpt, UntilOpt, open_journal

if TYPE_CHECKING:
    from reflect.asker import Asker

app = typer.Typer(
    help="Prepare supervision, log supervision meetings, follow your questions and count your hours.",
    no_args_is_help=True,
)

DEFAULT_DAYS = 30  # `--since last` with no meeting logged yet: about a month, BACP's minimum supervision rhythm


@app.command("prep")
def prep(
    since: Annotated[
        str,
        typer.Option(
            "--since", help="'last' (since the last logged supervision meeting) or a day: '4 weeks ago', 2026-03-01."
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
) -> None:
    """Write a Markdown document to take to supervision: open questions first, then each client, then an overview."""
    from datetime import datetime, timedelta

    from reflect.commands.common import collector_paused, parse_day_option
    from reflect.errors import UsageError
    from reflect.prep import gather
    from reflect.redact import Redactor
    from reflect.render.console import message
    from reflect.render.prep import render_prep
    from reflect.store import EntryFilter
    from reflect.transfer import atomic_output

    redactor = Redactor.from_options(strict=strict, no_redact=no_redact, include_private=include_private)
    now = datetime.now().astimezone()
    until_day = parse_day_option(until, "--until")
    with open_journal() as journal:
        if since.strip().lower() == "last":
            last = journal.last_meeting_day()
            if last is None:
                start = now.date() - timedelta(days=DEFAULT_DAYS)
                label = f"in the {DEFAULT_DAYS} days to {redactor.when(now)} (no supervision meeting logged yet)"
                message(f"No supervision meeting is logged yet; covering the last {DEFAULT_DAYS} days.", style="dim")
            else:
                start = last
                label = f"since the supervision on {redactor.when(datetime.combine(last, now.timetz()))}"
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
            text = render_prep(data, redactor)
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
        str | None, typer.Option("--date", "-d", help="Day of the meeting (default: today).", show_default=False)
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
        str | None, typer.Option("--supervisor", "-s", help="Supervisor code, e.g. S-01.", show_default=False)
    ] = None,
    discussed: Annotated[
        list[str] | None,
        typer.Option(
            "--discussed",
            help="A question discussed (its id from `supervision questions`); repeatable.",
            show_default=False,
        ),
    ] = None,
    resolved: Annotated[
        list[str] | None, typer.Option("--resolved", help="A question resolved; repeatable.", show_default=False)
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
    from reflect.errors import UsageError
    from reflect.models import normalise_client_code
    from reflect.render.console import message, print_json
    from reflect.supervision import meeting_to_dict, parse_meeting

    flags_given = any(
        v for v in (when, minutes, group_size, supervisor, discussed, resolved, notes, action, experiment, question)
    )
    today = date.today()
    with open_journal() as journal:
        if answers is not None:
            if flags_given:
                raise UsageError("use either --answers FILE or the meeting flags, not both.")
            from reflect.commands.interview_cmds import load_answers

            raw = load_answers(answers)
            raw["questions"] = _resolve_questions(
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
                "questions": _resolve_questions(journal, None, discussed, resolved),
                "actions": [{"kind": "note", "text": a} for a in action or []]
                + [_client_action("experiment", v, normalise_client_code) for v in experiment or []]
                + [_client_action("question", v, normalise_client_code) for v in question or []],
            }
        elif flags_given:
            raise UsageError("--minutes is required when logging a meeting with flags.")
        else:
            require_terminal("reflect supervision log")
            from reflect.asker import QuestionaryAsker

            raw = ask_meeting(QuestionaryAsker(), journal.supervision_questions(status="open"), today)
        meeting = parse_meeting(raw, parse_day=_parse_day, today=today)
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


def _parse_day(text: str):
    from reflect.dates import parse_when

    return parse_when(text).date()


def _client_action(kind: str, value: str, normalise) -> dict[str, Any]:
    from reflect.errors import UsageError

    code, sep, text = value.partition(":")
    if not sep or not text.strip():
        raise UsageError(f"--{kind} takes 'CODE: text', e.g. 'C-7F3K: end on time'.")
    return {"kind": kind, "client": normalise(code), "text": text.strip()}


def _resolve_questions(journal, given: Any, discussed: Any, resolved: Any) -> list[dict[str, str]]:
    """Question outcomes from full ids or short prefixes (as `supervision questions` shows them)."""
    from reflect.errors import ValidationError

    out: list[dict[str, str]] = []
    for value, outcome in [(v, "discussed") for v in _strings(discussed, "discussed")] + [
        (v, "resolved") for v in _strings(resolved, "resolved")
    ]:
        out.append({"id": journal.resolve_question_id(value), "outcome": outcome})
    if given is not None:
        if not isinstance(given, list):
            raise ValidationError("field 'questions' must be a list")
        for i, item in enumerate(given):
            if not isinstance(item, dict) or not isinstance(item.get("id"), str):
                raise ValidationError(f"field 'questions[{i}]' must be an object with id and outcome")
            out.append({**item, "id": journal.resolve_question_id(item["id"])})
    return out


def _strings(value: Any, name: str) -> list[str]:
    from reflect.errors import ValidationError

    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError(f"field '{name}' must be a list of question ids")
    return value


def ask_meeting(asker: Asker, open_questions: list[dict[str, Any]], today) -> dict[str, Any]:
    """The interactive form of `supervision log`, through the one prompt seam (tests script it)."""
    from reflect.asker import Choice

    def whole(low: int, high: int):
        def check(text: str) -> str | None:
            return (
                None if text.strip().isdigit() and low <= int(text) <= high else f"a whole number from {low} to {high}"
            )

        return check

    def day_ok(text: str) -> str | None:
        try:
            _parse_day(text)
        except ValueError as exc:
            return str(exc)
        return None

    raw: dict[str, Any] = {"held_on": asker.text("Day of the meeting?", default=today.isoformat(), validate=day_ok)}
    raw["minutes"] = int(asker.text("How many minutes?", default="60", validate=whole(1, 1440)))
    if asker.select("Format?", [Choice("individual", "Individual"), Choice("group", "Group")]) == "group":
        raw["group_size"] = int(asker.text("How many supervisees in the group?", default="4", validate=whole(2, 100)))
    raw["supervisor"] = asker.text("Your supervisor's code (e.g. S-01)?") or None
    outcomes = []
    if open_questions:
        import textwrap

        # One line each, cut at a word with an ellipsis: the id and client say which question it is.
        choices = [
            Choice(
                q["id"],
                f"{q['id'][:8]} {q['client']}: {textwrap.shorten(q['question'], 70, placeholder=' …')}",
                short=f"{q['id'][:8]} {q['client']}",
            )
            for q in open_questions
        ]
        talked = asker.checkbox("Which open questions did you discuss?", choices)
        if talked:
            done = asker.checkbox("Which of those are resolved?", [c for c in choices if c.value in talked])
            outcomes = [{"id": qid, "outcome": "resolved" if qid in done else "discussed"} for qid in talked]
    raw["questions"] = outcomes
    raw["notes"] = asker.text("Notes on the meeting?") or None
    actions = []
    kinds = [
        Choice("done", "No more action points"),
        Choice("experiment", "A next-session experiment for a client"),
        Choice("question", "A new supervision question about a client"),
        Choice("note", "Another action point"),
    ]
    what = {
        "experiment": "What will you try with this client next session?",
        "question": "What is the question to take to supervision?",
        "note": "What is the action point?",
    }

    def said(text: str) -> str | None:
        return None if text.strip() else "a few words, please"

    from reflect.models import typed_client_code_problem

    while (kind := asker.select("Add an action point?", kinds, default="done")) != "done":
        item: dict[str, Any] = {"kind": kind}
        if kind in ("experiment", "question"):
            # Checked as it is typed: a bad code found only when the meeting is saved would cost every answer before it.
            item["client"] = asker.text("Which client (code)?", validate=typed_client_code_problem).strip().upper()
        item["text"] = asker.text(what[kind], validate=said)
        actions.append(item)
    raw["actions"] = actions
    return raw


@app.command("questions")
def questions(
    status: Annotated[str, typer.Option("--status", help="open, discussed, resolved or all.")] = "open",
    client: ClientOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """List supervision questions with their status, age in days, client and eye, oldest first."""
    from datetime import datetime

    from reflect.commands.common import client_option
    from reflect.errors import UsageError
    from reflect.patterns import question_age_days
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
            "age_days": question_age_days(r["asked_at"], now),
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

    out().print(questions_table(items))


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
    from reflect.impact_gather import gather_impact
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
    from reflect.errors import UsageError
    from reflect.render.console import message, out, print_json
    from reflect.supervision import hours_by_month

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
