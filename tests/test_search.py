"""Full-text search: the index stays in step with every write, private text stays private, output is whole."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from reflect.config import Paths
from reflect.domain.entry_filter import EntryFilter
from reflect.domain.models import parse_entry
from reflect.errors import JournalError, ValidationError
from reflect.store.journal import Journal

T0 = "2026-03-02T15:00:00+00:00"


def make(**fields):
    data = {"client": "C-7F3K", "session_at": T0, "created_at": T0, "updated_at": T0}
    data.update(fields)
    return parse_entry(data)


def found(journal: Journal, query: str, **kw) -> list[str]:
    hits, _ = journal.search(query, EntryFilter(), **kw)
    return [h.entry_id for h in hits]


def test_index_follows_insert_edit_delete(journal):
    entry = make(observed="She arrived early and apologised twice.", interpretation="A pull to rescue.",
                 experiment="Stay with the silence.", resonance="My own mother's worry.",
                 ruptures=[{"type": "withdrawal", "note": "went quiet after the fee"}],
                 experiment_followup={"tried": "partly", "note": "held back the reassurance"},
                 supervision=["Why do I over-run with her?"])  # fmt: skip
    journal.save_entry(entry)
    assert journal.search_index_problems() == []
    for word in ("apologised", "rescue", "silence", "fee", "reassurance", "over-run"):
        assert found(journal, word) == [entry.id], word

    edited = replace(entry, observed="He cancelled by text.", ruptures=()).touched()
    journal.save_entry(edited)
    assert journal.search_index_problems() == []
    assert found(journal, "apologised") == []
    assert found(journal, "fee") == []
    assert found(journal, "cancelled") == [entry.id]

    journal.delete_entry(entry.id)
    assert journal.search_index_problems() == []
    assert found(journal, "cancelled") == []
    assert journal.db.execute("SELECT count(*) FROM entries_fts").fetchone()[0] == 0


def test_index_follows_import_and_rolls_back_with_it(journal, demo_entries):
    counts = journal.import_entries(demo_entries)
    assert counts.added == len(demo_entries)
    assert journal.search_index_problems() == []
    total_before = journal.db.execute("SELECT count(*) FROM entries_fts").fetchone()[0]
    assert total_before == len(demo_entries)

    # An update through import replaces the indexed text.
    first = demo_entries[0]
    newer = replace(first, observed="An entirely new observation about lateness.").touched()
    assert journal.import_entries([newer]).updated == 1
    assert found(journal, "lateness") == [first.id]
    assert journal.search_index_problems() == []

    # A failing import writes nothing: neither entries nor index rows.
    def broken():
        yield make(observed="zeppelin never stored")
        raise ValidationError("entry 2: field 'client' is required")

    with pytest.raises(ValidationError):
        journal.import_entries(broken())
    assert found(journal, "zeppelin") == []
    assert journal.db.execute("SELECT count(*) FROM entries_fts").fetchone()[0] == total_before
    assert journal.search_index_problems() == []


def test_finishing_a_draft_indexes_the_entry(journal):
    draft = journal.new_draft("quick", client="C-7F3K")
    entry = make(observed="Draft text about a missed session.")
    journal.finish_draft(draft, entry)
    assert found(journal, "missed") == [entry.id]


def test_existing_entries_are_indexed_by_the_migration(journal_home):
    with Journal.open(Paths(journal_home)) as journal:
        journal.save_entry(make(observed="Written before search existed."))
        # Return the journal to its state before m030: no index, migration not applied.
        journal.db.execute("DROP TABLE entries_fts")
        journal.db.execute("DROP TABLE search_docs")
        journal.db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm030_create_search_index'")
        journal.db.execute("PRAGMA user_version = 0")  # the stamp an older reflect's migrations would not match
    with Journal.open(Paths(journal_home)) as journal:
        assert journal.schema_version() == "m030_create_search_index"
        assert len(found(journal, "existed")) == 1
        assert journal.search_index_problems() == []


def test_rebuild_repairs_drift(journal, demo_entries):
    journal.import_entries(demo_entries[:5])
    journal.db.execute("DELETE FROM entries_fts")
    assert len(journal.search_index_problems()) == 5
    assert journal.rebuild_search_index() == 5
    assert journal.search_index_problems() == []


def test_resonance_is_searched_only_when_asked(journal):
    entry = make(observed="Ordinary session.", resonance="It touched my brother's illness.")
    journal.save_entry(entry)
    assert found(journal, "illness") == []
    assert found(journal, "illness OR ordinary") == [entry.id]
    hits, _ = journal.search("illness OR ordinary", EntryFilter())
    assert "illness" not in hits[0].snippet and hits[0].field == "observed"
    hits, _ = journal.search("illness", EntryFilter(), include_private=True)
    assert [h.field for h in hits] == ["private"]
    assert "\x02illness\x03" in hits[0].snippet


def test_private_free_answers_follow_the_pack(journal_home):
    prompts = journal_home / "prompts"
    prompts.mkdir(parents=True)
    (prompts / "mine.toml").write_text(
        'name = "mine"\ntitle = "Mine"\nsummary = "Two free questions."\n\n'
        '[[question]]\nid = "hunch"\nstage = "make-sense"\nkind = "text"\nask = "A hunch?"\n\n'
        '[[question]]\nid = "secret"\nstage = "make-sense"\nkind = "text"\nask = "Private?"\nprivate = true\n'
    )
    with Journal.open(Paths(journal_home)) as journal:
        entry = make(pack="mine", answers={"hunch": "maybe envy", "secret": "my divorce"})
        orphan = make(pack="deleted-pack", answers={"hunch": "unknown pack text"})
        journal.save_entry(entry)
        journal.save_entry(orphan)
        assert found(journal, "envy") == [entry.id]
        assert found(journal, "divorce") == []
        assert found(journal, "divorce", include_private=True) == [entry.id]
        # An answer whose pack is unknown cannot be shown to be public, so it is treated as private.
        assert found(journal, "unknown") == []
        assert found(journal, "unknown", include_private=True) == [orphan.id]


def test_ranking_and_filters(journal):
    strong = make(observed="shame shame shame", interpretation="shame again", tags=["break"])
    weak = make(
        session_at="2026-02-01T15:00:00+00:00",
        observed="a long account in which shame appears once among "
        "many other words about the room, the weather, the lateness and the fee",
        client="C-2QX9",
    )
    journal.save_entry(strong)
    journal.save_entry(weak)
    assert found(journal, "shame") == [strong.id, weak.id]
    hits, total = journal.search("shame", EntryFilter(client="C-2QX9"))
    assert ([h.entry_id for h in hits], total) == ([weak.id], 1)
    hits, total = journal.search("shame", EntryFilter(tag="break"))
    assert [h.entry_id for h in hits] == [strong.id]
    from datetime import date

    hits, _ = journal.search("shame", EntryFilter(since=date(2026, 3, 1)))
    assert [h.entry_id for h in hits] == [strong.id]
    hits, total = journal.search("shame", EntryFilter(), limit=1)
    assert (len(hits), total) == (1, 2)


def test_query_language_end_to_end(journal):
    a = make(observed="I wanted to rescue her from the silence.")
    b = make(observed="Rescuing again; irritation at the lateness.")
    c = make(observed="Self-disclosure felt wrong.")
    for e in (a, b, c):
        journal.save_entry(e)
    assert set(found(journal, "rescue")) == {a.id, b.id}  # porter stemming
    assert found(journal, '"rescue her"') == [a.id]
    assert found(journal, "rescue -silence") == [b.id]
    assert found(journal, "rescue NOT irritation") == [a.id]
    assert set(found(journal, "silen* OR irrit*")) == {a.id, b.id}
    assert found(journal, "(silence OR lateness) AND irritation") == [b.id]
    assert found(journal, "self-disclosure") == [c.id]
    assert found(journal, "observed:silence") == []  # column syntax is taken literally, never as a filter


# --- the command --------------------------------------------------------------------------------------------------


@pytest.fixture
def searchable(journal_home):
    with Journal.open(Paths(journal_home)) as journal:
        first = make(id="11111111-1111-4111-8111-111111111111", observed="She asked for a hug at the end.",
                     session_number=4, tags=["ending"])  # fmt: skip
        second = make(id="22222222-2222-4222-8222-222222222222", session_at="2026-03-09T15:00:00+00:00",
                      client="C-2QX9", observed="\x1b]0;owned\x07Asked me nothing; I felt a hug would be wrong.",
                      flagged=True)  # fmt: skip
        journal.save_entry(first)
        journal.save_entry(second)
    return first, second


def test_search_command_whole_output(cli, searchable, monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    import time

    time.tzset()
    result = cli("search", "hug")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "11111111  2026-03-02 15:00  C-7F3K  session 4  (observed)\n"
        "  She asked for a hug at the end.\n"
        "\n"
        "22222222  2026-03-09 15:00  C-2QX9  ⚑  (observed)\n"
        "  ]0;ownedAsked me nothing; I felt a hug would be wrong.\n"  # the escape and bell were never stored
    )
    assert result.stderr == ""


def test_search_command_json_and_filters(cli, searchable):
    rows = json.loads(cli("search", "hug", "--client", "c-2qx9", "--json").stdout)
    assert [r["id"] for r in rows] == ["22222222-2222-4222-8222-222222222222"]
    row = rows[0]
    assert row["field"] == "observed"
    start, end = row["highlights"][0]
    assert row["snippet"][start:end] == "hug"
    assert "\x1b" not in row["snippet"] and "\x07" not in row["snippet"]  # stored text never held the escape
    assert json.loads(cli("search", "hug", "--tag", "ending", "--json").stdout)[0]["client"] == "C-7F3K"
    assert (
        json.loads(cli("search", "hug", "--since", "2026-03-05", "--until", "2026-03-10", "--json").stdout)[0]["client"]
        == "C-2QX9"
    )
    result = cli("search", "hug", "--limit", "1")
    assert result.stderr == "\n1 of 2 matching entries, best first; --limit shows more.\n"


def test_search_command_no_match_and_bad_queries(cli, searchable):
    result = cli("search", "zebra")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "No entries match. (--include-private also searches private fields.)\n"
    assert cli("search", "zebra", "--json").stdout == "[]\n"
    for query, message in [
        ('"hug', 'the search has an opening " without a closing one.'),
        ("NOT hug", "NOT (or -) needs a word to search for first, e.g. `shame NOT break`."),
        ("hug OR", "OR needs something to search for on both sides, e.g. `anger OR irritation`."),
        ("(hug", "the search has a '(' without a matching ')'."),
        ("  ", "give something to search for, e.g. reflect search shame."),
        ("*** ---", "the search has no words in it (only punctuation); give a word to look for."),
    ]:
        result = cli("search", query)
        assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"Error: {message}\n"), query


def test_missing_fts5_is_one_line_error(cli, monkeypatch):
    import reflect.store.search as ss

    monkeypatch.setattr(ss, "fts5_available", lambda conn: False)
    result = cli("search", "hug")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: this Python's SQLite was built without FTS5, which reflect needs for search. "
        "Use a Python whose sqlite3 module has FTS5 (python.org and most Linux builds do).\n"
    )


def test_fts5_probe_is_true_here(journal):
    from reflect.store.search import fts5_available

    assert fts5_available(journal.db.conn)


def test_open_rejects_no_fts5_before_migrating(journal_home, monkeypatch):
    import reflect.store.search as ss

    monkeypatch.setattr(ss, "fts5_available", lambda conn: False)
    with pytest.raises(JournalError):
        Journal.open(Paths(journal_home))


def test_search_in_an_empty_journal(cli):
    result = cli("search", "anything")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "No entries yet: `reflect new` writes one.\n")
