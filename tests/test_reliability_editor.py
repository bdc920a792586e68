"""`reflect edit ID --editor`: whatever the editor does (missing, failing, emptying, breaking the file), the entry stays
as it was, the message says what happened, and an edit that cannot be saved is kept as a draft to retry from."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from reflect.config import Paths
from reflect.store.journal import Journal

ANSWERS = {"client": "C-7F3K", "session_at": "2026-03-10T15:00:00+00:00", "intensity": 6,
           "observed": "Arrived late; apologised twice.", "feelings": {"protective": 3}}  # fmt: skip
KEPT = ("The entry is unchanged; your edit is kept: run the same command to continue it, "
        "or `reflect drafts --discard` to drop it.")  # fmt: skip


@pytest.fixture
def entry_id(cli, tmp_path: Path) -> str:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(ANSWERS), encoding="utf-8")
    result = cli("new", "--answers", str(path))
    assert result.exit_code == 0, result.stderr
    return result.stdout.strip()


def editor(tmp_path: Path, name: str, body: str) -> str:
    """A fake $EDITOR: a shell script run with the file to edit as $1."""
    path = tmp_path / name
    path.write_text(f"#!/bin/sh\nset -e\n{body}\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


def shown(cli, entry_id: str) -> dict:
    result = cli("show", entry_id, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def drafts(journal_home: Path) -> list:
    with Journal.open(Paths(journal_home)) as journal:
        return journal.drafts()


def edit(cli, entry_id: str, editor_command: str):
    return cli("edit", entry_id[:8], "--editor", env={"EDITOR": editor_command})


SET_INTENSITY_9 = "sed -i 's/^intensity = .*/intensity = 9/' \"$1\""


def test_a_good_edit_is_saved(cli, entry_id: str, tmp_path: Path, journal_home: Path) -> None:
    before = shown(cli, entry_id)
    result = edit(cli, entry_id, editor(tmp_path, "good", SET_INTENSITY_9))
    assert (result.exit_code, result.stderr) == (0, f"Updated entry {entry_id[:8]}.\n")
    after = shown(cli, entry_id)
    assert after["intensity"] == 9 and after["updated_at"] > before["updated_at"]
    assert {**after, "intensity": 6, "updated_at": before["updated_at"]} == before
    assert drafts(journal_home) == []
    assert list((journal_home / "tmp").iterdir()) == []  # the 0600 working copy is gone


def test_no_editor_set(cli, entry_id: str) -> None:
    before = shown(cli, entry_id)
    result = cli("edit", entry_id[:8], "--editor")
    assert result.exit_code == 1
    assert result.stderr == ("Error: no editor is set. Set $EDITOR (e.g. export EDITOR=nano), "
                             "or edit without --editor.\n")  # fmt: skip
    assert shown(cli, entry_id) == before


def test_editor_program_missing(cli, entry_id: str, journal_home: Path) -> None:
    before = shown(cli, entry_id)
    result = edit(cli, entry_id, "/no/such/editor --wait")
    assert result.exit_code == 1
    assert result.stderr == "Error: the editor '/no/such/editor' was not found. Check $EDITOR.\n"
    assert shown(cli, entry_id) == before
    assert list((journal_home / "tmp").iterdir()) == []


def test_editor_fails_then_retry_continues_from_the_kept_edit(cli, entry_id: str, tmp_path: Path,
                                                               journal_home: Path) -> None:  # fmt: skip
    before = shown(cli, entry_id)
    failing = editor(tmp_path, "failing", SET_INTENSITY_9 + "\nexit 3")
    result = edit(cli, entry_id, failing)
    assert (result.exit_code, result.stderr) == (1, f"Error: the editor exited with status 3. {KEPT}\n")
    assert shown(cli, entry_id) == before
    (draft,) = drafts(journal_home)
    assert draft.entry_id == entry_id and "intensity = 9" in draft.state["editor_text"]

    # The retry opens the kept text, not the entry: the editor sees intensity 9 before changing anything.
    seen = tmp_path / "seen.toml"
    flag = "sed -i 's/^flagged = .*/flagged = true/' \"$1\""
    retry = edit(cli, entry_id, editor(tmp_path, "recording", f'cp "$1" {seen}\n{flag}'))
    assert retry.exit_code == 0, retry.stderr
    assert retry.stderr == f"Continuing from your last unsaved edit of this entry.\nUpdated entry {entry_id[:8]}.\n"
    assert "intensity = 9" in seen.read_text(encoding="utf-8")
    after = shown(cli, entry_id)
    assert (after["intensity"], after["flagged"]) == (9, True)
    assert drafts(journal_home) == []


@pytest.mark.parametrize(
    ("name", "body", "problem"),
    [
        ("invalid TOML", "echo 'intensity = = 9' >> \"$1\"", "Error: the edited entry is not valid TOML"),
        ("out of range", "sed -i 's/^intensity = .*/intensity = 60/' \"$1\"",
         "Error: edited entry: field 'intensity' must be from 0 to 10"),
        ("unknown slug", "sed -i 's/^protective = 3/protectiv = 3/' \"$1\"",
         "Error: edited entry: field 'feelings.protectiv' has an unknown value"),
        ("id changed", "sed -i 's/^id = .*/id = \"00000000-0000-4000-8000-000000000000\"/' \"$1\"",
         "Error: the edited entry's id was changed"),
        ("client removed", "sed -i '/^client = /d' \"$1\"", "Error: edited entry: field 'client' is required"),
        ("not UTF-8", "printf 'observed = \"caf\\351\"\\n' >> \"$1\"", "Error: the edited file is not UTF-8 text"),
        ("file deleted", "rm \"$1\"", "Error: the edited file is gone"),
    ],
)  # fmt: skip
def test_invalid_edit_leaves_the_entry_and_keeps_the_text(name: str, body: str, problem: str, cli, entry_id: str,
                                                          tmp_path: Path, journal_home: Path) -> None:  # fmt: skip
    before = shown(cli, entry_id)
    result = edit(cli, entry_id, editor(tmp_path, "breaking", body))
    assert result.exit_code == 1
    assert result.stderr.startswith(problem) and result.stderr.count("\n") == 1, result.stderr
    assert shown(cli, entry_id) == before
    kept = drafts(journal_home)
    if name == "file deleted":  # nothing to keep
        assert kept == [] and "nothing changed" in result.stderr
        return
    assert result.stderr.endswith(KEPT + "\n")
    assert len(kept) == 1 and kept[0].entry_id == entry_id
    # Retrying with an editor that puts things right saves, and drops the kept draft.
    fix = editor(tmp_path, "fixing", f"cat > \"$1\" <<'EOF'\n{entry_toml(cli, entry_id)}EOF\n{SET_INTENSITY_9}")
    assert edit(cli, entry_id, fix).exit_code == 0
    assert shown(cli, entry_id)["intensity"] == 9
    assert drafts(journal_home) == []


def entry_toml(cli, entry_id: str) -> str:
    from reflect.interview.editing import entry_to_toml

    with Journal.open(Paths(Path(os.environ["REFLECT_HOME"]))) as journal:
        return entry_to_toml(journal.get_entry(journal.resolve_id(entry_id)))


def test_emptied_file_cancels(cli, entry_id: str, tmp_path: Path, journal_home: Path) -> None:
    before = shown(cli, entry_id)
    result = edit(cli, entry_id, editor(tmp_path, "emptier", ': > "$1"'))
    assert (result.exit_code, result.stderr) == (0, "The file was emptied: nothing changed.\n")
    assert shown(cli, entry_id) == before
    assert drafts(journal_home) == []


def test_unchanged_file(cli, entry_id: str, tmp_path: Path) -> None:
    before = shown(cli, entry_id)
    result = edit(cli, entry_id, editor(tmp_path, "looker", "true"))
    assert (result.exit_code, result.stderr) == (0, "No changes.\n")
    assert shown(cli, entry_id) == before


def test_editor_sees_a_private_file(cli, entry_id: str, tmp_path: Path) -> None:
    modes = tmp_path / "modes"
    result = edit(cli, entry_id, editor(tmp_path, "stat", f'stat -c \'%a\' "$1" "$(dirname "$1")" > {modes}'))
    assert result.exit_code == 0
    assert modes.read_text().split() == ["600", "700"]
