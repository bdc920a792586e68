"""One client, seen whole, and the clinician's own attachment: pure computations over rows from the store.

`store_casework.CaseworkStore` does the SQL aggregation; this module turns its rows into a `CaseView` (presentation
history and whether it is shifting, reactions against the clinician's baseline with other clients, stance, ruptures,
experiments, open questions) and holds the clinician's `Profile` and the research-linked findings built on it.
Nothing here touches SQL, Typer or rich. The definitions below are documented in docs/client-view.md.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from reflect.analysis.attachment import AttachmentFinding, ReactionCounts, attachment_findings
from reflect.analysis.stats import (
    ABOVE_MIN_COUNT,
    ABOVE_MIN_DIFF,
    ABOVE_MIN_RATIO,
    BASELINE_MIN_SESSIONS,
    MIN_EARLIER,
    RECENT_MAJORITY,
    RECENT_WINDOW,
    round_rate,
)
from reflect.domain import vocab
from reflect.domain.dates import iso
from reflect.domain.profile import Profile
from reflect.domain.rows import QuestionRow, RuptureRow, SessionRow
from reflect.domain.stance import StancePrompts
from reflect.domain.vocab import STANCES

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
            "subject": self.subject, "count": self.count, "total": self.total, "rate": round_rate(self.rate),
            "baseline_count": self.baseline_count, "baseline_total": self.baseline_total,
            "baseline_rate": round_rate(self.baseline_rate), "above_baseline": self.above_baseline,
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
            "felt_rate": round_rate(self.felt / t if t else 0.0), "enacted_rate": round_rate(self.enacted_rate),
            "baseline_felt": self.baseline_felt, "baseline_enacted": self.baseline_enacted, "baseline_total": bt,
            "baseline_felt_rate": round_rate(self.baseline_felt / bt if bt else None),
            "baseline_enacted_rate": round_rate(self.baseline_enacted_rate), "above_baseline": self.above_baseline,
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
            "recorded": self.recorded, "complementary_rate": round_rate(self.complementary_rate),
            "baseline_counts": {s: self.baseline_counts.get(s, 0) for s in STANCES},
            "baseline_complementary_rate": round_rate(self.baseline_complementary_rate),
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
    findings: tuple[AttachmentFinding, ...] = ()

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
