"""The terminal patterns report: findings for the most recently seen clients, their grids and the trend, read
from the journal for `reflect patterns` and the demo tour."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reflect.analysis.stats import Thresholds
    from reflect.domain.entry_filter import EntryFilter
    from reflect.render.patterns import PatternReport
    from reflect.store.journal import Journal

SHOWN_CLIENTS = 25  # a full caseload: more clients than this are listed by --json or --client, not on screen


def now():
    from datetime import datetime

    return datetime.now().astimezone()


def event_groups():
    from reflect.analysis.pattern_terms import EVENT_GROUPS

    return EVENT_GROUPS


def build_report(journal: Journal, flt: EntryFilter, th: Thresholds, *, shown: int = SHOWN_CLIENTS) -> PatternReport:
    """Everything the terminal report shows: findings for the most recently seen clients, their grids, the trend."""
    from reflect.analysis.patterns import analyse
    from reflect.render.patterns import ClientView, PatternReport

    clients = [flt.client] if flt.client else journal.recent_clients(flt, shown)
    data = journal.patterns.pattern_data(
        flt, now=now(), event_groups=event_groups(), with_entries=False, clients=clients
    )
    findings = analyse(data, th)
    grids = journal.pull_grid(clients, flt)
    views = [
        ClientView(
            code,
            data.sessions.get(code, 0),
            data.client_pattern.get(code),
            grids.get(code, []),
            journal.recent_intensity(code, flt),
        )
        for code in sorted(clients)
    ]
    weeks = journal.intensity_by_week(flt)
    sessions, n_clients, first, last = journal.period_summary(flt)
    return PatternReport(
        findings=findings,
        thresholds=th,
        sessions=sessions,
        clients_in_period=n_clients,
        period=f"{first} to {last}",
        clients=views,
        weekly_intensity=[mean for _, _, mean in weeks],
        more_clients=max(0, n_clients - len(clients)),
        focal_client=flt.client,
    )
