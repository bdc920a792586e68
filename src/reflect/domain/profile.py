"""The clinician's own profile: attachment self-report scores from a measure they took, and their training context.
One dated state per `reflect profile set`; `updated_profile` is its one validator."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from reflect.domain import vocab
from reflect.domain.dates import iso
from reflect.errors import UsageError, ValidationError

# -----------------------------------------------------------------------------------------

MEASURE = re.compile(r"^[\w][\w .()/+-]{0,39}$")
PROFILE_FIELDS = ("anxiety", "avoidance", "measure", "taken_on", "training_stage", "supervisor", "orientation")


@dataclass(frozen=True)
class Profile:
    """One dated state of the clinician's profile. The scores are the clinician's own, from a measure they took."""

    recorded_at: datetime
    anxiety: float | None = None
    avoidance: float | None = None
    measure: str | None = None
    taken_on: date | None = None
    training_stage: str | None = None
    supervisor: str | None = None
    orientation: str | None = None
    id: int | None = None

    @property
    def has_scores(self) -> bool:
        return self.anxiety is not None and self.avoidance is not None

    def as_dict(self) -> dict[str, Any]:
        return {
            "recorded_at": iso(self.recorded_at), "anxiety": self.anxiety, "avoidance": self.avoidance,
            "measure": self.measure, "taken_on": self.taken_on.isoformat() if self.taken_on else None,
            "training_stage": self.training_stage, "supervisor": self.supervisor, "orientation": self.orientation,
        }  # fmt: skip


def _score(value: float | None, name: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value) or not 1 <= value <= 7:
        raise ValidationError(f"--{name} must be a score from 1 to 7 (the measure's mean item score).")
    return round(float(value), 2)


def updated_profile(
    previous: Profile | None,
    *,
    now: datetime,
    today: date,
    anxiety: float | None = None,
    avoidance: float | None = None,
    measure: str | None = None,
    taken_on: date | None = None,
    training_stage: str | None = None,
    supervisor: str | None = None,
    orientation: str | None = None,
    clear: Iterable[str] = (),
) -> Profile:
    """The next profile row: the previous one with these changes. Scores come as a pair, with measure and date."""
    clear = set(clear)
    unknown = clear - {"scores", "training_stage", "supervisor", "orientation"}
    if unknown:
        raise UsageError(f"--clear takes scores, training-stage, supervisor or orientation (not {sorted(unknown)[0]}).")
    base = previous or Profile(recorded_at=now)
    changes: dict[str, Any] = {}
    new_scores = anxiety is not None or avoidance is not None
    if new_scores:
        if anxiety is None or avoidance is None:
            raise UsageError("give both --anxiety and --avoidance: the two dimensions come from one measure, together.")
        if "scores" in clear:
            raise UsageError("--clear scores and new scores contradict each other; choose one.")
        if not measure:
            raise UsageError("name the measure the scores come from with --measure (e.g. ECR-R).")
        changes.update(anxiety=_score(anxiety, "anxiety"), avoidance=_score(avoidance, "avoidance"))
        changes["taken_on"] = taken_on or today
    elif measure is not None or taken_on is not None:
        raise UsageError("--measure and --taken go with new scores: give --anxiety and --avoidance too.")
    if measure is not None:
        measure = " ".join(measure.split())
        if not MEASURE.match(measure):
            raise ValidationError("--measure must be the measure's short name (e.g. ECR-R), at most 40 characters.")
        changes["measure"] = measure
    if changes.get("taken_on") and changes["taken_on"] > today:
        raise ValidationError("--taken cannot be in the future.")
    if training_stage is not None:
        if training_stage not in vocab.slugs("training_stage"):
            raise ValidationError(f"--stage has an unknown value; allowed: {', '.join(vocab.slugs('training_stage'))}.")
        changes["training_stage"] = training_stage
    if supervisor is not None:
        from reflect.domain.models import normalise_client_code

        try:
            changes["supervisor"] = normalise_client_code(supervisor)
        except ValidationError:
            raise ValidationError(
                "--supervisor must be a code of 2-16 letters, digits and '-' (e.g. S-01), never a name."
            ) from None
    if orientation is not None:
        if orientation not in vocab.slugs("orientation"):
            raise ValidationError(
                f"--orientation has an unknown value; allowed: {', '.join(vocab.slugs('orientation'))}."
            )
        changes["orientation"] = orientation
    for name in clear:
        if name == "scores":
            changes.update(anxiety=None, avoidance=None, measure=None, taken_on=None)
        elif name in changes:
            raise UsageError(f"--clear {name.replace('_', '-')} and a new value contradict each other; choose one.")
        else:
            changes[name] = None
    if not changes:
        raise UsageError("nothing to set: give scores, --stage, --supervisor, --orientation or --clear.")
    return replace(base, recorded_at=now, id=None, **changes)
