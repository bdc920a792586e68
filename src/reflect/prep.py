"""Gathering what a supervision preparation document needs (render/prep.py turns it into Markdown).

The preparation agenda follows the domain guide (section 5): open questions first, with the help wanted; per client
the sessions, recurring pulls, urges felt and acted on, stance, ruptures and repairs, experiments and their follow-up;
then an overview of the period with intensity over time.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from reflect.patterns import EVENT_GROUPS, Finding, Thresholds, analyse

if TYPE_CHECKING:
    from reflect.impact import ImpactItem
    from reflect.redact import Redactor
    from reflect.store import EntryFilter, Journal
    from reflect.store_supervision import PrepSession
    from reflect.supervision_loop import CarriedQuestion, ClientRisk, LastMeeting


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


def gather(
    journal: Journal,
    flt: EntryFilter,
    *,
    since_label: str,
    redactor: Redactor,
    now: datetime,
    th: Thresholds | None = None,
) -> PrepData:
    """Everything for the document, from aggregated queries plus the period's experiment texts."""
    from reflect.patterns import question_age_days
    from reflect.store import local_day_start_utc

    th = th or Thresholds()
    data = journal.pattern_data(flt, now=now, event_groups=EVENT_GROUPS, with_entries=False)
    # Findings are worded with the document's client names (aliases under --strict).
    findings = analyse(data, th, name=redactor.client)
    rows = journal.prep_sessions(
        local_day_start_utc(flt.since) if flt.since else None,
        local_day_start_utc(flt.until + timedelta(days=1)) if flt.until else None,
        resonance=redactor.include_private and redactor.keeps_text,  # the document shows it only then
    )
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
    for q in data.questions:  # every question still open (asked up to the period's end), oldest first
        if q["asked_at"] not in ages:
            ages[q["asked_at"]] = question_age_days(q["asked_at"], now)
        q["age_days"] = ages[q["asked_at"]]  # the dicts are this document's own
        questions.append(q)
    return PrepData(
        since=flt.since,
        until=flt.until or now.astimezone().date(),
        since_label=since_label,
        sessions=sum(c.sessions for c in clients),
        clients=clients,
        questions=questions,
        weeks=journal.intensity_by_week(flt),
        top_pulls=Counter(data.pull_focal).most_common(3),
        top_families=Counter(data.family_focal).most_common(3),
        caseload_findings=[f for f in findings if f.client is None and f.kind != "open-questions"],
        thresholds=th,
        now=now,
        meetings_in_period=len(journal.meetings(flt.since, flt.until)),
        **_loop(journal, flt, now, th),
    )


def _loop(journal: Journal, flt: EntryFilter, now: datetime, th: Thresholds) -> dict[str, Any]:
    """The supervision loop's parts of the document: the last meeting up to the period's end and what happened since,
    the questions discussed but not resolved, and the period's risk and ethics flags."""
    from reflect.impact_gather import gather_impact
    from reflect.store import EntryFilter
    from reflect.supervision_loop import carried_questions, last_meeting_followups, risk_and_ethics

    found: dict[str, Any] = {}
    meetings = journal.meetings(None, flt.until)
    if meetings:
        last = meetings[-1]
        after = last.held_on + timedelta(days=1)
        clients = {a.client for a in last.actions if a.kind == "experiment" and a.client}
        entries_after = {
            c: journal.list_entries(EntryFilter(client=c, since=after, until=flt.until), newest_first=False)
            for c in sorted(clients)
        }
        questions = {q["id"]: q for q in journal.supervision_questions()}
        found["last_meeting"] = last_meeting_followups(last, entries_after, questions)
        found["impact"] = [
            i for i in gather_impact(journal, since=last.held_on, client=flt.client, now=now, th=th)
            if i.meeting == last.held_on
        ]  # fmt: skip
    until = None
    if flt.until:
        from reflect.store import local_day_start_utc

        until = local_day_start_utc(flt.until + timedelta(days=1))
    discussed = journal.supervision_questions(status="discussed", client=flt.client, until=until)
    found["carried"] = carried_questions(discussed, journal.question_discussions())
    found["risks"] = risk_and_ethics(journal.list_entries(EntryFilter(since=flt.since, until=flt.until,
                                                                      client=flt.client)))  # fmt: skip
    return found
