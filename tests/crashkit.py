"""Crash-consistency kit: writer processes to SIGKILL at random moments, and the checks run on what they leave.

Used by tests/test_reliability_crash.py (short loops) and bench/stress (long loops). `kill_once()` forks a worker (no
interpreter start-up, so the kill lands while writing), which opens the journal, signals "ready", then writes in a loop;
after a random delay it is killed with SIGKILL and `check()` inspects what it left. `kill_cli_once()` does the same to
the installed console script running `reflect new --answers`.

Every write has a known expected result, so the checker can tell "whole or not at all" from "half-written":
entries are saved in a fixed order (so what is stored must be a prefix of that order, each entry exactly as written),
an edit flips one entry between two versions with different numbers of children, an import adds fixed batches of
entries, and a migration run builds fresh journals.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import time
import uuid
from dataclasses import replace
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

END = datetime(2026, 3, 11, 17, 0, tzinfo=UTC)
ENTRIES = 120  # the "entries" worker saves these in order, over and over in fresh journals is not needed: one pass
IMPORT_BATCH = 250
IMPORT_BATCHES = 8
OPS = ("entries", "edit", "import", "migrate", "upgrade", "new")
FROZEN = Path(__file__).parent / "fixtures" / "journal_m001_create_journal.sql"  # the oldest schema, with 16 entries
UPGRADE_COPIES = 12
# A full entry as an answers file: every kind of child row, so a half-saved one would show.
ANSWERS = {
    "client": "C-7F3K", "session_at": "2026-03-10T15:00:00+00:00", "events": ["pre-break", "late"],
    "presentation": {"pattern": "anxious", "confidence": 2, "markers": ["hypervigilant"]},
    "observed": "Arrived late; asked twice whether I was annoyed. “Sorry” — 🙏",
    "feelings": {"protective": 3, "anxious": 2},
    "body": ["tight-chest"], "urges": [{"urge": "reassure", "enacted": True}, "rescue"], "intensity": 6,
    "pulls": ["parental-protective"], "triggers": ["break"], "resonance": "Waiting for someone often late.",
    "ruptures": [{"type": "withdrawal", "markers": [], "intensity": 2, "strategies": [], "resolved": "partial"}],
    "experiment": "Name the lateness.", "supervision": [{"question": "Why do I rush to reassure?", "eye": 4}],
    "tags": ["break", "lateness"],
}  # fmt: skip


@cache
def expected_entries(count: int, seed: int = 11) -> tuple:
    """Demo entries with deterministic ids throughout (demo supervision questions get random ids)."""
    from reflect.flows.demo import generate

    out = []
    for entry in generate(count, seed=seed, end=END):
        questions = tuple(
            replace(q, id=str(uuid.uuid5(uuid.NAMESPACE_OID, f"{entry.id}:{i}")))
            for i, q in enumerate(entry.supervision)
        )
        out.append(replace(entry, supervision=questions))
    return tuple(out)


def edit_versions() -> tuple:
    """Two versions of one entry that differ in every kind of child row (feelings, urges, ruptures, questions...)."""
    entries = expected_entries(40)
    a = next(e for e in entries if e.ruptures and e.supervision and len(e.feelings) > 2)
    donor = next(e for e in entries if e.client != a.client and e.feelings.keys() != a.feelings.keys() and e.urges)
    b = replace(
        a, feelings=donor.feelings, urges=donor.urges, body=donor.body, pulls=donor.pulls, ruptures=(),
        supervision=(), tags=(*a.tags, "edited"), observed=(a.observed or "") + " (edited)",
        updated_at=a.updated_at.replace(year=a.updated_at.year + 1),
    )  # fmt: skip
    return a, b


def import_batches() -> list[tuple]:
    entries = expected_entries(IMPORT_BATCH * IMPORT_BATCHES, seed=12)
    return [entries[i : i + IMPORT_BATCH] for i in range(0, len(entries), IMPORT_BATCH)]


# --- workers --------------------------------------------------------------------------------------------------------


def _open(home: Path):
    from reflect.config import Paths
    from reflect.store.journal import Journal

    return Journal.open(Paths(home))


def work(op: str, home: Path, ready) -> None:
    if op == "new":
        answers = home.parent / f"{home.name}-answers.json"
        answers.write_text(json.dumps(ANSWERS), encoding="utf-8")
        os.environ["REFLECT_HOME"] = str(home)
        _open(home).close()
        ready()
        while True:
            status, _out, err = _cli(["new", "--answers", str(answers), "--same-session"])
            if status:
                raise RuntimeError(f"reflect new exited {status}: {err.strip()}")
    if op == "upgrade":
        ready()
        for path in sorted(home.glob("j*/journal.db")):  # old journals, each brought up to the current schema
            _open(path.parent).close()
    if op == "migrate":
        ready()
        n = 0
        while True:  # fresh journals, each created and migrated from nothing
            _open(home / f"j{n}").close()
            n += 1
    journal = _open(home)
    if op == "entries":
        start = journal.count_entries()  # a restarted worker carries on where the killed one stopped
        leftover = {d.state.get("index"): d for d in journal.drafts()}
        ready()
        for i, entry in enumerate(expected_entries(ENTRIES)[start:], start):
            draft = leftover.get(i) or journal.new_draft("standard", client=entry.client, state={"index": i})
            journal.finish_draft(draft, entry)  # entry saved and draft dropped in one transaction
    elif op == "edit":
        a, b = edit_versions()
        if journal.count_entries() == 0:
            journal.save_entry(a)
        ready()
        while True:
            journal.save_entry(b)
            journal.save_entry(a)
    elif op == "import":
        ready()
        for batch in import_batches():
            journal.import_entries(batch)
    # Finished before being killed: wait, so the parent's kill is still what ends us.
    time.sleep(60)


def kill_once(op: str, home: Path, rng: random.Random, max_delay: float) -> dict[str, int]:
    """Fork a worker, let it write for a random moment, SIGKILL it, and check the journal it leaves."""
    if op == "upgrade":
        prepare_old_journals(home)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker: never returns into the caller (e.g. pytest)
        os.close(read_end)
        status = 0
        try:
            work(op, home, ready=lambda: os.write(write_end, b"r"))
        except BaseException:
            import traceback

            traceback.print_exc()
            status = 3
        os._exit(status)
    os.close(write_end)
    try:
        started = os.read(read_end, 1)
    finally:
        os.close(read_end)
    if started:
        time.sleep(rng.uniform(0, max_delay))
    os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    if not os.WIFSIGNALED(status):
        raise Broken(f"the {op} worker failed before it was killed (status {status})")
    return check(op, home)


def kill_cli_once(script: str, home: Path, answers: Path, rng: random.Random, max_delay: float) -> dict[str, int]:
    """Start `reflect new --answers` as its own process and kill it at a random moment of its life."""
    env = {**os.environ, "REFLECT_HOME": str(home)}
    proc = subprocess.Popen([script, "new", "--answers", str(answers), "--same-session"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    time.sleep(rng.uniform(0, max_delay))
    proc.kill()
    _, err = proc.communicate()
    if proc.returncode not in (0, -signal.SIGKILL):
        raise Broken(f"reflect new failed: {err.decode(errors='replace')[:200]}")
    return check("new", home)


# --- checks ---------------------------------------------------------------------------------------------------------


class Broken(AssertionError):
    pass


def integrity(db_path: Path) -> None:
    """The file opens with plain sqlite3 and passes integrity and foreign-key checks."""
    conn = sqlite3.connect(str(db_path))
    try:
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        if rows != ["ok"]:
            raise Broken(f"integrity_check: {rows[:3]}")
        if fk := conn.execute("PRAGMA foreign_key_check").fetchall():
            raise Broken(f"foreign_key_check: {fk[:3]}")
    finally:
        conn.close()


def stored(journal) -> dict[str, dict[str, Any]]:
    from reflect.domain.entry_filter import EntryFilter
    from reflect.domain.models import entry_to_dict

    return {e.id: entry_to_dict(e) for e in journal.iter_entries(EntryFilter())}


def _schema(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    return conn.execute("SELECT name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name").fetchall()


@cache
def fresh_schema() -> list[tuple[str, str]]:
    from sqlite_utils import Database

    from reflect.store.migrations import migrations

    db = Database(memory=True)
    migrations.apply(db)
    return _schema(db.conn)


@cache
def frozen_schema() -> list[tuple[str, str]]:
    conn = sqlite3.connect(":memory:")
    conn.executescript(FROZEN.read_text(encoding="utf-8"))
    return _schema(conn)


def prepare_old_journals(home: Path) -> None:
    """Copies of a journal written by the first schema (tests/fixtures), for the upgrade worker to migrate."""
    import shutil

    base = home / "frozen.db"
    if not base.exists():
        home.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(base)
        conn.executescript(FROZEN.read_text(encoding="utf-8"))
        conn.close()
    for n in range(UPGRADE_COPIES):
        (home / f"j{n:02}").mkdir(exist_ok=True)
        shutil.copyfile(base, home / f"j{n:02}" / "journal.db")


def check(op: str, home: Path) -> dict[str, int]:
    """Verify what a killed worker left; return figures for the report. Raises Broken on any inconsistency."""
    from reflect.domain.models import entry_to_dict

    if op == "upgrade":
        from reflect.store.migrations import migrations

        expected = {e["id"]: e for e in json.loads(FROZEN.with_suffix(".json").read_text(encoding="utf-8"))["entries"]}
        names = [m.name for m in migrations._migrations]
        upgraded = 0
        for path in sorted(home.glob("j*/journal.db")):
            integrity(path)
            conn = sqlite3.connect(str(path))
            applied = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
            schema = _schema(conn)
            conn.close()
            if applied == names and schema == fresh_schema():
                upgraded += 1
            elif applied != names[:1] or schema != frozen_schema():
                raise Broken(f"{path}: partly upgraded: {applied}")
            with _open(path.parent) as journal:  # finishes the upgrade if the kill came first
                if stored(journal) != expected:
                    raise Broken(f"{path}: entries differ from the old journal's after the upgrade")
        return {"journals": upgraded}

    if op == "migrate":
        journals = sorted(home.glob("j*/journal.db"))
        complete = 0
        for path in journals:
            integrity(path)
            conn = sqlite3.connect(str(path))
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            applied = []
            if "_sqlite_migrations" in tables:
                applied = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
            conn.close()
            from reflect.store.migrations import migrations

            names = [m.name for m in migrations._migrations]
            if applied == names:
                complete += 1
                if "entries" not in tables:
                    raise Broken(f"{path}: migrations recorded but tables missing")
            elif applied:
                raise Broken(f"{path}: partly migrated: {applied}")
            elif tables - {"_sqlite_migrations"}:
                raise Broken(f"{path}: tables without a migration record: {sorted(tables)}")
            _open(path.parent).close()  # and it opens (finishing the migration if it had not started)
        return {"journals": len(journals), "complete": complete}

    db_path = home / "journal.db"
    if not db_path.exists():
        return {"entries": 0}
    integrity(db_path)
    with _open(home) as journal:
        have = stored(journal)
        drafts = journal.drafts()
    if op == "entries":
        order = expected_entries(ENTRIES)
        k = len(have)
        want = {e.id: entry_to_dict(e) for e in order[:k]}
        if have != want:
            raise Broken(f"stored entries are not the first {k} written, exactly")
        open_drafts = [d.state.get("index") for d in drafts]
        if open_drafts not in ([], [k]):
            raise Broken(f"drafts {open_drafts} after {k} entries: an entry and its draft were not saved together")
        return {"entries": k, "drafts": len(drafts)}
    if op == "edit":
        a, b = (entry_to_dict(v) for v in edit_versions())
        if len(have) > 1 or (have and next(iter(have.values())) not in (a, b)):
            raise Broken("the edited entry is neither the old nor the new version")
        return {"entries": len(have), "new_version": int(bool(have) and next(iter(have.values())) == b)}
    if op == "import":
        present = []
        for n, batch in enumerate(import_batches()):
            got = sum(1 for e in batch if e.id in have)
            if got not in (0, len(batch)):
                raise Broken(f"import batch {n}: {got} of {len(batch)} entries stored")
            if got:
                for e in batch:
                    if have[e.id] != entry_to_dict(e):
                        raise Broken(f"import batch {n}: an entry differs from the file")
            present.append(bool(got))
        if present != sorted(present, reverse=True):
            raise Broken(f"import batches present out of order: {present}")
        return {"entries": len(have), "batches": sum(present)}
    if op == "new":
        want = comparable_answers()
        for entry in have.values():
            if comparable(entry) != want:
                raise Broken("an entry saved from the answers file differs from it")
        numbers = sorted(e["session_number"] for e in have.values())
        if numbers != list(range(1, len(have) + 1)):
            raise Broken(f"session numbers are not 1..{len(have)}: {numbers[:10]}")
        if drafts:
            raise Broken("`new --answers` left a draft")
        return {"entries": len(have)}
    raise ValueError(op)


def comparable(entry: dict[str, Any]) -> dict[str, Any]:
    """An entry without what differs between two saves of the same answers: ids, timestamps, session number."""
    entry = {k: v for k, v in entry.items() if k not in ("id", "created_at", "updated_at", "session_number")}
    entry["supervision"] = [{k: v for k, v in q.items() if k != "id"} for q in entry["supervision"]]
    return entry


@cache
def comparable_answers() -> dict[str, Any]:
    from reflect.domain.models import entry_to_dict, parse_entry

    return comparable(entry_to_dict(parse_entry(json.loads(json.dumps(ANSWERS)))))


# --- concurrency ----------------------------------------------------------------------------------------------------


def _cli(args: list[str]) -> tuple[int, str, str]:
    """Run the CLI in this process as the console script would; return (status, stdout, stderr)."""
    import contextlib
    import io

    from reflect.cli import app

    out, err = io.StringIO(), io.StringIO()
    status = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            app(args, prog_name="reflect")
        except SystemExit as exc:
            status = exc.code if isinstance(exc.code, int) else 1
    return status, out.getvalue(), err.getvalue()


def _writer(home: str, answers: str, count: int, result: str) -> None:
    os.environ["REFLECT_HOME"] = home
    failures = []
    for _ in range(count):
        status, _out, err = _cli(["new", "--answers", answers, "--same-session"])
        if status:
            failures.append(err.strip()[:200])
    Path(result).write_text(json.dumps({"failures": failures}), encoding="utf-8")


def _reader(home: str, stop: Any, result: str) -> None:
    os.environ["REFLECT_HOME"] = home
    failures, runs, seen = [], 0, []
    while not stop.is_set():
        status, out, err = _cli(["list", "--json", "--limit", "5"])
        runs += 1
        if status:
            failures.append(err.strip()[:200])
        else:
            seen.append(len(json.loads(out)))
    Path(result).write_text(json.dumps({"failures": failures, "runs": runs}), encoding="utf-8")


def concurrent_writers(home: Path, writers: int, per_writer: int) -> dict[str, Any]:
    """`writers` processes each add `per_writer` entries with `reflect new --answers` (in-process CLI, forked), all at
    once on one fresh journal, while a reader runs `reflect list` over and over. Returns what each saw."""
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    home.mkdir(parents=True, exist_ok=True)
    answers = home.parent / f"{home.name}-answers.json"
    answers.write_text(json.dumps(ANSWERS), encoding="utf-8")
    stop = ctx.Event()
    reader_result = home.parent / f"{home.name}-reader.json"
    reader = ctx.Process(target=_reader, args=(str(home), stop, str(reader_result)))
    results = [home.parent / f"{home.name}-writer{n}.json" for n in range(writers)]
    procs = [ctx.Process(target=_writer, args=(str(home), str(answers), per_writer, str(r))) for r in results]
    started = time.perf_counter()
    reader.start()
    for p in procs:  # the journal does not exist yet: the first opens race to create and migrate it
        p.start()
    for p in procs:
        p.join()
    elapsed = time.perf_counter() - started
    stop.set()
    reader.join()
    if any(p.exitcode for p in [*procs, reader]):
        raise Broken(f"a process crashed: {[p.exitcode for p in [*procs, reader]]}")
    writer_failures = [f for r in results for f in json.loads(r.read_text())["failures"]]
    read = json.loads(reader_result.read_text())
    return {"seconds": elapsed, "writer_failures": writer_failures, "reader_failures": read["failures"],
            "reader_runs": read["runs"], "entries": check("new", home)["entries"]}  # fmt: skip
