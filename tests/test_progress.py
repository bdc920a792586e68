"""Progress bars: on stderr, only on a terminal, only after about a second, never with --quiet or when piped."""

from __future__ import annotations

import io
import json
import sys

import pytest

from reflect.render import progress as progress_module
from reflect.render.progress import counted, progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def terminal(monkeypatch):
    """A terminal as stderr; the tests swap it in themselves (pytest's capture replaces sys.stderr after fixtures)."""
    from reflect.render import console

    monkeypatch.delenv("REFLECT_QUIET", raising=False)
    console.err.cache_clear()  # a console made by an earlier test measured another stream
    yield Terminal()
    console.err.cache_clear()


def test_a_bar_appears_on_a_terminal_once_the_work_is_slow(terminal, monkeypatch):
    monkeypatch.setattr(progress_module, "DELAY", 0.0)
    monkeypatch.setattr(sys, "stderr", terminal)
    with progress("Importing", total=10) as advance:
        advance(5)
        advance(10)
    assert "Importing" in terminal.getvalue()


def test_quick_work_shows_no_bar(terminal, monkeypatch):
    monkeypatch.setattr(sys, "stderr", terminal)
    with progress("Importing", total=10) as advance:
        advance(10)
    assert terminal.getvalue() == ""


def test_quiet_shows_no_bar(terminal, monkeypatch):
    monkeypatch.setattr(progress_module, "DELAY", 0.0)
    monkeypatch.setenv("REFLECT_QUIET", "1")
    monkeypatch.setattr(sys, "stderr", terminal)
    with progress("Importing", total=10) as advance:
        advance(10)
    assert terminal.getvalue() == ""


def test_no_bar_when_stderr_is_not_a_terminal(monkeypatch):
    stream = io.StringIO()
    monkeypatch.setattr(sys, "stderr", stream)
    monkeypatch.setattr(progress_module, "DELAY", 0.0)
    with progress("Exporting", total=None) as advance:
        advance(3)
    assert stream.getvalue() == ""


def test_counted_passes_every_item_and_reports_every_64():
    seen: list[int] = []
    assert list(counted(iter(range(200)), seen.append)) == list(range(200))
    assert seen == [64, 128, 192]
    positions: list[int] = []
    assert len(list(counted(iter(range(70)), positions.append, lambda: 4096))) == 70
    assert positions == [4096]


def test_piped_import_and_export_print_only_their_messages(cli, demo_entries, tmp_path):
    from reflect.domain.models import entry_to_dict

    doc = tmp_path / "in.json"
    doc.write_text(json.dumps({"format": "reflect/1", "entries": [entry_to_dict(e) for e in demo_entries]}))
    result = cli("--quiet", "import", str(doc))
    assert result.stderr == "Imported: 52 added, 0 updated, 0 unchanged, 0 conflicting (kept yours).\n"
    result = cli("export", "-o", str(tmp_path / "out.json"))
    assert result.stderr == (f"Exported 52 entries to {tmp_path / 'out.json'}. This JSON is complete and unredacted: "
                             "keep it as private as the journal.\n")  # fmt: skip


def test_a_backup_reports_its_pages_up_to_the_total(journal, demo_entries, tmp_path):
    journal.import_entries(demo_entries)
    seen: list[tuple[int, int | None]] = []
    journal.backup_to(tmp_path / "copy.db", on_progress=lambda done, total: seen.append((done, total)))
    done, total = seen[-1]
    assert total and done == total
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_one_long_statement_ticks_and_the_handler_is_removed_after():
    import sqlite3

    from reflect.store.privacy import ticking

    conn = sqlite3.connect(":memory:")
    ticks: list[tuple[int, int | None]] = []
    count = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000) SELECT count(*) FROM n"
    with ticking(conn, lambda done, total: ticks.append((done, total))):
        assert conn.execute(count).fetchone()[0] == 300000
    assert ticks and ticks[0] == (1, None) and [d for d, _ in ticks] == list(range(1, len(ticks) + 1))
    before = len(ticks)
    conn.execute(count).fetchone()
    assert len(ticks) == before
