"""cpd add | list | account: continuing professional development, and reflective accounts made from it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from reflect.commands.common import JsonOpt, open_journal, option
from reflect.flows import completion

app = typer.Typer(help="Log continuing professional development and write reflective accounts.", no_args_is_help=True)


def _text(help_text: str):
    return option(help=help_text)


@app.command("add")
def add(
    hours: Annotated[str, option("--hours", help="How long it took, in hours: 1.5.")],
    activity: Annotated[str, typer.Option("--activity", help="What it was: a course, reading, a workshop ...")],
    on: Annotated[
        str | None,
        option("--date", help="The day (default: today).", metavar="DATE", values=completion.days),
    ] = None,
    learned: Annotated[str | None, option("--learned", help="What I learned.")] = None,
    changed: Annotated[str | None, option("--changed", help="How it changed my practice.")] = None,
    standard: Annotated[
        str | None,
        option("--standard", help="Which standard of my professional code it relates to."),
    ] = None,
) -> None:
    """Log a CPD activity: day, hours, what it was, what I learned, how it changed my practice, which standard."""
    from reflect.commands.common import parse_day_option
    from reflect.flows.records import log_cpd

    log_cpd(parse_day_option(on, "--date"), hours=hours, activity=activity, learned=learned, changed=changed,
            standard=standard)  # fmt: skip


@app.command("list")
def list_cpd(as_json: JsonOpt = False) -> None:
    """Every CPD activity, oldest first."""
    from reflect.domain.cpd import cpd_to_dict
    from reflect.render.console import print_json
    from reflect.render.records import cpd_list

    with open_journal() as journal:
        items = journal.records.cpd_activities()
    print_json([cpd_to_dict(a) for a in items]) if as_json else cpd_list(items)


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
        item = journal.records.cpd_activity(activity_id)
    text = reflective_account(item, Redactor.from_options(no_redact=no_redact))
    with atomic_output(output) as fh:
        fh.write(text)
