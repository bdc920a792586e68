"""cpd add | list | account: continuing professional development, and reflective accounts made from it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from reflect.commands import completers
from reflect.commands.common import JsonOpt, open_journal

app = typer.Typer(help="Log continuing professional development and write reflective accounts.", no_args_is_help=True)


def _text(help_text: str):
    return typer.Option(help=help_text, show_default=False)


@app.command("add")
def add(
    hours: Annotated[str, typer.Option("--hours", help="How long it took, in hours: 1.5.", show_default=False)],
    activity: Annotated[str, typer.Option("--activity", help="What it was: a course, reading, a workshop ...")],
    on: Annotated[
        str | None,
        typer.Option(
            "--date",
            help="The day (default: today).",
            show_default=False,
            metavar="DATE",
            autocompletion=completers.days,
        ),
    ] = None,
    learned: Annotated[str | None, typer.Option("--learned", help="What I learned.", show_default=False)] = None,
    changed: Annotated[
        str | None, typer.Option("--changed", help="How it changed my practice.", show_default=False)
    ] = None,
    standard: Annotated[
        str | None,
        typer.Option("--standard", help="Which standard of my professional code it relates to.", show_default=False),
    ] = None,
) -> None:
    """Log a CPD activity: day, hours, what it was, what I learned, how it changed my practice, which standard."""
    from datetime import datetime

    from reflect.commands.common import parse_day_option
    from reflect.domain.cpd import parse_cpd
    from reflect.errors import UsageError
    from reflect.render.console import message

    today = datetime.now().astimezone().date()
    day = parse_day_option(on, "--date") or today
    if day > today:
        raise UsageError("--date is in the future.")
    raw = {"held_on": day.isoformat(), "hours": hours, "activity": activity, "learned": learned, "changed": changed,
           "standard": standard}  # fmt: skip
    item = parse_cpd(raw, today=today)
    with open_journal() as journal:
        journal.add_cpd(item)
    message(f"Logged CPD {item.id[:8]}: {item.hours:.2f} hours on {item.held_on.isoformat()}.")


@app.command("list")
def list_cpd(as_json: JsonOpt = False) -> None:
    """Every CPD activity, oldest first."""
    from reflect.domain.cpd import cpd_to_dict
    from reflect.render.console import message, print_json

    with open_journal() as journal:
        items = journal.cpd_activities()
    if as_json:
        print_json([cpd_to_dict(a) for a in items])
        return
    if not items:
        message("No CPD logged yet: `reflect cpd add --hours 1.5 --activity ...`.")
        return
    from reflect.render.records import cpd_list

    cpd_list(items)


@app.command("account")
def account(
    activity_id: Annotated[
        str, typer.Argument(help="The activity's id (6 or more characters).", show_default=False, metavar="ID")
    ],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file (default: standard output).")
    ] = None,
    no_redact: Annotated[bool, typer.Option("--no-redact", help="Do not mask detected identifiers.")] = False,
) -> None:
    """One CPD activity as a reflective account (Markdown), in the shape NMC revalidation asks for."""
    from reflect.io.transfer import atomic_output
    from reflect.privacy.redact import Redactor
    from reflect.render.records import reflective_account

    with open_journal() as journal:
        item = journal.cpd_activity(activity_id)
    text = reflective_account(item, Redactor.from_options(no_redact=no_redact))
    with atomic_output(output) as fh:
        fh.write(text)
