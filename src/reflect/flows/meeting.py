"""Logging a supervision meeting from the command line or an answers file: its day, the questions discussed or
resolved (by id prefix), and the action points that name a client."""

from __future__ import annotations

from typing import Any


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
