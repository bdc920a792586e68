"""Options and helpers shared by several commands."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from reflect.commands import completers
from reflect.flows.journal import open_journal

if TYPE_CHECKING:
    from reflect.domain.entry_filter import EntryFilter

__all__ = ["open_journal"]  # every command opens the journal through here

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON (data for other programs) instead of a table.")]
ClientOpt = Annotated[
    str | None,
    typer.Option(
        "--client",
        "-c",
        help="Only this client code.",
        show_default=False,
        metavar="CODE",
        autocompletion=completers.client_codes,
    ),
]
SinceOpt = Annotated[
    str | None,
    typer.Option(
        "--since",
        help="From this day on: 'last monday', '2 weeks ago', 2026-03-01.",
        show_default=False,
        metavar="DATE",
        autocompletion=completers.days,
    ),
]
UntilOpt = Annotated[
    str | None,
    typer.Option(
        "--until",
        help="Up to and including this day: 'tomorrow', 'on the 3rd', 2026-03-31.",
        show_default=False,
        metavar="DATE",
        autocompletion=completers.until_days,
    ),
]
EntryIdArg = Annotated[
    str,
    typer.Argument(help="The entry's id, or a unique prefix of 6+ characters.", show_default=False, metavar="ID",
                   autocompletion=completers.entry_ids),
]  # fmt: skip
TagOpt = Annotated[
    str | None,
    typer.Option(
        "--tag",
        "-t",
        help="Only entries with this tag.",
        show_default=False,
        metavar="TAG",
        autocompletion=completers.tags,
    ),
]
FlaggedOpt = Annotated[bool, typer.Option("--flagged", help="Only entries flagged for follow-up.")]
YesOpt = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]


def parse_day_option(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    from reflect.domain.dates import parse_day
    from reflect.errors import UsageError

    try:
        day = parse_day(value)
    except ValueError as exc:
        raise UsageError(f"{option}: {exc}.") from None
    echo_date_order(value, day)
    return day


def echo_date_order(typed: str, day: date) -> None:
    """Say how an ambiguous all-numeric date (03/04/2026) was read, before anything uses it."""
    from reflect.domain.dates import order_note

    if note := order_note(typed, day):
        from reflect.render.console import message

        message(note, style="dim")


def client_option(value: str | None) -> str | None:
    if value is None:
        return None
    from reflect.domain.models import normalise_client_code

    return normalise_client_code(value)


def entry_filter(
    client: str | None = None,
    since: str | None = None,
    until: str | None = None,
    tag: str | None = None,
    flagged: bool = False,
    limit: int | None = None,
) -> EntryFilter:
    from reflect.domain.entry_filter import EntryFilter
    from reflect.errors import UsageError

    flt = EntryFilter(
        client=client_option(client),
        since=parse_day_option(since, "--since"),
        until=parse_day_option(until, "--until"),
        tag=tag,
        flagged=flagged,
        limit=limit,
    )
    if flt.since and flt.until and flt.since > flt.until:
        raise UsageError("--since is after --until.")
    if limit is not None and not 1 <= limit <= 10_000_000:  # beyond SQLite's 64-bit integers it would overflow
        raise UsageError("--limit must be from 1 to 10,000,000.")
    return flt


def require_terminal(what: str) -> None:
    """Never hang on a prompt: without a terminal, say what to do instead (exit 2)."""
    import sys

    from reflect.errors import UsageError

    if not sys.stdin.isatty():
        raise UsageError(f"{what} needs a terminal to ask questions; use --answers FILE (or - for stdin) instead.")


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector off while a report is built: it allocates hundreds of thousands of small objects
    (rows, counts, findings, lines) that live until it is printed, and the collector would scan them again and again
    for cycles they do not have (about a tenth of the time at 100,000 entries)."""
    import gc

    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def document_format(given: str) -> str:
    """`--format` of a document command: "markdown" (or "md") or "html"; html checks its optional extra first."""
    from reflect.errors import UsageError

    fmt = {"md": "markdown"}.get(given.strip().lower(), given.strip().lower())
    if fmt not in ("markdown", "html"):
        raise UsageError(f"unknown format {given!r}; available: markdown, html.")
    if fmt == "html":
        from reflect.render.html import require_html_extra

        require_html_extra()
    return fmt
