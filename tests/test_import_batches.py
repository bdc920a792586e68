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


def test_an_entry_twice_in_one_file_is_merged_with_its_first_copy(journal, demo_entries, small_batches):
    first = demo_entries[3]
    newer = replace(first, intensity=9, updated_at=first.updated_at + timedelta(hours=1))
    counts = journal.import_entries([*demo_entries[:5], newer, first])
    assert counts.as_dict() == {"added": 5, "updated": 1, "unchanged": 0, "conflicting": 1}
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
