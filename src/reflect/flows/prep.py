"""Reading what a supervision preparation document needs from the journal; analysis/prep.py assembles it."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

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
    data = journal.pattern_data(flt, now=now, event_groups=EVENT_GROUPS, with_entries=False)
    since, until = day_bounds_utc(flt.since, flt.until)
    # The document shows the private resonance field only when it keeps text and includes private fields.
    rows = journal.prep_sessions(since, until, resonance=redactor.include_private and redactor.keeps_text)
    return assemble(
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
