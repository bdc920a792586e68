"""One client, seen whole, and the clinician's own attachment: pure computations over rows from the store.

`store_casework.CaseworkStore` does the SQL aggregation; this module turns its rows into a `CaseView` (presentation
history and whether it is shifting, reactions against the clinician's baseline with other clients, stance, ruptures,
experiments, open questions) and holds the clinician's `Profile` and the research-linked findings built on it.
Nothing here touches SQL, Typer or rich. The definitions below are documented in docs/client-view.md.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from reflect import vocab
from reflect.errors import UsageError, ValidationError
from reflect.models import iso
from reflect.stance import StancePrompts

# --- thresholds (docs/client-view.md states them) --------------------------------------------------------------------

RECENT_WINDOW = 4  # the last 4 coded sessions are "recent" ...
RECENT_MAJORITY = 3  # ... and have a clear pattern when one pattern holds 3 of them
MIN_EARLIER = 2  # at least 2 coded sessions before the window to compare with, else "too early"
ABOVE_MIN_COUNT = 3  # "well above baseline": at least 3 sessions with this client,
ABOVE_MIN_DIFF = 0.25  # a rate at least 25 points higher than with other clients,
ABOVE_MIN_RATIO = 1.5  # and at least 1.5 times it,
BASELINE_MIN_SESSIONS = 4  # when there are at least 4 sessions with other clients to compare with.
RECURRING_MIN_SESSIONS = 4  # a research-linked finding needs at least 4 sessions,
RECURRING_MIN_COUNT = 3  # the reaction in at least 3 of them,
RECURRING_MIN_RATE = 1 / 3  # and in at least a third of them.
HIGH_SCORE = 4.0  # a self-report score above the midpoint of the 1-7 scale reads as "higher" (not a clinical norm)

PATTERN_GLYPH = {"secure": "S", "anxious": "A", "avoidant": "V", "disorganized": "D", "unclear": "?"}
STANCES = ("complementary", "non-complementary", "unsure")


# --- rows from the store ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RuptureRow:
    type: str
    intensity: int | None = None
    trigger: str | None = None
    markers: tuple[str, ...] = ()
    strategies: tuple[str, ...] = ()
    metacommunication: bool = False
    resolved: str | None = None


@dataclass(frozen=True)
class SessionRow:
    entry_id: str
    session_at: datetime
    session_number: int | None = None
    pattern: str | None = None
    confidence: int | None = None
    intensity: int | None = None
    stance: str | None = None
    experiment: str | None = None
    followup_tried: str | None = None
    followup_note: str | None = None
    flagged: bool = False
    events: tuple[str, ...] = ()
    ruptures: tuple[RuptureRow, ...] = ()


@dataclass(frozen=True)
class QuestionRow:
    id: str
    question: str
    eye: int | None
    want: str | None
    status: str
    entry_id: str
    session_at: datetime
    session_number: int | None


# --- results ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rate:
    """How often a reaction came up with this client, against the clinician's other clients."""

    subject: str
    count: int
    total: int
    baseline_count: int
    baseline_total: int

    @property
    def rate(self) -> float:
        return self.count / self.total if self.total else 0.0

    @property
    def baseline_rate(self) -> float | None:
        return self.baseline_count / self.baseline_total if self.baseline_total else None

    @property
    def above_baseline(self) -> bool:
        return above_baseline(self.count, self.total, self.baseline_count, self.baseline_total)

    def as_dict(self) -> dict[str, Any]:
        return {
            "subject": self.subject, "count": self.count, "total": self.total, "rate": _r(self.rate),
            "baseline_count": self.baseline_count, "baseline_total": self.baseline_total,
            "baseline_rate": _r(self.baseline_rate), "above_baseline": self.above_baseline,
        }  # fmt: skip


