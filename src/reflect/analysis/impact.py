"""The impact of supervision: what a meeting worked on, measured in the client's sessions before and after it.

Pure functions over entries, meetings and the findings of the time (no SQL, no wording: render/impact.py words it).
A meeting worked on a client when it discussed or resolved one of the client's questions, or set the client an
experiment or a new question. What it worked on, for that client, are the reactions the pattern findings named from
the sessions before the meeting: pulls, urges acted on, feeling families, stance, and the session event a reaction
gathered around. Each is measured the same way before and after: sessions with it, of the client's sessions (for the
stance, of the sessions rated complementary or not). Sessions on the meeting's own day are in neither count: whether
they came before or after the meeting is not recorded.

A change after a meeting is not evidence that the meeting caused it; the renderer words it as a prompt.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from reflect.analysis.pattern_terms import EVENT_GROUPS
from reflect.analysis.stats import Finding
from reflect.domain import vocab
from reflect.domain.models import Entry
from reflect.domain.supervision import Meeting

RATED_STANCES = ("complementary", "non-complementary")
# Finding kinds whose subject is a reaction that can be counted again, session by session, after the meeting.
MEASURABLE = ("recurring-pull", "enacted-urge", "event-concentration", "stance-profile")


@dataclass(frozen=True)
class Count:
    count: int
    total: int

    def as_dict(self) -> dict[str, int]:
        return {"count": self.count, "total": self.total}


@dataclass(frozen=True)
class Reaction:
    kind: str  # pull | urge | feeling | stance
    subject: str  # the slug: a pull, an urge (acted on), a feeling family, a stance
    event: str | None = None  # an EVENT_GROUPS key when the finding was about sessions around that event


@dataclass(frozen=True)
class ImpactItem:
    meeting: date
    client: str
    reaction: Reaction
    before: Count
    after: Count
    event_before: Count | None = None  # the same, within the sessions with the event
    event_after: Count | None = None

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "client": self.client,
            "kind": self.reaction.kind,
            "subject": self.reaction.subject,
            "meeting": self.meeting.isoformat(),
            "before": self.before.as_dict(),
            "after": self.after.as_dict(),
            "event": self.reaction.event,
        }
        if self.event_before is not None and self.event_after is not None:
            data["event_before"] = self.event_before.as_dict()
            data["event_after"] = self.event_after.as_dict()
        return data


def clients_worked_on(meeting: Meeting, question_clients: Mapping[str, str]) -> list[str]:
    """The clients a meeting worked on: of the questions it discussed or resolved, and of its client actions."""
    found = [question_clients[q.question_id] for q in meeting.questions if q.question_id in question_clients]
    found += [a.client for a in meeting.actions if a.client]
    return sorted(set(found))


def reactions_named(findings: Iterable[Finding], client: str) -> list[Reaction]:
    """The client's reactions the findings of the time named, once each, in the findings' order."""
    out: list[Reaction] = []
    for f in findings:
        if f.client != client or f.kind not in MEASURABLE:
            continue
        if f.kind == "recurring-pull":
            reaction = Reaction("pull", f.subject)
        elif f.kind == "enacted-urge":
            reaction = Reaction("urge", f.subject)
        elif f.kind == "stance-profile":
            reaction = Reaction("stance", f.subject)
        else:
            kind = {"pull": "pull", "family": "feeling", "urge": "urge"}[f.details["subject_kind"]]
            reaction = Reaction(kind, f.subject, f.details["event"])
        if reaction not in out:
            out.append(reaction)
    return out


def _has(e: Entry, r: Reaction) -> bool:
    if r.kind == "pull":
        return r.subject in e.pulls
    if r.kind == "urge":
        return any(u.urge == r.subject and u.enacted for u in e.urges)
    if r.kind == "feeling":
        return any(vocab.feeling_family(word) == r.subject for word in e.feelings)
    return e.stance == r.subject


def _counts(entries: Sequence[Entry], r: Reaction) -> Count:
    pool = [e for e in entries if e.stance in RATED_STANCES] if r.kind == "stance" else list(entries)
    return Count(sum(_has(e, r) for e in pool), len(pool))


def _with_event(entries: Sequence[Entry], group: str) -> list[Entry]:
    events = set(EVENT_GROUPS[group])
    return [e for e in entries if events & set(e.events)]


def measure(meeting: date, client: str, reaction: Reaction, entries: Sequence[Entry]) -> ImpactItem:
    """One reaction in the client's sessions before and after the meeting's day (`entries`: the client's)."""
    before = [e for e in entries if e.session_at.astimezone().date() < meeting]
    after = [e for e in entries if e.session_at.astimezone().date() > meeting]
    item = ImpactItem(meeting, client, reaction, _counts(before, reaction), _counts(after, reaction))
    if reaction.event:
        near_before, near_after = _with_event(before, reaction.event), _with_event(after, reaction.event)
        return ImpactItem(
            meeting, client, reaction, item.before, item.after, _counts(near_before, reaction),
            _counts(near_after, reaction),
        )  # fmt: skip
    return item
