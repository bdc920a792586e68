"""records supervision | practice | cpd: the logs professional bodies ask for, as CSV, Markdown or HTML."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from reflect.commands.common import SinceOpt, UntilOpt, option

app = typer.Typer(
    help="The logs professional bodies ask for: supervision, practice (sessions) and CPD.", no_args_is_help=True
)

FormatOpt = Annotated[str, typer.Option("--format", "-f", help="csv, markdown or html.")]
OutputOpt = Annotated[
    Path | None,
    option("--output", "-o", help="Write to this file (default: standard output)."),
]


def _write(kind: str, since: str | None, until: str | None, fmt: str, output: Path | None, no_redact: bool = False):
    from reflect.commands.common import parse_day_option
    from reflect.errors import UsageError
    from reflect.flows.records import write_log

    fmt = {"md": "markdown"}.get(fmt.strip().lower(), fmt.strip().lower())
    if fmt not in ("csv", "markdown", "html"):
        raise UsageError(f"unknown format {fmt!r}; available: csv, markdown, html.")
    start, end = parse_day_option(since, "--since"), parse_day_option(until, "--until")
    if start and end and start > end:
        raise UsageError("--since is after --until.")
    write_log(kind, start, end, fmt, output, no_redact=no_redact)


@app.command("supervision")
def supervision(since: SinceOpt = None, until: UntilOpt = None, fmt: FormatOpt = "markdown", output: OutputOpt = None):
    """Supervision log: date, minutes, format, supervisor, BACP-counted hours, topics by eye, countersignature.

    No client is named."""
    _write("supervision", since, until, fmt, output)


@app.command("practice")
def practice(since: SinceOpt = None, until: UntilOpt = None, fmt: FormatOpt = "markdown", output: OutputOpt = None):
    """Practice log: sessions per month by modality, counted from your entries."""
    _write("practice", since, until, fmt, output)


@app.command("cpd")
def cpd(
    since: SinceOpt = None,
    until: UntilOpt = None,
    fmt: FormatOpt = "markdown",
    output: OutputOpt = None,
    no_redact: Annotated[bool, typer.Option("--no-redact", help="Do not mask detected identifiers.")] = False,
):
    """CPD log: the activities logged with `reflect cpd add`, with their hours and what you learned."""
    _write("cpd", since, until, fmt, output, no_redact)
