"""Options and helpers shared by several commands."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import typer

from reflect.flows import completion
from reflect.flows.journal import open_journal, require_terminal
from reflect.flows.options import client_option, document_format, entry_filter, parse_day_option

# every command opens the journal, and turns option values into the journal's, through here
__all__ = ["client_option", "document_format", "entry_filter", "open_journal", "parse_day_option", "require_terminal"]


def option(
    *names: str, help: str, metavar: str | None = None, values: Callable[..., Any] | None = None, **checks: Any
) -> Any:
    """An option whose default (None, or an empty list) is not shown: `metavar` names the value's type in --help
    (DATE, CODE, ID ...), `values` offers the journal's own on Tab (flows/completion.py), `checks` are Typer's
    (min=, max=)."""
    return typer.Option(*names, help=help, show_default=False, metavar=metavar, autocompletion=values, **checks)


def argument(*, help: str, metavar: str, values: Callable[..., Any] | None = None) -> Any:
    """An argument shown as `metavar` in --help, with the journal's `values` offered on Tab; no default shown."""
    return typer.Argument(help=help, show_default=False, metavar=metavar, autocompletion=values)


JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON (data for other programs) instead of a table.")]
ClientOpt = Annotated[
    str | None,
    option("--client", "-c", help="Only this client code.", metavar="CODE", values=completion.client_codes),
]
SinceOpt = Annotated[
    str | None,
    option(
        "--since",
        help="From this day on: 'last monday', '2 weeks ago', 2026-03-01.",
        metavar="DATE",
        values=completion.days,
    ),
]
UntilOpt = Annotated[
    str | None,
    option(
        "--until",
        help="Up to and including this day: 'tomorrow', 'on the 3rd', 2026-03-31.",
        metavar="DATE",
        values=completion.until_days,
    ),
]
EntryIdArg = Annotated[
    str,
    argument(help="The entry's id, or a unique prefix of 6+ characters.", metavar="ID", values=completion.entry_ids),
]  # fmt: skip
TagOpt = Annotated[
    str | None,
    option("--tag", "-t", help="Only entries with this tag.", metavar="TAG", values=completion.tags),
]
FlaggedOpt = Annotated[bool, typer.Option("--flagged", help="Only entries flagged for follow-up.")]
YesOpt = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]
