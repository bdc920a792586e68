"""Owner-only files whatever the umask, backups and restore, and `reflect doctor`."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from privacy_helpers import PASS, files_containing, write_entry
from reflect.store import connection as store

ENV = {"REFLECT_PASSPHRASE": PASS}


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def loose_umask():
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_everything_is_owner_only_whatever_the_umask(cli, tmp_path, journal_home, loose_umask, monkeypatch):
    write_entry(cli, tmp_path, "some text")
    os.umask(0o022)
    assert cli("backup").exit_code == 0
    os.umask(0o022)
    export = tmp_path / "out.json"
    assert cli("export", "-o", str(export)).exit_code == 0
    os.umask(0o022)
    assert cli("export", "--redact", "-o", str(tmp_path / "red.json")).exit_code == 0
    assert mode(journal_home) == 0o700
    assert mode(journal_home / "journal.db") == 0o600
    assert mode(journal_home / "backups") == 0o700
    [backup] = (journal_home / "backups").iterdir()
    assert mode(backup) == 0o600
    assert mode(export) == 0o600 and mode(tmp_path / "red.json") == 0o600
    # while the journal is open, its WAL and shared-memory files are owner-only too
    from reflect.commands.common import open_journal

    os.umask(0o022)
    with open_journal() as journal:
        journal.new_draft("standard", client="C-7F3K")
        for suffix in ("-wal", "-shm"):
            assert mode(journal_home / f"journal.db{suffix}") == 0o600


def test_encrypted_backup_and_restore(cli, tmp_path, journal_home):
    cli("init", "--encrypt", env=ENV)
    first = write_entry(cli, tmp_path, "before the backup", env=ENV)
    result = cli("backup", "--json", env=ENV)
    assert result.exit_code == 0, result.stderr
    info = json.loads(result.stdout)
    backup = Path(info["path"])
    assert info["entries"] == 1 and info["encrypted"] is True
    assert backup.parent == journal_home / "backups" and backup.name.startswith("journal-")
    assert store.is_encrypted(backup) and mode(backup) == 0o600
    assert files_containing(journal_home, "before the backup") == []

    write_entry(cli, tmp_path, "after the backup", client="C-2QX9", env=ENV)
    result = cli("restore", str(backup), "--yes", env=ENV)
    assert result.exit_code == 0, result.stderr
    assert f"Restored 1 entry from {backup}." in result.stderr
    assert [e["id"] for e in json.loads(cli("list", "--json", env=ENV).stdout)] == [first]
    aside = list((journal_home / "backups").glob("journal-before-restore-*.db"))
    assert len(aside) == 1  # the replaced journal is kept, not deleted
    assert store.is_encrypted(aside[0])


def test_backup_to_a_named_file_and_folder(cli, tmp_path):
    write_entry(cli, tmp_path, "x")
    target = tmp_path / "mine.db"
    assert cli("backup", str(target)).exit_code == 0
    assert sqlite3.connect(target).execute("SELECT count(*) FROM entries").fetchone()[0] == 1
    again = cli("backup", str(target))
    assert again.exit_code == 1 and "already exists" in again.stderr
    folder = tmp_path / "folder"
    folder.mkdir()
    assert cli("backup", str(folder)).exit_code == 0
    assert len(list(folder.glob("journal-*.db"))) == 1
    missing = cli("backup", str(tmp_path / "nope" / "x.db"))
    assert missing.exit_code == 1 and "does not exist" in missing.stderr


def test_restore_refuses_damaged_foreign_and_missing_files(cli, tmp_path, journal_home):
    write_entry(cli, tmp_path, "the only entry")
    foreign = tmp_path / "foreign.db"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE notes (x)")
    conn.commit()
    conn.close()
    result = cli("restore", str(foreign), "--yes")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: foreign.db cannot be restored: it is not a reflect journal. The journal was not changed.\n"
    )

    cli("backup", str(tmp_path / "good.db"))
    damaged = tmp_path / "damaged.db"
    data = bytearray((tmp_path / "good.db").read_bytes())
    data[4096 * 2 : 4096 * 2 + 200] = b"\xff" * 200  # trash a page in the middle
    damaged.write_bytes(bytes(data))
    result = cli("restore", str(damaged), "--yes")
    assert result.exit_code == 1
    assert "cannot be restored" in result.stderr

    text = tmp_path / "notes.txt"
    text.write_text("hello")
    assert "cannot be restored: it is not a readable SQLite database" in cli("restore", str(text), "--yes").stderr
    assert cli("restore", str(tmp_path / "absent.db"), "--yes").exit_code == 1
    assert len(json.loads(cli("list", "--json").stdout)) == 1
    assert not list(journal_home.glob(".journal.db.*"))  # no temporary file left behind


def test_restore_with_wrong_passphrase_changes_nothing(cli, tmp_path):
    cli("init", "--encrypt", env=ENV)
    write_entry(cli, tmp_path, "x", env=ENV)
    backup = tmp_path / "b.db"
    cli("backup", str(backup), env=ENV)
    result = cli("restore", str(backup), "--yes", env={"REFLECT_PASSPHRASE": "a wrong passphrase"})
    assert result.exit_code == 1
    assert "passphrase is wrong" in result.stderr


def test_doctor_all_well(cli, tmp_path):
    write_entry(cli, tmp_path, "x")
    result = cli("doctor")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "ok       integrity: the journal passed SQLite's integrity check.",
        "ok       search index: the search index matches the entries.",
        "warning  encryption: the journal is not encrypted; `reflect encrypt` protects it with a passphrase.",
        "ok       permissions: the journal folder and its files can only be read by you.",
        "ok       location: the journal is not in a cloud-sync folder or a git work tree.",
    ]


def test_doctor_reports_and_rebuilds_a_drifted_search_index(cli, tmp_path, journal_home):
    write_entry(cli, tmp_path, "the lantern by the door")
    write_entry(cli, tmp_path, "a second entry", client="C-2QX9")
    conn = sqlite3.connect(journal_home / "journal.db")
    with conn:
        conn.execute("DELETE FROM entries_fts")
    conn.close()
    assert json.loads(cli("search", "lantern", "--json").stdout) == []
    result = cli("doctor")
    assert result.exit_code == 1
    assert (
        "problem  search index: the search index is out of step with the entries (2 problems); "
        "`reflect doctor --fix` rebuilds it."
    ) in result.stdout.splitlines()
    fixed = cli("doctor", "--fix")
    assert (
        "fixed    search index: the search index was out of step (2 problems); rebuilt it from 2 entries."
        in fixed.stdout.splitlines()
    )
    assert len(json.loads(cli("search", "lantern", "--json").stdout)) == 1
    assert "ok       search index: the search index matches the entries." in cli("doctor").stdout


def test_doctor_reports_and_fixes_permissions(cli, tmp_path, journal_home):
    write_entry(cli, tmp_path, "x")
    (journal_home / "journal.db").chmod(0o644)
    journal_home.chmod(0o755)
    result = cli("doctor", "--json")
    assert result.exit_code == 1
    problems = [c for c in json.loads(result.stdout) if c["status"] == "problem"]
    assert {c["check"] for c in problems} == {"permissions"}
    assert len(problems) == 2
    fixed = cli("doctor", "--fix")
    assert fixed.exit_code == 0
    assert "fixed    permissions: tightened 2 files and folders to owner-only" in fixed.stdout
    assert mode(journal_home) == 0o700 and mode(journal_home / "journal.db") == 0o600


@pytest.mark.parametrize(
    "marker", ["Dropbox", "OneDrive - Contoso", "Google Drive", "iCloud Drive", ".stfolder", ".nextcloudsync.log"]
)
def test_doctor_warns_about_cloud_sync_folders(cli, tmp_path, monkeypatch, marker):
    base = tmp_path / "cloud"
    if marker.startswith("."):
        base.mkdir()
        (base / marker).write_text("")
        home = base / "reflect"
    else:
        home = tmp_path / marker / "reflect"
    monkeypatch.setenv("REFLECT_HOME", str(home))
    write_entry(cli, tmp_path, "x")
    result = cli("doctor")
    assert result.exit_code == 0
    assert "warning  location: the journal is inside a cloud-sync folder" in result.stdout


def test_doctor_warns_about_git_work_tree(cli, tmp_path, monkeypatch):
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    monkeypatch.setenv("REFLECT_HOME", str(tmp_path / "repo" / "journal"))
    write_entry(cli, tmp_path, "x")
    assert "inside a git work tree" in cli("doctor").stdout


def test_doctor_points_to_backup_when_damaged(cli, tmp_path, journal_home):
    write_entry(cli, tmp_path, "x")
    cli("backup")
    db = journal_home / "journal.db"
    data = bytearray(db.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # page 1 (the schema) destroyed, the header kept
    db.write_bytes(bytes(data))
    result = cli("doctor")
    assert result.exit_code == 1
    line = next(line for line in result.stdout.splitlines() if line.startswith("problem"))
    assert "Restore the latest backup: reflect restore" in line


def test_doctor_without_a_journal(cli):
    result = cli("doctor")
    assert result.exit_code == 1
    assert result.stdout.startswith("problem  journal: there is no journal at ")


def test_doctor_removes_leftover_editor_files(cli, tmp_path, journal_home):
    write_entry(cli, tmp_path, "x")
    (journal_home / "tmp").mkdir(mode=0o700)
    (journal_home / "tmp" / "entry-1234.toml").write_text("observed = 'x'")
    assert "leftover editor file" in cli("doctor").stdout
    assert "removed 1 leftover editor file" in cli("doctor", "--fix").stdout
    assert not any((journal_home / "tmp").iterdir())
