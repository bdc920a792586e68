"""export and import: move a journal in and out."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from reflect.commands.common import ClientOpt, FlaggedOpt, SinceOpt, TagOpt, UntilOpt, entry_filter, open_journal

FORMATS = ("json", "markdown", "csv")


def export(
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="json (the whole journal, reflect/1), markdown or csv.")
    ] = "json",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file (default: standard output); with "
                                     "--split, the folder to write into.", show_default=False)
    ] = None,
    split: Annotated[bool, typer.Option("--split", help="Markdown: one file per entry (with YAML front matter) "
                                        "in the --output folder.")] = False,
    client: ClientOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    tag: TagOpt = None,
    flagged: FlaggedOpt = False,
    strict: Annotated[bool, typer.Option("--strict", help="Markdown/CSV: no free text, dates as weeks, client "
                                         "aliases (for sharing outside supervision).")] = False,
    no_redact: Annotated[bool, typer.Option("--no-redact", help="Markdown/CSV: do not mask identifiers.")] = False,
    include_private: Annotated[bool, typer.Option("--include-private", help="Markdown/CSV: include resonance and "
                                                  "private answers.")] = False,
) -> None:
    """Export entries. JSON moves your journal and is complete; Markdown and CSV are redacted (standard by default)."""
    from reflect.errors import UsageError
    from reflect.render.console import message

    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; available: {', '.join(FORMATS)}.")
    if split and fmt != "markdown":
        raise UsageError("--split is for --format markdown.")
    if split and output is None:
        raise UsageError("--split writes one file per entry: give the folder with --output FOLDER.")
    flt = entry_filter(client, since, until, tag, flagged)
    if fmt == "json":
        if strict or no_redact or include_private:
            raise UsageError("JSON export is the complete journal; --strict, --no-redact and --include-private are "
                             "for --format markdown or csv.")
        from reflect.transfer import atomic_output, write_json_document

        with open_journal() as journal, atomic_output(output) as fh:
            count = write_json_document(journal.iter_entries(flt), fh)
        where = f" to {output}" if output else ""
        message(f"Exported {count} entries{where}. This JSON is complete and unredacted: "
                "keep it as private as the journal.")
        return

    from reflect import exports
    from reflect.redact import Redactor
    from reflect.transfer import atomic_output

    redactor = Redactor.from_options(strict=strict, no_redact=no_redact, include_private=include_private)
    scope = exports.describe_scope(redactor, client=flt.client, since=flt.since, until=flt.until, tag=flt.tag,
                                   flagged=flt.flagged)  # fmt: skip
    with open_journal() as journal:
        privacy = journal._answer_privacy
        entries = journal.iter_entries(flt)
        if split:
            assert output is not None
            count = exports.write_markdown_folder(entries, redactor, privacy, output)
        else:
            with atomic_output(output) as fh:
                if fmt == "markdown":
                    count = exports.write_markdown_document(entries, redactor, privacy, fh, scope=scope)
                else:
                    count = exports.write_csv_document(entries, redactor, privacy, fh)
    where = f" to {output}" if output else ""
    files = f" as {count} files" if split else ""
    message(f"Exported {count} entries{where}{files}; redaction {redactor.level.value}"
            f"{', private fields included' if include_private else ''}. Plaintext: keep it private.")


def import_(
    file: Annotated[str, typer.Argument(help="The file to import, or - for standard input.", show_default=False)],
    source: Annotated[
        str, typer.Option("--from", help="reflect (a reflect/1 JSON export) or jrnl (a jrnl journal or its JSON "
                          "export).")
    ] = "reflect",
    client: Annotated[
        str | None, typer.Option("--client", "-c", help="With --from jrnl: the client code for every entry "
                                    "(jrnl has no clients).", show_default=False)
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the counts as JSON.")] = False,
) -> None:
    """Import entries: merges by id (a newer updated_at wins); all or nothing."""
    from reflect.errors import UsageError
    from reflect.render.console import message, print_json
    from reflect.transfer import open_input, read_json_document

    if source not in ("reflect", "jrnl"):
        raise UsageError(f"unknown source {source!r}; available: reflect, jrnl.")
    if source == "jrnl" and client is None:
        raise UsageError("jrnl has no clients: give the client code for these entries with --client CODE.")
    if source == "reflect" and client is not None:
        raise UsageError("--client is for --from jrnl; a reflect/1 file names each entry's client.")
    if source == "jrnl":
        from reflect import jrnl
        from reflect.commands.common import client_option

        code = client_option(client)
        assert code is not None
        with open_input(file) as fh:
            parsed = jrnl.read(fh)
        with open_journal() as journal:
            counts = journal.import_entries(jrnl.to_entries(parsed, code))
    else:
        with open_journal() as journal, open_input(file) as fh:
            counts = journal.import_entries(read_json_document(fh))
    if as_json:
        print_json(counts.as_dict())
        return
    message(
        f"Imported: {counts.added} added, {counts.updated} updated, {counts.unchanged} unchanged, "
        f"{counts.conflicting} conflicting (kept yours)."
    )
    for entry_id in counts.conflicts[:10]:
        message(f"  conflict: {entry_id} is newer or edited at the same time in this journal", style="dim")


def register(app: typer.Typer) -> None:
    app.command("export")(export)
    app.command("import")(import_)
