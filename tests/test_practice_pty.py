"""`reflect practice` in a real pseudo-terminal: one vignette from start to the reading, and Ctrl-C part-way.
Drives the installed console script."""

from __future__ import annotations

from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")

# The console script, the environment and the journal set-up are the reliability tests' own.
from test_reliability_pty import finish, pytestmark, spawn  # noqa: E402, F401

DOWN, ENTER, SPACE, CTRL_C = "\x1b[B", "\r", " ", "\x03"


def attempts(home: Path) -> list[dict]:
    from reflect.config import Paths
    from reflect.domain.practice_attempts import attempt_to_dict
    from reflect.store.journal import Journal

    with Journal.open(Paths(home), create=False) as journal:
        return [attempt_to_dict(a) for a in journal.practice.attempts(finished_only=False)]


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
    assert finish(child) == 0
    (stored,) = attempts(tmp_path)
    from reflect.domain.vignettes import available

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
    assert finish(child) == 130
    (stored,) = attempts(tmp_path)
    assert (stored["presentation"], stored["confidence"], stored["markers"], stored["finished_at"]) == (
        "disorganized", 1, None, None)  # fmt: skip
