"""Pattern findings on a journal with planted patterns: each is found with the right counts; noise stays quiet."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime
from math import comb

import pytest

from planted_journal import AVOIDANT, BREAK, CONTROL, END, RUPTURES, entries
from reflect.analysis import pattern_terms, stats
from reflect.analysis.pattern_terms import EVENT_GROUPS
from reflect.analysis.patterns import analyse
from reflect.analysis.stats import Thresholds, binomial_greater, fisher_greater
from reflect.domain.entry_filter import EntryFilter

NOW = END.astimezone()


@pytest.fixture
def utc(monkeypatch):
    """Pinned outputs show local days: pin the local time zone too."""
    import time

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def findings_for(journal, seed=1, flt=None, **kwargs):
    journal.import_entries(entries(seed))
    data = journal.patterns.pattern_data(flt or EntryFilter(), now=NOW, event_groups=EVENT_GROUPS, **kwargs)
    return analyse(data), {e.id: e for e in entries(seed)}


def only(findings, **match):
    hits = [f for f in findings if all(getattr(f, k, None) == v or f.details.get(k) == v for k, v in match.items())]
    assert len(hits) == 1, f"expected one finding for {match}, got {[(f.kind, f.client, f.subject) for f in hits]}"
    return hits[0]


def ids_where(by_id, predicate):
    chosen = [e for e in by_id.values() if predicate(e)]
    return tuple(e.id for e in sorted(chosen, key=lambda e: e.session_at))


def test_pull_around_breaks_is_found_with_its_counts(journal):
    found, by_id = findings_for(journal)
    f = only(found, kind="event-concentration", client=BREAK, subject="helpless-inadequate", event="break")
    near = lambda e: e.client == BREAK and {"pre-break", "post-break"} & set(e.events)  # noqa: E731
    expected = ids_where(by_id, lambda e: near(e) and "helpless-inadequate" in e.pulls)
    assert (f.count, f.total) == (6, 6)
    assert f.entries == expected == ids_where(by_id, near)
    others = [e for e in by_id.values() if e.client == BREAK and not near(e)]
    assert (f.baseline_count, f.baseline_total) == (sum("helpless-inadequate" in e.pulls for e in others), 24)
    assert f.rate == 1.0 and f.baseline_rate == f.baseline_count / 24
    assert f.text.startswith(f"With {BREAK}, the helpless/inadequate pull came in 6 of 6 sessions next to a break")
    assert f.text.endswith("What might the break ask of you that pulls you toward the helpless/inadequate role?")


def test_avoidant_presentation_with_disengaged_feelings(journal):
    found, by_id = findings_for(journal)
    f = only(found, kind="presentation-feeling", subject="disengaged", presentation="avoidant")
    coded = [e for e in by_id.values() if e.presentation and e.presentation.pattern == "avoidant"]
    disengaged = lambda e: any(vocab_family(w) == "disengaged" for w in e.feelings)  # noqa: E731
    assert f.total == len(coded)
    assert f.count == sum(disengaged(e) for e in coded)
    assert f.count >= 20  # the 20 planted sessions of C-AVD2, plus any control session coded avoidant by chance
    assert set(ids_where(by_id, lambda e: e.client == AVOIDANT and e.session_number % 6)) <= set(f.entries)
    rest = [e for e in by_id.values() if e not in coded]
    assert (f.baseline_count, f.baseline_total) == (sum(disengaged(e) for e in rest), len(rest))


def vocab_family(word: str) -> str:
    from reflect.domain import vocab

    return vocab.feeling_family(word)


def test_unresolved_confrontation_ruptures(journal):
    found, by_id = findings_for(journal)
    f = only(found, kind="ruptures", client=RUPTURES)
    mine = [r for e in by_id.values() if e.client == RUPTURES for r in e.ruptures]
    others = [r for e in by_id.values() if e.client != RUPTURES for r in e.ruptures]
    assert f.subject == "confrontation"
    assert (f.count, f.total) == (sum(r.resolved == "no" for r in mine), len(mine))
    assert f.count >= 5
    assert (f.baseline_count, f.baseline_total) == (sum(r.resolved == "no" for r in others), len(others))
    assert f.details["unresolved_after"]["frame"] == 5
    assert "Before the unresolved ones: 5 after the frame (time, boundaries)" in f.text
    assert f.entries == ids_where(by_id, lambda e: e.client == RUPTURES and any(r.resolved == "no" for r in e.ruptures))


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5, 6, 7, 8])
def test_control_client_with_random_reactions_yields_nothing(journal, seed):
    found, _ = findings_for(journal, seed)
    assert [f.text for f in found if f.client == CONTROL] == []
    # ... while the planted patterns are found whatever the noise.
    kinds = {(f.kind, f.client) for f in found}
    assert {("event-concentration", BREAK), ("ruptures", RUPTURES)} <= kinds
    assert any(f.kind == "presentation-feeling" and f.subject == "disengaged" for f in found)


def test_control_alone_is_quiet_too(journal):
    """Asked about the control client only (--client), nothing recurs for it."""
    found, _ = findings_for(journal, flt=EntryFilter(client=CONTROL))
    per_client = {"recurring-pull", "enacted-urge", "event-concentration", "stance-profile", "rupture-urges"}
    assert [f.text for f in found if f.kind in per_client] == []
    assert all(f.client == CONTROL for f in found)


def test_findings_json_has_the_documented_fields(journal, cli):
    journal.import_entries(entries(1))
    result = cli("patterns", "--json")
    assert result.exit_code == 0, result.stderr
    items = json.loads(result.stdout)
    assert items and {"kind", "client", "subject", "count", "total", "rate", "baseline_rate", "entries", "text"} <= set(
        items[0]
    )
    assert {i["kind"] for i in items} <= set(pattern_terms.KINDS)
    brk = next(i for i in items if i["kind"] == "event-concentration" and i["client"] == BREAK)
    assert len(brk["entries"]) == 6 and all(len(x) == 36 for x in brk["entries"])


def test_terminal_report_reads_without_colour(journal, cli):
    journal.import_entries(entries(1))
    result = cli("patterns", "--client", BREAK, "--since", "2025-01-01")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "\x1b[" not in out  # NO_COLOR is set by the fixture
    assert f"{BREAK} · 30 sessions" in out
    assert "helpless/inadequate" in out and "●" in out and "·" in out  # the grid reads by glyph
    assert any(ch in out for ch in "▁▂▃▄▅▆▇█")  # the sparkline
    assert "Around session events" in out
    assert "Prompts for reflection, not clinical conclusions; not the clinical record." in out
    assert "Thresholds: a rate needs at least 4 sessions" in out


def test_wording_is_a_prompt_not_a_diagnosis(journal):
    found, _ = findings_for(journal)
    for f in found:
        assert "?" in f.text or f.kind == "intensity-trend", f.text
        for word in ("diagnos", "disorder", "you are ", "patholog"):
            assert word not in f.text.lower()


def test_min_sessions_option_raises_the_bar(journal, cli):
    journal.import_entries(entries(1))
    loose = json.loads(cli("patterns", "--json").stdout)
    strict = json.loads(cli("patterns", "--json", "--min-sessions", "40").stdout)
    assert any(f["kind"] == "event-concentration" for f in loose)
    assert not any(f["kind"] in ("event-concentration", "recurring-pull", "stance-profile") for f in strict)


def test_bad_options_are_one_line_errors(cli):
    result = cli("patterns", "--since", "someday")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: --since:") and result.stderr.count("\n") == 1
    assert cli("patterns", "--min-sessions", "1").exit_code == 2


def test_empty_journal(cli):
    result = cli("patterns", "--json")
    assert result.exit_code == 0 and json.loads(result.stdout) == []
    assert "No entries yet" in result.stderr


def test_a_first_entry_without_intensity_gets_no_empty_caseload_heading(cli, tmp_path, utc):
    from conftest import write_json

    answers = write_json(tmp_path / "a.json", {"client": "C-AB12", "session_at": "2026-03-10 15:00",
                                               "feelings": {"anxious": 3}})  # fmt: skip
    assert cli("new", "--answers", str(answers)).exit_code == 0
    result = cli("patterns", "--since", "2026-03-01", "--until", "2026-03-11", env={"NO_COLOR": "1"})
    assert result.stdout.split("\n")[:5] == [
        "Patterns · 1 session, 1 client · 2026-03-10 to 2026-03-10",
        "Prompts for reflection, not conclusions: each line is something to wonder about.",
        "",
        "C-AB12 · 1 session",
        "  Nothing passes the thresholds for this client in this period.",
    ]


# --- the exact tests, against direct sums ---------------------------------------------------------------------------


@pytest.mark.parametrize("a,n1,c,n2", [(5, 6, 0, 14), (9, 11, 20, 100), (3, 4, 2, 30), (0, 5, 3, 10), (4, 4, 0, 0)])
def test_fisher_matches_the_hypergeometric_sum(a, n1, c, n2):
    total, having = n1 + n2, a + c
    exact = sum(comb(having, x) * comb(total - having, n1 - x) for x in range(a, min(having, n1) + 1)) / comb(total, n1)
    assert math.isclose(fisher_greater(a, n1, c, n2), exact, rel_tol=1e-9)


@pytest.mark.parametrize("k,n,p", [(8, 10, 1 / 3), (0, 5, 0.5), (5, 5, 0.2), (12, 40, 0.1)])
def test_binomial_tail(k, n, p):
    exact = sum(comb(n, x) * p**x * (1 - p) ** (n - x) for x in range(k, n + 1))
    assert math.isclose(binomial_greater(k, n, p), exact, rel_tol=1e-9)


def test_stands_out_needs_sample_difference_and_significance():
    th = Thresholds()
    assert stats.stands_out(3, 3, 0, 30, th) is None  # fewer than 4 sessions in the group
    assert stats.stands_out(4, 10, 2, 10, th) is None  # 40% vs 20%: under the 30-point difference
    assert stats.stands_out(6, 6, 0, 24, th) is not None
    assert stats.stands_out(6, 6, 0, 24, th, compared=10_000) is None  # Bonferroni over many slugs
    assert stats.stands_out(6, 6, 3, 24, th) is not None and stats.stands_out(6, 6, 3, 24, th, compared=20) is not None
    assert stats.stands_out(4, 4, 4, 26, th, compared=20) is None  # 4 of 4 vs 15%: chance, over 20 slugs


def test_facts_follow_changes_made_behind_the_store(journal):
    """entry_facts is derived data: a row changed without the store's knowledge is recomputed before analysis."""
    journal.import_entries(entries(1))
    before = only(
        analyse(journal.patterns.pattern_data(EntryFilter(), now=NOW, event_groups=EVENT_GROUPS)),
        kind="event-concentration",
        client=BREAK,
        subject="helpless-inadequate",
    )
    victim = next(e for e in entries(1) if e.client == BREAK and not e.events and "helpless-inadequate" not in e.pulls)
    journal.db.execute("INSERT INTO entry_pulls VALUES (?, 'helpless-inadequate')", [victim.id])
    journal.db.execute("UPDATE entries SET updated_at = ? WHERE id = ?", ["2030-01-01T00:00:00+00:00", victim.id])
    data = journal.patterns.pattern_data(EntryFilter(), now=NOW, event_groups=EVENT_GROUPS)
    after = only(analyse(data), kind="event-concentration", client=BREAK, subject="helpless-inadequate")
    assert (after.count, after.total) == (6, 6)
    assert after.baseline_count == before.baseline_count + 1
    assert journal.patterns.refresh_facts() == 0
    journal.db.execute("DELETE FROM entry_facts")  # lost entirely: rebuilt from the entries
    assert journal.patterns.refresh_facts() == 108


