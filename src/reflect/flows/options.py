"""Option values as the journal takes them: days typed in words or numbers, client codes, the entry filter of the
listing commands and a document's format, each checked with a one-line error naming the option. Nothing is imported
until a command uses one, so that `reflect --help` stays fast."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reflect.domain.entry_filter import EntryFilter


def parse_day_option(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    from reflect.domain.dates import parse_day
    from reflect.errors import UsageError

    try:
        day = parse_day(value)
    except ValueError as exc:
        raise UsageError(f"{option}: {exc}.") from None
    from reflect.render.console import echo_date_order

    echo_date_order(value, day)
    return day


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
