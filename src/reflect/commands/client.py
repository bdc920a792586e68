"""reflect client: one client seen whole (`show`). The privacy commands (close, reopen) live beside it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from reflect.commands.common import JsonOpt, argument, open_journal, option
from reflect.flows import completion

app = typer.Typer(help="One client: the whole picture, case documents, and closing (retention starts when a client "
                  "is closed).", no_args_is_help=True)  # fmt: skip

CodeArg = Annotated[
    str,
    argument(help="The client's code, e.g. C-7F3K.", metavar="CODE", values=completion.client_codes),
]


@app.command("show")
def show(
    code: CodeArg,
    as_json: JsonOpt = False,
    all_sessions: Annotated[
        bool, typer.Option("--all", help="Show every session in the strip, not only the latest.")
    ] = False,
    markdown: Annotated[
        bool, typer.Option("--markdown", help="Write a case-presentation document (Markdown) instead of the view.")
    ] = False,
    fmt: Annotated[
        str | None,
        option("--format", "-f", help="Write the case presentation as markdown or html (with charts)."),
    ] = None,
    output: Annotated[
        Path | None,
        option("--output", "-o", help="With --markdown: write to this file (default: standard output)."),
    ] = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="With --markdown: no free text, week numbers, client alias (for a group outside your service).",
        ),
    ] = False,
    no_redact: Annotated[bool, typer.Option("--no-redact", help="With --markdown: do not mask identifiers.")] = False,
    include_private: Annotated[
        bool, typer.Option("--include-private", help="With --markdown: include your profile-linked questions.")
    ] = False,
) -> None:
    """What happens in you with one client, and what you might offer instead.

    Presentation, your reactions against your other clients, stance, ruptures, experiments and open supervision
    questions."""
    from reflect.analysis.casework import case_to_dict
    from reflect.domain.dates import now_utc
    from reflect.domain.models import normalise_client_code
    from reflect.flows import case_document
    from reflect.render.console import out, print_json

    fmt = case_document.document_kind(fmt, markdown=markdown, as_json=as_json,
                                      redaction=bool(output or strict or no_redact or include_private))  # fmt: skip
    code = normalise_client_code(code)
    view = case_document.load(code)
    if as_json:
        print_json(case_to_dict(view, now=now_utc()))
    elif fmt is not None:
        from reflect.privacy.redact import Redactor

        redactor = Redactor.from_options(strict=strict, no_redact=no_redact, include_private=include_private)
        case_document.write_document(view, code, redactor, html=fmt == "html", output=output)
    else:
        from reflect.render.casework import case_view

        out().print(case_view(view, now=now_utc(), all_sessions=all_sessions, width=out().width))


@app.command("close")
def close(
    code: CodeArg,
    on: Annotated[
        str | None,
        option("--on", help="The day the work ended (default: today).", metavar="DATE", values=completion.days),
    ] = None,
    keep_years: Annotated[
        int | None,
        option(
            "--keep-years",
            min=1,
            max=100,
            help="Keep this client's records this many years after closing (default: the retention_years setting, 7).",
        ),
    ] = None,
) -> None:
    """Mark a client's work as ended; the retention period counts from this day."""
    from datetime import date

    from reflect.commands.common import parse_day_option
    from reflect.domain.models import normalise_client_code
    from reflect.domain.retention import add_years, retention_years_setting
    from reflect.render.console import message

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
    from reflect.domain.models import normalise_client_code
    from reflect.render.console import message

    client = normalise_client_code(code)
    with open_journal(create=False) as journal:
        journal.reopen_client(client)
    message(f"Reopened {client}.")