def test_entries_come_oldest_first_and_only_when_asked(journal):
    journal.import_entries(entries(1))
    data = journal.patterns.pattern_data(EntryFilter(), now=NOW, event_groups=EVENT_GROUPS, with_entries=False)
    assert all(f.entries == () for f in analyse(data))
    data = journal.patterns.pattern_data(EntryFilter(), now=NOW, event_groups=EVENT_GROUPS)
    when = {e.id: e.session_at for e in entries(1)}
    for f in analyse(data):
        assert [when[i] for i in f.entries] == sorted(when[i] for i in f.entries)


def test_open_questions_older_than_21_days(journal):
    from dataclasses import replace

    from reflect.domain.models import SupervisionQuestion

    journal.import_entries(entries(1))
    old = next(e for e in entries(1) if e.client == AVOIDANT and e.session_number == 2)
    old = replace(old, created_at=old.session_at, supervision=(SupervisionQuestion("Why do I drift off?", eye=4),))
    journal.save_entry(old)
    data = journal.patterns.pattern_data(
        EntryFilter(), now=datetime(2026, 3, 11, tzinfo=UTC), event_groups=EVENT_GROUPS
    )
    f = only(analyse(data), kind="open-questions")
    age = (datetime(2026, 3, 11, tzinfo=UTC).astimezone().date() - old.created_at.astimezone().date()).days
    assert (f.count, f.total) == (1, 1)
    assert f.text.startswith(
        f"1 supervision question has been open for more than 21 days (of 1 open); the oldest "
        f"({age} days) is about {AVOIDANT}, eye 4."
    )


