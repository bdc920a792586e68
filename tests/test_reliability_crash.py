"""Crash consistency: a writer killed with SIGKILL at a random moment leaves a journal that opens, passes
`PRAGMA integrity_check`, and holds each change whole or not at all (see crashkit.py for the workers and checks).

The loops here are short (about 70 kills); bench/stress runs the same kills by the thousand.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import crashkit

# Delays reach well past the first writes of each worker: entries take ~3 ms each, an import batch ~0.1 s.
MAX_DELAY = {"entries": 0.25, "edit": 0.08, "import": 0.4, "migrate": 0.08, "upgrade": 0.15, "new": 0.25}
KILLS_PER_OP = 12


@pytest.mark.parametrize("op", crashkit.OPS)
def test_sigkill_while_writing_leaves_whole_changes(op: str, tmp_path: Path) -> None:
    rng = random.Random(f"crash-{op}")
    figures = [crashkit.kill_once(op, tmp_path / f"home{i}", rng, MAX_DELAY[op]) for i in range(KILLS_PER_OP)]
    # The kills landed mid-work, not all before the first write or after the last one.
    key = {"migrate": "journals", "upgrade": "journals", "import": "batches"}.get(op, "entries")
    written = [f.get(key, 0) for f in figures]
    assert any(written), figures
    if op == "import":
        assert not all(n == crashkit.IMPORT_BATCHES for n in written), figures
    if op == "entries":
        assert not all(n == crashkit.ENTRIES for n in written), figures
    if op == "upgrade":
        assert not all(n == crashkit.UPGRADE_COPIES for n in written), figures


def test_killing_a_journal_that_keeps_being_written(tmp_path: Path) -> None:
    """Kills one after another on the same journal: each restart recovers the last one's WAL and carries on."""
    rng = random.Random("same-journal")
    figures = []
    for _ in range(8):
        figures.append(crashkit.kill_once("entries", tmp_path / "entries", rng, 0.05))
        crashkit.kill_once("new", tmp_path / "new", rng, 0.05)
    saved = [f["entries"] for f in figures]
    assert saved == sorted(saved) and saved[-1] > saved[0], saved  # progress survives each kill


def console_script() -> str | None:
    local = Path(sys.executable).parent / "reflect"
    return str(local) if local.exists() else shutil.which("reflect")


@pytest.mark.skipif(console_script() is None, reason="the reflect console script is not installed")
def test_sigkill_of_the_console_script_during_new(tmp_path: Path) -> None:
    import json

    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(crashkit.ANSWERS), encoding="utf-8")
    rng = random.Random("cli")
    home = tmp_path / "home"
    figures = [crashkit.kill_cli_once(console_script(), home, answers, rng, 0.6) for _ in range(8)]
    # Whatever the kills left, the next run saves normally and numbers on from there.
    env = {**os.environ, "REFLECT_HOME": str(home)}
    script = console_script()
    done = subprocess.run(
        [script, "new", "--answers", str(answers), "--same-session"], env=env, capture_output=True, timeout=30
    )
    assert done.returncode == 0, done.stderr
    assert crashkit.check("new", home)["entries"] == figures[-1]["entries"] + 1
