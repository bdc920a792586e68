"""Writing and reviewing entries: new, resume, drafts, list, show, edit, delete, clients."""

from __future__ import annotations

from typing import Annotated

import typer

from reflect.commands.common import (
    ClientOpt,
    EntryIdArg,
    FlaggedOpt,
    JsonOpt,
    SinceOpt,
    TagOpt,
    UntilOpt,
    YesOpt,
    entry_filter,
    open_journal,
    option,
)
from reflect.flows import completion


def list_entries(
    client: ClientOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    tag: TagOpt = None,
    flagged: FlaggedOpt = False,
    limit: Annotated[int, typer.Option("--limit", "-n", help="Show at most this many entries.")] = 20,
    as_json: JsonOpt = False,
) -> None:
    """List entries, newest first."""
    from dataclasses import replace

    from reflect.domain.models import entry_to_dict
    from reflect.render.console import message, print_json
    from reflect.render.entry_list import entry_list_lines, more_entries
    from reflect.render.plain import terminal_width, write_lines

    flt = entry_filter(client, since, until, tag, flagged, limit)
    with open_journal() as journal:
        rows = journal.list_entries(flt)
        if as_json:
            print_json([entry_to_dict(e) for e in rows])
            return
        if not rows:
            message("No entries match." if journal.count_entries() else "No entries yet: `reflect new` writes one.")
            return
        total = journal.count_entries(replace(flt, limit=None))  # the same filter: its dates said once
    write_lines(entry_list_lines(rows, terminal_width()))
    more_entries(len(rows), total)


def show(
    entry_id: EntryIdArg,
    as_json: JsonOpt = False,
    markdown: Annotated[bool, typer.Option("--markdown", help="Print the entry as Markdown.")] = False,
) -> None:
    """Show one entry in full."""
    from reflect.domain.models import entry_to_dict
    from reflect.render.console import out, print_json

    with open_journal(create=False) as journal:
        entry = journal.get_entry(journal.resolve_id(entry_id))
    if as_json:
        print_json(entry_to_dict(entry))
        return
    from reflect.config import paths
    from reflect.privacy.private_answers import AnswerPrivacy

    asked = AnswerPrivacy(paths().user_prompts).asked(entry.pack) if entry.answers else {}
    if markdown:
        from reflect.render.markdown import entry_markdown

        out().file.write(entry_markdown(entry, heading="#", asked=asked))
    else:
        from reflect.render.entries import entry_view

        out().print(entry_view(entry, asked=asked))


def delete(entry_id: EntryIdArg, yes: YesOpt = False) -> None:
    """Delete an entry (asks first)."""
    from reflect.flows.protection import confirm
    from reflect.render.console import message
    from reflect.render.formatting import local_time

    with open_journal(create=False) as journal:
        entry = journal.get_entry(journal.resolve_id(entry_id))
        when = local_time(entry.session_at)
        label = f"Delete the entry for {entry.client}, session {entry.session_number or '?'} ({when})?"
        if not yes and not confirm(label, what="delete"):
            message("Nothing deleted.")
            return
        journal.delete_entry(entry.id)
    message(f"Deleted entry {entry.id[:8]}.")


def clients(as_json: JsonOpt = False) -> None:
    """List client codes with their number of sessions and last session."""
    from reflect.render.console import print_json
    from reflect.render.entries import print_clients

    with open_journal() as journal:
        rows = journal.clients_summary()
    print_json(rows) if as_json else print_clients(rows)


def drafts(
    as_json: JsonOpt = False,
    discard: Annotated[
        str | None,
        option("--discard", help="Discard the draft with this id (prefix).", metavar="ID", values=completion.draft_ids),
    ] = None,
    yes: YesOpt = False,
) -> None:
    """List unfinished entries (drafts), or discard one."""
    from reflect.render.console import message, print_json
    from reflect.render.entries import draft_to_dict, print_drafts

    with open_journal() as journal:
        if discard:
            draft = journal.get_draft(discard)
            journal.delete_draft(draft.id)
            message(f"Discarded draft {draft.id[:8]}.")
            return
        rows = journal.drafts()
    print_json([draft_to_dict(d) for d in rows]) if as_json else print_drafts(rows)
