"""The installed console script in a real pseudo-terminal: answer a few questions, press Ctrl-C, find the draft."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")

SCRIPT = Path(sys.executable).parent / "reflect"
pytestmark = [
    pytest.mark.pty,
    pytest.mark.skipif(not SCRIPT.exists() or sys.platform == "win32", reason="needs the installed console script"),
]


def existing_journal(home: Path) -> None:
    from reflect.config import Paths
    from reflect.store.journal import Journal

    Journal.open(Paths(home)).close()


def spawn(home: Path, *args: str):
    existing_journal(home)  # a first run in a terminal asks about encryption first (test_privacy_pty)
    env = {**os.environ, "REFLECT_HOME": str(home), "TERM": "xterm-256color", "NO_COLOR": "1",
           "PROMPT_TOOLKIT_NO_CPR": "1"}  # fmt: skip
    return pexpect.spawn(str(SCRIPT), list(args), env=env, encoding="utf-8", timeout=15, dimensions=(40, 120))


def drafts(home: Path) -> list[dict]:
    import subprocess

    out = subprocess.run(
        [str(SCRIPT), "--home", str(home), "drafts", "--json"], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def test_ctrl_c_keeps_every_answer_in_the_draft(journal_home):
    child = spawn(journal_home, "new", "--pack", "standard")
    child.expect("Code for the new client")
    child.send("\x15C-7F3K\r")  # Ctrl-U clears the suggested code
    child.expect("When was the session")
    child.send("\x15yesterday 15:00\r")
    child.expect("frame of this session")
    child.send("\r")  # first session, pre-ticked
    child.expect("Only what you saw and heard")
    child.send("Arrived early, asked twice about my message.\r")
    child.expect("How did the client relate")
    child.send("\x1b[B\x1b[B\r")  # anxious (the cursor starts on "Skip / not rated", then secure)
    child.expect("How sure are you")
    child.send("\x1b[B\x1b[B\r")  # fairly sure (from "Skip")
    child.expect("Which markers")
    child.send(" \r")  # the first marker
    child.expect("What did you feel toward the client")
    child.send("worr \r")  # filter, tick 'worried'
    child.expect("How strongly did you feel worried")
    child.send("\x03")  # Ctrl-C
    child.expect("kept as a draft")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130

    [draft] = drafts(journal_home)
    assert draft["client"] == "C-7F3K" and draft["pack"] == "standard"
    from reflect.config import Paths
    from reflect.store.journal import Journal

    with Journal.open(Paths(journal_home)) as journal:
        state = journal.get_draft(draft["id"]).state
    values = state["values"]
    assert values["events"] == ["first-session"]
    assert values["observed"] == "Arrived early, asked twice about my message."
    assert values["presentation"] == {"pattern": "anxious", "confidence": 2, "markers": ["reassurance-seeking"]}
    # Half-way through the feelings question: the ticked word is kept, waiting for its rating.
    assert state["partial"]["feelings"]["picked"] == ["worried"]

    # `reflect new` offers the draft back; resuming asks for the rating next.
    child = spawn(journal_home, "new")
    child.expect("You have an unfinished entry")
    child.send("\r")
    child.expect("How strongly did you feel worried")
    child.send("\x03")
    child.expect(pexpect.EOF)
    child.close()
