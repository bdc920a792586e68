"""search: full-text search over every free-text field, best matches first."""

from __future__ import annotations

from typing import Annotated

import typer

from reflect.commands.common import (
    ClientOpt,
    FlaggedOpt,
    JsonOpt,
    SinceOpt,
    TagOpt,
    UntilOpt,
    entry_filter,
    open_journal,
)


def search(
    query: Annotated[
        str,
        typer.Argument(
            help='Words to find. "a phrase", prefix*, AND / OR / NOT (or -word), ( ) to group.', show_default=False
        ),
    ],
    client: ClientOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    tag: TagOpt = None,
    flagged: FlaggedOpt = False,
    limit: Annotated[int, typer.Option("--limit", "-n", help="Show at most this many matches.")] = 20,
    include_private: Annotated[
        bool,
        typer.Option(
            "--include-private", help="Also search what an entry touched in you (resonance) and private answers."
        ),
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Search your entries' text, best matches first, with the matching words highlighted."""
    from reflect.render.console import print_json
    from reflect.render.search import results_json, search_outcome

    flt = entry_filter(client, since, until, tag, flagged, limit)
    with open_journal() as journal:
        hits, total = journal.search(query, flt, include_private=include_private, limit=limit)
        entries = {e.id: e for e in journal.load_entries([h.entry_id for h in hits])}
        empty = not hits and journal.count_entries() == 0
    if as_json:
        print_json(results_json(hits, entries))
        return
    search_outcome(hits, entries, total, empty=empty, include_private=include_private)
