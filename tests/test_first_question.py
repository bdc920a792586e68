"""What `reflect new` reads and writes before its first question: the clients it offers, in the order the clients
list gives them, without scanning every entry; and no draft until the first answer."""

from __future__ import annotations

import io
import json
import sys
from datetime import date

import pytest

from conftest import CTRL_C, DOWN, ENTER


def test_the_clients_offered_are_the_open_ones_latest_session_first(demo_journal) -> None:
    demo_journal.ensure_client("C-NEW2")  # a client without entries comes last
    closed = demo_journal.clients_summary()[1]["client"]
    demo_journal.close_client(closed, date(2026, 3, 1))
    expected = [row["client"] for row in demo_journal.clients_summary() if not row["closed_on"]]
    assert demo_journal.open_clients_by_recency() == expected
    assert closed not in expected and expected[-1] == "C-NEW2" and len(expected) >= 4


def test_the_clients_query_searches_the_index_and_scans_no_entry(journal) -> None:
    plan = journal.db.execute(
        "EXPLAIN QUERY PLAN SELECT code FROM clients WHERE closed_on IS NULL "
        "ORDER BY (SELECT max(session_at) FROM entries WHERE client = code) DESC, code"
    ).fetchall()
    details = [row[-1] for row in plan]
    assert any("entries_by_client" in d for d in details)
    assert not any(d.startswith("SCAN entries") for d in details)


def test_a_draft_made_unsaved_is_written_by_its_first_save(journal) -> None:
    draft = journal.new_draft("standard", save=False)
    assert journal.drafts() == [] and not draft.saved
    draft.state = {"done": ["client"], "values": {"client": "C-7F3K"}}
    draft.client = "C-7F3K"
    journal.save_draft(draft)
    (stored,) = journal.drafts()
    assert (stored.id, stored.client, stored.state, stored.pack) == (draft.id, "C-7F3K", draft.state, "standard")
    assert draft.saved
    draft.state["done"].append("session_at")
    journal.save_draft(draft)  # later saves update the same row
    assert [d.state["done"] for d in journal.drafts()] == [["client", "session_at"]]


def test_ctrl_c_at_the_first_question_leaves_no_draft(cli, pt_input, monkeypatch, demo_journal) -> None:
    monkeypatch.setattr("reflect.commands.interview_cmds.require_terminal", lambda what: None)
    pt_input.send_text(CTRL_C)
    result = cli("new", "--pack", "quick")
    assert result.exit_code == 130
    assert result.stderr.endswith("\nInterrupted before the first answer; nothing was saved.\n")
    assert json.loads(cli("drafts", "--json").stdout) == []


def test_the_first_answer_makes_the_draft(cli, pt_input, monkeypatch, demo_journal) -> None:
    monkeypatch.setattr("reflect.commands.interview_cmds.require_terminal", lambda what: None)
    second = demo_journal.open_clients_by_recency()[1]
    pt_input.send_text(DOWN + ENTER + CTRL_C)  # the second client (the pointer starts on the first), then Ctrl-C
    result = cli("new", "--pack", "quick")
    assert result.exit_code == 130
    assert "Interrupted. Anything you had answered is kept as a draft: `reflect resume`." in result.stderr
    (draft,) = json.loads(cli("drafts", "--json").stdout)
    assert (draft["client"], draft["answered"]) == (second, 1)


class _Stderr(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.mark.parametrize("tty", [True, False])
@pytest.mark.parametrize("term", ["xterm-256color", "dumb"])
@pytest.mark.parametrize("style", ["", "bold", "dim", "italic"])
@pytest.mark.parametrize("text", ["Standard reflection: Describe, feel.", "two\nlines", "tab\there"])
def test_a_message_reads_as_rich_prints_it(text: str, style: str, term: str, tty: bool, monkeypatch) -> None:
    """The header lines before the first question are written without importing rich, byte for byte as rich
    writes them."""
    from rich.console import Console
    from rich.text import Text

    from reflect.render.console import message

    monkeypatch.setenv("TERM", term)
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        monkeypatch.delenv(name, raising=False)
    ours, theirs = _Stderr(tty), _Stderr(tty)
    monkeypatch.setattr(sys, "stderr", ours)
    message(text, style=style)
    Console(file=theirs, highlight=False, markup=False, emoji=False).print(Text(text, style=style), soft_wrap=True)
    assert ours.getvalue() == theirs.getvalue()


def test_a_shipped_pack_is_read_alone_and_the_users_own_still_wins(tmp_path) -> None:
    from reflect.domain import packs

    for name, pack in packs.available(None).items():
        assert packs.get(name, None) == pack
    user = tmp_path / "prompts"
    user.mkdir()
    text = (packs.shipped_dir() / "standard.toml").read_text(encoding="utf-8")
    (user / "mine.toml").write_text(text.replace('name = "standard"', 'name = "standard"\n# my own', 1))
    mine = packs.get("standard", user)
    assert mine.source == "user" and mine == packs.available(user)["standard"]
    with pytest.raises(packs.PackError, match="no prompt pack called '../standard'"):
        packs.get("../standard", None)
