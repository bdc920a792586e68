"""reflect calendar: the days you reflected on sessions, month by month."""

from __future__ import annotations

from typing import Annotated

import typer

from reflect.commands.common import ClientOpt, JsonOpt, open_journal


def calendar(
    client: ClientOpt = None,
    months: Annotated[
        int, typer.Option("--months", "-m", min=1, max=36, help="How many months, ending with this one.")
    ] = 3,
    by: Annotated[
        str, typer.Option("--by", help="What the figure beside a day shows: entries, or intensity (their mean).")
    ] = "entries",
    as_json: JsonOpt = False,
) -> None:
    """A month grid of the days you reflected on sessions, by the number of entries or their mean intensity."""
    from datetime import date, timedelta

    from reflect.analysis.calendar import days, months_back
    from reflect.commands.common import client_option
    from reflect.domain.dates import local_day_start_utc
    from reflect.errors import UsageError
    from reflect.render.console import out, print_json

    mode = by.strip().lower()
    if mode not in ("entries", "intensity"):
        raise UsageError(f"--by must be entries or intensity, not {by!r}.")
    code = client_option(client)
    today = date.today()
    shown = months_back(today, months)
    first = date(shown[0][0], shown[0][1], 1)
    with open_journal() as journal:
        facts = days(journal.chart_sessions(local_day_start_utc(first),
                                            local_day_start_utc(today + timedelta(days=1)), code))  # fmt: skip
    if as_json:
        print_json([{"day": d.isoformat(), "entries": f.entries, "mean_intensity": f.mean_intensity}
                    for d, f in sorted(facts.items())])  # fmt: skip
        return
    from reflect.render.calendar import calendar_view

    heading = f"Sessions reflected on{f' with {code}' if code else ''}, {first:%B %Y} to {today:%B %Y}"
    out().print(calendar_view(shown, facts, by_intensity=mode == "intensity", today=today, width=out().width,
                              heading=heading))  # fmt: skip
