"""What the views keep instead of scanning the journal stays equal to a recount from scratch after every kind of write.

- row_counts (m071): the number of entries and of facts rows, kept by triggers; the facts' freshness check reads them.
- client_summaries and client_results: each client's whole-journal pattern results, recomputed for the clients whose
  sessions changed, by the import that wrote them or by the next report.
- The period's risk and ethics flags read from the facts rows: the same as counted from the whole entries.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reflect.analysis.pattern_terms import EVENT_GROUPS
from reflect.analysis.patterns import analyse
from reflect.analysis.stats import Thresholds
from reflect.analysis.supervision_loop import BOUNDARY_URGES, RISK_EVENT, risk_and_ethics
from reflect.config import Paths
from reflect.domain.entry_filter import EntryFilter
from reflect.domain.rows import SessionFlags
from reflect.flows.demo import generate
from reflect.store.journal import Journal
from reflect.store.patterns import PatternQueries

END = datetime(2026, 3, 11, 17, 0, tzinfo=UTC)
NOW = datetime(2026, 3, 12, 9, 0, tzinfo=UTC)
ENTRIES = list(generate(300, seed=11, end=END))  # 6 clients, so that one changed client is "a few"


def recount(journal: Journal) -> tuple[int, int]:
    one = lambda sql: journal.db.execute(sql).fetchone()[0]  # noqa: E731
    return one("SELECT count(*) FROM entries"), one("SELECT count(*) FROM entry_facts")


def kept(journal: Journal) -> tuple[int, int]:
    counts = dict(journal.db.execute("SELECT name, n FROM row_counts").fetchall())
    return counts["entries"], counts["entry_facts"]


def kept_results(journal: Journal) -> tuple[list, list]:
    summaries = journal.db.execute("SELECT * FROM client_summaries ORDER BY client, pattern").fetchall()
    results = journal.db.execute("SELECT * FROM client_results ORDER BY kind, client").fetchall()
    return [tuple(r) for r in summaries], [tuple(r) for r in results]


def whole_journal(journal: Journal):
    return journal.patterns.pattern_data(EntryFilter(), now=NOW, event_groups=EVENT_GROUPS, with_entries=False)


def assert_kept_results_match_a_recount(journal: Journal) -> None:
    """The kept rows, brought up to date as a report would, against every client's recomputed from scratch."""
    whole_journal(journal)
    incremental = kept_results(journal)
    journal.db.execute("UPDATE fact_meta SET value = 'changed' WHERE key = 'summaries'")  # recompute every client
    whole_journal(journal)
    assert kept_results(journal) == incremental


def edited(entry, n: int):
    return replace(
        entry,
        stance=("complementary", "non-complementary", None)[n % 3],
        pulls=(("parental-protective", "helpless-inadequate"), (), ("disengaged",))[n % 3],
        client=ENTRIES[n % len(ENTRIES)].client if n % 4 == 0 else entry.client,
        updated_at=entry.updated_at + timedelta(hours=1 + n),
    )


