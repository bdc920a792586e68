"""Gathering the impact of supervision from the journal (impact.py measures; render/impact.py words it).

For each logged meeting, the clients it worked on; for each, the pattern findings from the sessions up to the day
before the meeting (what reflect would have shown then), and the client's sessions to count before and after.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from reflect.analysis.impact import ImpactItem, clients_worked_on, measure, reactions_named
from reflect.analysis.pattern_terms import EVENT_GROUPS
from reflect.analysis.patterns import analyse
from reflect.analysis.stats import Thresholds

if TYPE_CHECKING:
    from reflect.domain.models import Entry
    from reflect.store.journal import Journal


def gather_impact(journal: Journal, *, since: date | None = None, client: str | None = None,
                  now: datetime, th: Thresholds | None = None) -> list[ImpactItem]:  # fmt: skip
    from reflect.domain.entry_filter import EntryFilter

    th = th or Thresholds()
    meetings = journal.meetings(since, None)
    asked = journal.questions_by_id(q.question_id for m in meetings for q in m.questions)
    question_clients = {qid: q["client"] for qid, q in asked.items()}
    entries: dict[str, list[Entry]] = {}
    items: list[ImpactItem] = []
    for meeting in meetings:
        for code in clients_worked_on(meeting, question_clients):
            if client is not None and code != client:
                continue
            before = EntryFilter(client=code, until=meeting.held_on - timedelta(days=1))
            data = journal.patterns.pattern_data(before, now=now, event_groups=EVENT_GROUPS, with_entries=False)
            reactions = reactions_named(analyse(data, th), code)
            if not reactions:
                continue
            if code not in entries:
                entries[code] = journal.list_entries(EntryFilter(client=code), newest_first=False)
            items += [measure(meeting.held_on, code, r, entries[code]) for r in reactions]
    return items
