"""A practice attempt: one clinician's answers to one vignette, with a snapshot of the reading it is compared with.

Domain layer: the dataclass, parsing an answers file (`reflect practice --answers`) or an imported attempt, and the
dictionary form that `--json`, the export and the import share. No SQL, no prompts, no wording of results.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from reflect.domain import vocab
from reflect.domain.textsafe import clean_text
from reflect.domain.vignettes import MIXED, PATTERNS, RESPONSE_STANCES, Vignette
from reflect.errors import ValidationError

PRESENTATIONS = (*PATTERNS, MIXED, "unclear")  # what a clinician can answer
ANSWER_KEYS = ("vignette", "presentation", "confidence", "markers", "feelings", "pulls", "urges", "response",
               "reflection")  # fmt: skip
RECORD_KEYS = (*ANSWER_KEYS, "id", "started_at", "finished_at", "response_stance", "response_preferred", "reading")
LIST_ANSWERS = {"markers": "marker", "feelings": "feeling", "pulls": "pull", "urges": "urge"}  # answer -> vocabulary
MAX_REFLECTION = 20_000


@dataclass
class Attempt:
    vignette: str
    reading: dict[str, Any]  # snapshot_of(vignette) when the attempt began
    id: str = field(default_factory=lambda: str(uuid.uuid4()))
    started_at: str = ""  # ISO 8601 UTC
    finished_at: str | None = None  # None while under way, or when interrupted
    presentation: str | None = None  # None: skipped
    confidence: int | None = None
    markers: list[str] | None = None  # None: skipped; []: answered, nothing ticked
    feelings: list[str] | None = None
    pulls: list[str] | None = None
    urges: list[str] | None = None
    response: int | None = None  # the number shown, from 1 (Vignette.shown_responses order)
    response_stance: str | None = None
    response_preferred: bool | None = None
    reflection: str | None = None

    @property
    def pattern(self) -> str:
        """The presentation the vignette was written to help recognise."""
        return self.reading["pattern"]


def snapshot_of(v: Vignette) -> dict[str, Any]:
    """What an attempt keeps of the reading: enough to score it and show progress without the vignette file."""
    r = v.reading
    return {"title": v.title, "pattern": v.pattern, "presentation": r.presentation, "leans": list(r.leans),
            "markers": list(r.marker_slugs), "pulls": list(r.pulls), "feelings": list(r.feelings),
            "urges": list(r.urges), "responses": len(v.responses)}  # fmt: skip


def choose_response(attempt: Attempt, v: Vignette, number: int | None) -> None:
    """Record the response numbered `number` as shown (or none), with its stance."""
    shown = v.shown_responses()
    if number is None:
        attempt.response = attempt.response_stance = attempt.response_preferred = None
        return
    if not 1 <= number <= len(shown):
        raise ValidationError(f'"response" must be a number from 1 to {len(shown)} (as the responses are shown).')
    chosen = shown[number - 1]
    attempt.response, attempt.response_stance, attempt.response_preferred = number, chosen.stance, chosen.preferred


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _slug_list(value: Any, key: str, where: str) -> list[str] | None:
    kind = LIST_ANSWERS[key]
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError(f'{where}: "{key}" must be a list of {kind} slugs (`reflect prompts vocabulary {kind}`).')
    allowed = vocab.slugs(kind)
    cleaned: list[str] = []
    for v in value:
        slug = v.strip().lower()
        if slug not in allowed:
            raise ValidationError(f'{where}: "{key}": {v[:40]!r} is not in the {kind} vocabulary.')
        if slug not in cleaned:
            cleaned.append(slug)
    return cleaned


def parse_answers(data: Any, vignettes: dict[str, Vignette], *, where: str = "the answers file") -> Attempt:
    """An attempt from an answers file's fields; every field but `vignette` may be left out (then it stays skipped)."""
    if not isinstance(data, dict):
        raise ValidationError(f"{where}: must be an object (a table) of answers.")
    for key in data:
        if key not in ANSWER_KEYS:
            raise ValidationError(f"{where}: unknown field {str(key)[:40]!r}; fields: {', '.join(ANSWER_KEYS)}.")
    vid = data.get("vignette")
    if not isinstance(vid, str) or not vid.strip():
        raise ValidationError(f'{where}: "vignette" (the id, as `reflect practice list` shows) is required.')
    v = vignettes.get(vid.strip())
    if v is None:
        raise ValidationError(f"{where}: no vignette {vid[:40]!r}; `reflect practice list` shows the ids.")
    attempt = Attempt(vignette=v.id, reading=snapshot_of(v), started_at=now_iso())
    _fill_answers(attempt, data, where)
    response = data.get("response")
    if response is not None and (not isinstance(response, int) or isinstance(response, bool)):
        raise ValidationError(f'{where}: "response" must be a whole number from 1 to {len(v.responses)}.')
    choose_response(attempt, v, response)
    attempt.finished_at = attempt.started_at
    return attempt


