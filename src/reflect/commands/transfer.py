"""export and import: move a journal in and out."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from reflect.commands.common import ClientOpt, FlaggedOpt, SinceOpt, TagOpt, UntilOpt, entry_filter, option
from reflect.flows import completion


def export(
    fmt: Annotated[
        str,
        typer.Option(
            "--format", "-f", help="json (the whole journal, reflect/1), markdown (md), csv, or obsidian (a vault)."
        ),
    ] = "json",
    output: Annotated[
        Path | None,
        option(
            "--output",
            "-o",
            help="Write to this file (default: standard output); with --split, the folder to write into.",
        ),
    ] = None,
    split: Annotated[
        bool,
        typer.Option("--split", help="Markdown: one file per entry (with YAML front matter) in the --output folder."),
    ] = False,
    client: ClientOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    tag: TagOpt = None,
    flagged: FlaggedOpt = False,
    redact: Annotated[
        bool,
        typer.Option(
            "--redact",
            help="Mask detected identifiers and leave out private fields "
            "(the standard level; Markdown and CSV have it by default).",
        ),
    ] = False,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="No free text, dates as week numbers, client codes "
            "replaced by aliases (for sharing outside supervision).",
        ),
    ] = False,
    no_redact: Annotated[bool, typer.Option("--no-redact", help="Markdown/CSV: do not mask identifiers.")] = False,
    include_private: Annotated[
        bool,
        typer.Option("--include-private", help="With redaction: keep private fields (resonance, private answers)."),
    ] = False,
) -> None:
    """Export entries: JSON (complete unless --redact/--strict), or redacted Markdown or CSV.

    JSON moves your own journal and keeps everything; Markdown and CSV are for reading and sharing, and mask
    identifiers by default."""
    from reflect.flows import transfer

    fmt = transfer.export_format(fmt, output, split=split, redact=redact, no_redact=no_redact)
    transfer.export(
        fmt,
        output,
        entry_filter(client, since, until, tag, flagged),
        split=split,
        redact=redact,
        strict=strict,
        no_redact=no_redact,
        include_private=include_private,
    )


def import_(
    file: Annotated[str, typer.Argument(help="The file to import, or - for standard input.", show_default=False)],
    source: Annotated[
        str,
        typer.Option("--from", help="reflect (a reflect/1 JSON export) or jrnl (a jrnl journal or its JSON export)."),
    ] = "reflect",
    client: Annotated[
        str | None,
        option(
            "--client",
            "-c",
            help="With --from jrnl: the client code for every entry (jrnl has no clients).",
            metavar="CODE",
            values=completion.client_codes,
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the counts as JSON.")] = False,
) -> None:
    """Import entries: merges by id (a newer updated_at wins); all or nothing."""
    from reflect.flows.transfer import import_ as run

    run(file, source, client, as_json)
