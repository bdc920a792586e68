"""The shapes rows take between the store and the layers above it: the store fills them, analysis and the renderers
read them, and neither needs the other's module to do so."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, NamedTuple

# --- pattern aggregates (store/patterns.py fills them; analysis/patterns.py decides on them) -------------------------

Seqs = str | None  # a group_concat of entry_facts rowids, parsed only for reported findings (None: not gathered)


@dataclass
class PatternData:
    """The aggregated rows `patterns.analyse()` decides on. Counts are of sessions (entries) unless said otherwise."""

    now: datetime
    period_start: str | None
    period_end: str | None
    focal_client: str | None
    rank: dict[int, tuple[int, str]] = field(default_factory=dict)  # seq -> (position in time, entry id)
    sessions: dict[str, int] = field(default_factory=dict)  # analysed client -> sessions in the period
    all_sessions: int = 0  # every session in the period, all clients
    pull_totals: dict[str, int] = field(default_factory=dict)  # over every session in the period
    enacted_totals: dict[str, int] = field(default_factory=dict)
    stance_totals: dict[str, int] = field(default_factory=dict)
    pull_focal: dict[str, int] = field(default_factory=dict)  # over the focal sessions
    focal_sessions: int = 0
    client_pattern: dict[str, str] = field(default_factory=dict)  # client -> presentation coded most often
    pulls: list[tuple[str, str, int, Seqs]] = field(default_factory=list)  # client, pull, count, seqs
    urges: list[tuple[str, str, int, int, int, Seqs]] = field(default_factory=list)
    # client, urge, felt (any), enacted, felt in a session with a rupture, enacted seqs
    pattern_sessions: dict[str, int] = field(default_factory=dict)  # focal sessions coded with each presentation
    pattern_clients: dict[str, int] = field(default_factory=dict)
    urges_by_pattern: list[tuple[str, str, int, int, Seqs]] = field(default_factory=list)
    # pattern, urge, enacted, clients, seqs (focal)
    urge_enacted_focal: dict[str, int] = field(default_factory=dict)  # urge -> focal sessions it was acted on
    event_sessions: list[tuple[str, str, int]] = field(default_factory=list)  # client, event group, sessions
    event_subjects: list[tuple[str, str, str, str, int, Seqs]] = field(default_factory=list)
    # client, event group, "pull"|"family", slug, sessions with both, seqs (analysed clients)
    event_overall: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    # group -> focal sessions with the event, their clients, those clients' sessions without it
    event_subjects_overall: list[tuple[str, str, str, int, int, Seqs, int]] = field(default_factory=list)
    # event group, kind, slug, focal sessions with both, clients, seqs, the same clients' other sessions with it
    subject_totals: dict[tuple[str, str, str], int] = field(default_factory=dict)  # (client, kind, slug) -> sessions
    family_by_pattern: list[tuple[str, str, int, int, Seqs]] = field(default_factory=list)
    # pattern, family, sessions, clients, seqs (focal)
    family_focal: dict[str, int] = field(default_factory=dict)  # family -> focal sessions with it
    stances: list[tuple[str, str, int, Seqs]] = field(default_factory=list)  # client, stance, sessions, seqs
    ruptures: list[tuple[str, str, str | None, str | None, int, int, Seqs]] = field(default_factory=list)
    # client, type, resolved, trigger, ruptures, with metacommunication, seqs
    rupture_sessions: list[tuple[str, str, int]] = field(default_factory=list)  # client, type, sessions
    rupture_urges: list[tuple[str, str, str, int, Seqs]] = field(default_factory=list)  # client, type, urge, sessions
    unruptured_sessions: dict[str, int] = field(default_factory=dict)  # client -> sessions without a rupture
    triggers: list[tuple[str, int, int, Seqs]] = field(default_factory=list)  # trigger, sessions, clients, seqs
    client_triggers: list[tuple[str, str, int, Seqs]] = field(default_factory=list)  # client, trigger, sessions, seqs
    trigger_totals: dict[str, int] = field(default_factory=dict)  # over every session in the period
    trigger_sessions: int = 0  # focal sessions with any trigger
    intensity: list[tuple[str | None, int, float, float, float, float, float, float, float]] = field(
        default_factory=list
    )
    # client (None: all focal), sessions, sum x, sum y, sum xx, sum xy, sum yy, first x, last x (x in days)
    management: list[tuple[str, int]] = field(default_factory=list)
    management_sessions: int = 0
    questions: list[dict[str, Any]] = field(default_factory=list)  # open questions, oldest first
    body: dict[str, int] = field(default_factory=dict)  # sensation -> focal sessions
    body_family: list[tuple[str, str, int, Seqs]] = field(default_factory=list)  # sensation, family, sessions, seqs
    experiments: tuple[int, int, int, int, int, int, Seqs | None] = (0, 0, 0, 0, 0, 0, None)
    # planned, awaiting the client's next session, followed up there, tried yes, partly, no; seqs of planning entries

    def entry_ids(self, *parts: Seqs | Iterable[int] | None) -> tuple[str, ...]:
        """Entry ids for group_concat strings (or seq lists), oldest first, without repeats."""
        if not self.rank:  # gathered without supporting entries
            return ()
        seqs: set[int] = set()
        for part in parts:
            if not part:
                continue
            seqs.update(int(s) for s in part.split(",")) if isinstance(part, str) else seqs.update(part)
        return tuple(self.rank[s][1] for s in sorted(seqs, key=lambda s: self.rank[s][0]) if s in self.rank)


# --- supervision prep (store/supervision.py reads them; analysis/prep.py assembles the document) ----------------------


class PrepSession(NamedTuple):
    client: str
    session_number: int | None
    session_at: str  # stored time
    intensity: int | None
    experiment: str | None
    resonance: str | None  # only when asked for
    next_tried: str | None  # the follow-up recorded at the client's next session
    has_next: bool


class SessionFlags(NamedTuple):
    """A session of the period with something for the prep's risk and ethics section (store/patterns.py)."""

    client: str
    session_at: str  # stored time
    risk_disclosure: bool
    urges_acted_on: tuple[str, ...]  # of the urges asked about, those acted on
    unresolved_rupture: bool


# --- one client's case (store/casework.py reads them; analysis/casework.py builds the view) ---------------------------


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


# --- HTML charts (store/charts.py fills them; analysis/chart_facts.py groups them) ---------------------------------


class ChartSession(NamedTuple):
    client: str
    entry_id: str
    session_at: str  # stored time
    session_number: int | None
    intensity: int | None
    pattern: str | None  # the presentation the clinician coded
    events: tuple[str, ...]
    pulls: tuple[str, ...]
    ruptures: tuple[tuple[str, str | None], ...]  # (type, resolved in session), in the entry's order


# --- the supervision log (store/records.py fills it; analysis/records.py counts) -------------------------------------


class LoggedMeeting(NamedTuple):
    """A supervision meeting as its log shows it: no notes, no question texts, no clients."""

    id: str
    held_on: date
    minutes: int
    group_size: int | None  # None: individual
    supervisor: str | None
    eyes: tuple[int | None, ...]  # the eye of each journal question discussed or resolved (None: no eye given)