@dataclass(frozen=True)
class UrgeRate:
    """An urge felt (in any form) and enacted, with this client and with the others."""

    subject: str
    felt: int
    enacted: int
    total: int
    baseline_felt: int
    baseline_enacted: int
    baseline_total: int

    @property
    def enacted_rate(self) -> float:
        return self.enacted / self.total if self.total else 0.0

    @property
    def baseline_enacted_rate(self) -> float | None:
        return self.baseline_enacted / self.baseline_total if self.baseline_total else None

    @property
    def above_baseline(self) -> bool:
        return above_baseline(self.enacted, self.total, self.baseline_enacted, self.baseline_total)

    def as_dict(self) -> dict[str, Any]:
        t, bt = self.total, self.baseline_total
        return {
            "subject": self.subject, "felt": self.felt, "enacted": self.enacted, "total": t,
            "felt_rate": _r(self.felt / t if t else 0.0), "enacted_rate": _r(self.enacted_rate),
            "baseline_felt": self.baseline_felt, "baseline_enacted": self.baseline_enacted, "baseline_total": bt,
            "baseline_felt_rate": _r(self.baseline_felt / bt if bt else None),
            "baseline_enacted_rate": _r(self.baseline_enacted_rate), "above_baseline": self.above_baseline,
        }  # fmt: skip


def above_baseline(count: int, total: int, baseline_count: int, baseline_total: int) -> bool:
    """A reaction 'well above your baseline' (thresholds above): few sessions or no baseline never qualify."""
    if count < ABOVE_MIN_COUNT or not total or baseline_total < BASELINE_MIN_SESSIONS:
        return False
    rate, base = count / total, baseline_count / baseline_total
    return rate - base >= ABOVE_MIN_DIFF and (base == 0 or rate / base >= ABOVE_MIN_RATIO)


@dataclass(frozen=True)
class PresentationTrend:
    """The presentation history summed up. `status` is one of:

    - "too-early": fewer than RECENT_WINDOW + MIN_EARLIER sessions coded with a pattern (anything but unclear);
    - "stable":    one pattern holds at least 3 of the last 4 coded sessions and it is the most frequent before them;
    - "shifting":  one pattern holds at least 3 of the last 4 coded sessions and it is NOT the most frequent before
                   them (`earlier` -> `recent`);
    - "mixed":     no pattern holds 3 of the last 4 coded sessions.
    The most frequent pattern of a run is its mode; a tie goes to the pattern seen most recently.
    """

    predominant: str | None
    predominant_sessions: int
    coded_sessions: int
    status: str
    earlier: str | None = None
    recent: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "predominant": self.predominant, "predominant_sessions": self.predominant_sessions,
            "coded_sessions": self.coded_sessions, "status": self.status, "earlier": self.earlier,
            "recent": self.recent,
        }  # fmt: skip


def mode(patterns: Sequence[str]) -> tuple[str | None, int]:
    """The most frequent pattern and its count; a tie goes to the one seen last."""
    if not patterns:
        return None, 0
    counts = Counter(patterns)
    best = max(counts.values())
    last_seen = {p: i for i, p in enumerate(patterns)}
    winner = max((p for p, n in counts.items() if n == best), key=lambda p: last_seen[p])
    return winner, best


def presentation_trend(patterns: Sequence[str | None]) -> PresentationTrend:
    """Sum up the per-session patterns (oldest first; None or "unclear" means not coded)."""
    coded = [p for p in patterns if p and p != "unclear"]
    predominant, n = mode(coded)
    if len(coded) < RECENT_WINDOW + MIN_EARLIER:
        return PresentationTrend(predominant, n, len(coded), "too-early")
    recent, earlier = coded[-RECENT_WINDOW:], coded[:-RECENT_WINDOW]
    recent_mode, recent_n = mode(recent)
    earlier_mode, _ = mode(earlier)
    if recent_n < RECENT_MAJORITY:
        return PresentationTrend(predominant, n, len(coded), "mixed", earlier_mode, None)
    status = "stable" if recent_mode == earlier_mode else "shifting"
    return PresentationTrend(predominant, n, len(coded), status, earlier_mode, recent_mode)


