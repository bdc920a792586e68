"""Migrations: a journal written by an older schema upgrades with every entry intact; upgrading from any earlier step
gives exactly the schema of a new journal; a migration that fails rolls back and leaves the journal as it was."""

from __future__ import annotations

import json
import sqlite3
import uuid
from pathlib import Path

import pytest
from sqlite_utils import Database, Migrations

import reflect.store.journal
import reflect.store.migrations
from reflect.config import Paths
from reflect.domain.entry_filter import EntryFilter
from reflect.domain.models import parse_entry
from reflect.io.transfer import write_json_document
from reflect.store.journal import Journal
from reflect.store.migrations import migrations

FIXTURES = Path(__file__).parent / "fixtures"
FROZEN = sorted(FIXTURES.glob("journal_*.sql"))


def load_frozen(sql: Path, home: Path) -> Path:
    home.mkdir(parents=True)
    db = home / "journal.db"
    conn = sqlite3.connect(db)
    conn.executescript(sql.read_text(encoding="utf-8"))
    conn.close()
    return db


def export(journal: Journal, path: Path) -> list[dict]:
    with path.open("w", encoding="utf-8") as fh:
        write_json_document(journal.iter_entries(EntryFilter()), fh)
    return json.loads(path.read_text(encoding="utf-8"))["entries"]


def schema(db: Database) -> dict[str, str]:
    rows = db.execute("SELECT name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name").fetchall()
    return {name: " ".join((sql or "").split()) for name, sql in rows}


@pytest.mark.parametrize("sql", FROZEN, ids=[p.stem for p in FROZEN])
def test_old_journal_upgrades_with_every_entry(sql: Path, tmp_path: Path) -> None:
    db_path = load_frozen(sql, tmp_path / "home")
    expected = json.loads(sql.with_suffix(".json").read_text(encoding="utf-8"))["entries"]
    with Journal.open(Paths(db_path.parent)) as journal:
        assert journal.schema_version() == migrations._migrations[-1].name
        assert journal.integrity_problems() == []
        assert export(journal, tmp_path / "after.json") == expected
        # and takes new writes of every kind: each old entry again, as a copy with new ids
        copies = []
        for raw in expected:
            raw = {**raw, "id": str(uuid.uuid4())}
            raw["supervision"] = [{**q, "id": str(uuid.uuid4())} for q in raw["supervision"]]
            copies.append(parse_entry(raw, require_id=True))
        assert journal.import_entries(copies).added == len(expected)
        assert journal.count_entries() == 2 * len(expected)
        assert journal.integrity_problems() == []


def test_every_intermediate_schema_upgrades_to_the_fresh_one(tmp_path: Path) -> None:
    fresh = Database(tmp_path / "fresh.db")
    migrations.apply(fresh)
    for step in migrations._migrations[1:]:
        db = Database(tmp_path / f"before-{step.name}.db")
        migrations.apply(db, stop_before=step.name)
        assert step.name not in {m.name for m in migrations.applied(db)}
        migrations.apply(db)
        assert schema(db) == schema(fresh), step.name
    assert [m.name for m in migrations.applied(fresh)] == [m.name for m in migrations._migrations]


def failing_set(fail_with) -> Migrations:
    """The real migrations plus one more that changes things and then fails part-way."""
    copy = Migrations("reflect")
    copy._migrations = list(migrations._migrations)

    @copy()
    def m999_breaks_half_way(db: Database) -> None:
        db.execute("CREATE TABLE half_done (id INTEGER PRIMARY KEY)")
        db.execute("ALTER TABLE entries ADD COLUMN mood INTEGER")
        db.execute("UPDATE entries SET observed = 'overwritten'")
        fail_with(db)

    return copy


@pytest.mark.parametrize("failure", ["sql", "python"])
def test_failing_migration_rolls_back(failure: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli) -> None:
    db_path = load_frozen(FROZEN[0], tmp_path / "home")
    with Journal.open(Paths(db_path.parent)) as journal:
        before_entries = export(journal, tmp_path / "before.json")
        before_schema = schema(journal.db)
    before_bytes = db_path.read_bytes()

    def fail(db: Database) -> None:
        if failure == "sql":
            db.execute("INSERT INTO no_such_table VALUES (1)")
        raise RuntimeError("a bug in a migration")

    monkeypatch.setattr(reflect.store.migrations, "migrations", failing_set(fail))  # store imports it when needed
    monkeypatch.setattr(
        reflect.store.journal, "migrations_stamp", lambda: None
    )  # the stamp vouches for migrations.py only
    monkeypatch.setenv("REFLECT_HOME", str(db_path.parent))
    result = cli("list")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    if failure == "sql":
        assert "could not be brought up to date" in result.stderr and "nothing was changed" in result.stderr
    else:
        assert "unexpected problem (RuntimeError)" in result.stderr

    assert db_path.read_bytes() == before_bytes
    monkeypatch.undo()
    with Journal.open(Paths(db_path.parent)) as journal:  # the real set: nothing pending, nothing half-applied
        assert schema(journal.db) == before_schema
        assert "m999_breaks_half_way" not in {m.name for m in migrations.applied(journal.db)}
        assert export(journal, tmp_path / "after.json") == before_entries


def test_interrupted_first_migration_is_redone_whole(tmp_path: Path) -> None:
    """A journal whose creation was cut short (file made, migration never committed) opens as a new journal. (An
    empty file is never made: creation links a file with its header into place; an empty one is refused.)"""
    home = tmp_path / "home"
    home.mkdir()
    conn = sqlite3.connect(home / "journal.db")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    with Journal.open(Paths(home)) as journal:
        assert journal.schema_version() == migrations._migrations[-1].name
        assert journal.count_entries() == 0
