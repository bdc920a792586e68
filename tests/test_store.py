"""The store: migrations, writes, filters, prefixes, drafts and imports."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlite_utils import Database

from reflect.config import Paths
from reflect.domain.entry_filter import EntryFilter
from reflect.domain.models import entry_to_dict, parse_entry
from reflect.errors import JournalError, NotFound, UsageError
from reflect.store.journal import Journal
from reflect.store.migrations import APPLICATION_ID, migrations


def test_blank_journal_gets_every_migration_and_is_ours(journal_home):
    with Journal.open(Paths(journal_home)) as journal:
        applied = [m.name for m in migrations.applied(journal.db)]
        assert applied == [m.name for m in migrations._migrations]
        assert journal.db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert journal.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert journal.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert (journal_home / "journal.db").stat().st_mode & 0o777 == 0o600
    assert journal_home.stat().st_mode & 0o777 == 0o700


def test_reopening_applies_nothing_twice(journal_home):
    Journal.open(Paths(journal_home)).close()
    with Journal.open(Paths(journal_home)) as journal:
        rows = journal.db.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0]
        assert rows == len(migrations._migrations)


def test_foreign_sqlite_file_is_refused(journal_home):
    journal_home.mkdir()
    db = sqlite3.connect(journal_home / "journal.db")
    db.execute("CREATE TABLE notes (x)")
    db.commit()
    db.close()
    with pytest.raises(JournalError, match="is an SQLite database, but not a reflect journal"):
        Journal.open(Paths(journal_home))


def test_newer_schema_is_refused(journal_home):
    Journal.open(Paths(journal_home)).close()
    db = Database(journal_home / "journal.db")
    db["_sqlite_migrations"].insert({"migration_set": "reflect", "name": "m999_from_the_future", "applied_at": "x"})
    db.conn.close()
    with pytest.raises(JournalError, match="written by a newer version of reflect"):
        Journal.open(Paths(journal_home))


def test_missing_journal_without_create(journal_home):
    with pytest.raises(NotFound, match="there is no journal at"):
        Journal.open(Paths(journal_home), create=False)


def test_save_and_load_every_field(journal, demo_entries):
    for entry in demo_entries:
        journal.save_entry(entry)
    for entry in demo_entries:
        assert entry_to_dict(journal.get_entry(entry.id)) == entry_to_dict(entry)


def test_children_live_in_queryable_tables(journal, demo_entries):
    for entry in demo_entries:
        journal.save_entry(entry)
    expected = sum(1 for e in demo_entries for u in e.urges if u.enacted)
    assert journal.db.execute("SELECT count(*) FROM entry_urges WHERE enacted = 1").fetchone()[0] == expected
    families = {r[0] for r in journal.db.execute("SELECT DISTINCT family FROM entry_feelings")}
    assert {"protective", "disengaged"} <= families


def test_replacing_an_entry_replaces_its_children(journal, demo_entries):
    entry = next(e for e in demo_entries if e.ruptures)
    journal.save_entry(entry)
    journal.save_entry(replace(entry, ruptures=(), pulls=("positive",)))
    again = journal.get_entry(entry.id)
    assert again.ruptures == () and again.pulls == ("positive",)
    assert journal.db.execute("SELECT count(*) FROM rupture_markers").fetchone()[0] == 0


def test_delete_removes_every_row(journal, demo_entries):
    entry = next(e for e in demo_entries if e.ruptures and e.supervision)
    journal.save_entry(entry)
    journal.delete_entry(entry.id)
    for table in ("entries", "entry_feelings", "entry_urges", "ruptures", "rupture_markers", "supervision_questions"):
        assert journal.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table


def test_filters(journal, demo_entries):
    for entry in demo_entries:
        journal.save_entry(entry)
    client = journal.list_entries(EntryFilter(client="C-2QX9"))
    assert len(client) == 13 and all(e.client == "C-2QX9" for e in client)
    assert client == sorted(client, key=lambda e: e.session_at, reverse=True)
    last = demo_entries[-1].session_at.astimezone().date()
    recent = journal.list_entries(EntryFilter(since=last - timedelta(days=6)))
    assert {e.id for e in recent} == {
        e.id for e in demo_entries if e.session_at.astimezone().date() >= last - timedelta(days=6)
    }
    tagged = journal.list_entries(EntryFilter(tag="break"))
    assert {e.id for e in tagged} == {e.id for e in demo_entries if "break" in e.tags}
    flagged = journal.list_entries(EntryFilter(flagged=True))
    assert {e.id for e in flagged} == {e.id for e in demo_entries if e.flagged}
    assert len(journal.list_entries(EntryFilter(limit=5))) == 5
    assert journal.list_entries(EntryFilter(until=date(2000, 1, 1))) == []


def test_iter_entries_streams_everything_in_order(journal, demo_entries, monkeypatch):
    monkeypatch.setattr("reflect.store.entries.BATCH", 7)  # force many pages
    for entry in demo_entries:
        journal.save_entry(entry)
    ids = [e.id for e in journal.iter_entries()]
    assert ids == [e.id for e in sorted(demo_entries, key=lambda e: (e.session_at, e.id))]
    assert len(list(journal.iter_entries(EntryFilter(limit=10)))) == 10


def test_id_prefixes(journal, demo_entries):
    for entry in demo_entries[:3]:
        journal.save_entry(entry)
    target = demo_entries[0]
    assert journal.resolve_id(target.id[:6]) == target.id
    assert journal.resolve_id(target.id.upper()) == target.id
    with pytest.raises(UsageError, match="at least 6 characters"):
        journal.resolve_id(target.id[:5])
    with pytest.raises(NotFound, match="no entry with id ffffff"):
        journal.resolve_id("ffffff")


def test_ambiguous_prefix(journal, demo_entries):
    a = replace(demo_entries[0], id="abcdef00-0000-4000-8000-000000000001")
    b = replace(demo_entries[1], id="abcdef00-0000-4000-8000-000000000002")
    journal.save_entry(a)
    journal.save_entry(b)
    with pytest.raises(UsageError, match="matches more than one entry"):
        journal.resolve_id("abcdef00")


def test_drafts_keep_state_and_finish_atomically(journal, demo_entries):
    draft = journal.new_draft("standard", client="C-7F3K")
    draft.state = {"done": ["client"], "values": {"client": "C-7F3K"}}
    journal.save_draft(draft)
    assert journal.get_draft(draft.id[:6]).state == draft.state
    journal.finish_draft(draft, demo_entries[0])
    assert journal.drafts() == []
    assert journal.get_entry(demo_entries[0].id)


def test_import_counts_and_newer_wins(journal, demo_entries):
    first = journal.import_entries(demo_entries[:10])
    assert first.as_dict() == {"added": 10, "updated": 0, "unchanged": 0, "conflicting": 0}
    changed = replace(demo_entries[0], intensity=9, updated_at=demo_entries[0].updated_at + timedelta(hours=1))
    stale = replace(demo_entries[1], intensity=0, updated_at=demo_entries[1].updated_at - timedelta(hours=1))
    second = journal.import_entries([changed, stale, *demo_entries[2:12]])
    assert second.as_dict() == {"added": 2, "updated": 1, "unchanged": 8, "conflicting": 1}
    assert second.conflicts == [demo_entries[1].id]
    assert journal.get_entry(demo_entries[0].id).intensity == 9
    assert journal.get_entry(demo_entries[1].id).intensity == demo_entries[1].intensity


def test_import_is_all_or_nothing(journal, demo_entries):
    def entries():
        yield from demo_entries[:5]
        raise RuntimeError("bad record")

    with pytest.raises(RuntimeError):
        journal.import_entries(entries())
    assert journal.count_entries() == 0


def test_next_session_number(journal, demo_entries):
    assert journal.next_session_number("C-NEW1") == 1
    journal.save_entry(parse_entry({"client": "C-NEW1", "session_at": "2026-01-01T10:00:00+00:00",
                                    "session_number": 4}))  # fmt: skip
    assert journal.next_session_number("C-NEW1") == 5


def test_answers_are_stored_as_json(journal):
    entry = parse_entry({"client": "C-7F3K", "session_at": "2026-01-01T10:00:00+00:00",
                         "answers": {"aim": "to stay", "values": ["a", "b"], "n": 3, "ok": True}})  # fmt: skip
    journal.save_entry(entry)
    raw = journal.db.execute("SELECT answers FROM entries").fetchone()[0]
    assert json.loads(raw) == {"aim": "to stay", "values": ["a", "b"], "n": 3, "ok": True}
