"""Reading what a supervision preparation document needs from the journal; analysis/prep.py assembles it."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from reflect.analysis.pattern_terms import EVENT_GROUPS
from reflect.analysis.prep import PrepData, assemble
from reflect.analysis.stats import Thresholds
from reflect.domain.dates import day_bounds_utc

if TYPE_CHECKING:
    from reflect.domain.entry_filter import EntryFilter
    from reflect.privacy.redact import Redactor
    from reflect.store.journal import Journal


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
