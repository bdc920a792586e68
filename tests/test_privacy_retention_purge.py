"""Closing clients, retention, the once-only reminder, and purge leaving no trace in the raw bytes."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from privacy_helpers import PASS, files_containing, write_entry
from reflect.domain.retention import add_years

PHRASE = "quince harbour apology"


def test_close_reopen_and_retention(cli, tmp_path):
    write_entry(cli, tmp_path, "first", client="C-7F3K")
    write_entry(cli, tmp_path, "second", client="C-2QX9")
    result = cli("client", "close", "c-7f3k", "--on", "2018-01-15")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "Closed C-7F3K on 2018-01-15; its records are due for deletion on 2025-01-15 (7 years).\n"
    cli("client", "close", "C-2QX9", "--on", "2020-06-01", "--keep-years", "10")
    rows = json.loads(cli("retention", "--all", "--json").stdout)
    assert rows == [
        {
            "client": "C-7F3K",
            "closed_on": "2018-01-15",
            "retention_years": 7,
            "due_on": "2025-01-15",
            "due": True,
            "entries": 1,
        },
        {
            "client": "C-2QX9",
            "closed_on": "2020-06-01",
            "retention_years": 10,
            "due_on": "2030-06-01",
            "due": False,
            "entries": 1,
        },
    ]
    assert [r["client"] for r in json.loads(cli("retention", "--json").stdout)] == ["C-7F3K"]
    assert cli("client", "reopen", "C-7F3K").exit_code == 0
    assert json.loads(cli("retention", "--json").stdout) == []
    closed = {c["client"]: c["closed_on"] for c in json.loads(cli("clients", "--json").stdout)}
    assert closed == {"C-7F3K": None, "C-2QX9": "2020-06-01"}


def test_retention_setting(cli, tmp_path, journal_home):
    write_entry(cli, tmp_path, "x")
    (journal_home / "config.toml").write_text("retention_years = 3\n")
    cli("client", "close", "C-7F3K", "--on", "2024-02-29")
    row = json.loads(cli("retention", "--all", "--json").stdout)[0]
    assert (row["retention_years"], row["due_on"]) == (3, "2027-02-28")
    (journal_home / "config.toml").write_text("retention_years = 'forever'\n")
    bad = cli("retention")
    assert bad.exit_code == 1
    assert bad.stderr == "Error: the setting retention_years must be a whole number of years from 1 to 100.\n"


def test_unknown_client_and_future_close(cli, tmp_path):
    write_entry(cli, tmp_path, "x")
    missing = cli("client", "close", "C-9JD2")
    assert missing.exit_code == 1
    assert missing.stderr.startswith("Error: there is no client C-9JD2 in the journal.")


def test_overdue_reminder_is_shown_once(cli, tmp_path):
    write_entry(cli, tmp_path, "x")
    cli("client", "close", "C-7F3K", "--on", (date.today() - timedelta(days=8 * 365)).isoformat())
    first = cli("list")
    assert "Reminder: the retention period has ended for 1 closed client (C-7F3K)" in first.stderr
    second = cli("list")
    assert "Reminder" not in second.stderr
    # closing again with another date is a new due date: reminded again, once
    cli("client", "close", "C-7F3K", "--on", (date.today() - timedelta(days=9 * 365)).isoformat())
    assert "Reminder" in cli("list").stderr
    assert "Reminder" not in cli("list").stderr


def test_add_years_handles_leap_day():
    assert add_years(date(2024, 2, 29), 7) == date(2031, 2, 28)
    assert add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)


def _fill(cli, tmp_path, env=None):
    keep = write_entry(cli, tmp_path, "kept entry about gardening", client="C-2QX9", env=env)
    gone = write_entry(cli, tmp_path, PHRASE, client="C-7F3K", env=env,
                       supervision=[{"question": "why the quince harbour?"}],
                       ruptures=[{"type": "withdrawal", "note": "quince harbour rupture"}])  # fmt: skip
    return keep, gone


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
def test_purge_client_leaves_no_trace(cli, tmp_path, journal_home, encrypted):
    env = {"REFLECT_PASSPHRASE": PASS} if encrypted else None
    if encrypted:
        cli("init", "--encrypt", env=env)
    keep, gone = _fill(cli, tmp_path, env)
    # the search engineer's index, holding its own tokens of the purged entry
    import os

    from reflect.commands.common import open_journal

    if encrypted:
        os.environ["REFLECT_PASSPHRASE"] = PASS
    with open_journal(create=False) as journal:
        # a draft for the client, and an open draft of an edit
        journal.new_draft("standard", client="C-7F3K", state={"values": {"observed": "quince harbour draft"}})
        journal.db.conn.commit()
    if not encrypted:
        assert files_containing(journal_home, "quince") != []

    result = cli("purge", "--client", "C-7F3K", "--yes", "--json", env=env)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == {"entries": 1, "supervision_questions": 1, "drafts": 1, "wal_cleared": True}
    assert files_containing(journal_home, "quince") == []
    assert files_containing(journal_home, "harbour") == []
    ids = [e["id"] for e in json.loads(cli("list", "--json", env=env).stdout)]
    assert ids == [keep]
    assert [c["client"] for c in json.loads(cli("clients", "--json", env=env).stdout)] == ["C-2QX9"]
    if encrypted:
        os.environ["REFLECT_PASSPHRASE"] = PASS
    with open_journal(create=False) as journal:
        assert (
            journal.db.execute("SELECT count(*) FROM entries_fts WHERE entries_fts MATCH 'quince'").fetchone()[0] == 0
        )
        assert (
            journal.db.execute("SELECT count(*) FROM entries_fts WHERE entries_fts MATCH 'gardening'").fetchone()[0]
            == 1
        )
        tombstones = journal.tombstones()
    assert len(tombstones) == 1
    stone = tombstones[0]
    assert {k: stone[k] for k in ("scope", "before", "entries", "drafts", "supervision_questions")} == {
        "scope": "client",
        "before": None,
        "entries": 1,
        "drafts": 1,
        "supervision_questions": 1,
    }
    assert "C-7F3K" not in json.dumps(stone)


def test_purge_before_date(cli, tmp_path, journal_home):
    old = tmp_path / "old.json"
    old.write_text(json.dumps({"client": "C-7F3K", "session_at": "2019-05-01T10:00:00+00:00", "observed": PHRASE}))
    assert cli("new", "--answers", str(old)).exit_code == 0
    recent = write_entry(cli, tmp_path, "recent and kept", client="C-2QX9")
    result = cli("purge", "--before", "2020-01-01", "--yes")
    assert result.exit_code == 0, result.stderr
    assert "Erased 1 entry, 0 supervision questions and 0 drafts for sessions before 2020-01-01" in result.stderr
    assert [e["id"] for e in json.loads(cli("list", "--json").stdout)] == [recent]
    assert [c["client"] for c in json.loads(cli("clients", "--json").stdout)] == ["C-2QX9"]
    assert files_containing(journal_home, "quince") == []


def test_purge_needs_confirmation_or_yes(cli, tmp_path):
    write_entry(cli, tmp_path, PHRASE)
    result = cli("purge", "--client", "C-7F3K")
    assert result.exit_code == 2
    assert result.stderr == "Error: purge asks for confirmation; use --yes when there is no terminal.\n"
    assert len(json.loads(cli("list", "--json").stdout)) == 1


def test_purge_option_errors(cli, tmp_path):
    write_entry(cli, tmp_path, PHRASE)
    both = cli("purge", "--client", "C-7F3K", "--before", "2020-01-01", "--yes")
    assert both.exit_code == 2
    assert both.stderr == "Error: purge needs exactly one of --client CODE or --before DATE.\n"
    assert cli("purge", "--yes").exit_code == 2
    unknown = cli("purge", "--client", "C-9JD2", "--yes")
    assert unknown.exit_code == 1


def test_purge_warns_about_older_backups(cli, tmp_path):
    write_entry(cli, tmp_path, PHRASE)
    assert cli("backup").exit_code == 0
    result = cli("purge", "--client", "C-7F3K", "--yes")
    assert "still contain what was erased" in result.stderr
