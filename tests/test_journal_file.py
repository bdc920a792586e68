"""What may sit at the journal path, and the temporary copies of conversions and restores: interrupted conversions
leave nothing behind, a lost journal is never replaced by an empty one, and nothing but a regular file is opened."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from privacy_helpers import PASS, files_containing, write_entry
from reflect.config import Paths
from reflect.flows import doctor
from reflect.store import privacy as store_privacy
from reflect.store.journal_file import temporary_copy

ENV = {"REFLECT_PASSPHRASE": PASS}
REFLECT = Path(sys.executable).with_name("reflect")


def hidden_copies(home: Path) -> list[str]:
    return sorted(f.name for f in home.iterdir() if f.name.startswith(".journal.db."))


def run(home: Path, *args: str, timeout: float = 20, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "REFLECT_HOME": str(home), **(env or {})}
    return subprocess.run([str(REFLECT), *args], capture_output=True, text=True, timeout=timeout, env=full_env,
                          stdin=subprocess.DEVNULL)  # fmt: skip


# --- 1. conversions ------------------------------------------------------------------------------------------------


def test_temporary_copies_are_owner_only_whatever_the_umask(journal_home):
    journal_home.mkdir()
    old = os.umask(0)
    try:
        with temporary_copy(journal_home / "journal.db", "converting") as tmp:
            assert stat.S_IMODE(tmp.stat().st_mode) == 0o600
    finally:
        os.umask(old)
    assert hidden_copies(journal_home) == []


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
@pytest.mark.parametrize("command", ["decrypt", "encrypt", "passphrase"])
def test_a_signal_during_a_conversion_removes_the_copy_and_says_so(cli, journal_home, tmp_path, monkeypatch,
                                                                   signum, command):  # fmt: skip
    encrypted = command != "encrypt"
    if encrypted:
        assert cli("init", "--encrypt", env=ENV).exit_code == 0
    write_entry(cli, tmp_path, "a phrase that must not be left in plaintext", env=ENV if encrypted else None)
    before = (journal_home / "journal.db").read_bytes()
    real_export = store_privacy._export

    def export_then_signal(*args, **kwargs):
        counts = real_export(*args, **kwargs)  # the copy now holds every entry
        assert hidden_copies(journal_home)
        os.kill(os.getpid(), signum)
        return counts

    monkeypatch.setattr(store_privacy, "_export", export_then_signal)
    env = {**ENV, "REFLECT_NEW_PASSPHRASE": "another long passphrase"}
    result = cli(command, *(["--yes"] if command == "decrypt" else []), env=env)
    assert result.exit_code == 128 + signum
    assert result.stderr == ("Error: interrupted: the journal was not changed, and its temporary copy was removed.\n")
    assert "draft" not in result.stderr
    assert hidden_copies(journal_home) == []
    assert (journal_home / "journal.db").read_bytes() == before


def test_a_signal_after_the_swap_reports_a_finished_conversion(cli, journal_home, tmp_path, monkeypatch):
    write_entry(cli, tmp_path, "some text")
    real_zero_fill = store_privacy._zero_fill

    def zero_fill_then_signal(fd):
        os.kill(os.getpid(), signal.SIGTERM)  # arrives inside the critical part: waits until it is over
        real_zero_fill(fd)

    monkeypatch.setattr(store_privacy, "_zero_fill", zero_fill_then_signal)
    result = cli("encrypt", env=ENV)
    assert result.exit_code == 128 + signal.SIGTERM
    assert (
        result.stderr == "Error: interrupted, but only after the conversion had finished: the journal is converted.\n"
    )
    assert cli("list", env=ENV).exit_code == 0
    assert hidden_copies(journal_home) == []


def test_sigkill_during_decrypt_leaves_a_copy_that_the_next_command_removes(cli, journal_home, tmp_path):
    assert cli("init", "--encrypt", env=ENV).exit_code == 0
    write_entry(cli, tmp_path, "readable entry text", env=ENV)
    # A SIGKILL'd decrypt leaves exactly this: a plaintext copy (and its side files) nobody holds.
    leftover = journal_home / ".journal.db.0badc0de.converting"
    conn = sqlite3.connect(leftover)
    conn.execute("CREATE TABLE t (body)")
    conn.execute("INSERT INTO t VALUES ('readable entry text')")
    conn.commit()
    conn.close()
    (journal_home / ".journal.db.0badc0de.converting-journal").write_bytes(b"x")
    assert files_containing(journal_home, "readable entry text")

    first = run(journal_home, "prompts", "list")  # any command, even one that never opens the journal
    assert first.returncode == 0
    assert first.stderr == ("Removed 1 temporary copy of the journal left by an interrupted conversion or restore.\n")
    assert hidden_copies(journal_home) == []
    assert files_containing(journal_home, "readable entry text") == []
    assert run(journal_home, "prompts", "list").stderr == ""  # said once


def test_a_copy_held_by_a_running_conversion_is_left_alone(journal_home, cli, tmp_path):
    write_entry(cli, tmp_path, "some text")
    with temporary_copy(journal_home / "journal.db", "converting") as tmp:
        tmp.write_bytes(b"being written")
        result = run(journal_home, "list")
        assert result.returncode == 0
        assert "Removed" not in result.stderr
        assert tmp.read_bytes() == b"being written"


def test_doctor_reports_and_removes_leftover_copies(cli, journal_home, tmp_path):
    write_entry(cli, tmp_path, "some text")
    (journal_home / ".journal.db.12345678.restoring").write_bytes(b"half a journal")
    checks = doctor.run(Paths(journal_home))
    [copies] = [c for c in checks if c.check == "temporary copies"]
    assert copies.status == "problem"
    assert copies.message == (
        f"1 temporary copy of the journal left by an interrupted conversion or restore in {journal_home} (they may "
        "hold readable entries); `reflect doctor --fix` removes them."
    )
    fixed = [c for c in doctor.run(Paths(journal_home), fix=True) if c.check == "temporary copies"]
    assert [c.status for c in fixed] == ["fixed"]
    assert hidden_copies(journal_home) == []


# --- 2. restore and missing journals ---------------------------------------------------------------------------------


def test_a_crash_inside_restore_never_leaves_the_folder_without_a_journal(cli, journal_home, tmp_path, monkeypatch):
    write_entry(cli, tmp_path, "the entry in the backup")
    assert cli("backup").exit_code == 0
    write_entry(cli, tmp_path, "written after the backup", client="C-9Z2Q")
    [backup] = list((journal_home / "backups").glob("journal-*.db"))
    real_replace = os.replace

    def crash_on_swap(src, dst):
        if str(src).endswith(".restoring"):
            raise SystemExit(137)  # killed just before the swap
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", crash_on_swap)
    with pytest.raises(SystemExit):
        store_privacy.restore(journal_home / "journal.db", journal_home / "backups", backup)
    monkeypatch.setattr(os, "replace", real_replace)
    assert hidden_copies(journal_home) == []
    listing = cli("list", "--json")
    assert listing.exit_code == 0
    assert "C-9Z2Q" in listing.stdout  # the journal as it was, not an empty new one


def test_restore_keeps_the_current_journal_aside_and_swaps_atomically(cli, journal_home, tmp_path):
    write_entry(cli, tmp_path, "first")
    assert cli("backup").exit_code == 0
    write_entry(cli, tmp_path, "second", client="C-9Z2Q")
    [backup] = list((journal_home / "backups").glob("journal-*.db"))
    result = cli("restore", str(backup), "--yes")
    assert result.exit_code == 0, result.stderr
    [aside] = list((journal_home / "backups").glob("journal-before-restore-*.db"))
    conn = sqlite3.connect(aside)
    assert conn.execute("SELECT count(*) FROM entries").fetchone()[0] == 2
    conn.close()
    assert "C-9Z2Q" not in cli("list", "--json").stdout
    assert hidden_copies(journal_home) == []


def test_restoring_an_encrypted_backup_says_which_passphrase_opens_it(cli, journal_home, tmp_path):
    assert cli("init", "--encrypt", env=ENV).exit_code == 0
    write_entry(cli, tmp_path, "first", env=ENV)
    assert cli("backup", env=ENV).exit_code == 0
    [backup] = list((journal_home / "backups").glob("journal-*.db"))
    assert cli("passphrase", env={**ENV, "REFLECT_NEW_PASSPHRASE": "a newer longer passphrase"}).exit_code == 0
    result = cli("restore", str(backup), "--yes", env=ENV)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[-2] == (
        "The restored journal opens with the passphrase this backup was made with, even if you changed the "
        "passphrase since; `reflect passphrase` changes it."
    )
    assert cli("list", env=ENV).exit_code == 0


@pytest.mark.parametrize("command", [["list"], ["new", "--answers", "ANSWERS"], ["init", "--no-encrypt"], ["backup"]])
def test_a_missing_journal_with_backups_is_never_replaced_by_a_new_one(cli, journal_home, tmp_path, command):
    write_entry(cli, tmp_path, "first")
    assert cli("backup").exit_code == 0
    [backup] = list((journal_home / "backups").glob("journal-*.db"))
    (journal_home / "journal.db").unlink()
    answers = tmp_path / "a.json"
    answers.write_text('{"client": "C-1", "session_at": "2026-03-10T15:00:00+00:00", "observed": "x"}')
    result = cli(*[str(answers) if a == "ANSWERS" else a for a in command])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: there is no journal at {journal_home / 'journal.db'}, but its folder holds backups, so one existed; "
        f"no new journal was created. Bring it back with `reflect restore {backup}`.\n"
    )
    assert not (journal_home / "journal.db").exists()
    assert cli("restore", str(backup), "--yes").exit_code == 0
    assert cli("list").exit_code == 0


def test_a_zero_byte_journal_is_an_error_and_left_untouched(cli, journal_home, tmp_path):
    journal_home.mkdir()
    (journal_home / "journal.db").write_bytes(b"")
    answers = tmp_path / "a.json"
    answers.write_text('{"client": "C-1", "session_at": "2026-03-10T15:00:00+00:00", "observed": "x"}')
    for command in (["list"], ["new", "--answers", str(answers)], ["doctor"], ["backup"], ["init", "--no-encrypt"]):
        result = cli(*command)
        assert result.exit_code == 1
        assert "is an empty file (0 bytes); it was left untouched." in result.stdout + result.stderr  # doctor: stdout
    assert (journal_home / "journal.db").stat().st_size == 0


# --- 3. not a regular file -------------------------------------------------------------------------------------------


def _make(kind: str, path: Path) -> None:
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "directory":
        path.mkdir()
    elif kind == "socket":
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(path))
        sock.close()
    elif kind == "device":
        os.symlink("/dev/null", path)


@pytest.mark.parametrize("kind", ["fifo", "directory", "socket", "device"])
def test_no_command_opens_or_hangs_on_a_journal_path_that_is_not_a_regular_file(journal_home, kind):
    journal_home.mkdir()
    _make(kind, journal_home / "journal.db")
    for command in (["list"], ["info"], ["backup"], ["doctor"], ["encrypt"], ["decrypt", "--yes"], ["new"]):
        result = run(journal_home, *command, timeout=15)  # a hang fails here with TimeoutExpired
        assert result.returncode != 0, command
        assert "Traceback" not in result.stderr
        assert result.stderr.count("\n") <= 2
    listing = run(journal_home, "list")
    what = {"fifo": "a named pipe (FIFO)", "directory": "a folder", "socket": "a socket", "device": "a device"}[kind]
    assert listing.stderr == (
        f"Error: {journal_home / 'journal.db'} is {what}, not a journal file; nothing was opened. Move it away; "
        "reflect never opens anything but a regular file there.\n"
    )


def test_a_symlink_to_a_journal_is_followed(cli, journal_home, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    journal_home.mkdir(mode=0o700)
    write_entry(cli, tmp_path, "x", env={"REFLECT_HOME": str(elsewhere)})
    os.symlink(elsewhere / "journal.db", journal_home / "journal.db")
    result = cli("list", "--json")
    assert result.exit_code == 0
    assert "C-7F3K" in result.stdout


def test_doctor_fix_never_changes_permissions_through_a_symlink(cli, journal_home, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    write_entry(cli, tmp_path, "x", env={"REFLECT_HOME": str(elsewhere)})
    target = elsewhere / "journal.db"
    os.chmod(target, 0o644)
    journal_home.mkdir(mode=0o700)
    os.symlink(target, journal_home / "journal.db")
    checks = doctor.run(Paths(journal_home), fix=True)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    [perm] = [c for c in checks if c.check == "permissions"]
    assert perm.status == "problem"
    assert perm.message == (
        "journal.db is a symbolic link whose target can be read by others (mode 644, should be 600); change its "
        "target's permissions yourself (`doctor --fix` does not follow links)."
    )


def test_a_dangling_symlink_is_an_error_not_a_new_journal(cli, journal_home, tmp_path):
    journal_home.mkdir()
    os.symlink(tmp_path / "gone.db", journal_home / "journal.db")
    result = cli("list")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {journal_home / 'journal.db'} is a symbolic link to a file that does not")
    assert not (tmp_path / "gone.db").exists()


@pytest.mark.parametrize("choice", ["encrypt", "remove", "keep"])
def test_encrypt_deals_with_plaintext_backups_made_earlier(cli, journal_home, tmp_path, choice):
    write_entry(cli, tmp_path, "a phrase in an old backup")
    assert cli("backup").exit_code == 0
    result = cli("encrypt", "--old-backups", choice, env=ENV)
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    assert lines[1] == (
        f"1 older backup in {journal_home / 'backups'} is not encrypted: it holds every entry in readable form."
    )
    assert (
        lines[2]
        == {
            "encrypt": "Encrypted 1 older backup with the new passphrase.",
            "remove": "Removed 1 older backup; `reflect backup` makes an encrypted one.",
            "keep": "Kept it; delete it once you have a new, encrypted backup (`reflect backup`).",
        }[choice]
    )
    plaintext = files_containing(journal_home, "a phrase in an old backup")
    assert plaintext == ([] if choice != "keep" else [plaintext[0]])
    backups = list((journal_home / "backups").glob("journal-*.db"))
    assert len(backups) == (0 if choice == "remove" else 1)
    if choice == "encrypt":
        assert cli("restore", str(backups[0]), "--yes", env=ENV).exit_code == 0
    assert hidden_copies(journal_home) == []


# --- 6. messages -----------------------------------------------------------------------------------------------------


def test_export_to_an_existing_folder_names_the_folder_not_a_temporary_file(cli, journal_home, tmp_path):
    write_entry(cli, tmp_path, "x")
    folder = tmp_path / "out"
    folder.mkdir()
    result = cli("export", "-o", str(folder))
    assert result.exit_code == 1
    assert (
        result.stderr == f"Error: {folder} is a folder; give a file name to write to, e.g. {folder / 'export.json'}.\n"
    )
    assert ".part" not in result.stderr
    assert list(folder.iterdir()) == []


def test_a_text_file_at_the_journal_path_is_not_blamed_on_a_passphrase(cli, journal_home):
    journal_home.mkdir()
    (journal_home / "journal.db").write_text("shopping list\n")
    result = cli("list")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {journal_home / 'journal.db'} is not a reflect journal (not an SQLite database). Check REFLECT_HOME; "
        "`reflect restore BACKUP` brings back a backup.\n"
    )
    assert (journal_home / "journal.db").read_text() == "shopping list\n"
