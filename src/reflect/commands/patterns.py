"""patterns: what keeps happening in you, across sessions and clients (prompts for reflection, not conclusions)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from reflect.commands.common import ClientOpt, JsonOpt, SinceOpt, UntilOpt, collector_paused, entry_filter, open_journal

if TYPE_CHECKING:
    from reflect.analysis.stats import Thresholds
    from reflect.domain.entry_filter import EntryFilter
    from reflect.render.patterns import PatternReport
    from reflect.store.journal import Journal

SHOWN_CLIENTS = 25  # a full caseload: more clients than this are listed by --json or --client, not on screen

MinSessionsOpt = Annotated[
    int,
    typer.Option("--min-sessions", min=2, max=1000, help="Sessions a group needs before a rate about it is reported."),
]


def patterns(
    client: ClientOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    as_json: JsonOpt = False,
    min_sessions: MinSessionsOpt = 4,
) -> None:
    """Recurring pulls, urges, feelings around events, ruptures, triggers and trends: prompts for reflection."""
    from dataclasses import replace

    from reflect.analysis.patterns import analyse
    from reflect.analysis.stats import Thresholds
    from reflect.render.console import message, out, print_json

    flt = entry_filter(client, since, until)
    th = replace(Thresholds(), min_sessions=min_sessions)
    with collector_paused(), open_journal() as journal:
        if not journal.count_entries(flt):
            message("No entries in this period." if journal.count_entries() else "No entries yet: `reflect new`.")
            if as_json:
                print_json([])
            return
        if as_json:
            data = journal.pattern_data(flt, now=_now(), event_groups=_groups(), with_entries=True)
            _print_findings(analyse(data, th))
            return
        report = build_report(journal, flt, th)
        from reflect.render.patterns import patterns_view

        out().print(patterns_view(report))


def _print_findings(findings) -> None:
    """The findings as a JSON list, written one at a time (a large journal has thousands, with their entry ids)."""
    import json
    import sys

    if not findings:
        sys.stdout.write("[]\n")
        return
    for i, f in enumerate(findings):
        sys.stdout.write("[\n" if i == 0 else ",\n")
        sys.stdout.write(json.dumps(f.as_dict(), ensure_ascii=False))
    sys.stdout.write("\n]\n")
    sys.stdout.flush()


def _now():
    from datetime import datetime

    return datetime.now().astimezone()


def _groups():
    from reflect.analysis.pattern_terms import EVENT_GROUPS

    return EVENT_GROUPS


def build_report(journal: Journal, flt: EntryFilter, th: Thresholds, *, shown: int = SHOWN_CLIENTS) -> PatternReport:
    """Everything the terminal report shows: findings for the most recently seen clients, their grids, the trend."""
    from reflect.analysis.patterns import analyse
    from reflect.render.patterns import ClientView, PatternReport

    clients = [flt.client] if flt.client else journal.recent_clients(flt, shown)
    data = journal.pattern_data(flt, now=_now(), event_groups=_groups(), with_entries=False, clients=clients)
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