@dataclass(frozen=True)
class StanceSummary:
    """Stance counts; rates are over sessions rated complementary or not ("unsure" is counted but is not a rating)."""

    counts: Mapping[str, int]
    unrecorded: int
    baseline_counts: Mapping[str, int]

    @property
    def recorded(self) -> int:
        return sum(n for s, n in self.counts.items() if s != "unsure")

    @property
    def complementary_rate(self) -> float | None:
        return self.counts.get("complementary", 0) / self.recorded if self.recorded else None

    @property
    def baseline_recorded(self) -> int:
        return sum(n for s, n in self.baseline_counts.items() if s != "unsure")

    @property
    def baseline_complementary_rate(self) -> float | None:
        total = self.baseline_recorded
        return self.baseline_counts.get("complementary", 0) / total if total else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "counts": {s: self.counts.get(s, 0) for s in STANCES}, "unrecorded": self.unrecorded,
            "recorded": self.recorded, "complementary_rate": _r(self.complementary_rate),
            "baseline_counts": {s: self.baseline_counts.get(s, 0) for s in STANCES},
            "baseline_complementary_rate": _r(self.baseline_complementary_rate),
        }  # fmt: skip


@dataclass(frozen=True)
class RuptureEvent:
    entry_id: str
    session_at: datetime
    session_number: int | None
    rupture: RuptureRow


@dataclass(frozen=True)
class RuptureSummary:
    timeline: tuple[RuptureEvent, ...]

    @property
    def total(self) -> int:
        return len(self.timeline)

    def count(self, attr: str) -> dict[str, int]:
        return dict(Counter(getattr(e.rupture, attr) or "unrecorded" for e in self.timeline))

    @property
    def metacommunication(self) -> int:
        return sum(e.rupture.metacommunication for e in self.timeline)

    def as_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "by_type": self.count("type"),
            "resolved": self.count("resolved"),
            "by_trigger": self.count("trigger"),
            "metacommunication": self.metacommunication,
            "timeline": [
                {
                    "entry_id": e.entry_id,
                    "session_at": iso(e.session_at),
                    "session_number": e.session_number,
                    "type": e.rupture.type,
                    "intensity": e.rupture.intensity,
                    "trigger": e.rupture.trigger,
                    "markers": list(e.rupture.markers),
                    "strategies": list(e.rupture.strategies),
                    "metacommunication": e.rupture.metacommunication,
                    "resolved": e.rupture.resolved,
                }  # fmt: skip
                for e in self.timeline
            ],
        }


@dataclass(frozen=True)
class Experiment:
    """A next-session experiment and what the client's next entry said about it.

    `status` is "yes", "partly" or "no" (the follow-up), "not-asked" (a next session exists but recorded no
    follow-up) or "awaiting" (no session since).
    """

    entry_id: str
    session_at: datetime
    session_number: int | None
    text: str
    status: str
    followup_session: int | None = None
    followup_note: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "entry_id": self.entry_id, "session_at": iso(self.session_at), "session_number": self.session_number,
            "experiment": self.text, "status": self.status, "followup_session": self.followup_session,
            "followup_note": self.followup_note,
        }  # fmt: skip


def experiments(sessions: Sequence[SessionRow]) -> list[Experiment]:
    """Pair each session's experiment with the follow-up recorded at the client's next session (sessions in order)."""
    result = []
    for i, s in enumerate(sessions):
        if not s.experiment:
            continue
        nxt = sessions[i + 1] if i + 1 < len(sessions) else None
        if nxt is None:
            status, number, note = "awaiting", None, None
        else:
            status, number, note = nxt.followup_tried or "not-asked", nxt.session_number, nxt.followup_note
        result.append(Experiment(s.entry_id, s.session_at, s.session_number, s.experiment, status, number, note))
    return result


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
class Finding:
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
            "rate": _r(self.count / self.total if self.total else None), "reference": self.reference,
            "text": self.text,
        }  # fmt: skip


