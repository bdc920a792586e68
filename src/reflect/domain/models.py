"""The entry and its parts, and the one validator every way in (interview, answers file, import) goes through.

The field names are the `reflect/1` JSON format (docs/format.md). Multi-valued fields are kept in vocabulary order and
without duplicates, so that one entry has exactly one canonical form and a round trip is an identity.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from reflect.domain import vocab
from reflect.domain.dates import iso, now_utc, truncate_ms
from reflect.domain.textsafe import clean_text
from reflect.errors import ValidationError

FORMAT = "reflect/1"
MAX_TEXT = 200_000  # characters per free-text field: a long reflection is ~5,000
TAG = re.compile(r"^[\w][\w-]{0,39}$")
QUESTION_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}\Z")  # \Z: "$" would let a trailing newline through

ENTRY_FIELDS = (
    "id", "client", "session_at", "session_number", "modality", "pack", "events", "presentation", "observed",
    "interpretation", "feelings", "body", "urges", "pulls", "intensity", "triggers", "resonance", "stance",
    "management", "ruptures", "experiment", "experiment_followup", "supervision", "tags", "flagged", "answers",
    "created_at", "updated_at",
)  # fmt: skip
TEXT_FIELDS = ("observed", "interpretation", "resonance", "experiment")
PRIVATE_FIELDS = ("resonance",)
# list field -> vocabulary it draws from
SLUG_LIST_FIELDS = {
    "events": "event",
    "body": "body",
    "pulls": "pull",
    "triggers": "trigger",
    "management": "management",
}


@dataclass(frozen=True)
class Presentation:
    pattern: str
    confidence: int | None = None
    markers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Urge:
    urge: str
    enacted: bool = False


@dataclass(frozen=True)
class Rupture:
    type: str
    markers: tuple[str, ...] = ()
    trigger: str | None = None
    intensity: int | None = None
    strategies: tuple[str, ...] = ()
    metacommunication: bool = False
    resolved: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Followup:
    tried: str
    note: str | None = None


@dataclass(frozen=True)
class SupervisionQuestion:
    question: str
    id: str = field(default_factory=lambda: str(uuid.uuid4()))
    eye: int | None = None
    want: str | None = None
    status: str = "open"
    status_at: datetime | None = None  # when the status last changed (None while open since the entry)


@dataclass(frozen=True)
class Entry:
    id: str
    client: str
    session_at: datetime
    created_at: datetime
    updated_at: datetime
    session_number: int | None = None
    modality: str = "individual"
    pack: str | None = None
    events: tuple[str, ...] = ()
    presentation: Presentation | None = None
    observed: str | None = None
    interpretation: str | None = None
    feelings: Mapping[str, int] = field(default_factory=dict)
    body: tuple[str, ...] = ()
    urges: tuple[Urge, ...] = ()
    pulls: tuple[str, ...] = ()
    intensity: int | None = None
    triggers: tuple[str, ...] = ()
    resonance: str | None = None
    stance: str | None = None
    management: tuple[str, ...] = ()
    ruptures: tuple[Rupture, ...] = ()
    experiment: str | None = None
    experiment_followup: Followup | None = None
    supervision: tuple[SupervisionQuestion, ...] = ()
    tags: tuple[str, ...] = ()
    flagged: bool = False
    answers: Mapping[str, Any] = field(default_factory=dict)

    def touched(self, when: datetime | None = None) -> Entry:
        return replace(self, updated_at=when or now_utc())


# --- time -----------------------------------------------------------------------------------------------------------


# --- serialising ----------------------------------------------------------------------------------------------------


def entry_to_dict(entry: Entry) -> dict[str, Any]:
    """The canonical `reflect/1` JSON object for one entry (every field present, in documented order)."""
    p = entry.presentation
    return {
        "id": entry.id,
        "client": entry.client,
        "session_at": iso(entry.session_at),
        "session_number": entry.session_number,
        "modality": entry.modality,
        "pack": entry.pack,
        "events": list(entry.events),
        "presentation": None
        if p is None
        else {"pattern": p.pattern, "confidence": p.confidence, "markers": list(p.markers)},
        "observed": entry.observed,
        "interpretation": entry.interpretation,
        "feelings": dict(entry.feelings),
        "body": list(entry.body),
        "urges": [{"urge": u.urge, "enacted": u.enacted} for u in entry.urges],
        "pulls": list(entry.pulls),
        "intensity": entry.intensity,
        "triggers": list(entry.triggers),
        "resonance": entry.resonance,
        "stance": entry.stance,
        "management": list(entry.management),
        "ruptures": [
            {
                "type": r.type,
                "markers": list(r.markers),
                "trigger": r.trigger,
                "intensity": r.intensity,
                "strategies": list(r.strategies),
                "metacommunication": r.metacommunication,
                "resolved": r.resolved,
                "note": r.note,
            }
            for r in entry.ruptures
        ],
        "experiment": entry.experiment,
        "experiment_followup": None
        if entry.experiment_followup is None
        else {"tried": entry.experiment_followup.tried, "note": entry.experiment_followup.note},
        "supervision": [
            {
                "id": q.id,
                "question": q.question,
                "eye": q.eye,
                "want": q.want,
                "status": q.status,
                "status_at": None if q.status_at is None else iso(q.status_at),
            }
            for q in entry.supervision
        ],
        "tags": list(entry.tags),
        "flagged": entry.flagged,
        "answers": dict(entry.answers),
        "created_at": iso(entry.created_at),
        "updated_at": iso(entry.updated_at),
    }


# --- validating -----------------------------------------------------------------------------------------------------


class _Checker:
    """Validates one record, naming the record and the field in every error (never the field's content)."""

    def __init__(self, where: str, date_parser=None) -> None:
        self.where = where
        self.date_parser = date_parser

    def fail(self, path: str, problem: str) -> ValidationError:
        prefix = f"{self.where}: " if self.where else ""
        return ValidationError(f"{prefix}field '{path}' {problem}")

    def obj(self, value: Any, path: str) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            raise self.fail(path, f"must be an object, not {_type_name(value)}")
        return value

    def unknown_keys(self, value: Mapping[str, Any], allowed: tuple[str, ...], path: str) -> None:
        for key in value:
            if key not in allowed:
                name = f"{path}.{key}" if path else str(key)
                raise self.fail(name, f"is not part of the format; allowed: {', '.join(allowed)}")

    def text(self, value: Any, path: str, *, required: bool = False) -> str | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                raise self.fail(path, "is required")
            return None
        if not isinstance(value, str):
            raise self.fail(path, f"must be text, not {_type_name(value)}")
        cleaned = clean_text(value)
        if len(cleaned) > MAX_TEXT:
            raise self.fail(path, f"is too long ({len(cleaned):,} characters; the limit is {MAX_TEXT:,})")
        return cleaned if cleaned.strip() else None

    def slug(self, value: Any, kind: str, path: str, *, required: bool = False) -> str | None:
        if value is None or value == "":
            if required:
                raise self.fail(path, f"is required; allowed: {', '.join(vocab.slugs(kind))}")
            return None
        if not isinstance(value, str) or value not in vocab.positions(kind):
            allowed = vocab.slugs(kind)
            shown = repr(value) if isinstance(value, str) and len(value) <= 40 else _type_name(value)
            raise self.fail(path, f"has an unknown value {shown}; allowed: {', '.join(allowed)}")
        return value

    def slug_list(self, value: Any, kind: str, path: str) -> tuple[str, ...]:
        items = self.list(value, path)
        chosen = {self.slug(item, kind, f"{path}[{i}]", required=True) for i, item in enumerate(items)}
        return tuple(sorted(chosen, key=vocab.positions(kind).__getitem__))  # type: ignore[arg-type]

    def list(self, value: Any, path: str) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list | tuple):
            raise self.fail(path, f"must be a list, not {_type_name(value)}")
        return list(value)

    def integer(self, value: Any, path: str, low: int, high: int | None, *, required: bool = False) -> int | None:
        if value is None:
            if required:
                raise self.fail(path, "is required")
            return None
        # ASCII digits only, and few of them: str.isdigit() accepts "²" and "٣" (int() then raises), and int() of a
        # 5,000-digit string raises too. Anything else falls through to the "whole number" error below.
        if isinstance(value, str) and re.fullmatch(r"-?[0-9]{1,9}", value.strip()):
            value = int(value.strip())
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(path, f"must be a whole number, not {_type_name(value)}")
        if value < low or (high is not None and value > high):
            span = f"from {low} to {high}" if high is not None else f"{low} or more"
            raise self.fail(path, f"must be {span}")  # never echo the number: it may be huge
        return value

    def boolean(self, value: Any, path: str) -> bool:
        if value is None:
            return False
        if not isinstance(value, bool):
            raise self.fail(path, f"must be true or false, not {_type_name(value)}")
        return value

    def timestamp(self, value: Any, path: str, *, required: bool = False, natural: bool = False) -> datetime | None:
        if value is None or value == "":
            if required:
                raise self.fail(path, "is required")
            return None
        if not isinstance(value, str):
            raise self.fail(path, f"must be an ISO 8601 date-time, not {_type_name(value)}")
        try:
            dt = datetime.fromisoformat(value.strip())
        except ValueError:
            if not natural or self.date_parser is None:
                raise self.fail(path, "must be an ISO 8601 date-time such as 2026-03-11T15:00:00+00:00") from None
            try:
                dt = self.date_parser(value)
            except ValueError as exc:
                from reflect.domain.dates import FUTURE

                if str(exc) == FUTURE:  # readable, but not a session date: say that, not "cannot read"
                    raise self.fail(path, f"is a future date: {FUTURE}.") from None
                raise self.fail(path, f"is not a date I can read ({exc})") from None
        # Years far from ours overflow when shifted between time zones (here or when shown in local time later);
        # 1970 is also where natural-language dates stop (dates.EARLIEST_YEAR).
        if not 1970 <= dt.year <= 2999:
            raise self.fail(path, "must be a date between the years 1970 and 2999")
        if dt.tzinfo is None:
            dt = dt.astimezone()  # a naive time means the clinician's local time
        return truncate_ms(dt.astimezone(UTC))


