"""export and import: move a journal in and out."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from reflect.commands.common import ClientOpt, FlaggedOpt, SinceOpt, TagOpt, UntilOpt, entry_filter, open_journal


def export(
    fmt: Annotated[str, typer.Option("--format", "-f", help="Output format: json (the whole journal, reflect/1).")] = "json",
    output: Annotated[
        Optional[Path], typer.Option("--output", "-o", help="Write to this file (default: standard output).",
                                     show_default=False)
    ] = None,
    client: ClientOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    tag: TagOpt = None,
    flagged: FlaggedOpt = False,
    redact: Annotated[bool, typer.Option("--redact", help="JSON: mask detected identifiers and leave out private "
                                         "fields (the standard level).")] = False,
    strict: Annotated[bool, typer.Option("--strict", help="No free text, dates as week numbers, client codes "
                                         "replaced by aliases (for sharing outside your training setting).")] = False,
    include_private: Annotated[bool, typer.Option("--include-private", help="With --redact/--strict: keep private "
                                                  "fields (resonance, private answers).")] = False,
) -> None:
    """Export entries: JSON moves your own journal and is complete unless --redact or --strict."""
    from reflect.errors import UsageError
    from reflect.render.console import message
    from reflect.transfer import atomic_output, write_json_document

    if fmt != "json":
        raise UsageError(f"unknown format {fmt!r}; available: json.")
    redactor = None
    if redact or strict:
        from reflect.redact import Redactor

        redactor = Redactor.from_options(strict=strict, include_private=include_private)
    elif include_private:
        raise UsageError("--include-private goes with --redact or --strict (the complete JSON has everything).")
    flt = entry_filter(client, since, until, tag, flagged)
    with open_journal() as journal, atomic_output(output) as fh:
        # Supervision meetings belong to no client: they travel with whole-journal exports (and date ranges), and
        # only complete ones: their notes are free text a redactor cannot vouch for.
        whole_journal = not (flt.client or flt.tag or flt.flagged)
        meetings = journal.meetings(flt.since, flt.until) if whole_journal and redactor is None else []
        count = write_json_document(journal.iter_entries(flt), fh, redactor, meetings=meetings)
    where = f" to {output}" if output else ""
    if redactor is None:
        message(f"Exported {count} entries{where}. This JSON is complete and unredacted: keep it as private as the "
                "journal.")  # fmt: skip
    else:
        message(f"Exported {count} entries{where}, redacted ({redactor.level.description}).")


def import_(
    file: Annotated[str, typer.Argument(help="A reflect/1 JSON file, or - for standard input.", show_default=False)],
    as_json: Annotated[bool, typer.Option("--json", help="Print the counts as JSON.")] = False,
) -> None:
    """Import a reflect/1 JSON file: merges by id (a newer updated_at wins); all or nothing."""
    from reflect.render.console import message, print_json
    from reflect.transfer import open_input, read_json_document

    meetings: list = []
    with open_journal() as journal, open_input(file) as fh:
        counts = journal.import_entries(read_json_document(fh, meetings=meetings))
        meeting_counts = journal.import_meetings(meetings)
    if as_json:
        print_json({**counts.as_dict(), **({"supervision_meetings": meeting_counts} if meetings else {})})
        return
    if meetings:
        m = meeting_counts
        message(f"Supervision meetings: {m['added']} added, {m['updated']} updated, {m['unchanged']} unchanged, "
                f"{m['conflicting']} conflicting (kept yours).")  # fmt: skip
    message(
        f"Imported: {counts.added} added, {counts.updated} updated, {counts.unchanged} unchanged, "
        f"{counts.conflicting} conflicting (kept yours)."
    )
    for entry_id in counts.conflicts[:10]:
        message(f"  conflict: {entry_id} is newer or edited at the same time in this journal", style="dim")


def register(app: typer.Typer) -> None:
    app.command("export")(export)
    app.command("import")(import_)
