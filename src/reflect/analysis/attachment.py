"""Findings that connect the clinician's recurring reactions with research on therapist attachment: questions for
supervision, never conclusions (docs/client-view.md). Pure: counts in, facts out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from reflect.analysis.stats import (
    HIGH_SCORE,
    RECURRING_MIN_COUNT,
    RECURRING_MIN_RATE,
    RECURRING_MIN_SESSIONS,
    round_rate,
)
from reflect.domain import vocab
from reflect.domain.profile import Profile


@dataclass(frozen=True)
class ReactionCounts:
    """What `attachment_findings` needs: in how many of `sessions` each pull and feeling family came up.

    Build it for one client (as `client show` does) or for any set of sessions (e.g. a whole journal or a period).
    """

    sessions: int
    pulls: Mapping[str, int] = field(default_factory=dict)
    families: Mapping[str, int] = field(default_factory=dict)
    pattern: str | None = None  # the client's predominant presentation, when the counts are for one client
    complementary: int = 0
    stance_recorded: int = 0


@dataclass(frozen=True)
class AttachmentFinding:
    """A research-linked question for supervision. Never a conclusion: `text` always ends with a question."""

    kind: str  # "therapist-attachment"
    subject: str  # e.g. "anxiety/helpless-inadequate"
    dimension: str  # "anxiety" or "avoidance"
    score: float
    count: int
    total: int
    reference: str
    text: str
    client: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "client": self.client, "subject": self.subject, "dimension": self.dimension,
            "score": self.score, "count": self.count, "total": self.total,
            "rate": round_rate(self.count / self.total if self.total else None), "reference": self.reference,
            "text": self.text,
        }  # fmt: skip


# --- findings that connect recurring reactions with research on therapist attachment ----------------------------------

# (dimension, pull slug, feeling family, what the research links, reference)
_LINKS = (
    ("anxiety", "helpless-inadequate", "inadequate", "helpless and inadequate countertransference", "Pell 2022"),
    ("anxiety", "disengaged", "disengaged", "disengaged countertransference", "Pell 2022"),
    ("anxiety", "criticized-mistreated", "criticized", "feeling criticized or mistreated", "Pell 2022"),
    ("avoidance", "hostile-angry", "angry", "hostile countertransference", "Mohr, Gelso & Hill 2005"),
)


def recurring(count: int, total: int) -> bool:
    return total >= RECURRING_MIN_SESSIONS and count >= RECURRING_MIN_COUNT and count / total >= RECURRING_MIN_RATE


def attachment_findings(
    profile: Profile | None, counts: ReactionCounts, *, client: str | None = None
) -> list[AttachmentFinding]:
    """Questions for supervision linking recurring reactions with research on the therapist's own attachment.

    Only when the profile has scores, the score on the dimension concerned is above the scale's midpoint, and the
    reaction is recurring (see the thresholds above). Each finding names its source and ends with a question.
    """
    if profile is None or not profile.has_scores:
        return []
    assert profile.anxiety is not None and profile.avoidance is not None
    scores = {"anxiety": profile.anxiety, "avoidance": profile.avoidance}
    measure = profile.measure or "self-report"
    # Never the client code in the text: findings go into documents whose client codes may be aliased (--strict).
    where = "with this client" if client else "in these sessions"
    found: list[AttachmentFinding] = []
    for dimension, pull, family, linked, reference in _LINKS:
        score = scores[dimension]
        if score <= HIGH_SCORE:
            continue
        pull_n, family_n = counts.pulls.get(pull, 0), counts.families.get(family, 0)
        pull_name = vocab.label("pull", pull).lower().replace(" / ", "/")
        n, what = (
            (pull_n, f"The {pull_name} pull") if pull_n >= family_n else (family_n, f"{family.capitalize()} feelings")
        )
        if not recurring(n, counts.sessions):
            continue
        found.append(AttachmentFinding(
            "therapist-attachment", f"{dimension}/{pull}", dimension, score, n, counts.sessions, reference,
            f"{what} {where} in {n} of {counts.sessions} sessions, and your attachment {dimension} is {score:g} "
            f"({measure}). Research links therapist attachment {dimension} with {linked} ({reference}). "
            f"Is that worth exploring in supervision?",
            client,
        ))  # fmt: skip
    # A preoccupied client with a dismissing or fearful clinician: hostile and distancing reactions peaked there.
    if counts.pattern == "anxious" and scores["avoidance"] > HIGH_SCORE:
        hostile = max(counts.pulls.get("hostile-angry", 0), counts.families.get("angry", 0))
        distant = max(counts.pulls.get("disengaged", 0), counts.families.get("disengaged", 0))
        n = max(hostile, distant)
        if recurring(n, counts.sessions):
            style = "fearful" if scores["anxiety"] > HIGH_SCORE else "dismissing"
            found.append(AttachmentFinding(
                "therapist-attachment", "avoidance/anxious-client", "avoidance", scores["avoidance"], n,
                counts.sessions, "Mohr, Gelso & Hill 2005",
                f"With this anxious client you logged hostile or distancing reactions in {n} of {counts.sessions} "
                f"sessions. Hostile and distancing countertransference peaked when a preoccupied client met a "
                f"{style} trainee (Mohr, Gelso & Hill 2005). Could your own avoidance ({measure} "
                f"{scores['avoidance']:g}) be part of it?",
                client,
            ))  # fmt: skip
    # Matching the client's strategy: the evidence favours offering something different (non-complementary).
    matched = {"avoidant": "avoidance", "anxious": "anxiety"}.get(counts.pattern or "")
    if matched and scores[matched] > HIGH_SCORE and recurring(counts.complementary, counts.stance_recorded):
        found.append(AttachmentFinding(
            "therapist-attachment", f"{matched}/complementary-stance", matched, scores[matched], counts.complementary,
            counts.stance_recorded, "Tyrrell et al. 1999",
            f"With this {counts.pattern} client you rated your stance complementary in {counts.complementary} of "
            f"{counts.stance_recorded} sessions. Clients did better with clinicians whose attachment strategy "
            f"differed from their own (Tyrrell et al. 1999). With your own attachment {matched} at "
            f"{scores[matched]:g}, is matching this client worth taking to supervision?",
            client,
        ))  # fmt: skip
    return found