operations = st.lists(
    st.tuples(st.sampled_from(["import", "edit", "delete", "purge-client", "purge-before"]), st.integers(0, 299)),
    min_size=1,
    max_size=6,
)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=operations)
def test_kept_counts_and_results_follow_every_write(tmp_path_factory, steps):
    home = tmp_path_factory.mktemp("journal")
    with Journal.open(Paths(home)) as journal:
        journal.import_entries(ENTRIES[:150], event_groups=EVENT_GROUPS)
        for op, n in steps:
            ids = [r[0] for r in journal.db.execute("SELECT id FROM entries ORDER BY id")]
            if op == "import":
                journal.import_entries(ENTRIES[n // 2 : n // 2 + 100], event_groups=EVENT_GROUPS)
            elif op == "edit" and ids:
                journal.save_entry(edited(journal.get_entry(ids[n % len(ids)]), n))
            elif op == "delete" and ids:
                journal.delete_entry(ids[n % len(ids)])
            elif op == "purge-client" and ids:
                journal.purge(client=journal.get_entry(ids[n % len(ids)]).client)
            elif op == "purge-before":
                journal.purge(before=date(2025, 1, 1) + timedelta(days=n))
            assert kept(journal) == recount(journal), op
            assert journal.patterns.refresh_facts() == 0, op  # every write path wrote the facts with the entry
        assert_kept_results_match_a_recount(journal)


def test_an_import_leaves_nothing_for_the_first_whole_journal_report_to_recompute(journal, monkeypatch):
    journal.import_entries(ENTRIES, event_groups=EVENT_GROUPS)
    assert journal.db.execute("SELECT count(*) FROM stale_summaries").fetchone()[0] == 0
    after_import = kept_results(journal)

    def no_pause(*args, **kwargs):
        raise AssertionError("the first report after an import recomputed kept results")

    monkeypatch.setattr(PatternQueries, "_recompute_kept", no_pause)
    whole_journal(journal)
    monkeypatch.undo()
    assert kept_results(journal) == after_import
    assert_kept_results_match_a_recount(journal)


def test_a_failed_import_leaves_counts_and_kept_results_as_they_were(journal):
    journal.import_entries(ENTRIES[:100], event_groups=EVENT_GROUPS)
    before = kept(journal), kept_results(journal)

    def entries():
        yield from ENTRIES[100:200]
        raise RuntimeError("bad record")

    with pytest.raises(RuntimeError):
        journal.import_entries(entries(), event_groups=EVENT_GROUPS)
    assert (kept(journal), kept_results(journal)) == before


def test_one_saved_entry_recomputes_its_client_alone_and_agrees_with_a_recount(journal):
    journal.import_entries(ENTRIES, event_groups=EVENT_GROUPS)
    entry = ENTRIES[7]
    journal.save_entry(replace(entry, urges=(), stance=None, updated_at=entry.updated_at + timedelta(days=1)))
    assert [r[0] for r in journal.db.execute("SELECT client FROM stale_summaries")] == [entry.client]
    assert_kept_results_match_a_recount(journal)


def test_the_freshness_check_still_finds_a_missing_or_stale_facts_row(journal):
    journal.import_entries(ENTRIES[:50])
    first, second = ENTRIES[0].id, ENTRIES[1].id
    journal.db.execute("DELETE FROM entry_facts WHERE entry_id = ?", [first])
    journal.db.execute("UPDATE entries SET updated_at = '2099-01-01T00:00:00+00:00' WHERE id = ?", [second])
    assert kept(journal) == recount(journal) == (50, 49)
    assert journal.patterns.refresh_facts() == 2
    assert kept(journal) == recount(journal) == (50, 50)
    assert journal.patterns.refresh_facts() == 0


def test_a_facts_rebuild_keeps_the_counts(journal):
    journal.import_entries(ENTRIES[:50])
    journal.db.execute("UPDATE fact_meta SET value = 'another vocabulary' WHERE key = 'vocabulary'")
    assert journal.patterns.refresh_facts() == 50
    assert kept(journal) == recount(journal) == (50, 50)


def flags_from_entries(entries) -> list[SessionFlags]:
    """The flags as counted from whole entries (what the prep read before the facts did)."""
    from reflect.domain.dates import iso

    out = []
    for e in sorted(entries, key=lambda e: e.session_at):
        urges = tuple(sorted(u.urge for u in e.urges if u.enacted and u.urge in BOUNDARY_URGES))
        flag = SessionFlags(e.client, iso(e.session_at), RISK_EVENT in e.events, urges,
                            any(r.resolved == "no" for r in e.ruptures))  # fmt: skip
        if flag.risk_disclosure or flag.urges_acted_on or flag.unresolved_rupture:
            out.append(flag)
    return out


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start=st.integers(0, 120), days=st.integers(1, 120), focal=st.booleans())
def test_risk_flags_from_the_facts_equal_those_counted_from_whole_entries(demo_journal, start, days, focal):
    since = date(2025, 12, 1) + timedelta(days=start)
    codes = demo_journal.client_codes()
    client = codes[start % len(codes)] if focal else None
    flt = EntryFilter(since=since, until=since + timedelta(days=days), client=client)
    entries = demo_journal.list_entries(flt)
    flags = demo_journal.patterns.session_flags(flt, RISK_EVENT, BOUNDARY_URGES)
    normalise = lambda rows: sorted((*r[:3], tuple(sorted(r[3])), r[4]) for r in rows)  # noqa: E731
    assert normalise(flags) == normalise(flags_from_entries(entries))
    assert risk_and_ethics(flags) == risk_and_ethics(flags_from_entries(entries))


def test_questions_by_id_and_their_discussions_are_the_full_lists_narrowed(demo_journal):
    every = {q["id"]: q for q in demo_journal.supervision_questions()}
    wanted = [*list(every)[::2], "no-such-question"]
    assert demo_journal.questions_by_id(wanted) == {qid: every[qid] for qid in wanted if qid in every}
    discussions = demo_journal.question_discussions()
    assert demo_journal.question_discussions(wanted) == {q: d for q, d in discussions.items() if q in wanted}


def test_every_open_has_recursive_triggers_on_so_a_replaced_row_is_counted_out(journal_home):
    """sqlite_utils turns recursive triggers on whenever it is loaded; an up-to-date journal opens without it."""
    with Journal.open(Paths(journal_home)) as journal:
        journal.import_entries(ENTRIES[:5])
    with Journal.open(Paths(journal_home)) as journal:
        assert journal.db._real is None  # opened by the stamp, sqlite_utils not loaded
        assert journal.db.execute("PRAGMA recursive_triggers").fetchone()[0] == 1
        journal.db.execute("UPDATE entries SET updated_at = '2099-01-01T00:00:00+00:00' WHERE id = ?", [ENTRIES[0].id])
        assert journal.patterns.refresh_facts() == 1  # INSERT OR REPLACE of the stale row
        assert kept(journal) == recount(journal) == (5, 5)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(client=st.integers(0, 5), day=st.integers(0, 160), with_entries=st.booleans())
def test_one_client_up_to_a_day_reads_the_kept_totals_and_finds_what_a_full_scan_finds(
    tmp_path_factory, monkeypatch, client, day, with_entries
):
    """The comparison totals from the kept whole-journal results less the sessions since the day (what the impact of
    supervision asks for each client a meeting worked on) against every session before the day read again. The
    other clients' ruptures are left out: findings about one client compare only their sessions with the others'."""
    home = tmp_path_factory.mktemp("journal")
    with Journal.open(Paths(home)) as journal:
        journal.import_entries(ENTRIES, event_groups=EVENT_GROUPS)
        codes = journal.client_codes()
        flt = EntryFilter(client=codes[client % len(codes)], until=date(2025, 10, 1) + timedelta(days=day))
        ask = lambda: journal.patterns.pattern_data(flt, now=NOW, event_groups=EVENT_GROUPS, with_entries=with_entries)  # noqa: E731
        kept_totals = ask()
        with monkeypatch.context() as m:
            m.setattr(PatternQueries, "_totals_to_day", lambda *args: None)
            full = ask()
        assert analyse(kept_totals, Thresholds()) == analyse(full, Thresholds())
        mine = lambda rows: [r for r in rows if r[0] == flt.client]  # noqa: E731
        full = replace(full, ruptures=mine(full.ruptures), rupture_sessions=mine(full.rupture_sessions),
                       rupture_urges=mine(full.rupture_urges))  # fmt: skip
        # Supporting entries are ranked among the client's sessions alone: the same entries, in the same order.
        in_order = lambda rank: [rank[k][1] for k in sorted(kept_totals.rank, key=lambda k: rank[k][0])]  # noqa: E731
        assert in_order(kept_totals.rank) == in_order(full.rank)
        assert replace(kept_totals, rank={}) == replace(full, rank={})


def test_an_older_journal_gets_its_counts_when_it_is_brought_up_to_date(journal_home):
    with Journal.open(Paths(journal_home)) as journal:
        journal.import_entries(ENTRIES[:40])
        for name in ("entries", "entry_facts"):
            for event in ("insert", "delete"):
                journal.db.execute(f"DROP TRIGGER count_{name}_{event}")
        journal.db.execute("DROP TABLE row_counts")
        journal.db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm071_count_entries_and_facts'")
    with Journal.open(Paths(journal_home)) as journal:  # m071 runs again, on a journal holding entries
        assert kept(journal) == recount(journal) == (40, 40)
        journal.delete_entry(ENTRIES[0].id)
        assert kept(journal) == recount(journal) == (39, 39)


@pytest.mark.parametrize("batch", [1, 2, 5])
def test_clients_recomputed_a_batch_at_a_time_keep_what_one_pass_keeps(journal, monkeypatch, batch):
    """Recomputing every client goes a batch of clients at a time, so that memory follows the batch, not the journal;
    the kept rows must not depend on how the clients were grouped."""
    journal.import_entries(ENTRIES)
    journal.db.execute("UPDATE fact_meta SET value = 'changed' WHERE key = 'summaries'")
    whole_journal(journal)  # six clients: one batch
    one_pass = kept_results(journal)
    monkeypatch.setattr("reflect.store.kept_patterns.RECOMPUTE_BATCH", batch)
    journal.db.execute("UPDATE fact_meta SET value = 'changed' WHERE key = 'summaries'")
    whole_journal(journal)
    assert kept_results(journal) == one_pass and one_pass[0] and one_pass[1]
    assert journal.db.execute("SELECT count(*) FROM stale_summaries").fetchone()[0] == 0
