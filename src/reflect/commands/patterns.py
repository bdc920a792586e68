"""patterns: what keeps happening in you, across sessions and clients (prompts for reflection, not conclusions)."""

from __future__ import annotations

from typing import Annotated

import typer

from reflect.commands.common import ClientOpt, JsonOpt, SinceOpt, UntilOpt, entry_filter, open_journal
from reflect.flows.collector import collector_paused

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
    from reflect.flows.pattern_report import build_report, event_groups, now
    from reflect.render.console import message, out, print_json
    from reflect.render.patterns import patterns_view, print_findings_json

    flt = entry_filter(client, since, until)
    th = replace(Thresholds(), min_sessions=min_sessions)
    with collector_paused(), open_journal() as journal:
        if not journal.count_entries(flt):
            message("No entries in this period." if journal.count_entries() else "No entries yet: `reflect new`.")
            if as_json:
                print_json([])
            return
        if as_json:
            data = journal.patterns.pattern_data(flt, now=now(), event_groups=event_groups(), with_entries=True)
            print_findings_json(analyse(data, th))
            return
        out().print(patterns_view(build_report(journal, flt, th)))
