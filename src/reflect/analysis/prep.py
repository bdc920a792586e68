"""What a supervision preparation document holds (flows/prep.py gathers it; render/prep.py turns it into Markdown).

The preparation agenda follows the domain guide (section 5): open questions first, with the help wanted; per client
the sessions, recurring pulls, urges felt and acted on, stance, ruptures and repairs, experiments and their follow-up;
then an overview of the period with intensity over time.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from reflect.analysis.patterns import analyse
from reflect.analysis.stats import Finding, Thresholds

if TYPE_CHECKING:
    from reflect.analysis.impact import ImpactItem
    from reflect.analysis.pattern_terms import Namer
    from reflect.analysis.supervision_loop import CarriedQuestion, ClientRisk, LastMeeting
    from reflect.domain.entry_filter import EntryFilter
    from reflect.domain.rows import PatternData, PrepSession


@dataclass
class ClientPrep:
    code: str
    sessions: int
    first_number: int | None
    last_number: int | None
    pattern: str | None
    pulls: list[tuple[str, int]]  # most frequent first
    urges: list[tuple[str, int, int]]  # urge, felt (sessions), acted on
    stances: list[tuple[str, int]]
    ruptures: list[tuple[str, str | None, str | None, int, int]]  # type, resolved, trigger, count, metacommunicated
    intensities: list[int | None]
    experiments: list[PrepSession]  # the sessions that planned one, with the follow-up at the next session
    resonance: list[PrepSession]  # the sessions with a private note (only when the document shows them)
    findings: list[Finding]


@dataclass
class PrepData:
    since: date | None
    until: date
    since_label: str
    sessions: int
    clients: list[ClientPrep]
    questions: list[dict[str, Any]]  # open, oldest first (with age_days)
    weeks: list[tuple[date, int, float | None]]
    top_pulls: list[tuple[str, int]]
    top_families: list[tuple[str, int]]
    caseload_findings: list[Finding]
    thresholds: Thresholds
    now: datetime
    meetings_in_period: int = 0
    extra: dict[str, Any] = field(default_factory=dict)
    # The supervision loop (supervision_loop.py, impact.py): what the last meeting set and what happened since.
    last_meeting: LastMeeting | None = None
    carried: list[CarriedQuestion] = field(default_factory=list)  # discussed, not resolved: still on the agenda
    impact: list[ImpactItem] = field(default_factory=list)  # the last meeting's reactions, before and after
    risks: list[ClientRisk] = field(default_factory=list)


def assemble(
    data: PatternData,
    rows: list[PrepSession],
    flt: EntryFilter,
    *,
    since_label: str,
    name: Namer,
    now: datetime,
    weeks: list[tuple[date, int, float | None]],
    meetings_in_period: int,
    th: Thresholds,
) -> PrepData:
    """The document's contents from the store's aggregated rows and the period's sessions (flows/prep.py reads them).
    Findings are worded with `name`, the document's client names (aliases under --strict)."""
    from reflect.analysis.course_findings import ages_counted_to, question_age_days

    findings = analyse(data, th, name=name)
    by_client: dict[str, list[PrepSession]] = defaultdict(list)
    for r in rows:
        by_client[r.client].append(r)

    pulls: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for client, pull, count, _ in data.pulls:
        pulls[client].append((pull, count))
    urges: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    for client, urge, felt, enacted, _, _ in data.urges:
        urges[client].append((urge, felt, enacted))
    stances: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for client, stance, count, _ in data.stances:
        stances[client].append((stance, count))
    ruptures: dict[str, list[tuple[str, str | None, str | None, int, int]]] = defaultdict(list)
    for client, rtype, resolved, trigger, count, meta, _ in data.ruptures:
        ruptures[client].append((rtype, resolved, trigger, count, meta))

    findings_of: dict[str | None, list[Finding]] = defaultdict(list)
    for f in findings:
        findings_of[f.client].append(f)
    clients = []
    for code in sorted(by_client):
        sessions = by_client[code]
        numbers = [s.session_number for s in sessions if s.session_number is not None]
        clients.append(
            ClientPrep(
                code=code,
                sessions=len(sessions),
                first_number=min(numbers) if numbers else None,
                last_number=max(numbers) if numbers else None,
                pattern=data.client_pattern.get(code),
                pulls=sorted(pulls[code], key=lambda p: (-p[1], p[0])),
                urges=sorted(urges[code], key=lambda u: (-u[1], -u[2], u[0])),
                stances=sorted(stances[code], key=lambda s: (-s[1], s[0])),
                ruptures=sorted(ruptures[code], key=lambda r: (r[0], str(r[1]), str(r[2]))),
                intensities=[s.intensity for s in sessions],
                experiments=[s for s in sessions if s.experiment],
                resonance=[s for s in sessions if s.resonance],
                findings=findings_of[code],
            )
        )

    questions = []
    ages: dict[str, int] = {}  # questions asked at the same time (with one entry) are as old as each other
    on = ages_counted_to(now, flt.until)
    for q in data.questions:  # every question still open (asked up to the period's end), oldest first
        if q["asked_at"] not in ages:
            ages[q["asked_at"]] = question_age_days(q["asked_at"], on)
        q["age_days"] = ages[q["asked_at"]]  # the dicts are this document's own
        questions.append(q)
    return PrepData(
        since=flt.since,
        until=flt.until or now.astimezone().date(),
        since_label=since_label,
        sessions=sum(c.sessions for c in clients),
        clients=clients,
        questions=questions,
        weeks=weeks,
        top_pulls=Counter(data.pull_focal).most_common(3),
        top_families=Counter(data.family_focal).most_common(3),
        caseload_findings=[f for f in findings if f.client is None and f.kind != "open-questions"],
        thresholds=th,
        now=now,
        meetings_in_period=meetings_in_period,
    )
