"""Markdown and CSV exports: entries stream from the store, through one Redactor, into renderers, onto disk atomically.

JSON (transfer.py) moves a journal and is complete; these formats are for reading and sharing, so every one of them is
redacted (standard by default) and says so inside the document.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import IO

from reflect.domain.models import Entry
from reflect.errors import ReflectError
from reflect.privacy.private_answers import AnswerPrivacy
from reflect.privacy.redact import Level, Redactor
from reflect.render.redacted import redact_entry


def describe_scope(
    redactor: Redactor,
    *,
    client: str | None = None,
    since: date | None = None,
    until: date | None = None,
    tag: str | None = None,
    flagged: bool = False,
) -> str:
    """The filters in words, for the document's header; under strict a client code would undo the aliasing."""
    parts = []
    if client:
        parts.append("one client" if redactor.level is Level.STRICT else f"client {client}")
    if since and until:
        parts.append(f"sessions from {since.isoformat()} to {until.isoformat()}")
    elif since:
        parts.append(f"sessions from {since.isoformat()}")
    elif until:
        parts.append(f"sessions up to {until.isoformat()}")
    if tag:
        parts.append(f"tagged #{tag.lstrip('#').lower()}")
    if flagged:
        parts.append("flagged only")
    return ", ".join(parts) if parts else "all entries"


def _redacted(entries: Iterable[Entry], redactor: Redactor, privacy: AnswerPrivacy) -> Iterator[Entry]:
    for entry in entries:
        yield redact_entry(entry, redactor, privacy)


def write_markdown_document(
    entries: Iterable[Entry], redactor: Redactor, privacy: AnswerPrivacy, fh: IO[str], *, scope: str
) -> int:
    from reflect.domain.dates import now_utc
    from reflect.render.formatting import local_time
    from reflect.render.markdown import document_header, entry_markdown

    fh.write(document_header(redactor, exported=local_time(now_utc(), "%Y-%m-%d"), scope=scope))
    count = 0
    for entry in _redacted(entries, redactor, privacy):
        fh.write(entry_markdown(entry, heading="##", redactor=redactor, asked=privacy.asked(entry.pack)))
        fh.write("\n")
        count += 1
    if not count:
        fh.write("No entries matched.\n")
    return count


def write_markdown_folder(entries: Iterable[Entry], redactor: Redactor, privacy: AnswerPrivacy, folder: Path) -> int:
    """One file per entry, front matter first; each file written atomically (0600) into a 0700 folder."""
    from reflect.io.transfer import atomic_output
    from reflect.render.markdown import entry_markdown, front_matter, redaction_note, split_file_name

    folder = export_folder(folder, "--split")
    count = 0
    for entry in _redacted(entries, redactor, privacy):
        count += 1
        with atomic_output(folder / split_file_name(entry, redactor, count)) as fh:
            fh.write(front_matter(entry, redactor))
            fh.write("\n")
            fh.write(entry_markdown(entry, heading="#", redactor=redactor, asked=privacy.asked(entry.pack)))
            fh.write(f"\n---\n\n*{redaction_note(redactor)}*\n")
    return count


def export_folder(folder: Path, needs: str) -> Path:
    """The folder an export writes files into: made owner-only (0700) when new; its parent must exist."""
    folder = folder.expanduser()
    if folder.exists() and not folder.is_dir():
        raise ReflectError(f"{folder} is a file; {needs} needs a folder.")
    if not folder.exists():
        if not folder.parent.is_dir():
            raise ReflectError(f"the folder {folder.parent} does not exist.")
        os.mkdir(folder, 0o700)
    return folder


def write_csv_document(entries: Iterable[Entry], redactor: Redactor, privacy: AnswerPrivacy, fh: IO[str]) -> int:
    from reflect.render.csvfile import write_csv

    return write_csv(_redacted(entries, redactor, privacy), redactor, fh)
