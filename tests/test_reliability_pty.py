"""Interruption in a real pseudo-terminal: Ctrl-C at a text, checkbox, select and rating question of the quick pack,
then `reflect resume`, gives exactly the entry an uninterrupted run gives. Drives the installed console script."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")

SCRIPT = Path(sys.executable).parent / "reflect"
pytestmark = [
    pytest.mark.pty,
    pytest.mark.skipif(not SCRIPT.exists() and not shutil.which("reflect"), reason="no reflect console script"),
]
DOWN, ENTER, SPACE, CTRL_C = "\x1b[B", "\r", " ", "\x03"
NEW = ["new", "--client", "C-7F3K", "--date", "2026-03-10 15:00", "--pack", "quick"]

# (what the prompt says, what the clinician types): the quick pack from start to save.
STEPS = [
    ("Anything around the frame", SPACE + DOWN + SPACE + ENTER),  # checkbox: two events
    ("What happened", "She arrived late and apologised twice.\r"),  # text
    ("What did you feel toward", SPACE + DOWN + SPACE + ENTER),  # checkbox with groups: two feelings
    ("How strongly did you feel", DOWN * 3 + ENTER),  # rating of the first feeling: 3 (the cursor starts on Skip)
    ("How strongly did you feel", DOWN * 4 + ENTER),  # rating of the second: 4
    ("What did you feel like doing", SPACE + ENTER),  # urges
    ("Which of these did you act on", SPACE + ENTER),
    ("So what", "She may fear I will give up on her.\r"),  # text
    ("One thing to try next session", "Name the lateness gently.\r"),
    ("Anything for supervision", "Why do I rush to reassure her?\r"),
    ("Which part of the work", DOWN * 5 + ENTER),  # select: eye 5
    ("What kind of help", DOWN * 3 + ENTER),  # select: counsel
    ("Another question for supervision", ENTER),  # none: done
    ("Save this entry", ENTER),
]
INTERRUPTS = {"text": 1, "checkbox": 2, "rating": 4, "select": 10}
HEADER = ["client", "session_at", "followup"]
# What the draft must hold when Ctrl-C comes at each kind of question: every answer given before it.
DRAFT_HOLDS = {
    "text": (HEADER + ["events"], {}),
    "checkbox": (HEADER + ["events", "observed"], {}),
    "rating": (HEADER + ["events", "observed"], {"feelings": 1}),  # one of the two feelings already rated
    "select": (HEADER + ["events", "observed", "feelings", "urges", "so-what", "experiment"], {"supervision": 0}),
}


def script() -> str:
    return str(SCRIPT) if SCRIPT.exists() else str(shutil.which("reflect"))


def existing_journal(home: Path) -> None:
    from reflect.config import Paths
    from reflect.store.journal import Journal

    Journal.open(Paths(home)).close()


def spawn(home: Path, args: list[str]):
    existing_journal(home)  # a first run in a terminal asks about encryption first (test_privacy_pty)
    env = {**os.environ, "REFLECT_HOME": str(home), "TERM": "xterm-256color", "NO_COLOR": "1",
           "PROMPT_TOOLKIT_NO_CPR": "1"}  # fmt: skip
    env.pop("EDITOR", None)
    return pexpect.spawn(script(), args, env=env, encoding="utf-8", timeout=10, dimensions=(40, 120))


def answer(child, steps) -> None:
    for prompt, keys in steps:
        child.expect(prompt)
        child.send(keys)


def finish(child) -> int:
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus


def stored(home: Path) -> tuple[list, list[dict]]:
    """Drafts and entries as the journal holds them (read in-process: spawning costs a second each)."""
    from reflect.config import Paths
    from reflect.domain.entry_filter import EntryFilter
    from reflect.domain.models import entry_to_dict
    from reflect.store.journal import Journal

    with Journal.open(Paths(home), create=False) as journal:
        return journal.drafts(), [entry_to_dict(e) for e in journal.iter_entries(EntryFilter())]


def comparable(entry: dict) -> dict:
    entry = {k: v for k, v in entry.items() if k not in ("id", "created_at", "updated_at")}
    entry["supervision"] = [{k: v for k, v in q.items() if k != "id"} for q in entry["supervision"]]
    return entry


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory) -> dict:
    home = tmp_path_factory.mktemp("reference")
    child = spawn(home, NEW)
    answer(child, STEPS)
    child.expect("Saved entry")
    assert finish(child) == 0
    drafts, (entry,) = stored(home)
    assert drafts == []
    return comparable(entry)


@pytest.mark.parametrize("kind", list(INTERRUPTS))
def test_ctrl_c_keeps_answers_and_resume_finishes(kind: str, tmp_path: Path, uninterrupted: dict) -> None:
    at = INTERRUPTS[kind]
    home = tmp_path / "home"
    child = spawn(home, NEW)
    answer(child, STEPS[:at])
    child.expect(STEPS[at][0])
    child.send(CTRL_C)
    child.expect("Interrupted. Anything you had answered is kept as a draft")
    assert finish(child) == 130

    (draft,), entries = stored(home)
    assert entries == []
    done, partial = DRAFT_HOLDS[kind]
    assert draft.state["done"] == done
    assert draft.state["values"]["client"] == "C-7F3K"
    assert draft.state["values"]["observed" if at > 1 else "events"]
    if "feelings" in partial:
        assert len(draft.state["partial"]["feelings"]["picked"]) == 2
        assert list(draft.state["partial"]["feelings"]["ratings"].values()) == [3]
    if "supervision" in partial:
        assert draft.state["partial"]["supervision"]["current"] == {"question": "Why do I rush to reassure her?"}

    child = spawn(home, ["resume"])
    answer(child, STEPS[at:])
    child.expect("Saved entry")
    assert finish(child) == 0
    drafts, (entry,) = stored(home)
    assert comparable(entry) == uninterrupted
    assert drafts == []
