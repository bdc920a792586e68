"""reflect client: one client seen whole (`show`). The privacy commands (close, reopen) live beside it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from reflect.commands import completers
from reflect.commands.common import JsonOpt, open_journal

app = typer.Typer(help="One client: the whole picture, case documents, and closing (retention starts when a client "
                  "is closed).", no_args_is_help=True)  # fmt: skip

CodeArg = Annotated[
    str,
    typer.Argument(
        help="The client's code, e.g. C-7F3K.",
        show_default=False,
        metavar="CODE",
        autocompletion=completers.client_codes,
    ),
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
        typer.Option(
            "--format", "-f", help="Write the case presentation as markdown or html (with charts).", show_default=False
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="With --markdown: write to this file (default: standard output).", show_default=False
        ),
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
    from reflect.analysis.casework import case_to_dict, load_case
    from reflect.config import paths
    from reflect.domain.dates import now_utc
    from reflect.domain.models import normalise_client_code
    from reflect.domain.stance import stance_prompts
    from reflect.errors import UsageError
    from reflect.render.console import message, out, print_json

    if fmt is not None:
        from reflect.commands.common import document_format

        fmt = document_format(fmt)
        if markdown and fmt != "markdown":
            raise UsageError("--markdown and --format html contradict each other; choose one.")
        markdown = True
    if not markdown and (output or strict or no_redact or include_private):
        raise UsageError("--output, --strict, --no-redact and --include-private go with --markdown or --format.")
    if markdown and as_json:
        raise UsageError("--json and a document format contradict each other; choose one.")
    code = normalise_client_code(code)
    prompts = stance_prompts(paths().user_prompts)
    with open_journal(create=False) as journal:
        profile = journal.latest_profile()
        view = load_case(journal, code, prompts=prompts, profile=profile)
    now = now_utc()
    if as_json:
        print_json(case_to_dict(view, now=now))
        return
    if markdown:
        from reflect.io.transfer import atomic_output
        from reflect.privacy.redact import Redactor
        from reflect.render.casework import case_markdown

        redactor = Redactor.from_options(strict=strict, no_redact=no_redact, include_private=include_private)
        document = case_markdown(view, redactor, now=now)
        if fmt == "html":
            from reflect.analysis.chart_facts import client_series
            from reflect.render.documents_html import render_case_html

            with open_journal(create=False) as journal:
                series = client_series(journal.chart_sessions(client=code))
            period = f"{redactor.when(view.first)} to {redactor.when(view.last)}" if view.first and view.last else ""
            document = render_case_html(
                document, code, redactor, series[0] if series else None, period=period or "no sessions"
            )
        with atomic_output(output) as fh:
            fh.write(document)
        if output is not None:
            message(f"Case document for {code} written to {output} (redaction: {redactor.level.value}). "
                    "It is plain text: share it only as your service allows.")  # fmt: skip
        return
    from reflect.render.casework import case_view

    out().print(case_view(view, now=now, all_sessions=all_sessions, width=out().width))


@app.command("close")
def close(
    code: CodeArg,
    on: Annotated[
        str | None,
        typer.Option(
            "--on",
            help="The day the work ended (default: today).",
            show_default=False,
            metavar="DATE",
            autocompletion=completers.days,
        ),
    ] = None,
    keep_years: Annotated[
        int | None,
        typer.Option(
            "--keep-years",
            min=1,
            max=100,
            help="Keep this client's records this many years after closing (default: the retention_years setting, 7).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Mark a client's work as ended; the retention period counts from this day."""
    from datetime import date

    from reflect.commands.common import parse_day_option
    from reflect.domain.models import normalise_client_code
    from reflect.render.console import message
    from reflect.store.privacy import add_years, retention_years_setting

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