def _fill_answers(attempt: Attempt, data: dict[str, Any], where: str) -> None:
    presentation = data.get("presentation")
    if presentation is not None:
        if not isinstance(presentation, str) or presentation.strip().lower() not in PRESENTATIONS:
            raise ValidationError(f'{where}: "presentation" must be one of: {", ".join(PRESENTATIONS)}.')
        attempt.presentation = presentation.strip().lower()
    confidence = data.get("confidence")
    if confidence is not None:
        if not isinstance(confidence, int) or isinstance(confidence, bool) or not 1 <= confidence <= 3:
            raise ValidationError(f'{where}: "confidence" must be 1 (a hunch), 2 (fairly sure) or 3 (clear).')
        if attempt.presentation is None:
            raise ValidationError(f'{where}: "confidence" goes with a "presentation".')
        attempt.confidence = confidence
    for key in LIST_ANSWERS:
        setattr(attempt, key, _slug_list(data.get(key), key, where))
    reflection = data.get("reflection")
    if reflection is not None:
        if not isinstance(reflection, str) or len(reflection) > MAX_REFLECTION:
            raise ValidationError(f'{where}: "reflection" must be text (up to {MAX_REFLECTION} characters).')
        attempt.reflection = clean_text(reflection).strip() or None


def attempt_to_dict(a: Attempt) -> dict[str, Any]:
    return {"id": a.id, "vignette": a.vignette, "started_at": a.started_at, "finished_at": a.finished_at,
            "presentation": a.presentation, "confidence": a.confidence, "markers": a.markers, "feelings": a.feelings,
            "pulls": a.pulls, "urges": a.urges, "response": a.response, "response_stance": a.response_stance,
            "response_preferred": a.response_preferred, "reflection": a.reflection, "reading": a.reading}  # fmt: skip


def parse_record(data: Any, *, where: str) -> Attempt:
    """An attempt from an export (every field, the reading snapshot included), validated like an answers file."""
    if not isinstance(data, dict):
        raise ValidationError(f"{where}: must be an object.")
    for key in data:
        if key not in RECORD_KEYS:
            raise ValidationError(f"{where}: unknown field {str(key)[:40]!r}.")
    try:
        uid = str(uuid.UUID(str(data.get("id"))))
    except ValueError:
        raise ValidationError(f'{where}: "id" must be a UUID.') from None
    vid = data.get("vignette")
    if not isinstance(vid, str) or not vid:
        raise ValidationError(f'{where}: "vignette" is required.')
    started, finished = _timestamp(data.get("started_at"), "started_at", where), data.get("finished_at")
    if finished is not None:
        finished = _timestamp(finished, "finished_at", where)
    attempt = Attempt(vignette=vid, reading=_reading(data.get("reading"), where), id=uid, started_at=started,
                      finished_at=finished)  # fmt: skip
    _fill_answers(attempt, {k: data.get(k) for k in ANSWER_KEYS if k not in ("vignette", "response")}, where)
    response, stance, preferred = data.get("response"), data.get("response_stance"), data.get("response_preferred")
    if response is not None:
        if not isinstance(response, int) or isinstance(response, bool) or response < 1:
            raise ValidationError(f'{where}: "response" must be a whole number from 1.')
        if stance not in RESPONSE_STANCES or not isinstance(preferred, bool):
            raise ValidationError(f'{where}: a "response" needs "response_stance" and "response_preferred".')
        attempt.response, attempt.response_stance, attempt.response_preferred = response, stance, preferred
    return attempt


def _timestamp(value: Any, key: str, where: str) -> str:
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        raise ValidationError(f'{where}: "{key}" must be an ISO 8601 date-time.') from None
    if parsed.tzinfo is None:
        raise ValidationError(f'{where}: "{key}" needs a UTC offset.')
    return parsed.astimezone(UTC).isoformat(timespec="seconds")


def _reading(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValidationError(f'{where}: "reading" (the snapshot of the vignette\'s reading) is required.')
    pattern, presentation = value.get("pattern"), value.get("presentation")
    if pattern not in PATTERNS or presentation not in (*PATTERNS, MIXED):
        raise ValidationError(f'{where}: "reading" needs a "pattern" and a "presentation".')
    out: dict[str, Any] = {"title": str(value.get("title") or ""), "pattern": pattern, "presentation": presentation}
    leans = value.get("leans") or []
    if not isinstance(leans, list) or any(p not in PATTERNS for p in leans):
        raise ValidationError(f'{where}: "reading.leans" must list presentations.')
    out["leans"] = leans
    for key in LIST_ANSWERS:
        items = _slug_list(value.get(key) or [], key, f"{where}, reading")
        out[key] = items
    responses = value.get("responses")
    out["responses"] = responses if isinstance(responses, int) and not isinstance(responses, bool) else None
    return out
