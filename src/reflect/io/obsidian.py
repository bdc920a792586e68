"""An Obsidian vault export: redacted notes written into a folder, updated in place by the next export.

A note is reflect's when its front matter says `generator: reflect`. An export writes each of its notes only when the
text differs from what is there (so Obsidian and sync tools see only what changed), removes the notes of its own that
no longer have an entry (deleted or purged), and never writes over, or deletes, a note without the marker: those are
the user's.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from reflect.domain.models import Entry
from reflect.privacy.private_answers import AnswerPrivacy
from reflect.privacy.redact import Redactor
from reflect.render.redacted import redact_entry


@dataclass
class VaultChanges:
    entries: int = 0
    written: list[str] = field(default_factory=list)  # notes created or updated
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)  # reflect's notes whose entry is gone
    kept_users: list[str] = field(default_factory=list)  # a user's note where reflect would have written: left alone


def _ours(path: Path) -> bool:
    """A note reflect wrote: the marker in its front matter (the first lines, before the closing ---)."""
    from reflect.render.obsidian import GENERATOR

    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            head = fh.read(4096)
    except OSError:
        return False
    if not head.startswith("---\n"):
        return False
    matter = head[4:].split("\n---", 1)[0]
    return GENERATOR in matter.splitlines()


def write_vault(entries: Iterable[Entry], redactor: Redactor, privacy: AnswerPrivacy, vault: Path, *, scope: str,
                prep_markdown: str | None) -> VaultChanges:  # fmt: skip
    from reflect.io.exports import export_folder
    from reflect.render.markdown import split_file_name
    from reflect.render.obsidian import (
        CLIENTS,
        ENTRIES,
        INDEX,
        PREP,
        EntryNote,
        client_note,
        entry_note,
        index_note,
        prep_note,
    )

    vault = export_folder(vault, "the vault export")
    notes: dict[str, str] = {}  # vault path without .md -> text
    by_client: dict[str, list[EntryNote]] = {}
    count = 0
    for entry in entries:
        count += 1
        shown = redact_entry(entry, redactor, privacy)
        name = f"{ENTRIES}/{split_file_name(shown, redactor, count).removesuffix('.md')}"
        note = EntryNote(name, shown.client, redactor.when(shown.session_at), shown.session_number)
        notes[name] = entry_note(shown, redactor, note, privacy.asked(shown.pack))
        by_client.setdefault(shown.client, []).append(note)
    for client, client_notes in by_client.items():
        client_notes.sort(key=lambda n: n.name)
        notes[f"{CLIENTS}/{client}"] = client_note(client, client_notes, redactor)
    if prep_markdown is not None:
        notes[PREP] = prep_note(prep_markdown)
    has_prep = prep_markdown is not None
    notes[INDEX] = index_note(dict(sorted(by_client.items())), redactor, scope=scope, has_prep=has_prep)

    changes = VaultChanges(entries=count)
    for name, text in notes.items():
        _write_note(vault, name, text, changes)
    wanted = {vault / f"{name}.md" for name in notes}
    for sub in (ENTRIES, CLIENTS):
        folder = vault / sub
        for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
            if path not in wanted and _ours(path):
                path.unlink()
                changes.removed.append(str(path.relative_to(vault)))
    return changes


def _write_note(vault: Path, name: str, text: str, changes: VaultChanges) -> None:
    from reflect.io.transfer import atomic_output

    path = vault / f"{name}.md"
    if path.parent != vault and not path.parent.exists():
        os.mkdir(path.parent, 0o700)
    if path.exists():
        if not _ours(path):
            changes.kept_users.append(str(path.relative_to(vault)))
            return
        try:
            if path.read_text(encoding="utf-8") == text:
                changes.unchanged += 1
                return
        except (OSError, UnicodeDecodeError):
            pass
    with atomic_output(path) as fh:
        fh.write(text)
    changes.written.append(str(path.relative_to(vault)))