def test_events_across_clients_compare_with_the_same_clients(journal):
    """Two clients feel it only in the sessions they come late to; a third, never late, feels it every session.
    The comparison group is the two late clients' other sessions, not the third client's."""
    from datetime import timedelta

    from reflect.domain.models import parse_entry

    made = []
    for c, client in enumerate(("C-LATE1", "C-LATE2", "C-NEVER")):
        for n in range(12):
            late = client != "C-NEVER" and n % 3 == 0
            made.append(
                parse_entry(
                    {
                        "client": client,
                        "session_at": (END - timedelta(weeks=12 - n, days=c)).isoformat(),
                        "events": ["late"] if late else [],
                        "pulls": ["hostile-angry"] if late or client == "C-NEVER" else [],
                        "intensity": 3,
                    },
                    now=END,
                )
            )
    journal.import_entries(made)
    data = journal.patterns.pattern_data(EntryFilter(), now=NOW, event_groups=EVENT_GROUPS)
    f = only(analyse(data), kind="event-concentration", client=None, subject="hostile-angry")
    assert (f.count, f.total, f.baseline_count, f.baseline_total) == (8, 8, 0, 16)
    assert f.text.startswith(
        "In sessions the client came late to (8 sessions, 2 clients), the hostile/angry pull came in 8 (100%; "
        "2 clients), against 0 of the same clients' 16 other sessions (0%)."
    )