@dataclass(frozen=True)
class CaseView:
    client: str
    closed_on: str | None
    sessions: tuple[SessionRow, ...]
    baseline_sessions: int
    presentation: PresentationTrend
    markers: tuple[tuple[str, int], ...]
    feelings: tuple[Rate, ...]
    pulls: tuple[Rate, ...]
    urges: tuple[UrgeRate, ...]
    stance: StanceSummary
    ruptures: RuptureSummary
    experiments: tuple[Experiment, ...]
    questions: tuple[QuestionRow, ...]
    reflection: StancePrompts | None = None  # for the predominant presentation (or "unclear")
    findings: tuple[Finding, ...] = ()

    @property
    def first(self) -> datetime | None:
        return self.sessions[0].session_at if self.sessions else None

    @property
    def last(self) -> datetime | None:
        return self.sessions[-1].session_at if self.sessions else None

    @property
    def span_days(self) -> int:
        if not (self.first and self.last):
            return 0
        return (self.last.astimezone().date() - self.first.astimezone().date()).days  # local days, as shown

    def reaction_counts(self) -> ReactionCounts:
        return ReactionCounts(
            sessions=len(self.sessions),
            pulls={r.subject: r.count for r in self.pulls},
            families={r.subject: r.count for r in self.feelings},
            pattern=self.presentation.predominant,
            complementary=self.stance.counts.get("complementary", 0),
            stance_recorded=self.stance.recorded,
        )


def build_case(
    client: str,
    *,
    closed_on: str | None,
    sessions: Sequence[SessionRow],
    baseline_sessions: int,
    markers: Iterable[tuple[str, int]],
    families: Iterable[tuple[str, int, int]],
    pulls: Iterable[tuple[str, int, int]],
    urges: Iterable[tuple[str, int, int, int, int]],
    stances: Iterable[tuple[str | None, int, int]],
    questions: Sequence[QuestionRow],
    prompts: Mapping[str, StancePrompts] | None = None,
    profile: Profile | None = None,
) -> CaseView:
    """Assemble the view from the store's aggregates (see CaseworkStore.case_rows for their shapes)."""
    total = len(sessions)

    def rates(rows: Iterable[tuple[str, int, int]], kind: str) -> tuple[Rate, ...]:
        made = [Rate(s, c, total, b, baseline_sessions) for s, c, b in rows if c]
        return tuple(
            sorted(made, key=lambda r: (-r.count, -(r.rate - (r.baseline_rate or 0)), _order(kind, r.subject)))
        )

    urge_rates = [UrgeRate(u, f, e, total, bf, be, baseline_sessions) for u, f, e, bf, be in urges if f]
    urge_rates.sort(key=lambda u: (-u.felt, -u.enacted, _order("urge", u.subject)))
    stance_counts: dict[str, int] = {}
    baseline_stances: dict[str, int] = {}
    unrecorded = 0
    for stance, n, baseline in stances:
        if stance is None:
            unrecorded = n
            continue
        if n:
            stance_counts[stance] = n
        if baseline:
            baseline_stances[stance] = baseline
    timeline = tuple(RuptureEvent(s.entry_id, s.session_at, s.session_number, r) for s in sessions for r in s.ruptures)
    trend = presentation_trend([s.pattern for s in sessions])
    view = CaseView(
        client=client,
        closed_on=closed_on,
        sessions=tuple(sessions),
        baseline_sessions=baseline_sessions,
        presentation=trend,
        markers=tuple(sorted(((m, n) for m, n in markers if n), key=lambda mn: (-mn[1], _order("marker", mn[0])))),
        feelings=rates(families, "feeling_family"),
        pulls=rates(pulls, "pull"),
        urges=tuple(urge_rates),
        stance=StanceSummary(stance_counts, unrecorded, baseline_stances),
        ruptures=RuptureSummary(timeline),
        experiments=tuple(experiments(sessions)),
        questions=tuple(questions),
    )
    reflection = None
    if prompts:
        reflection = prompts.get(trend.predominant or "unclear") or prompts.get("unclear")
    findings = attachment_findings(profile, view.reaction_counts(), client=client) if profile else []
    return replace(view, reflection=reflection, findings=tuple(findings))


def _order(kind: str, slug: str) -> int:
    slugs = vocab.slugs(kind)
    return slugs.index(slug) if slug in slugs else len(slugs)


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


