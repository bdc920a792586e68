"""Supervision meetings: the record, its one validator, and BACP hour counting (pure functions, no SQL).

A meeting is what a supervisee may have to show an accrediting body: date, length, individual or group (and the group's
size), the supervisor's code, which journal questions were discussed or resolved, notes, and action points. An action
point is a note, a next-session experiment for a client, or a new supervision question about a client.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from reflect.domain import vocab
from reflect.domain.client_codes import CLIENT_CODE
from reflect.domain.dates import iso, now_utc
from reflect.domain.models import MAX_TEXT, normalise_client_code
from reflect.domain.textsafe import clean_text
from reflect.errors import ValidationError

MEETING_FIELDS = (
    "id",
    "held_on",
    "minutes",
    "format",
    "group_size",
    "supervisor",
    "notes",
    "questions",
    "actions",
    "created_at",
    "updated_at",
)
ACTION_KINDS = ("note", "experiment", "question")
OUTCOMES = ("discussed", "resolved")
MAX_MINUTES = 24 * 60
BACP_MONTHLY_MINIMUM_MINUTES = 90  # BACP: at least 1.5 hours of supervision a month


@dataclass(frozen=True)
class QuestionOutcome:
    question_id: str
    outcome: str  # discussed | resolved


@dataclass(frozen=True)
class Action:
    kind: str  # note | experiment | question
    text: str
    client: str | None = None
    eye: int | None = None
    want: str | None = None
    ref: str | None = None  # the supervision question created from this action, once saved


@dataclass(frozen=True)
class Meeting:
    id: str
    held_on: date
    minutes: int
    format: str = "individual"  # individual | group
    group_size: int | None = None
    supervisor: str | None = None
    notes: str | None = None
    questions: tuple[QuestionOutcome, ...] = ()
    actions: tuple[Action, ...] = ()
    created_at: datetime = field(default_factory=now_utc)
    updated_at: datetime = field(default_factory=now_utc)

    @property
    def counted_minutes(self) -> float:
        return counted_minutes(self.minutes, self.group_size if self.format == "group" else None)


def counted_minutes(minutes: int, group_size: int | None) -> float:
    """Minutes that count towards supervision hours, as BACP counts them.

    Individual supervision counts in full. Group supervision counts as half the time for groups of up to 4, and as the
    time divided by the group's size for larger groups (domain guide, section 5).
    """
    if group_size is None or group_size < 2:
        return float(minutes)
    if group_size <= 4:
        return minutes / 2
    return minutes / group_size


def meeting_to_dict(m: Meeting) -> dict[str, Any]:
    """The canonical JSON object of one meeting (the `supervision_meetings` member of a reflect/1 document)."""
    return {
        "id": m.id,
        "held_on": m.held_on.isoformat(),
        "minutes": m.minutes,
        "format": m.format,
        "group_size": m.group_size,
        "supervisor": m.supervisor,
        "notes": m.notes,
        "questions": [{"id": q.question_id, "outcome": q.outcome} for q in m.questions],
        "actions": [
            {"kind": a.kind, "text": a.text, "client": a.client, "eye": a.eye, "want": a.want, "ref": a.ref}
            for a in m.actions
        ],
        "created_at": iso(m.created_at),
        "updated_at": iso(m.updated_at),
    }


def _fail(where: str, path: str, problem: str) -> ValidationError:
    prefix = f"{where}: " if where else ""
    return ValidationError(f"{prefix}field '{path}' {problem}")


def _text(value: Any, where: str, path: str, *, required: bool = False) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise _fail(where, path, "is required")
        return None
    if not isinstance(value, str):
        raise _fail(where, path, "must be text")
    cleaned = clean_text(value).strip()
    if len(cleaned) > MAX_TEXT:
        raise _fail(where, path, f"is too long ({len(cleaned):,} characters; the limit is {MAX_TEXT:,})")
    if required and not cleaned:  # only control characters: nothing was given
        raise _fail(where, path, "is required")
    return cleaned or None


def _int(value: Any, where: str, path: str, low: int, high: int, *, required: bool = False) -> int | None:
    if value is None or value == "":
        if required:
            raise _fail(where, path, "is required")
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int):
        raise _fail(where, path, "must be a whole number")
    if not low <= value <= high:
        raise _fail(where, path, f"must be from {low} to {high}")
    return value


def _uuid(value: Any, where: str, path: str) -> str:
    try:
        if isinstance(value, str):
            return str(uuid.UUID(value.strip()))
    except ValueError:
        pass
    raise _fail(where, path, "must be a UUID")


def _timestamp(value: Any, where: str, path: str) -> datetime | None:
    if value is None:
        return None
    try:
        dt = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        dt = None
    if dt is None:
        raise _fail(where, path, "must be an ISO 8601 date-time")
    if dt.tzinfo is None:
        dt = dt.astimezone()
    return dt.astimezone(now_utc().tzinfo).replace(microsecond=dt.microsecond // 1000 * 1000)


def record_id(raw: Any, fields: Sequence[str], where: str, noun: str, part_of: str, *, require_id: bool) -> str:
    """The first checks of a record from a file or flags: an object, only known fields; its id, or a new one."""
    if not isinstance(raw, Mapping):
        raise ValidationError(f"{where + ': ' if where else ''}a {noun} must be an object of fields.")
    for key in raw:
        if key not in fields:
            shown = key if isinstance(key, str) and len(key) <= 40 else "?"
            raise _fail(where, shown, f"is not part of {part_of}; allowed: {', '.join(fields)}")
    given = raw.get("id")
    if given is None:
        if require_id:
            raise _fail(where, "id", "is required")
        return str(uuid.uuid4())
    return _uuid(given, where, "id")


def parse_meeting(
    raw: Any,
    *,
    where: str = "",
    require_id: bool = False,
    parse_day: Any = None,
    today: date | None = None,
) -> Meeting:
    """Validate a meeting object (an answers file, flags, or an imported document) and return its canonical Meeting.

    `parse_day` reads natural dates ("yesterday") for answers files; imports use ISO dates only. Question ids must be
    full UUIDs here: callers resolve short prefixes against the journal first.
    """
    meeting_id = record_id(raw, MEETING_FIELDS, where, "supervision meeting", "a meeting", require_id=require_id)

    held_raw = raw.get("held_on")
    if held_raw is None or held_raw == "":
        if today is None:
            raise _fail(where, "held_on", "is required (the day of the meeting)")
        held_on = today
    elif isinstance(held_raw, date) and not isinstance(held_raw, datetime):
        held_on = held_raw  # TOML dates arrive as date objects
    elif isinstance(held_raw, str):
        try:
            held_on = date.fromisoformat(held_raw.strip())
        except ValueError:
            if parse_day is None:
                raise _fail(where, "held_on", "must be an ISO date such as 2026-03-11") from None
            try:
                held_on = parse_day(held_raw)
            except ValueError as exc:
                raise _fail(where, "held_on", f"is not a date I can read ({exc})") from None
    else:
        raise _fail(where, "held_on", "must be a date such as 2026-03-11")
    if today is not None and held_on > today:
        raise _fail(where, "held_on", "cannot be in the future")

    minutes = _int(raw.get("minutes"), where, "minutes", 1, MAX_MINUTES, required=True)
    assert minutes is not None
    fmt = raw.get("format")
    group_size = _int(raw.get("group_size"), where, "group_size", 1, 100)
    if fmt is None:
        fmt = "group" if group_size is not None and group_size > 1 else "individual"
    if fmt not in ("individual", "group"):
        raise _fail(where, "format", "must be individual or group")
    if fmt == "individual":
        if group_size not in (None, 1):
            raise _fail(where, "group_size", "is only for group supervision")
        group_size = None
    elif group_size is None or group_size < 2:
        raise _fail(where, "group_size", "is required for group supervision (2 or more supervisees)")

    supervisor = raw.get("supervisor")
    if supervisor is not None and supervisor != "":
        if not isinstance(supervisor, str) or not CLIENT_CODE.match(supervisor.strip().upper()):
            raise _fail(where, "supervisor", "must be a code of 2-16 letters, digits and '-' (e.g. S-01), never a name")
        supervisor = supervisor.strip().upper()
    else:
        supervisor = None

    outcomes: dict[str, str] = {}
    items = raw.get("questions") or []
    if not isinstance(items, list):
        raise _fail(where, "questions", "must be a list")
    for i, item in enumerate(items):
        if not isinstance(item, Mapping) or set(item) - {"id", "outcome"}:
            raise _fail(where, f"questions[{i}]", "must be an object with id and outcome")
        qid = _uuid(item.get("id"), where, f"questions[{i}].id")
        outcome = item.get("outcome")
        if outcome not in OUTCOMES:
            raise _fail(where, f"questions[{i}].outcome", "must be discussed or resolved")
        if outcomes.get(qid) != "resolved":  # naming a question twice keeps the stronger outcome
            outcomes[qid] = outcome
    questions = tuple(QuestionOutcome(q, o) for q, o in outcomes.items())

    actions = []
    items = raw.get("actions") or []
    if not isinstance(items, list):
        raise _fail(where, "actions", "must be a list")
    for i, item in enumerate(items):
        path = f"actions[{i}]"
        if isinstance(item, str):  # shorthand: a bare action point is a note
            item = {"text": item}
        if not isinstance(item, Mapping):
            raise _fail(where, path, "must be an object or text")
        extra = set(item) - {"kind", "text", "client", "eye", "want", "ref"}
        if extra:
            raise _fail(where, f"{path}.{sorted(map(str, extra))[0][:40]}", "is not part of an action point")
        kind = item.get("kind") or ("experiment" if item.get("client") and not item.get("eye") else "note")
        if kind not in ACTION_KINDS:
            raise _fail(where, f"{path}.kind", f"must be one of {', '.join(ACTION_KINDS)}")
        text = _text(item.get("text"), where, f"{path}.text", required=True)
        assert text is not None
        client = item.get("client")
        if client is not None and client != "":
            if not isinstance(client, str):
                raise _fail(where, f"{path}.client", "must be a client code")
            try:
                client = normalise_client_code(client)
            except ValidationError:
                raise _fail(where, f"{path}.client", "must be a client code such as C-7F3K, never a name") from None
        else:
            client = None
        if kind in ("experiment", "question") and client is None:
            raise _fail(where, f"{path}.client", f"is required: a {kind} belongs to one client")
        eye = _int(item.get("eye"), where, f"{path}.eye", 1, 7)
        want = item.get("want")
        if want is not None and want not in vocab.slugs("want"):
            raise _fail(where, f"{path}.want", f"must be one of {', '.join(vocab.slugs('want'))}")
        if kind != "question" and (eye is not None or want is not None):
            raise _fail(where, f"{path}.eye", "and want are only for new supervision questions")
        ref = _uuid(item["ref"], where, f"{path}.ref") if item.get("ref") else None
        actions.append(Action(kind, text, client, eye, want, ref))

    created_at = _timestamp(raw.get("created_at"), where, "created_at") or now_utc()
    updated_at = _timestamp(raw.get("updated_at"), where, "updated_at") or created_at
    return Meeting(
        id=meeting_id,
        held_on=held_on,
        minutes=minutes,
        format=fmt,
        group_size=group_size,
        supervisor=supervisor,
        notes=_text(raw.get("notes"), where, "notes"),
        questions=questions,
        actions=tuple(actions),
        created_at=created_at,
        updated_at=updated_at,
    )


# --- hours ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthHours:
    month: str  # YYYY-MM
    meetings: int
    individual_minutes: int
    group_minutes: int
    counted_minutes: float

    @property
    def actual_minutes(self) -> int:
        return self.individual_minutes + self.group_minutes

    @property
    def meets_bacp_minimum(self) -> bool:
        return self.counted_minutes >= BACP_MONTHLY_MINIMUM_MINUTES

    def as_dict(self) -> dict[str, Any]:
        return {
            "month": self.month,
            "meetings": self.meetings,
            "individual_minutes": self.individual_minutes,
            "group_minutes": self.group_minutes,
            "actual_hours": round(self.actual_minutes / 60, 2),
            "counted_hours": round(self.counted_minutes / 60, 2),
            "meets_bacp_monthly_minimum": self.meets_bacp_minimum,
        }


def hours_by_month(meetings: Iterable[tuple[date, int, int | None]]) -> tuple[list[MonthHours], MonthHours]:
    """Monthly and overall supervision time from (day, minutes, group size or None) rows.

    Every month between the first and last meeting is listed, including months without supervision: an auditable log
    shows the gaps too.
    """
    months: dict[str, list[tuple[int, int | None]]] = {}
    for day, minutes, size in meetings:
        months.setdefault(f"{day.year:04d}-{day.month:02d}", []).append((minutes, size))
    if not months:
        return [], MonthHours("total", 0, 0, 0, 0.0)
    first, last = min(months), max(months)
    rows = []
    year, month = int(first[:4]), int(first[5:])
    while f"{year:04d}-{month:02d}" <= last:
        key = f"{year:04d}-{month:02d}"
        items = months.get(key, [])
        rows.append(
            MonthHours(
                month=key,
                meetings=len(items),
                individual_minutes=sum(m for m, s in items if s is None),
                group_minutes=sum(m for m, s in items if s is not None),
                counted_minutes=sum(counted_minutes(m, s) for m, s in items),
            )
        )
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    total = MonthHours(
        month="total",
        meetings=sum(r.meetings for r in rows),
        individual_minutes=sum(r.individual_minutes for r in rows),
        group_minutes=sum(r.group_minutes for r in rows),
        counted_minutes=sum(r.counted_minutes for r in rows),
    )
    return rows, total


SHORT_ID = re.compile(r"^[0-9a-f-]{4,36}$")
