"""An entry as it may leave the journal under one export's `Redactor`: the single place exports apply redaction.

Markdown and CSV renderers take the entry this returns and never look at the original, so a field can only appear in a
shared document if it passed through here. Free text goes through `Redactor.text` (masked under standard, removed
under strict); `resonance` and private free answers are dropped unless the redactor includes private fields; under
strict the client code becomes a per-export alias. Dates and ids are left to the renderers (`Redactor.when`,
`shows_ids`) because their spelling, not their presence, changes.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from reflect.domain.models import Entry, Followup
from reflect.privacy.private_answers import AnswerPrivacy
from reflect.privacy.redact import Level, Redactor


def shows_ids(redactor: Redactor) -> bool:
    """Entry ids are random, but a stable id would let two strict exports be linked: strict leaves them out."""
    return redactor.level is not Level.STRICT


def redact_entry(entry: Entry, redactor: Redactor, privacy: AnswerPrivacy) -> Entry:
    text = redactor.text
    public, private = privacy.split(entry)
    answers: dict[str, Any] = {}
    for key, value in (entry.answers if redactor.include_private else public).items():
        shown = _answer(value, redactor)
        if shown is not None:
            answers[key] = shown
    followup = entry.experiment_followup
    return replace(
        entry,
        client=redactor.client(entry.client),
        observed=text(entry.observed),
        interpretation=text(entry.interpretation),
        resonance=text(entry.resonance, private=True),
        experiment=text(entry.experiment),
        experiment_followup=None if followup is None else Followup(followup.tried, text(followup.note)),
        ruptures=tuple(replace(r, note=text(r.note)) for r in entry.ruptures),
        supervision=tuple(
            replace(q, question=shown) for q in entry.supervision if (shown := text(q.question)) is not None
        ),
        answers=answers,
    )


def _answer(value: Any, redactor: Redactor) -> Any:
    if isinstance(value, str):
        return redactor.text(value)
    if isinstance(value, list):
        kept = [redactor.text(v) for v in value if isinstance(v, str)]
        return [v for v in kept if v is not None] or None
    return value  # numbers and yes/no carry no identifying text