def test_terminal_report_whole_output(journal, cli, utc):
    """The whole report for one planted client, pinned (REFLECT_UPDATE_GOLDEN=1 rewrites it on purpose)."""
    import os
    from pathlib import Path

    journal.import_entries(entries(1))
    result = cli("patterns", "--client", BREAK, "--since", "2025-06-01", "--until", "2026-03-11")
    assert result.exit_code == 0, result.stderr
    golden = Path(__file__).parent / "golden" / "patterns-break-client.txt"
    if os.environ.get("REFLECT_UPDATE_GOLDEN"):
        golden.write_text(result.stdout)
    assert result.stdout == golden.read_text()


def test_facts_written_with_entries_equal_facts_rebuilt_in_sql(journal, demo_entries):
    """Two ways to the same derived rows: store._insert_entry (Python) and refresh_facts (SQL, after an upgrade)."""
    journal.import_entries([*entries(1), *demo_entries])
    columns = "entry_id, client, session_at, updated_at, intensity, pattern, stance, planned, tried, ruptured, " \
              "pulls, families, urges, enacted, events, body, triggers, management"  # fmt: skip
    written = journal.db.execute(f"SELECT {columns} FROM entry_facts ORDER BY entry_id").fetchall()
    journal.db.execute("DELETE FROM entry_facts")
    assert journal.patterns.refresh_facts() == len(written) == 160
    rebuilt = journal.db.execute(f"SELECT {columns} FROM entry_facts ORDER BY entry_id").fetchall()
    assert rebuilt == written
    assert any(row[10] and row[13] and row[14] and row[15] for row in written)  # the bitmasks are not all empty


def test_upgrade_from_a_journal_without_the_new_tables(journal_home):
    """A journal written before m010 and m011: opening it adds the tables; the first analysis derives the facts."""
    from reflect.config import Paths
    from reflect.store.journal import Journal

    with Journal.open(Paths(journal_home)) as j:
        j.import_entries(entries(1))
        for statement in (
            "DROP TABLE entry_facts", "DROP TABLE fact_meta", "DROP TABLE meeting_questions",
            "DROP TABLE meeting_actions", "DROP TABLE supervision_meetings", "DROP INDEX entries_by_update",
            "DELETE FROM _sqlite_migrations "
            "WHERE name IN ('m010_create_supervision_meetings', 'm011_create_entry_facts')",
        ):  # fmt: skip
            j.db.execute(statement)
    with Journal.open(Paths(journal_home)) as j:
        assert j.db.execute("SELECT count(*) FROM entry_facts").fetchone()[0] == 0
        data = j.patterns.pattern_data(EntryFilter(), now=NOW, event_groups=EVENT_GROUPS)
        assert j.db.execute("SELECT count(*) FROM entry_facts").fetchone()[0] == 108
        f = only(analyse(data), kind="event-concentration", client=BREAK, subject="helpless-inadequate")
        assert (f.count, f.total) == (6, 6)
        assert j.meetings() == []
