"""Pressing only Enter through every shipped pack, in a real pseudo-terminal, saves nothing the clinician did not
choose: no presentation, rating, stance or intensity appears by default. Drives the installed console script."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")

SCRIPT = Path(sys.executable).parent / "reflect"
pytestmark = [
    pytest.mark.pty,
    pytest.mark.skipif(not SCRIPT.exists() and not shutil.which("reflect"), reason="no reflect console script"),
]
SHIPPED = sorted(p.stem for p in (Path(__file__).parents[1] / "prompts").glob("*.toml") if p.stem != "stance")
# What reflect itself decides, not the clinician: identity, numbering, timestamps, the pack, the modality default
# (the entry format's own default) and the pre-ticked first session of a client the journal has never seen.
BOOKKEEPING = {"id", "client", "session_at", "session_number", "created_at", "updated_at", "pack", "modality"}


def env(home: Path) -> dict[str, str]:
    values = {**os.environ, "REFLECT_HOME": str(home), "TERM": "xterm-256color", "NO_COLOR": "1",
              "PROMPT_TOOLKIT_NO_CPR": "1"}  # fmt: skip
    values.pop("EDITOR", None)
    return values


def script() -> str:
    return str(SCRIPT) if SCRIPT.exists() else str(shutil.which("reflect"))


def enter_until_done(home: Path, args: list[str]) -> str:
    from reflect.config import Paths
    from reflect.store.journal import Journal

    Journal.open(Paths(home)).close()  # an existing journal: a first run would ask about encryption first
    child = pexpect.spawn(script(), args, env=env(home), encoding="utf-8", timeout=10, dimensions=(40, 120))
    for _ in range(120):
        try:
            child.expect(pexpect.EOF, timeout=0.3)
            break
        except pexpect.TIMEOUT:
            child.send("\r")
    else:
        raise AssertionError("the interview did not end after 120 presses of Enter")
    child.close()
    assert child.exitstatus == 0
    return child.before


def saved(home: Path) -> list[dict]:
    out = subprocess.run([script(), "export"], env=env(home), capture_output=True, text=True, check=True).stdout
    return json.loads(out)["entries"]


def chosen(entry: dict) -> dict:
    """The fields of an entry that hold an answer, leaving out reflect's own bookkeeping."""
    return {k: v for k, v in entry.items() if k not in BOOKKEEPING and v not in (None, [], {}, "", False)}


@pytest.mark.parametrize("pack", SHIPPED)
def test_enter_through_a_pack_for_a_new_client_saves_only_the_known_first_session(pack: str, tmp_path: Path) -> None:
    home = tmp_path / "home"
    screen = enter_until_done(home, ["new", "--client", "C-7F3K", "--date", "2026-03-10 15:00", "--pack", pack])
    (entry,) = saved(home)
    if "events" in chosen(entry):  # only packs that ask about the frame pre-tick it, and they say why
        assert chosen(entry) == {"events": ["first-session"]}
        # Guidance is wrapped at words to the terminal's width: read the screen, less its styling, as one line.
        words = " ".join(re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen).split())
        assert "First session is ticked because this client has no entries yet" in words
    else:
        assert chosen(entry) == {}
    assert entry["modality"] == "individual"


@pytest.mark.parametrize("pack", SHIPPED)
def test_enter_through_a_pack_for_a_known_client_saves_nothing(pack: str, tmp_path: Path) -> None:
    home = tmp_path / "home"
    first = {"client": "C-7F3K", "session_at": "2026-03-03 15:00", "experiment": "Name the lateness."}
    subprocess.run([script(), "new", "--answers", "-"], input=json.dumps(first), env=env(home), check=True,
                   capture_output=True, text=True)  # fmt: skip
    enter_until_done(home, ["new", "--client", "C-7F3K", "--date", "2026-03-10 15:00", "--pack", pack])
    entries = {e["session_at"][:10]: e for e in saved(home)}
    assert chosen(entries["2026-03-10"]) == {}  # the experiment follow-up, asked, starts on "skip" too
