"""Kill conversions and restores at random points; check that the next command leaves nothing behind.

Used by `bench/stress` (never by the test suite). For each of encrypt, decrypt and passphrase, every trial copies a
prepared journal into a fresh folder, starts the real console script, waits until the conversion's temporary copy
has grown to a random size between 0 and the journal's own size, and sends SIGKILL. The restore loop kills
`reflect restore` at a random moment within the time a whole restore takes. After each kill, one ordinary command
(`reflect info --json`) must: open a journal holding either the old or the new state whole (never an empty or a
missing one), remove every temporary copy, and leave none behind.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import time
from collections import Counter
from pathlib import Path
from typing import Any

OLD, NEW = "stress old passphrase", "stress new passphrase"
CONVERSIONS = ("encrypt", "decrypt", "passphrase")


def _run(script: str, home: Path, *args: str, passphrase: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("REFLECT_")}
    env.update({"REFLECT_HOME": str(home), "NO_COLOR": "1"})
    if passphrase:
        env["REFLECT_PASSPHRASE"] = passphrase
    return subprocess.run([script, *args], env=env, capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL)  # fmt: skip


def _temporaries(home: Path) -> list[Path]:
    found = [f for f in home.iterdir() if f.name.startswith(".journal.db.")]
    backups = home / "backups"
    if backups.is_dir():
        found += [f for f in backups.iterdir() if f.name.startswith(".")]
    return found


def prepare(script: str, work: Path, entries: int) -> dict[str, Path]:
    """A plaintext and an encrypted template journal with `entries` demo entries, and a backup of each."""
    from datetime import UTC, datetime

    from reflect.config import Paths
    from reflect.flows.demo import generate
    from reflect.store.journal import Journal

    plain = work / "template-plain"
    with Journal.open(Paths(plain)) as journal:
        journal.import_entries(generate(entries, seed=3, end=datetime(2026, 3, 1, 17, tzinfo=UTC)))
    encrypted = work / "template-encrypted"
    shutil.copytree(plain, encrypted)
    env_run = _run_with_new(script, encrypted, "encrypt", new=OLD)
    if env_run.returncode != 0:
        raise RuntimeError(f"could not prepare the encrypted template: {env_run.stderr.strip()}")
    return {"plain": plain, "encrypted": encrypted}


def _run_with_new(script: str, home: Path, *args: str, old: str | None = None, new: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("REFLECT_")}
    env.update({"REFLECT_HOME": str(home), "NO_COLOR": "1", "REFLECT_NEW_PASSPHRASE": new})
    env["REFLECT_PASSPHRASE"] = old if old is not None else new  # encrypt reads the new one from REFLECT_PASSPHRASE
    return subprocess.run([script, *args], env=env, capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL)  # fmt: skip


def _state(script: str, home: Path, passphrases: tuple[str | None, ...]) -> tuple[dict[str, Any] | None, str]:
    """(info of the journal, stderr of the first command run after the kill); tries each passphrase in turn."""
    first_stderr = None
    for passphrase in passphrases:
        result = _run(script, home, "info", "--json", passphrase=passphrase)
        if first_stderr is None:
            first_stderr = result.stderr
        if result.returncode == 0:
            info = json.loads(result.stdout)
            if info.get("entries") is not None and (home / "journal.db").is_file():
                return info, first_stderr
    return None, first_stderr or ""


def kill_conversion(script: str, op: str, template: Path, home: Path, rng: random.Random, entries: int) -> dict:
    shutil.rmtree(home, ignore_errors=True)
    shutil.copytree(template, home)
    size = (home / "journal.db").stat().st_size
    target = rng.uniform(0, size)
    env = {k: v for k, v in os.environ.items() if not k.startswith("REFLECT_")}
    env.update({"REFLECT_HOME": str(home), "NO_COLOR": "1", "REFLECT_NEW_PASSPHRASE": NEW})
    env["REFLECT_PASSPHRASE"] = NEW if op == "encrypt" else OLD
    args = (
        [script, op] + (["--yes"] if op == "decrypt" else []) + (["--old-backups", "keep"] if op == "encrypt" else [])
    )
    proc = subprocess.Popen(args, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)  # fmt: skip
    killed_at = None
    while proc.poll() is None:
        copies = [f for f in _temporaries(home) if f.name.endswith(".converting")]
        grown = [f for f in copies if _size(f) >= target]
        if grown:
            killed_at = _size(grown[0])
            proc.send_signal(signal.SIGKILL)
            break
        time.sleep(0.0005)
    proc.wait()
    left_before = len([f for f in _temporaries(home) if not f.name.endswith(("-wal", "-shm", "-journal"))])
    passphrases = {"encrypt": (None, NEW), "decrypt": (OLD, None), "passphrase": (OLD, NEW)}[op]
    info, stderr = _state(script, home, passphrases)
    return {
        "killed": killed_at is not None,
        "left_before": left_before,
        "announced": "Removed" in stderr,
        "left_after": len(_temporaries(home)),
        "lost": info is None or info["entries"] != entries,
        "converted": bool(info)
        and info["encrypted"] == (op != "decrypt")
        and (op != "passphrase" or _opens(script, home, NEW)),
    }


def _opens(script: str, home: Path, passphrase: str) -> bool:
    return _run(script, home, "info", "--json", passphrase=passphrase).returncode == 0


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return -1


def kill_restore(script: str, template: Path, home: Path, rng: random.Random, entries: int, span: float) -> dict:
    """The template holds `entries`; its backup (made with fewer) is restored and killed at a random moment."""
    shutil.rmtree(home, ignore_errors=True)
    shutil.copytree(template, home)
    [backup] = sorted((home / "backups").glob("journal-2*.db"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("REFLECT_")}
    env.update({"REFLECT_HOME": str(home), "NO_COLOR": "1"})
    delay = rng.uniform(0, span)
    proc = subprocess.Popen([script, "restore", str(backup), "--yes"], env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    time.sleep(delay)
    finished = proc.poll() is not None
    if not finished:
        proc.send_signal(signal.SIGKILL)
    proc.wait()
    left_before = len([f for f in _temporaries(home) if not f.name.endswith(("-wal", "-shm", "-journal"))])
    info, stderr = _state(script, home, (None,))
    return {
        "killed": not finished,
        "left_before": left_before,
        "announced": "Removed" in stderr,
        "left_after": len(_temporaries(home)),
        "lost": info is None or info["entries"] not in (entries, entries // 2),
        "converted": bool(info) and info["entries"] == entries // 2,
    }


def run(script: str, work: Path, rng: random.Random, trials: int, entries: int = 400) -> dict[str, Counter]:
    templates = prepare(script, work, entries)
    results: dict[str, Counter] = {}
    for op in CONVERSIONS:
        template = templates["plain" if op == "encrypt" else "encrypted"]
        tally: Counter = Counter()
        for i in range(trials):
            outcome = kill_conversion(script, op, template, work / f"{op}-{i % 5}", rng, entries)
            _count(tally, outcome)
        results[op] = tally
        print(f"{op}: {dict(tally)}", flush=True)

    # Restore: a journal of `entries` whose backup holds half as many (made from a smaller journal).
    template = work / "template-restore"
    from datetime import UTC, datetime

    from reflect.config import Paths
    from reflect.flows.demo import generate
    from reflect.store.journal import Journal

    half = work / "template-half"
    with Journal.open(Paths(half)) as journal:
        journal.import_entries(generate(entries // 2, seed=5, end=datetime(2026, 3, 1, 17, tzinfo=UTC)))
    shutil.copytree(templates["plain"], template)
    (template / "backups").mkdir(mode=0o700, exist_ok=True)
    shutil.copy(half / "journal.db", template / "backups" / "journal-20260301-170000.db")
    trial_home = work / "restore-timing"
    shutil.rmtree(trial_home, ignore_errors=True)
    shutil.copytree(template, trial_home)
    started = time.perf_counter()
    _run(script, trial_home, "restore", str(trial_home / "backups" / "journal-20260301-170000.db"), "--yes")
    span = time.perf_counter() - started
    tally = Counter()
    for i in range(trials):
        outcome = kill_restore(script, template, work / f"restore-{i % 5}", rng, entries, span)
        _count(tally, outcome)
    tally["span_ms"] = round(span * 1000)
    results["restore"] = tally
    print(f"restore: {dict(tally)}", flush=True)
    return results


def _count(tally: Counter, outcome: dict) -> None:
    tally["trials"] += 1
    tally["killed mid-way"] += outcome["killed"]
    tally["copies left by the kill"] += outcome["left_before"] > 0
    tally["removed and announced"] += outcome["left_before"] > 0 and outcome["announced"]
    tally["left after the next command"] += outcome["left_after"]
    tally["journals lost or replaced"] += outcome["lost"]
    tally["finished (new state)"] += outcome["converted"]
