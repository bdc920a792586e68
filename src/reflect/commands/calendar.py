"""reflect calendar: the days you reflected on sessions, month by month."""

from __future__ import annotations

from typing import Annotated

import typer

from reflect.commands.common import ClientOpt, JsonOpt


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
    from reflect.commands.common import client_option
    from reflect.errors import UsageError
    from reflect.flows.calendar import reflected_days
    from reflect.render.calendar import print_calendar
    from reflect.render.console import print_json

    mode = by.strip().lower()
    if mode not in ("entries", "intensity"):
        raise UsageError(f"--by must be entries or intensity, not {by!r}.")
    code = client_option(client)
    shown = reflected_days(code, months)
    if as_json:
        print_json([{"day": d.isoformat(), "entries": f.entries, "mean_intensity": f.mean_intensity}
                    for d, f in sorted(shown.days.items())])  # fmt: skip
        return
    print_calendar(shown.months, shown.days, code, by_intensity=mode == "intensity", today=shown.today)