def _type_name(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "text", bool: "true/false", int: "a number", float: "a number"}.get(
        type(value), "null" if value is None else type(value).__name__
    )


def parse_entry(
    raw: Any,
    *,
    where: str = "",
    require_id: bool = False,
    natural_dates: bool = False,
    now: datetime | None = None,
) -> Entry:
    """Validate a `reflect/1` entry object and return its canonical Entry, or raise ValidationError.

    `natural_dates` lets `session_at` be written as in the interview ("yesterday 3pm"); import files use ISO only.
    """
    from reflect.domain import dates

    now = now or now_utc()
    c = _Checker(where, date_parser=lambda text: dates.parse_when(text, now=now.astimezone()))
    data = c.obj(raw, "entry")
    c.unknown_keys(data, ENTRY_FIELDS, "")

    entry_id = data.get("id")
    if entry_id is None:
        if require_id:
            raise c.fail("id", "is required")
        entry_id = str(uuid.uuid4())
    else:
        try:
            entry_id = str(uuid.UUID(str(entry_id))) if isinstance(entry_id, str) else None
        except ValueError:
            entry_id = None
        if entry_id is None:
            raise c.fail("id", "must be a UUID")

    client = data.get("client")
    if not isinstance(client, str) or not client.strip():
        raise c.fail("client", "is required (a client code such as C-7F3K)")
    client = normalise_client_code(client, c)

    session_at = c.timestamp(data.get("session_at"), "session_at", required=True, natural=natural_dates)
    assert session_at is not None
    created_at = c.timestamp(data.get("created_at"), "created_at") or now
    updated_at = c.timestamp(data.get("updated_at"), "updated_at") or created_at

    presentation = None
    if data.get("presentation") is not None:
        p = c.obj(data["presentation"], "presentation")
        c.unknown_keys(p, ("pattern", "confidence", "markers"), "presentation")
        presentation = Presentation(
            pattern=c.slug(p.get("pattern"), "pattern", "presentation.pattern", required=True) or "unclear",
            confidence=c.integer(p.get("confidence"), "presentation.confidence", 1, 3),
            markers=c.slug_list(p.get("markers"), "marker", "presentation.markers"),
        )

    feelings_raw = data.get("feelings") or {}
    if isinstance(feelings_raw, list):  # a plain list of words means "present, rating unknown": reject clearly
        raise c.fail("feelings", 'must map each feeling to a rating from 1 to 4, e.g. {"protective": 3}')
    feelings_obj = c.obj(feelings_raw, "feelings")
    ratings: dict[str, int] = {}
    for word, rating in feelings_obj.items():
        if word == "":  # no feeling to rate: refused, never stored
            raise c.fail("feelings", "has a rating without a feeling word")
        c.slug(word, "feeling", f"feelings.{word}" if isinstance(word, str) and len(word) < 40 else "feelings")
        value = c.integer(rating, f"feelings.{word}", 1, 4, required=True)
        assert value is not None  # required=True raises instead of returning None
        ratings[word] = value
    feelings = {w: ratings[w] for w in sorted(ratings, key=vocab.positions("feeling").__getitem__)}

    urges_by_slug: dict[str, bool] = {}
    for i, item in enumerate(c.list(data.get("urges"), "urges")):
        if isinstance(item, str):  # shorthand: a bare slug is an urge felt, not acted on
            item = {"urge": item}
        u = c.obj(item, f"urges[{i}]")
        c.unknown_keys(u, ("urge", "enacted"), f"urges[{i}]")
        slug = c.slug(u.get("urge"), "urge", f"urges[{i}].urge", required=True)
        assert slug is not None
        urges_by_slug[slug] = urges_by_slug.get(slug, False) or c.boolean(u.get("enacted"), f"urges[{i}].enacted")
    urges = tuple(Urge(s, urges_by_slug[s]) for s in sorted(urges_by_slug, key=vocab.positions("urge").__getitem__))

    ruptures = []
    for i, item in enumerate(c.list(data.get("ruptures"), "ruptures")):
        r = c.obj(item, f"ruptures[{i}]")
        path = f"ruptures[{i}]"
        c.unknown_keys(
            r,
            ("type", "markers", "trigger", "intensity", "strategies", "metacommunication", "resolved", "note"),
            path,
        )
        ruptures.append(
            Rupture(
                type=c.slug(r.get("type"), "rupture_type", f"{path}.type", required=True) or "withdrawal",
                markers=c.slug_list(r.get("markers"), "rupture_marker", f"{path}.markers"),
                trigger=c.slug(r.get("trigger"), "rupture_trigger", f"{path}.trigger"),
                intensity=c.integer(r.get("intensity"), f"{path}.intensity", 1, 5),
                strategies=c.slug_list(r.get("strategies"), "strategy", f"{path}.strategies"),
                metacommunication=c.boolean(r.get("metacommunication"), f"{path}.metacommunication"),
                resolved=c.slug(r.get("resolved"), "resolved", f"{path}.resolved"),
                note=c.text(r.get("note"), f"{path}.note"),
            )
        )

    followup = None
    if data.get("experiment_followup") is not None:
        f = c.obj(data["experiment_followup"], "experiment_followup")
        c.unknown_keys(f, ("tried", "note"), "experiment_followup")
        followup = Followup(
            tried=c.slug(f.get("tried"), "tried", "experiment_followup.tried", required=True) or "no",
            note=c.text(f.get("note"), "experiment_followup.note"),
        )

    questions = []
    seen_question_ids: set[str] = set()
    for i, item in enumerate(c.list(data.get("supervision"), "supervision")):
        if isinstance(item, str):  # shorthand in answers files: just the question
            item = {"question": item}
        q = c.obj(item, f"supervision[{i}]")
        path = f"supervision[{i}]"
        c.unknown_keys(q, ("id", "question", "eye", "want", "status", "status_at"), path)
        qid = q.get("id")
        if qid is None:
            qid = str(uuid.uuid4())
        else:
            try:
                qid = str(uuid.UUID(qid)) if isinstance(qid, str) else None
            except ValueError:
                qid = None
            if qid is None or qid in seen_question_ids:
                raise c.fail(f"{path}.id", "must be a UUID, unique within the entry")
        seen_question_ids.add(qid)
        questions.append(
            SupervisionQuestion(
                id=qid,
                question=c.text(q.get("question"), f"{path}.question", required=True) or "",
                eye=c.integer(q.get("eye"), f"{path}.eye", 1, 7),
                want=c.slug(q.get("want"), "want", f"{path}.want"),
                status=c.slug(q.get("status"), "status", f"{path}.status") or "open",
                status_at=c.timestamp(q.get("status_at"), f"{path}.status_at"),
            )
        )

    tags = []
    for i, tag in enumerate(c.list(data.get("tags"), "tags")):
        if not isinstance(tag, str) or not TAG.match(tag.strip().lstrip("#").lower()):
            raise c.fail(f"tags[{i}]", "must be a word of letters, digits, - or _ (at most 40 characters)")
        tag = tag.strip().lstrip("#").lower()
        if tag not in tags:
            tags.append(tag)

    answers = {}
    for key, value in c.obj(data.get("answers") or {}, "answers").items():
        if not isinstance(key, str) or not QUESTION_ID.match(key):
            raise c.fail("answers", "keys must be question ids (lower-case letters, digits, - and _)")
        answers[key] = _free_answer(c, value, f"answers.{key}")

    pack = data.get("pack")
    if pack is not None and (not isinstance(pack, str) or not QUESTION_ID.match(pack)):
        raise c.fail("pack", "must be a pack name (lower-case letters, digits, - and _)")

    return Entry(
        id=entry_id,
        client=client,
        session_at=session_at,
        created_at=created_at,
        updated_at=updated_at,
        session_number=c.integer(data.get("session_number"), "session_number", 1, 100_000),
        modality=c.slug(data.get("modality"), "modality", "modality") or "individual",
        pack=pack,
        events=c.slug_list(data.get("events"), "event", "events"),
        presentation=presentation,
        observed=c.text(data.get("observed"), "observed"),
        interpretation=c.text(data.get("interpretation"), "interpretation"),
        feelings=feelings,
        body=c.slug_list(data.get("body"), "body", "body"),
        urges=urges,
        pulls=c.slug_list(data.get("pulls"), "pull", "pulls"),
        intensity=c.integer(data.get("intensity"), "intensity", 0, 10),
        triggers=c.slug_list(data.get("triggers"), "trigger", "triggers"),
        resonance=c.text(data.get("resonance"), "resonance"),
        stance=c.slug(data.get("stance"), "stance", "stance"),
        management=c.slug_list(data.get("management"), "management", "management"),
        ruptures=tuple(ruptures),
        experiment=c.text(data.get("experiment"), "experiment"),
        experiment_followup=followup,
        supervision=tuple(questions),
        tags=tuple(sorted(tags)),  # a set: stored and read back in this order
        flagged=c.boolean(data.get("flagged"), "flagged"),
        answers=answers,
    )


def _free_answer(c: _Checker, value: Any, path: str) -> Any:
    """Free answers are text, a number, true/false or a list of text."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return c.integer(value, path, -1_000_000, 1_000_000)
    if isinstance(value, str):
        return c.text(value, path)
    if isinstance(value, list):
        return [c.text(v, f"{path}[{i}]", required=True) for i, v in enumerate(value)]
    raise c.fail(path, f"must be text, a whole number, true/false or a list of text, not {_type_name(value)}")


def normalise_client_code(code: str, checker: _Checker | None = None) -> str:
    value = code.strip().upper()
    from reflect.domain.client_codes import client_code_problem  # its checks load only when a code is given

    problem = client_code_problem(value)
    if problem is not None:
        if checker is not None:
            raise checker.fail("client", problem)
        raise ValidationError(f"client code {problem}")
    return value
