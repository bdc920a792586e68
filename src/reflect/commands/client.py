"""`reflect client ...`: commands about one client. Kept small: other client commands join this sub-app."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from reflect.commands.common import open_journal

app = typer.Typer(help="Commands about one client: close and reopen (retention starts when a client is closed).",
                  no_args_is_help=True)  # fmt: skip

CodeArg = Annotated[str, typer.Argument(help="The client code, e.g. C-7F3K.", show_default=False)]


@app.command("close")
def close(
    code: CodeArg,
    on: Annotated[Optional[str], typer.Option("--on", help="The day the work ended (default: today).",
                                              show_default=False)] = None,
    keep_years: Annotated[
        Optional[int],
        typer.Option("--keep-years", min=1, max=100, help="Keep this client's records this many years after closing "
                     "(default: the retention_years setting, 7).", show_default=False),
    ] = None,
) -> None:
    """Mark a client's work as ended; the retention period counts from this day."""
    from datetime import date

    from reflect.commands.common import parse_day_option
    from reflect.models import normalise_client_code
    from reflect.render.console import message
    from reflect.store_privacy import add_years, retention_years_setting

    client = normalise_client_code(code)
    day = parse_day_option(on, "--on") or date.today()
    with open_journal(create=False) as journal:
        journal.close_client(client, day, keep_years)
        years = next(r["retention_years"] for r in journal.retention(retention_years_setting(), date.today())
                     if r["client"] == client)  # fmt: skip
    message(f"Closed {client} on {day.isoformat()}; its records are due for deletion on "
            f"{add_years(day, years).isoformat()} ({years} years).")  # fmt: skip


@app.command("reopen")
def reopen(code: CodeArg) -> None:
    """Reopen a closed client (the retention clock stops)."""
    from reflect.models import normalise_client_code
    from reflect.render.console import message

    client = normalise_client_code(code)
    with open_journal(create=False) as journal:
        journal.reopen_client(client)
    message(f"Reopened {client}.")
