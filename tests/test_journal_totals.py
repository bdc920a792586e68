"""journal_totals (migration m070) is kept by triggers: after any write it equals what the whole-table counts say."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from reflect.store.migrations import run_statements

RECOUNT = {
    "family": "SELECT family, count(DISTINCT entry_id), 0 FROM entry_feelings GROUP BY family",
    "pull": "SELECT pull, count(*), 0 FROM entry_pulls GROUP BY pull",
    "urge": "SELECT urge, count(*), sum(enacted) FROM entry_urges GROUP BY urge",
    "stance": "SELECT coalesce(stance, ''), count(*), 0 FROM entries GROUP BY stance",
}


def assert_totals_match(journal) -> None:
    for kind, sql in RECOUNT.items():
        kept = journal.db.execute(
            "SELECT subject, sessions, enacted FROM journal_totals WHERE kind = ? AND sessions != 0 ORDER BY subject",
            [kind],
        ).fetchall()
        assert [tuple(r) for r in kept] == sorted(tuple(r) for r in journal.db.execute(sql)), kind


def test_totals_follow_import_edit_delete_and_purge(journal, demo_entries):
    journal.import_entries(demo_entries[:30])
    assert_totals_match(journal)
    first = demo_entries[0]
    edited = replace(first, stance=None, feelings={"bored": 2, "sleepy": 1}, pulls=(), urges=(),
                     updated_at=first.updated_at + timedelta(hours=1))  # fmt: skip
    journal.save_entry(edited)
    assert_totals_match(journal)
    journal.import_entries(demo_entries)  # 30 unchanged, the rest added
    assert_totals_match(journal)
    journal.delete_entry(demo_entries[5].id)
    assert_totals_match(journal)
    journal.purge(client=demo_entries[10].client)
    assert_totals_match(journal)


def test_a_failed_import_leaves_the_totals_as_they_were(journal, demo_entries):
    journal.import_entries(demo_entries[:10])
    before = journal.db.execute("SELECT * FROM journal_totals ORDER BY kind, subject").fetchall()

    def entries():
        yield from demo_entries[10:20]
        raise RuntimeError("bad record")

    try:
        journal.import_entries(entries())
    except RuntimeError:
        pass
    assert journal.db.execute("SELECT * FROM journal_totals ORDER BY kind, subject").fetchall() == before


def test_statements_end_where_sqlite_says_they_are_complete(journal):
    run_statements(journal.db, """
        CREATE TEMP TABLE t (x);
        CREATE TEMP TRIGGER t_twice AFTER INSERT ON t WHEN NEW.x < 2 BEGIN INSERT INTO t VALUES (NEW.x + 1); END;
        INSERT INTO t VALUES (1);
    """)  # fmt: skip
    assert [r[0] for r in journal.db.execute("SELECT x FROM temp.t ORDER BY x")] == [1, 2]
