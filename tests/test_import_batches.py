"""Import writes new entries in batches (store.entry_rows): the rows must be exactly those of saving one at a time."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from reflect.domain.models import SupervisionQuestion, entry_to_dict
from reflect.errors import ValidationError


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr("reflect.store.entry_rows.BATCH", 7)  # 52 demo entries: seven full batches and a short one


def table_counts(journal) -> dict[str, int]:
    tables = ["entries", "clients", "entry_facts", "search_docs", "ruptures", "rupture_markers", "rupture_strategies",
              "supervision_questions", "entry_feelings", "entry_urges", "entry_markers", "entry_tags"]  # fmt: skip
    return {t: journal.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


def test_batched_import_writes_what_saving_one_by_one_writes(journal, demo_entries, small_batches, tmp_path):
    from reflect.config import Paths
    from reflect.store.journal import Journal

    assert any(e.ruptures for e in demo_entries) and any(e.supervision for e in demo_entries)
    with Journal.open(Paths(tmp_path / "one-by-one")) as single:
        for entry in demo_entries:
            single.save_entry(entry)
        expected = table_counts(single)
    assert journal.import_entries(demo_entries).added == len(demo_entries)
    assert table_counts(journal) == expected
    for entry in demo_entries:
        assert entry_to_dict(journal.get_entry(entry.id)) == entry_to_dict(entry)
    assert journal.search_index_problems() == []
    assert journal.integrity_problems() == []


def test_a_newer_copy_of_an_entry_later_in_the_same_file_is_refused_not_merged(journal, demo_entries, small_batches):
    """Two records of one file with one id are a broken file, not an edit: a newer copy is refused as an older or an
    identical one is (a newer copy in a later file is an edit, and is merged)."""
    first = demo_entries[3]
    newer = replace(first, intensity=9, updated_at=first.updated_at + timedelta(hours=1))
    with pytest.raises(ValidationError, match="entry 6: id .* is already used by entry 4 of this file"):
        journal.import_entries([*demo_entries[:5], newer])
    assert journal.count_entries() == 0
    journal.import_entries(demo_entries[:5])
    counts = journal.import_entries([newer])
    assert counts.as_dict() == {"added": 0, "updated": 1, "unchanged": 0, "conflicting": 0}
    assert journal.get_entry(first.id).intensity == 9


def test_a_question_id_reused_within_one_batch_writes_nothing(journal, demo_entries):
    question = SupervisionQuestion("What do I avoid with this client?")
    a = replace(demo_entries[0], supervision=(question,))
    b = replace(demo_entries[1], supervision=(SupervisionQuestion("Another", id=question.id),))
    with pytest.raises(ValidationError, match=rf"entry {b.id}: field 'supervision\[0\]\.id' is already used"):
        journal.import_entries([a, b])
    assert journal.count_entries() == 0


def test_a_question_id_held_by_an_entry_in_the_journal_is_refused(journal, demo_entries):
    question = SupervisionQuestion("What do I avoid with this client?")
    journal.save_entry(replace(demo_entries[0], supervision=(question,)))
    taken = replace(demo_entries[1], supervision=(SupervisionQuestion("Another", id=question.id),))
    with pytest.raises(ValidationError, match=r"field 'supervision\[0\]\.id' is already used"):
        journal.import_entries([*demo_entries[2:5], taken])
    assert journal.count_entries() == 1


def scratch_tables(journal) -> list[str]:
    return [r[0] for r in journal.db.execute("SELECT name FROM sqlite_master WHERE name = 'import_ids'")]


def test_an_id_used_twice_in_one_file_is_refused_across_batches(journal, demo_entries, small_batches):
    """Which entry first used an id is kept in the journal's file while the import runs (never in memory, which
    would grow with the file), so a duplicate batches apart is found as one within a batch is."""
    entries = [*demo_entries[:20], replace(demo_entries[3], observed="another text")]
    with pytest.raises(ValidationError) as error:
        journal.import_entries(entries)
    assert str(error.value) == (
        f"entry 21: id {demo_entries[3].id} is already used by entry 4 of this file; each entry needs its own id. "
        "Nothing was imported."
    )
    within = [*demo_entries[:3], demo_entries[1]]  # the first use still waits in the batch
    with pytest.raises(ValidationError, match="entry 4: id .* is already used by entry 2 of this file"):
        journal.import_entries(within)
    assert journal.count_entries() == 0 and scratch_tables(journal) == []


def test_the_scratch_table_of_ids_is_gone_when_the_import_commits(journal, demo_entries, small_batches):
    assert journal.import_entries(demo_entries).added == len(demo_entries)
    assert scratch_tables(journal) == []
    assert journal.import_entries(demo_entries).unchanged == len(demo_entries)  # a second import is no duplicate
    assert scratch_tables(journal) == [] and journal.integrity_problems() == []
