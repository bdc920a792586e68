"""Encryption at rest: init, unlock order, wrong passphrase, conversions without loss, and no plaintext on disk."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from privacy_helpers import PASS, files_containing, write_entry
from reflect.errors import database_error_message
from reflect.privacy import keys
from reflect.store import connection as store

ENV = {"REFLECT_PASSPHRASE": PASS}
PHRASE = "marmalade lighthouse confession"


def header(path: Path) -> bytes:
    return path.read_bytes()[:16]


def test_init_encrypted_then_unlock_with_env(cli, journal_home):
    result = cli("init", "--encrypt", env=ENV)
    assert result.exit_code == 0, result.stderr
    assert "Created an encrypted journal" in result.stderr
    db = journal_home / "journal.db"
    assert header(db) != store.SQLITE_MAGIC and store.is_encrypted(db)
    entry_id = write_entry(cli, journal_home.parent, PHRASE, env=ENV)
    shown = json.loads(cli("show", entry_id[:8], "--json", env=ENV).stdout)
    assert shown["observed"] == PHRASE


def test_init_plain_and_twice(cli, journal_home):
    assert cli("init", "--no-encrypt").exit_code == 0
    assert header(journal_home / "journal.db") == store.SQLITE_MAGIC
    again = cli("init", "--no-encrypt")
    assert again.exit_code == 1
    assert again.stderr.startswith("Error: a journal already exists at ")


def test_init_without_terminal_needs_a_flag(cli):
    result = cli("init")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: init asks whether to encrypt; use --encrypt or --no-encrypt when there is no terminal.\n"
    )


def test_short_passphrase_refused(cli, journal_home):
    result = cli("init", "--encrypt", env={"REFLECT_PASSPHRASE": "short"})
    assert result.exit_code == 2
    assert "too short" in result.stderr
    assert not (journal_home / "journal.db").exists()


def test_wrong_passphrase_is_one_line(cli, tmp_path):
    cli("init", "--encrypt", env=ENV)
    result = cli("list", env={"REFLECT_PASSPHRASE": "not the passphrase"})
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: the passphrase is wrong (or the file is not a reflect journal). Nothing was changed; try again.\n"
    )


def test_no_passphrase_and_no_terminal_exits_2(cli):
    cli("init", "--encrypt", env=ENV)
    result = cli("list")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: the journal is encrypted and there is no terminal to ask for its passphrase. "
        "Set REFLECT_PASSPHRASE or REFLECT_PASSPHRASE_FD for this command.\n"
    )


def test_passphrase_from_file_descriptor(cli, tmp_path):
    cli("init", "--encrypt", env=ENV)
    read_end, write_end = os.pipe()
    os.write(write_end, (PASS + "\n").encode())
    os.close(write_end)
    result = cli("list", "--json", env={"REFLECT_PASSPHRASE_FD": str(read_end)})
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_bad_file_descriptor(cli):
    cli("init", "--encrypt", env=ENV)
    result = cli("list", env={"REFLECT_PASSPHRASE_FD": "not-a-number"})
    assert result.exit_code == 2
    assert "REFLECT_PASSPHRASE_FD must name an open file descriptor" in result.stderr


def test_environment_variable_is_removed_once_read(monkeypatch, tmp_path):
    monkeypatch.setenv("REFLECT_PASSPHRASE", PASS)
    assert keys.from_environment() == PASS
    assert "REFLECT_PASSPHRASE" not in os.environ


def test_keyring_is_opt_in_and_tolerates_no_backend(monkeypatch, journal_home, tmp_path):
    # Without the setting the keyring is never consulted, even if the package exists.
    assert keys.from_keyring(tmp_path / "x.db") is None
    journal_home.mkdir(parents=True, exist_ok=True)
    (journal_home / "config.toml").write_text("keyring = true\n")
    import sys
    import types

    errors = types.ModuleType("keyring.errors")

    class KeyringError(Exception):
        pass

    class NoKeyringError(KeyringError):
        pass

    errors.KeyringError, errors.NoKeyringError = KeyringError, NoKeyringError
    fake = types.ModuleType("keyring")

    def no_backend(*args):
        raise NoKeyringError("no backend")

    fake.get_password = fake.set_password = no_backend
    fake.errors = errors
    monkeypatch.setitem(sys.modules, "keyring", fake)
    monkeypatch.setitem(sys.modules, "keyring.errors", errors)
    assert keys.from_keyring(tmp_path / "x.db") is None
    assert keys.save_to_keyring(tmp_path / "x.db", PASS) is False
    stored = {}
    fake.get_password = lambda service, user: stored.get((service, user))
    fake.set_password = lambda service, user, value: stored.__setitem__((service, user), value)
    assert keys.save_to_keyring(tmp_path / "x.db", PASS) is True
    assert keys.from_keyring(tmp_path / "x.db") == PASS


def test_encrypt_decrypt_and_rekey_keep_everything(cli, journal_home, tmp_path):
    for i in range(5):
        write_entry(cli, tmp_path, f"{PHRASE} number {i}", supervision=[{"question": f"question {i}"}])
    before = cli("export").stdout
    entries_before = json.loads(before)["entries"]

    result = cli("encrypt", env=ENV)
    assert result.exit_code == 0, result.stderr
    assert "Encrypted the journal (5 entries)" in result.stderr
    db = journal_home / "journal.db"
    assert store.is_encrypted(db)
    assert files_containing(journal_home, PHRASE) == []
    assert json.loads(cli("export", env=ENV).stdout)["entries"] == entries_before

    again = cli("encrypt", env=ENV)
    assert again.exit_code == 1 and "already encrypted" in again.stderr

    new_pass = "a completely different passphrase"
    result = cli("passphrase", env={"REFLECT_PASSPHRASE": PASS, "REFLECT_NEW_PASSPHRASE": new_pass})
    assert result.exit_code == 0, result.stderr
    assert cli("list", env=ENV).exit_code == 1  # the old one no longer opens it
    assert json.loads(cli("export", env={"REFLECT_PASSPHRASE": new_pass}).stdout)["entries"] == entries_before

    result = cli("decrypt", "--yes", env={"REFLECT_PASSPHRASE": new_pass})
    assert result.exit_code == 0, result.stderr
    assert header(db) == store.SQLITE_MAGIC
    assert json.loads(cli("export").stdout)["entries"] == entries_before
    assert sqlite3.connect(db).execute("PRAGMA application_id").fetchone()[0] == 0x52464C54


def test_decrypt_asks_for_confirmation(cli):
    cli("init", "--encrypt", env=ENV)
    result = cli("decrypt", env=ENV)
    assert result.exit_code == 2
    assert "use --yes" in result.stderr


def test_no_plaintext_on_disk_after_write_edit_search_export_backup(cli, journal_home, tmp_path, monkeypatch):
    cli("init", "--encrypt", env=ENV)
    entry_id = write_entry(cli, tmp_path, PHRASE, env=ENV)
    write_entry(cli, tmp_path, "a second entry about tea", client="C-2QX9", env=ENV)
    # edit through $EDITOR: a script that rewrites the observed text
    editor = tmp_path / "editor.sh"
    editor.write_text("#!/bin/sh\nsed -i 's/marmalade/marmalade edited/' \"$1\"\n")
    editor.chmod(0o700)
    monkeypatch.setenv("EDITOR", str(editor))
    result = cli("edit", entry_id[:8], "--editor", env=ENV)
    assert result.exit_code == 0, result.stderr
    # the full-text index holds the words; a draft written while the journal is open puts pages in the WAL
    from reflect.commands.common import open_journal

    monkeypatch.setenv("REFLECT_PASSPHRASE", PASS)
    with open_journal(create=False) as journal:
        assert (
            journal.db.execute("SELECT count(*) FROM entries_fts WHERE entries_fts MATCH 'lighthouse'").fetchone()[0]
            == 1
        )
        journal.new_draft("standard", client="C-7F3K", state={"values": {"observed": "lighthouse draft"}})
        # while the journal is open its WAL holds the latest pages: encrypted too
        assert (journal_home / "journal.db-wal").stat().st_size > 0
        assert files_containing(journal_home, "lighthouse") == []
    found = cli("search", "lighthouse", "--json", env=ENV)
    assert found.exit_code == 0 and len(json.loads(found.stdout)) == 1, found.stderr
    assert files_containing(journal_home, "lighthouse") == []
    export = tmp_path / "export.json"
    assert cli("export", "-o", str(export), env=ENV).exit_code == 0
    assert PHRASE.split()[1] in export.read_text()  # the export itself is plaintext by design (and 0600)
    assert cli("backup", env=ENV).exit_code == 0
    # nothing in the journal folder (db, -wal, -shm, backups, tmp) holds the text
    for word in ("marmalade", "lighthouse", "confession", "second entry about tea"):
        assert files_containing(journal_home, word) == [], word


def test_database_errors_of_both_libraries_are_mapped(tmp_path):
    sqlcipher3 = store.cipher_module()
    assert sqlcipher3.Error in store.db_errors() and sqlite3.Error in store.db_errors()
    assert not issubclass(sqlcipher3.DatabaseError, sqlite3.Error)  # why DB_ERRORS is a tuple
    path = tmp_path / "x.db"
    conn = sqlcipher3.connect(str(path))
    conn.execute("PRAGMA key = 'one passphrase'")
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    other = sqlcipher3.connect(str(path))
    other.execute("PRAGMA cipher_log_level = NONE")
    other.execute("PRAGMA key = 'another passphrase'")
    with pytest.raises(sqlcipher3.DatabaseError) as info:
        other.execute("SELECT * FROM t")
    mapped = database_error_message(info.value)
    assert mapped is not None and "not a readable reflect journal" in mapped.message
    assert database_error_message(ValueError("database disk image is malformed")) is None


def test_text_file_is_not_mistaken_for_an_encrypted_journal(cli, journal_home):
    journal_home.mkdir(parents=True)
    (journal_home / "journal.db").write_text("just some notes\n")
    result = cli("list")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {journal_home / 'journal.db'} is not a reflect journal (not an SQLite")
    assert "passphrase" not in result.stderr  # no passphrase was involved


def test_stale_keyring_passphrase_falls_through_to_the_prompt(cli, journal_home, monkeypatch):
    from reflect.store.privacy import connect_encrypted

    cli("init", "--encrypt", env=ENV)
    keys.forget()
    saved: list[str] = []
    monkeypatch.setattr(keys, "from_keyring", lambda path: "an outdated passphrase")
    monkeypatch.setattr(keys, "can_prompt", lambda: True)
    monkeypatch.setattr(keys, "prompt", lambda message="": PASS)
    monkeypatch.setattr(keys, "save_to_keyring", lambda path, value: saved.append(value) or True)
    conn = connect_encrypted(journal_home / "journal.db")
    assert conn.execute("SELECT count(*) FROM entries").fetchone()[0] == 0
    conn.close()
    assert saved == [PASS]  # the keyring is brought up to date
