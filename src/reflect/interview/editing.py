"""Editing an entry as TOML in $EDITOR, safely.

The file lives in the journal's own 0700 tmp folder (never a shared /tmp), is 0600, and is removed afterwards. If the
editor is missing, fails, or the result does not validate, the entry stays as it was and the edited text is kept as
a draft in the journal, so the next `reflect edit ID --editor` starts from it instead of losing the work.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tomllib
from dataclasses import replace
from typing import Any

import tomli_w

from reflect.config import ensure_private_dir, paths
from reflect.domain.dates import now_utc
from reflect.domain.models import Entry, entry_to_dict, parse_entry
from reflect.errors import ReflectError, ValidationError
from reflect.store.journal import Journal

HEADER = """\
# Edit this entry, save and close the editor to update it. Delete every line to cancel.
# Leave id, created_at and updated_at as they are. Allowed values: see `reflect prompts vocabulary`.
"""


def entry_to_toml(entry: Entry) -> str:
    data = _drop_nones(entry_to_dict(entry))
    return HEADER + tomli_w.dumps(data, multiline_strings=True)


def _drop_nones(value: Any) -> Any:
    # TOML has no null: an absent key reads back as null, so dropping them round-trips.
    if isinstance(value, dict):
        return {k: _drop_nones(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_nones(v) for v in value]
    return value


def toml_to_entry(text: str, original: Entry) -> Entry:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValidationError(f"the edited entry is not valid TOML ({exc}).") from None
    if data.get("id") != original.id:
        raise ValidationError("the edited entry's id was changed; it must stay the same.")
    entry = parse_entry(data, where="edited entry", require_id=True)
    return replace(entry, created_at=original.created_at, updated_at=now_utc())


def editor_command() -> list[str]:
    value = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not value:
        raise ReflectError("no editor is set.", "Set $EDITOR (e.g. export EDITOR=nano), or edit without --editor.")
    return shlex.split(value)


def edit_in_editor(journal: Journal, entry: Entry) -> None:
    from reflect.render.console import message

    saved = next((d for d in journal.drafts() if d.entry_id == entry.id and "editor_text" in d.state), None)
    text = saved.state["editor_text"] if saved else entry_to_toml(entry)
    if saved:
        message("Continuing from your last unsaved edit of this entry.")
    command = editor_command()
    folder = ensure_private_dir(paths().private_tmp)
    path = folder / f"entry-{entry.id[:8]}.toml"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    try:
        try:
            result = subprocess.run([*command, str(path)], check=False)
        except FileNotFoundError:
            raise ReflectError(f"the editor {command[0]!r} was not found.", "Check $EDITOR.") from None
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raise ReflectError("the edited file is gone (the editor removed it); nothing changed.",
                               "Run the command again to start over.") from None  # fmt: skip
    finally:
        path.unlink(missing_ok=True)
    try:
        edited, undecodable = raw.decode("utf-8"), False
    except UnicodeDecodeError:
        # Keep it anyway (bad bytes as U+FFFD), so the retry starts from the edit rather than from scratch.
        edited, undecodable = raw.decode("utf-8", "replace"), True

    def keep(problem: ReflectError) -> None:
        state = {"editor_text": edited}
        if saved:
            saved.state = state
            journal.save_draft(saved)
        else:
            journal.new_draft(entry.pack or "standard", client=entry.client, entry_id=entry.id, state=state)
        problem.hint = ((problem.hint or "") + " The entry is unchanged; your edit is kept: run the same command "
                        "to continue it, or `reflect drafts --discard` to drop it.").strip()  # fmt: skip
        raise problem

    if result.returncode != 0:
        keep(ReflectError(f"the editor exited with status {result.returncode}."))
    if undecodable:
        keep(ValidationError("the edited file is not UTF-8 text; save it as UTF-8."))
    if not edited.strip() or all(line.lstrip().startswith("#") or not line.strip() for line in edited.splitlines()):
        if saved:
            journal.delete_draft(saved.id)
        message("The file was emptied: nothing changed.")
        return
    if edited == entry_to_toml(entry):
        if saved:
            journal.delete_draft(saved.id)
        message("No changes.")
        return
    try:
        updated = toml_to_entry(edited, entry)
    except ValidationError as exc:
        keep(exc)
    with journal.write():
        journal.save_entry(updated)
        if saved:
            journal.delete_draft(saved.id)
    message(f"Updated entry {entry.id[:8]}.")
    from reflect.interview import guard

    guard.warn(guard.scan(updated), hint="Saved as written: `reflect edit ID` (without --editor) offers placeholders.")
