"""Reading what a supervision preparation document needs from the journal; analysis/prep.py assembles it."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from reflect.analysis.pattern_terms import EVENT_GROUPS
from reflect.analysis.prep import PrepData, assemble
from reflect.analysis.stats import Thresholds
from reflect.domain.dates import day_bounds_utc

if TYPE_CHECKING:
    from reflect.domain.entry_filter import EntryFilter
    from reflect.privacy.redact import Redactor
    from reflect.store.journal import Journal


DEFAULT_DAYS = 30  # `--since last` with no meeting logged yet: about a month, BACP's minimum supervision rhythm


def since_last_meeting(journal: Journal, redactor: Redactor, now: datetime) -> tuple[date, str, bool]:
    """The preparation's period by default: since the last logged supervision meeting, else the last DEFAULT_DAYS
    days. (first day, the period in words, True when no meeting is logged yet)."""
    last = journal.last_meeting_day()
    if last is None:
        label = f"in the {DEFAULT_DAYS} days to {redactor.when(now)} (no supervision meeting logged yet)"
        return now.date() - timedelta(days=DEFAULT_DAYS), label, True
    return last, f"since the supervision on {redactor.when(datetime.combine(last, now.timetz()))}", False


def latest_prep_markdown(journal: Journal, redactor: Redactor, now: datetime) -> str:
    """The supervision preparation as `reflect supervision prep` writes it by default (since the last meeting)."""
    from reflect.domain.entry_filter import EntryFilter
    from reflect.render.prep import render_prep

    start, label, _ = since_last_meeting(journal, redactor, now)
    return render_prep(gather(journal, EntryFilter(since=start), since_label=label, redactor=redactor, now=now),
                       redactor)  # fmt: skip


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
    data = journal.patterns.pattern_data(flt, now=now, event_groups=EVENT_GROUPS, with_entries=False)
    since, until = day_bounds_utc(flt.since, flt.until)
    # The document shows the private resonance field only when it keeps text and includes private fields.
    rows = journal.prep_sessions(since, until, resonance=redactor.include_private and redactor.keeps_text)
    prep = assemble(
        data,
        rows,
        flt,
        since_label=since_label,
        name=redactor.client,
        now=now,
        weeks=journal.intensity_by_week(flt),
        meetings_in_period=len(journal.meetings(flt.since, flt.until)),
        th=th or Thresholds(),
    )
    from dataclasses import replace

    return replace(prep, **_loop(journal, flt, now, prep.thresholds))


def _loop(journal: Journal, flt: EntryFilter, now: datetime, th: Thresholds) -> dict[str, Any]:
    """The supervision loop's parts of the document: the last meeting up to the period's end and what happened since,
    the questions discussed but not resolved, and the period's risk and ethics flags."""
    from reflect.analysis.supervision_loop import (
        BOUNDARY_URGES,
        RISK_EVENT,
        carried_questions,
        last_meeting_followups,
        risk_and_ethics,
    )
    from reflect.domain.dates import local_day_start_utc
    from reflect.domain.entry_filter import EntryFilter
    from reflect.flows.impact import gather_impact

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
        refs = [a.ref for a in last.actions if a.kind == "question" and a.ref]
        questions = journal.questions_by_id([*refs, *(q.question_id for q in last.questions)])
        found["last_meeting"] = last_meeting_followups(last, entries_after, questions)
        found["impact"] = [
            i for i in gather_impact(journal, since=last.held_on, client=flt.client, now=now, th=th)
            if i.meeting == last.held_on
        ]  # fmt: skip
    until = local_day_start_utc(flt.until + timedelta(days=1)) if flt.until else None
    discussed = journal.supervision_questions(status="discussed", client=flt.client, until=until)
    found["carried"] = carried_questions(discussed, journal.question_discussions(q["id"] for q in discussed))
    found["risks"] = risk_and_ethics(journal.patterns.session_flags(flt, RISK_EVENT, BOUNDARY_URGES))
    return found
