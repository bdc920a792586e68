"""`reflect practice` in a real pseudo-terminal: one vignette from start to the reading, and Ctrl-C part-way.
Drives the installed console script."""

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


def spawn(home: Path, args: list[str]):
    from reflect.config import Paths
    from reflect.store import Journal

    Journal.open(Paths(home)).close()  # a first run in a terminal asks about encryption first (test_privacy_pty)
    env = {**os.environ, "REFLECT_HOME": str(home), "TERM": "xterm-256color", "NO_COLOR": "1",
           "PROMPT_TOOLKIT_NO_CPR": "1"}  # fmt: skip
    script = str(SCRIPT) if SCRIPT.exists() else str(shutil.which("reflect"))
    return pexpect.spawn(script, args, env=env, encoding="utf-8", timeout=10, dimensions=(40, 120))


def attempts(home: Path) -> list[dict]:
    from reflect.config import Paths
    from reflect.practice_attempts import attempt_to_dict
    from reflect.store import Journal

    with Journal.open(Paths(home), create=False) as journal:
        return [attempt_to_dict(a) for a in journal.attempts(finished_only=False)]


def test_one_vignette_from_the_text_to_the_reading(tmp_path: Path) -> None:
    child = spawn(tmp_path, ["practice", "--vignette", "the-stent"])
    child.expect("A blip")
    child.expect("back on email by the Thursday")
    for prompt, keys in [
        ("What presentation do you see", DOWN + DOWN + ENTER),  # avoidant
        ("How sure are you", DOWN + ENTER),  # fairly sure
        ("Which markers do you see", DOWN * 4 + SPACE + DOWN + SPACE + ENTER),  # intellectualising, sparse affect
        ("What do you feel, reading it", ENTER),  # nothing ticked: left unanswered
        ("Which role do you feel pulled into", DOWN * 5 + SPACE + ENTER),  # disengaged
        ("What would you feel like doing", ENTER),
        ("Which response would you offer", ENTER),  # the first as shown
        ("Anything else you notice", "Sleepy, then curious about the ambulance.\r"),
    ]:
        child.expect(prompt)
        child.send(keys)
    child.expect("One experienced reading of")
    child.expect("You and this reading see the same presentation")
    child.expect("In this reading, not ticked by you:")
    child.expect("Self-sufficient")
    child.expect("your choice")
    child.expect("A question to take further")
    child.expect("Saved practice attempt")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    (stored,) = attempts(tmp_path)
    from reflect.vignettes import available

    first = available(None)["the-stent"].shown_responses()[0]
    assert {k: stored[k] for k in ("vignette", "presentation", "confidence", "markers", "feelings", "pulls", "urges",
                                   "response", "response_stance", "response_preferred", "reflection")} == {
        "vignette": "the-stent", "presentation": "avoidant", "confidence": 2,
        "markers": ["intellectualising", "sparse-affect"], "feelings": None, "pulls": ["disengaged"], "urges": None,
        "response": 1, "response_stance": first.stance, "response_preferred": first.preferred,
        "reflection": "Sleepy, then curious about the ambulance.",
    }  # fmt: skip
    assert stored["finished_at"] is not None


def test_ctrl_c_keeps_the_answers_given_as_an_unfinished_attempt(tmp_path: Path) -> None:
    child = spawn(tmp_path, ["practice", "--vignette", "interpreter"])
    child.expect("What presentation do you see")
    child.send(DOWN * 3 + ENTER)  # disorganized
    child.expect("How sure are you")
    child.send(ENTER)
    child.expect("Which markers do you see")
    child.send(CTRL_C)
    child.expect("kept as an unfinished attempt")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    (stored,) = attempts(tmp_path)
    assert (stored["presentation"], stored["confidence"], stored["markers"], stored["finished_at"]) == (
        "disorganized", 1, None, None)  # fmt: skip