# --- the clinician's profile ------------------------------------------------------------------------------------------

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
        from reflect.models import normalise_client_code

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


def attachment_findings(profile: Profile | None, counts: ReactionCounts, *, client: str | None = None) -> list[Finding]:
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
    found: list[Finding] = []
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
        found.append(Finding(
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
            found.append(Finding(
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
        found.append(Finding(
            "therapist-attachment", f"{matched}/complementary-stance", matched, scores[matched], counts.complementary,
            counts.stance_recorded, "Tyrrell et al. 1999",
            f"With this {counts.pattern} client you rated your stance complementary in {counts.complementary} of "
            f"{counts.stance_recorded} sessions. Clients did better with clinicians whose attachment strategy "
            f"differed from their own (Tyrrell et al. 1999). With your own attachment {matched} at "
            f"{scores[matched]:g}, is matching this client worth taking to supervision?",
            client,
        ))  # fmt: skip
    return found


def load_case(store: Any, code: str, *, prompts: Mapping[str, StancePrompts] | None = None,
              profile: Profile | None = None) -> CaseView:  # fmt: skip
    """Gather one client's aggregates from a `CaseworkStore` (the Journal) and build the view; NotFound if unknown."""
    from reflect.errors import NotFound

    record = store.client_record(code)
    if record is None:
        raise NotFound(f"no client {code} in this journal.", "`reflect clients` lists the client codes.")
    return build_case(
        code,
        closed_on=record["closed_on"],
        sessions=store.case_sessions(code),
        baseline_sessions=store.baseline_session_count(code),
        markers=store.case_marker_counts(code),
        families=store.case_family_counts(code),
        pulls=store.case_pull_counts(code),
        urges=store.case_urge_counts(code),
        stances=store.case_stance_counts(code),
        questions=store.case_questions(code),
        prompts=prompts,
        profile=profile,
    )


def case_to_dict(view: CaseView, *, now: datetime) -> dict[str, Any]:
    """The `client show --json` document (docs/client-view.md)."""
    reflection = view.reflection
    return {
        "client": view.client,
        "closed_on": view.closed_on,
        "sessions": len(view.sessions),
        "first_session": iso(view.first) if view.first else None,
        "last_session": iso(view.last) if view.last else None,
        "span_days": view.span_days,
        "baseline_sessions": view.baseline_sessions,
        "presentation": {
            **view.presentation.as_dict(),
            "markers": [{"marker": m, "sessions": n} for m, n in view.markers],
        },
        "session_strip": [
            {
                "entry_id": s.entry_id,
                "session_at": iso(s.session_at),
                "session_number": s.session_number,
                "intensity": s.intensity,
                "pattern": s.pattern,
                "confidence": s.confidence,
                "stance": s.stance,
                "events": list(s.events),
                "ruptures": len(s.ruptures),
                "flagged": s.flagged,
            }  # fmt: skip
            for s in view.sessions
        ],
        "reactions": {
            "feeling_families": [r.as_dict() for r in view.feelings],
            "pulls": [r.as_dict() for r in view.pulls],
            "urges": [u.as_dict() for u in view.urges],
        },
        "stance": view.stance.as_dict(),
        "ruptures": view.ruptures.as_dict(),
        "experiments": [e.as_dict() for e in view.experiments],
        "open_supervision_questions": [
            {
                "id": q.id,
                "question": q.question,
                "eye": q.eye,
                "want": q.want,
                "status": q.status,
                "entry_id": q.entry_id,
                "session_at": iso(q.session_at),
                "session_number": q.session_number,
                "age_days": (now.astimezone().date() - q.session_at.astimezone().date()).days,
            }  # fmt: skip
            for q in view.questions
        ],
        "stance_reflection": None
        if reflection is None
        else {
            "pattern": reflection.pattern,
            "pull": reflection.pull,
            "offer": reflection.offer,
            "questions": list(reflection.questions),
            "source": reflection.source,
        },  # fmt: skip
        "attachment_findings": [f.as_dict() for f in view.findings],
    }
