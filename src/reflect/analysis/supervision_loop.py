"""Closing the supervision loop: what the last meeting set, what happened since, and what needs attention first.

Pure functions over meetings, questions and entries (no SQL, no wording; render/prep_loop.py words them):

- `followups`: each action point of the last meeting with what happened since: an experiment with whether it was
  tried at the client's sessions after the meeting, a question with its status now.
- `carried_questions`: questions discussed but not resolved stay on the agenda, with when and the meeting's notes.
- `risk_and_ethics`: risk disclosures, boundary urges acted on, and unresolved ruptures in the period, by client.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from reflect.domain.models import Entry
from reflect.domain.rows import SessionFlags
from reflect.domain.supervision import Meeting

# Urges whose enactment crosses the frame: self-disclosure, over-running, contact outside sessions, bending the frame
# or fee (gifts fall under it). Acted on, they belong under risk and ethics whatever their pattern.
BOUNDARY_URGES = ("self-disclose", "over-run-time", "extra-contact", "bend-frame")


@dataclass(frozen=True)
class ExperimentSince:
    client: str
    text: str
    tried: tuple[str | None, ...]  # per session of the client after the meeting that followed it up: yes/partly/no
    sessions_since: int


@dataclass(frozen=True)
class QuestionSince:
    client: str | None
    text: str
    status: str  # open | discussed | resolved | gone (the entry holding it was deleted)


@dataclass(frozen=True)
class LastMeeting:
    meeting: Meeting
    notes: tuple[str, ...]  # the meeting's note action points
    experiments: tuple[ExperimentSince, ...]
    questions: tuple[QuestionSince, ...]  # opened by the meeting, or discussed/resolved at it


def last_meeting_followups(
    meeting: Meeting, entries_after: Mapping[str, Sequence[Entry]], questions: Mapping[str, Mapping[str, Any]]
) -> LastMeeting:
    """`entries_after`: each client's sessions after the meeting's day, oldest first; `questions`: every question by
    id (with client, question text and status)."""
    notes = tuple(a.text for a in meeting.actions if a.kind == "note")
    experiments = []
    for a in meeting.actions:
        if a.kind == "experiment" and a.client:
            after = entries_after.get(a.client, ())
            tried = tuple(e.experiment_followup.tried for e in after if e.experiment_followup)
            experiments.append(ExperimentSince(a.client, a.text, tried, len(after)))
    asked: list[QuestionSince] = []
    ids = [a.ref for a in meeting.actions if a.kind == "question" and a.ref]
    ids += [q.question_id for q in meeting.questions]
    for qid in dict.fromkeys(ids):
        q = questions.get(qid)
        if q is None:
            asked.append(QuestionSince(None, "", "gone"))
        else:
            asked.append(QuestionSince(q["client"], q["question"], q["status"]))
    return LastMeeting(meeting, notes, tuple(experiments), tuple(asked))


@dataclass
class CarriedQuestion:
    question: dict[str, Any]
    discussed_on: date | None
    notes: tuple[str, ...]


def carried_questions(
    discussed: Iterable[dict[str, Any]], discussions: Mapping[str, Sequence[tuple[date, str | None]]]
) -> list[CarriedQuestion]:
    """Questions discussed but not resolved: still open for the next meeting, with the last discussion's day and the
    notes of every meeting that discussed them."""
    out = []
    for q in discussed:
        held = discussions.get(q["id"], ())
        out.append(CarriedQuestion(q, held[-1][0] if held else None, tuple(notes for _, notes in held if notes)))
    return out


@dataclass
class ClientRisk:
    client: str
    risk_disclosures: list[date] = field(default_factory=list)
    boundary_urges: dict[str, int] = field(default_factory=dict)  # urge -> sessions acted on
    unresolved_ruptures: list[date] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.risk_disclosures or self.boundary_urges or self.unresolved_ruptures)


RISK_EVENT = "risk-disclosure"


def risk_and_ethics(sessions: Iterable[SessionFlags]) -> list[ClientRisk]:
    """The period's risk and ethics flags by client (only clients with one), in code order. `sessions`: the period's
    sessions with RISK_EVENT, one of BOUNDARY_URGES acted on or an unresolved rupture, oldest first."""
    from reflect.domain.dates import stored_time

    by_client: dict[str, ClientRisk] = {}
    for s in sessions:
        r = by_client.setdefault(s.client, ClientRisk(s.client))
        day = stored_time(s.session_at).astimezone().date()
        if s.risk_disclosure:
            r.risk_disclosures.append(day)
        for urge in s.urges_acted_on:
            r.boundary_urges[urge] = r.boundary_urges.get(urge, 0) + 1
        if s.unresolved_rupture:
            r.unresolved_ruptures.append(day)
    return [by_client[c] for c in sorted(by_client) if by_client[c]]
