"""The lazily imported sqlite_utils Database and the migration stamp (lazydb.py)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from reflect.config import Paths
from reflect.store.connection import APPLICATION_ID
from reflect.store.journal import Journal
from reflect.store.lazydb import LazyDatabase, first_keyword, migrations_stamp


def test_application_id_matches_the_migration():
    from reflect.store import migrations

    assert APPLICATION_ID == migrations.APPLICATION_ID


@pytest.mark.parametrize(
    ("sql", "word"),
    [("select 1", "SELECT"), ("  -- note\n/* x */ INSERT INTO t", "INSERT"), (";\ufeffbegin immediate", "BEGIN"),
     ("-- only a comment", ""), ("/* open", "")],
)  # fmt: skip
def test_first_keyword(sql, word):
    assert first_keyword(sql) == word


def test_execute_and_query_behave_like_sqlite_utils(tmp_path):
    import sqlite3

    from sqlite_utils import Database

    results = []
    for wrap in (LazyDatabase, Database):
        conn = sqlite3.connect(tmp_path / f"{wrap.__name__}.db")
        db = wrap(conn)
        db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)")
        db.execute("INSERT INTO t (v) VALUES (?)", ["a"])
        autocommitted = not conn.in_transaction
        with pytest.raises(sqlite3.IntegrityError):
            db.execute("INSERT INTO t (v) VALUES (NULL)")
        no_dangling_transaction = not conn.in_transaction
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT INTO t (v) VALUES (?)", ["b"])
        still_open = conn.in_transaction
        conn.rollback()
        rows = list(db.query("SELECT id, v FROM t ORDER BY id"))
        results.append((autocommitted, no_dangling_transaction, still_open, rows))
        conn.close()
    assert results[0] == results[1] == (True, True, True, [{"id": 1, "v": "a"}])


def test_other_attributes_use_the_real_database(journal):
    assert isinstance(journal.db, LazyDatabase)
    assert "entries" in journal.db.table_names()
    assert journal.db["clients"].count == 0  # subscripting reaches the real Database too
    with journal.db.atomic():
        journal.db.execute("INSERT INTO clients (code, created_at) VALUES ('C-AAAA', '2026-01-01')")
    assert [r["code"] for r in journal.db.query("SELECT code FROM clients")] == ["C-AAAA"]


def test_an_up_to_date_journal_opens_without_sqlite_utils(journal_home, tmp_path):
    Journal.open(Paths(journal_home)).close()  # creates and migrates; sets the stamp
    code = (
        "import sys\n"
        "from reflect.config import Paths\n"
        "from reflect.store.journal import Journal, EntryFilter\n"
        f"j = Journal.open(Paths(__import__('pathlib').Path({str(journal_home)!r})))\n"
        "j.list_entries(EntryFilter(limit=5)); j.search('word', EntryFilter())\n"
        "print('sqlite_utils' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out == "False\n"


def test_a_changed_stamp_runs_the_full_check(journal_home):
    with Journal.open(Paths(journal_home)) as journal:
        stamp = migrations_stamp()
        assert stamp is not None
        assert journal.db.execute("PRAGMA user_version").fetchone()[0] == stamp[0]
        assert journal.db.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0] == stamp[1]
        journal.db.execute("PRAGMA user_version = 12345")
        journal.db.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('reflect', 'm999_future', 'x')"
        )
    from reflect.errors import JournalError

    with pytest.raises(JournalError, match="newer version of reflect"):
        Journal.open(Paths(journal_home))


def test_a_nested_write_is_a_savepoint(journal):
    """Undone alone when it fails, kept with the outer write when it succeeds (without importing sqlite_utils)."""
    with journal.write():
        journal.ensure_client("C-AAAA")
        with pytest.raises(RuntimeError), journal.write():
            journal.ensure_client("C-BBBB")
            raise RuntimeError
        with journal.write(), journal.write():
            journal.ensure_client("C-CCCC")
    assert journal.client_codes() == ["C-AAAA", "C-CCCC"]
    assert not journal.db.conn.in_transaction
