"""Options and helpers shared by several commands."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from pathlib import Path

    from reflect.store import EntryFilter, Journal

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON (data for other programs) instead of a table.")]
ClientOpt = Annotated[str | None, typer.Option("--client", "-c", help="Only this client code.", show_default=False)]
SinceOpt = Annotated[
    str | None,
    typer.Option("--since", help="From this day on: 'last monday', '2 weeks ago', 2026-03-01.", show_default=False),
]
UntilOpt = Annotated[str | None, typer.Option("--until", help="Up to and including this day.", show_default=False)]
TagOpt = Annotated[str | None, typer.Option("--tag", "-t", help="Only entries with this tag.", show_default=False)]
FlaggedOpt = Annotated[bool, typer.Option("--flagged", help="Only entries flagged for follow-up.")]
YesOpt = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]


def open_journal(create: bool = True) -> Journal:
    from reflect.config import paths
    from reflect.store import Journal

    p = paths()
    if create and _first_run_in_a_terminal(p.journal):
        from reflect.commands.privacy import create_journal

        create_journal(p, encrypt=None)
    journal = Journal.open(p, create=create)
    _after_open(journal)
    return journal


def _first_run_in_a_terminal(journal_file: Path) -> bool:
    """No journal yet and someone at the keyboard: ask about encryption before the first entry, as `init` does.
    Scripts (no terminal) get a plain journal silently; `reflect init --encrypt` is theirs to run."""
    import sys

    from reflect.journal_file import check_path

    if check_path(journal_file):
        return False
    return sys.stdin.isatty() and sys.stderr.isatty()


def _after_open(journal: Journal) -> None:
    """Per-journal privacy set-up for this command: the user's identifier lists, and the once-only reminder that a
    closed client's retention period has ended."""
    import sys
    from datetime import date

    from reflect.errors import ReflectError
    from reflect.store_privacy import retention_years_setting

    deny, allow = journal.privacy_terms("deny"), journal.privacy_terms("allow")
    # The detector's regexes and word lists cost ~20 ms to import: a command that never scans text (list, search)
    # skips it. Until it is imported its lists are empty, so there is nothing to replace.
    if deny or allow or "reflect.identifiers" in sys.modules:
        from reflect import identifiers

        identifiers.use_lists(deny, allow)
    try:
        due = journal.retention_reminders_due(retention_years_setting(), date.today())
    except ReflectError:
        return  # a bad retention setting is reported by `reflect retention`, not by every command
    if due:
        from reflect.render import plural
        from reflect.render.console import message

        codes = ", ".join(r["client"] for r in due[:5]) + (" ..." if len(due) > 5 else "")
        message(
            f"Reminder: the retention period has ended for {plural(len(due), 'closed client')} ({codes}); "
            "`reflect retention` lists them, `reflect purge --client CODE` erases one."
        )


def parse_day_option(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    from reflect.dates import parse_day
    from reflect.errors import UsageError

    try:
        return parse_day(value)
    except ValueError as exc:
        raise UsageError(f"{option}: {exc}.") from None


def client_option(value: str | None) -> str | None:
    if value is None:
        return None
    from reflect.models import normalise_client_code

    return normalise_client_code(value)


def entry_filter(
    client: str | None = None,
    since: str | None = None,
    until: str | None = None,
    tag: str | None = None,
    flagged: bool = False,
    limit: int | None = None,
) -> EntryFilter:
    from reflect.errors import UsageError
    from reflect.store import EntryFilter

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
