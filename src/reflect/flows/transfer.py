"""Moving a journal in and out: exporting entries (the complete reflect/1 JSON, or redacted Markdown, CSV and an
Obsidian vault) and importing a reflect/1 document or a jrnl journal, all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from reflect.flows.journal import open_journal
from reflect.render.formatting import entry_count

if TYPE_CHECKING:
    from reflect.domain.entry_filter import EntryFilter
    from reflect.privacy.redact import Redactor

FORMATS = ("json", "markdown", "csv", "obsidian")
FORMAT_ALIASES = {"md": "markdown"}  # what people type from file extensions


def export_format(given: str, output: Path | None, *, split: bool, redact: bool, no_redact: bool) -> str:
    """The export format `--format` names (checked with the options that depend on it, before the filter is)."""
    from reflect.errors import UsageError

    fmt = FORMAT_ALIASES.get(given.lower(), given.lower())
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {given!r}; available: {', '.join(FORMATS)}.")
    if split and fmt != "markdown":
        raise UsageError("--split is for --format markdown.")
    if split and output is None:
        raise UsageError("--split writes one file per entry: give the folder with --output FOLDER.")
    if fmt == "obsidian" and output is None:
        raise UsageError("--format obsidian writes notes into a vault: give its folder with --output VAULT.")
    if no_redact and redact:
        raise UsageError("--redact and --no-redact contradict each other; choose one.")
    return fmt


def export(
    fmt: str,
    output: Path | None,
    flt: EntryFilter,
    *,
    split: bool,
    redact: bool,
    strict: bool,
    no_redact: bool,
    include_private: bool,
) -> None:
    """Write the entries `flt` selects in `fmt` (from `export_format`), redacted as the options say; say where."""
    from reflect.errors import UsageError
    from reflect.io.transfer import atomic_output
    from reflect.render.console import message

    where = f" to {output}" if output else ""
    if fmt == "json":
        if no_redact:
            raise UsageError("JSON export is complete unless you ask for --redact or --strict; --no-redact is for "
                             "--format markdown or csv.")  # fmt: skip
        if include_private and not (redact or strict):
            raise UsageError("--include-private goes with --redact or --strict (the complete JSON has everything).")
        if not (redact or strict):
            _export_json(flt, output, None)  # complete: the identifier detector is not loaded
            return
        from reflect.privacy.redact import Redactor

        _export_json(flt, output, Redactor.from_options(strict=strict, include_private=include_private))
        return

    from reflect.io import exports
    from reflect.privacy.redact import Redactor

    redactor = Redactor.from_options(strict=strict, no_redact=no_redact, include_private=include_private)
    scope = exports.describe_scope(redactor, client=flt.client, since=flt.since, until=flt.until, tag=flt.tag,
                                   flagged=flt.flagged)  # fmt: skip
    with open_journal() as journal:
        privacy = journal._answer_privacy
        entries = journal.iter_entries(flt)
        if fmt == "obsidian":
            assert output is not None
            _export_vault(journal, entries, redactor, privacy, output, scope)
            return
        if split:
            assert output is not None
            count = exports.write_markdown_folder(entries, redactor, privacy, output)
        else:
            with atomic_output(output) as fh:
                if fmt == "markdown":
                    count = exports.write_markdown_document(entries, redactor, privacy, fh, scope=scope)
                else:
                    count = exports.write_csv_document(entries, redactor, privacy, fh)
    files = f" as {count} files" if split else ""
    message(
        f"Exported {entry_count(count)}{where}{files}; redaction {redactor.description}. Plaintext: keep it private."
    )


def _export_vault(journal, entries, redactor, privacy, vault: Path, scope: str) -> None:
    """The entries as notes in an Obsidian vault, with the latest supervision preparation; notes you added stay."""
    from datetime import datetime

    from reflect.flows.prep import latest_prep_markdown
    from reflect.io.obsidian import write_vault
    from reflect.render.console import message

    prep = latest_prep_markdown(journal, redactor, datetime.now().astimezone())
    changes = write_vault(entries, redactor, privacy, vault, scope=scope, prep_markdown=prep)
    message(f"Exported {changes.entries} entries to the vault {vault}: {len(changes.written)} notes written, "
            f"{changes.unchanged} unchanged, {len(changes.removed)} removed (their entries are gone); redaction "
            f"{redactor.description}. Plaintext: keep the vault as private as the journal.")  # fmt: skip
    if changes.kept_users:
        message(f"Left alone, as they are not reflect's: {', '.join(changes.kept_users)}.")


def _export_json(flt: EntryFilter, output: Path | None, redactor: Redactor | None) -> None:
    from reflect.io.transfer import atomic_output, write_json_document
    from reflect.render.console import message
    from reflect.render.progress import counted, progress, wanted

    with open_journal() as journal, atomic_output(output) as fh:
        total = journal.count_entries(flt) if wanted() else None
        # Supervision meetings belong to no client: they travel with whole-journal exports (and date ranges), and
        # only complete ones: their notes are free text a redactor cannot vouch for.
        whole_journal = not (flt.client or flt.tag or flt.flagged)
        meetings = journal.meetings(flt.since, flt.until) if whole_journal and redactor is None else []
        # Practice attempts hold no client data: they travel on the same terms as meetings, and so does CPD.
        practice = journal.practice.attempts_in_days(flt.since, flt.until) if whole_journal and redactor is None else []
        cpd = journal.records.cpd_activities(flt.since, flt.until) if whole_journal and redactor is None else []
        with progress("Exporting", total) as advance:
            entries = counted(journal.iter_entries(flt), advance)
            count = write_json_document(entries, fh, redactor, meetings=meetings, practice=practice, cpd=cpd)
    where = f" to {output}" if output else ""
    if redactor is None:
        message(f"Exported {entry_count(count)}{where}. This JSON is complete and unredacted: keep it as private as "
                "the journal.")  # fmt: skip
    else:
        message(f"Exported {entry_count(count)}{where}, redacted ({redactor.description}).")


def import_(file: str, source: str, client: str | None, as_json: bool) -> None:
    """Merge a reflect/1 document (entries, meetings, practice, CPD) or a jrnl journal into the journal, all or
    nothing, and report the counts."""
    from reflect.errors import UsageError
    from reflect.flows.pattern_report import event_groups
    from reflect.io.transfer import input_position, open_input, read_json_document
    from reflect.render.console import message, print_json
    from reflect.render.progress import counted, progress

    meetings: list = []
    meeting_counts: dict[str, int] = {}
    practice: list = []
    practice_counts: dict[str, int] = {}
    cpd: list = []
    cpd_counts: dict[str, int] = {}
    if source not in ("reflect", "jrnl"):
        raise UsageError(f"unknown source {source!r}; available: reflect, jrnl.")
    if source == "jrnl" and client is None:
        raise UsageError("jrnl has no clients: give the client code for these entries with --client CODE.")
    if source == "reflect" and client is not None:
        raise UsageError("--client is for --from jrnl; a reflect/1 file names each entry's client.")
    if source == "jrnl":
        from reflect.domain.models import normalise_client_code
        from reflect.io import jrnl

        assert client is not None
        code = normalise_client_code(client)
        with open_input(file) as fh:
            parsed = jrnl.read(fh)
        with open_journal() as journal:
            counts = journal.import_entries(jrnl.to_entries(parsed, code), event_groups=event_groups())
    else:
        with open_journal() as journal, open_input(file) as fh, journal.write():  # entries and meetings: all or none
            total, position = input_position(fh)
            with progress("Importing", total, unit="bytes" if total else "entries") as advance:
                entries = read_json_document(fh, meetings=meetings, practice=practice, cpd=cpd)
                counts = journal.import_entries(counted(entries, advance, position), event_groups=event_groups())
            meeting_counts = journal.import_meetings(meetings)
            practice_counts = journal.practice.import_attempts(practice)
            cpd_counts = journal.records.import_cpd(cpd)
    if as_json:
        print_json({**counts.as_dict(), **({"supervision_meetings": meeting_counts} if meetings else {}),
                    **({"practice_attempts": practice_counts} if practice else {}),
                    **({"cpd_activities": cpd_counts} if cpd else {})})  # fmt: skip
        return
    if practice:
        message(f"Practice attempts: {practice_counts['added']} added, {practice_counts['unchanged']} already here.")
    if cpd:
        c = cpd_counts
        message(f"CPD activities: {c['added']} added, {c['updated']} updated, {c['unchanged']} unchanged, "
                f"{c['conflicting']} conflicting (kept yours).")  # fmt: skip
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
