"""Logging a supervision meeting from the command line or an answers file: its day, the questions discussed or
resolved (by id prefix), and the action points that name a client."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reflect.domain.supervision import Meeting


def parse_meeting_day(text: str):
    from reflect.domain.dates import parse_when

    return parse_when(text).date()


def client_action(kind: str, value: str, normalise) -> dict[str, Any]:
    from reflect.errors import UsageError

    code, sep, text = value.partition(":")
    if not sep or not text.strip():
        raise UsageError(f"--{kind} takes 'CODE: text', e.g. 'C-7F3K: end on time'.")
    return {"kind": kind, "client": normalise(code), "text": text.strip()}


def resolve_questions(journal, given: Any, discussed: Any, resolved: Any) -> list[dict[str, str]]:
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


def log_meeting(answers: str | None, flags: dict[str, Any]) -> Meeting:
    """Log a meeting from an answers file, from the command's flags (`when`, `minutes`, ...) or, with neither, from
    questions asked in the terminal; the meeting as saved."""
    from datetime import date

    from reflect.domain.models import normalise_client_code
    from reflect.domain.supervision import parse_meeting
    from reflect.errors import UsageError
    from reflect.flows.journal import open_journal, require_terminal

    flags_given = any(flags.values())
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
        elif flags["minutes"] is not None:
            raw = {
                "held_on": flags["when"],
                "minutes": flags["minutes"],
                "group_size": flags["group_size"],
                "supervisor": flags["supervisor"],
                "notes": flags["notes"],
                "questions": resolve_questions(journal, None, flags["discussed"], flags["resolved"]),
                "actions": [{"kind": "note", "text": a} for a in flags["action"] or []]
                + [client_action("experiment", v, normalise_client_code) for v in flags["experiment"] or []]
                + [client_action("question", v, normalise_client_code) for v in flags["question"] or []],
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
    return meeting
