"""The supervision preparation document, from the period it covers to its text: where the period starts (the last
logged meeting, or a day), what the journal holds for it, and the Markdown or HTML that words it."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reflect.analysis.prep import PrepData
    from reflect.privacy.redact import Redactor
    from reflect.store.journal import Journal


def _period_start(journal: Journal, since: date | None, redactor: Redactor, now: datetime) -> tuple[date, str]:
    """The first day covered and the document's words for it: `since`, or (None) the day of the last meeting."""
    from reflect.flows.prep import DEFAULT_DAYS, since_last_meeting
    from reflect.render.console import message

    if since is not None:
        return since, f"since {redactor.when(datetime.combine(since, now.timetz()))}"
    start, label, first = since_last_meeting(journal, redactor, now)
    if first:
        message(f"No supervision meeting is logged yet; covering the last {DEFAULT_DAYS} days.", style="dim")
    return start, label


def prep_document(
    journal: Journal, since: date | None, until: date | None, redactor: Redactor, *, html: bool, include_practice: bool
) -> tuple[str, PrepData]:
    """The document's text and the facts it words, for sessions from `since` (None: the last meeting) to
    `until`."""
    from reflect.domain.entry_filter import EntryFilter
    from reflect.errors import UsageError
    from reflect.flows.prep import gather
    from reflect.render.prep import render_prep

    now = datetime.now().astimezone()
    start, label = _period_start(journal, since, redactor, now)
    if until and start > until:
        raise UsageError("--since is after --until.")
    if start > now.date():
        raise UsageError("--since is in the future.")
    data = gather(journal, EntryFilter(since=start, until=until), since_label=label, redactor=redactor, now=now)
    practice = None
    if include_practice:
        from reflect.analysis.practice import progress

        practice = progress(journal.practice.attempts_in_days(start, until, finished_only=True))
    if not html:
        return render_prep(data, redactor, practice=practice), data
    from reflect.analysis.chart_facts import client_series
    from reflect.domain.dates import local_day_start_utc
    from reflect.render.documents_html import render_prep_html

    rows = journal.charts.chart_sessions(
        local_day_start_utc(start), local_day_start_utc(until + timedelta(days=1)) if until else None
    )
    return render_prep_html(data, redactor, client_series(rows), practice=practice), data
