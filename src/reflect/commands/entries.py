"""Writing and reviewing entries: new, resume, drafts, list, show, edit, delete, clients."""

from __future__ import annotations

from typing import Annotated

import typer

from reflect.commands import completers
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
)


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
    from reflect.domain.models import entry_to_dict
    from reflect.render.console import message, out, print_json
    from reflect.render.entries import entries_table

    flt = entry_filter(client, since, until, tag, flagged, limit)
    with open_journal() as journal:
        rows = journal.list_entries(flt)
        if as_json:
            print_json([entry_to_dict(e) for e in rows])
            return
        if not rows:
            message("No entries match." if journal.count_entries() else "No entries yet: `reflect new` writes one.")
            return
        total = journal.count_entries(entry_filter(client, since, until, tag, flagged))
    out().print(entries_table(rows, width=out().width))
    if total > len(rows):
        message(f"{len(rows)} of {total} entries; --limit shows more.", style="dim")


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
    import sys

    from reflect.errors import UsageError
    from reflect.render.console import message
    from reflect.render.entries import local

    with open_journal(create=False) as journal:
        entry = journal.get_entry(journal.resolve_id(entry_id))
        if not yes:
            if not sys.stdin.isatty():
                raise UsageError("delete asks for confirmation; use --yes when there is no terminal.")
            from reflect.interview.asker import confirm

            label = (
                f"Delete the entry for {entry.client}, session {entry.session_number or '?'} "
                f"({local(entry.session_at)})?"
            )
            if not confirm(label, default=False):
                message("Nothing deleted.")
                return
        journal.delete_entry(entry.id)
    message(f"Deleted entry {entry.id[:8]}.")


def clients(as_json: JsonOpt = False) -> None:
    """List client codes with their number of sessions and last session."""
    from rich.table import Table

    from reflect.domain.dates import stored_time
    from reflect.render.console import message, out, print_json
    from reflect.render.entries import local

    with open_journal() as journal:
        rows = journal.clients_summary()
    if as_json:
        print_json(rows)
        return
    if not rows:
        message("No clients yet: `reflect new` creates one.")
        return
    table = Table(box=None, pad_edge=False, header_style="bold")
    for col, justify in (
        ("client", "left"),
        ("sessions", "right"),
        ("first", "left"),
        ("last", "left"),
        ("closed", "left"),
    ):
        table.add_column(col, justify=justify)  # type: ignore[arg-type]
    for r in rows:
        table.add_row(
            r["client"],
            str(r["sessions"]),
            local(stored_time(r["first_session"]), "%Y-%m-%d") if r["first_session"] else "",
            local(stored_time(r["last_session"]), "%Y-%m-%d") if r["last_session"] else "",
            r["closed_on"] or "",
        )
    out().print(table)


def drafts(
    as_json: JsonOpt = False,
    discard: Annotated[
        str | None,
        typer.Option(
            "--discard",
            help="Discard the draft with this id (prefix).",
            show_default=False,
            metavar="ID",
            autocompletion=completers.draft_ids,
        ),
    ] = None,
    yes: YesOpt = False,
) -> None:
    """List unfinished entries (drafts), or discard one."""
    from rich.table import Table

    from reflect.domain.dates import iso
    from reflect.render.console import message, out, print_json
    from reflect.render.entries import local

    with open_journal() as journal:
        if discard:
            draft = journal.get_draft(discard)
            journal.delete_draft(draft.id)
            message(f"Discarded draft {draft.id[:8]}.")
            return
        rows = journal.drafts()
    if as_json:
        print_json(
            [
                {
                    "id": d.id,
                    "pack": d.pack,
                    "client": d.client,
                    "edits_entry": d.entry_id,
                    "answered": len(d.state.get("done", [])),
                    "created_at": iso(d.created_at),
                    "updated_at": iso(d.updated_at),
                }
                for d in rows
            ]
        )
        return
    if not rows:
        message("No drafts.")
        return
    table = Table(box=None, pad_edge=False, header_style="bold")
    for col in ("id", "client", "pack", "answered", "last touched", "kind"):
        table.add_column(col)
    for d in rows:
        table.add_row(
            d.id[:8], d.client or "?", d.pack, str(len(d.state.get("done", []))),
            local(d.updated_at, "%Y-%m-%d %H:%M"), "edit " + d.entry_id[:8] if d.entry_id else "new",
        )  # fmt: skip
    out().print(table)
    message("`reflect resume ID` continues a draft; `reflect drafts --discard ID` throws one away.", style="dim")
