"""Start-up against its floor, `python -c "import typer"`, side by side, as ratios; and the interactive path.

    .venv/bin/python bench/startup_ratios.py [--entries 100000] [--runs 20] [--write]
    .venv/bin/python bench/startup_ratios.py --only-interactive [--baseline OTHER/src] [--firsts 15]
    .venv/bin/python bench/startup_ratios.py --only-help [--runs 40]    # the floor, --version and --help alone

One demo journal of --entries entries serves every command (`new --answers` writes into its own copy). Each round
runs the floor and every command once, interleaved, as whole processes through the installed console script, timed
with os.wait4 (wall and CPU time). In a pseudo-terminal (pexpect) it then times `reflect new` from launch to its first
question, and, in the feelings checklist (the longest), the delay from a key press (down arrow) to the screen's
answer, over --keys presses. Reported: medians, each command / floor, and the targets of issue 17. A script, not a
test: no test asserts timings.

--only-interactive times just the interactive path, each `new` beside a run of the floor. --baseline SRC times
`reflect new` a second way in the same rounds: with another checkout's `src` first on PYTHONPATH (same interpreter,
console script and journal), so a change is measured before and after side by side.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from common import command_env, load, report, timed

HERE = Path(__file__).resolve().parent
SCRIPT = str(Path(sys.executable).with_name("reflect"))
FLOOR = [sys.executable, "-c", "import typer"]
ANSWERS = {"client": "C-7F3K", "session_at": "2026-03-10T15:00:00+00:00", "feelings": {"protective": 3},
           "observed": "Arrived early and asked twice whether I had received the message."}  # fmt: skip
TARGETS = {"--version": 1.5, "--help": 1.5, "list": 2.0, "search fear": 2.0, "new --answers FILE": 2.0}


def spawn(home: Path, source: str | None = None) -> object:
    import pexpect

    env = {**command_env(), "REFLECT_HOME": str(home), "TERM": "xterm-256color", "NO_COLOR": "1",
           "PROMPT_TOOLKIT_NO_CPR": "1"}  # fmt: skip
    if source:  # another checkout's code, ahead of the installed one
        env["PYTHONPATH"] = source
    child = pexpect.spawn(SCRIPT, ["new", "--pack", "standard"], env=env, encoding="utf-8", timeout=30,
                          dimensions=(40, 120))  # fmt: skip
    child.delaybeforesend = None  # pexpect waits 50 ms before each send by default: that is not reflect's time
    return child


def first_question(home: Path, source: str | None = None) -> float:
    """Seconds from launching `reflect new` on the journal to its first question (which client)."""
    import pexpect

    start = time.perf_counter()
    child: Any = spawn(home, source)
    child.expect("Which client|Code for the new client")
    seconds = time.perf_counter() - start
    child.send("\x03")
    child.expect(pexpect.EOF)
    child.close()
    return seconds


def keystrokes(home: Path, keys: int) -> list[float]:
    """Seconds from each key press in the feelings checklist to the first output that answers it (a journal with
    no clients yet, so that the questions before it are always the same)."""
    import pexpect

    child: Any = spawn(home)
    for expect, send in [("Code for the new client", "\x15C-7F3K\r"), ("When was the session", "\x15yesterday 15:00\r"),
                         ("frame of this session", "\r"), ("Only what you saw and heard", "Arrived early.\r"),
                         ("How did the client relate", "\x1b[B\r"), ("How sure are you", "\x1b[B\r"),
                         ("Which markers", " \r")]:  # fmt: skip
        child.expect(expect)
        child.send(send)
    child.expect("What did you feel toward the client")
    time.sleep(0.5)
    delays = []
    for _ in range(keys):
        try:  # drain what is on its way
            while child.read_nonblocking(65536, timeout=0.05):
                pass
        except (pexpect.TIMEOUT, pexpect.EOF):
            pass
        sent = time.perf_counter()
        child.send("\x1b[B")  # down arrow: the cursor moves to the next feeling
        child.read_nonblocking(1, timeout=5)
        delays.append(time.perf_counter() - sent)
        time.sleep(0.05)
    child.send("\x03")
    child.expect(pexpect.EOF)
    child.close()
    return delays


Times = dict[str, list[tuple[float, float]]]


def rounds(commands: dict[str, tuple[list[str], Path]], runs: int, env: dict[str, str],
           fresh: dict[str, Path] | None = None) -> Times:  # fmt: skip
    """Wall and CPU seconds of each command (with its journal home), once a round in turn, after one warm-up round.
    A command named in `fresh` runs each time on a new copy of the journal given there (a writer: the same answers
    written twice would be refused as a second entry for the same session)."""
    times: Times = {name: [] for name in commands}
    for round_ in range(runs + 1):
        for name, (args, where) in commands.items():
            if fresh and name in fresh:
                shutil.rmtree(where, ignore_errors=True)
                shutil.copytree(fresh[name], where)
            wall, cpu, _ = timed(args, {**env, "REFLECT_HOME": str(where)})
            if round_:
                times[name].append((wall, cpu))
    return times


def table(times: Times) -> list[str]:
    """The commands' medians and their ratios to the floor, with the targets, as a Markdown table."""
    floors = [statistics.median(t[i] for t in times["floor: python -c 'import typer'"]) for i in range(2)]
    lines = [
        "| command | wall | CPU | wall / floor | CPU / floor | target |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for name, runs in times.items():
        wall, cpu = (statistics.median(t[i] for t in runs) for i in range(2))
        target = TARGETS.get(name)
        verdict = "" if target is None else f"<= {target:g}x: {'met' if cpu / floors[1] <= target else 'not met'}"
        lines.append(f"| `{name}` | {wall * 1000:.0f} ms | {cpu * 1000:.0f} ms | {wall / floors[0]:.2f} | "
                     f"{cpu / floors[1]:.2f} | {verdict} |")  # fmt: skip
    return lines


def only_help(runs: int) -> None:
    """The floor, `--version` and `--help` alone, side by side; printed only (RESULTS.md holds whole runs)."""
    with tempfile.TemporaryDirectory(prefix="reflect-startup-") as home:
        times = rounds({"floor: python -c 'import typer'": (FLOOR, Path(home)),
                        "--version": ([SCRIPT, "--version"], Path(home)),
                        "--help": ([SCRIPT, "--help"], Path(home))}, runs, command_env())  # fmt: skip
    print(f"{runs} interleaved rounds after one warm-up, medians; load average {load()}")
    print("\n".join(table(times)))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--keys", type=int, default=30)
    parser.add_argument("--write", action="store_true")
    parser.add_argument(
        "--only-help",
        action="store_true",
        help="time the floor, --version and --help alone (no journal, no pseudo-terminal); printed, never written",
    )
    parser.add_argument("--only-interactive", action="store_true", help="only the floor, `new` and the key press")
    parser.add_argument("--baseline", metavar="SRC", help="also time `new` with this checkout's src (before/after)")
    parser.add_argument("--firsts", type=int, default=5, help="runs of `new` to its first question")
    opts = parser.parse_args()
    if opts.only_help:
        only_help(opts.runs)
        return
    if opts.only_interactive:
        if opts.write:
            parser.error("--write records the whole section; --only-interactive measures only part of it")
        interactive_only(opts)
        return
    work = Path(tempfile.mkdtemp(prefix="reflect-startup-"))
    env = command_env()
    started, load_before = datetime.now(UTC), load()
    try:
        home = work / "home"
        subprocess.run([SCRIPT, "demo", "--dir", str(home), "--entries", str(opts.entries), "--quiet"],
                       env={**env, "REFLECT_HOME": str(home)}, check=True, stdout=subprocess.DEVNULL)  # fmt: skip
        writer = work / "writer"
        shutil.copytree(home, writer)
        answers = work / "answers.json"
        answers.write_text(json.dumps(ANSWERS))
        commands = {"floor: python -c 'import typer'": (FLOOR, home), "--version": ([SCRIPT, "--version"], home),
                    "--help": ([SCRIPT, "--help"], home), "list": ([SCRIPT, "list"], home),
                    "search fear": ([SCRIPT, "search", "fear"], home),
                    "new --answers FILE": ([SCRIPT, "new", "--answers", str(answers)], writer)}  # fmt: skip
        times = rounds(commands, opts.runs, env, fresh={"new --answers FILE": home})
        first = statistics.median(fresh_first_questions(home, writer, opts.firsts))
        fresh = work / "fresh"
        subprocess.run([SCRIPT, "list"], env={**env, "REFLECT_HOME": str(fresh)}, check=True, stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL)  # fmt: skip
        delays = keystrokes(fresh, opts.keys)
        floors = [statistics.median(t[i] for t in times["floor: python -c 'import typer'"]) for i in range(2)]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    lines = [
        f"## Start-up against `python -c 'import typer'` (bench/startup_ratios.py, {started:%Y-%m-%d %H:%M} UTC)",
        "",
        f"{opts.entries:,} entries; {opts.runs} interleaved rounds after one warm-up, medians; {os.cpu_count()} cores, "
        f"load average {load_before} at the start, "
        f"{load()} at the end.",
        "",
        *table(times),
    ]
    ratio = first / floors[0]
    lines.append(f"| `new` to its first question (pty, wall, median of {opts.firsts}) | {first * 1000:.0f} ms | | "
                 f"{ratio:.2f} | | <= 2x: {'met' if ratio <= 2 else 'not met'} |")  # fmt: skip
    key = statistics.median(delays)
    lines += [
        "",
        f"A key press in the feelings checklist, to the first byte of the terminal's answer (pty, {len(delays)} "
        f"presses): median {key * 1000:.1f} ms, slowest {max(delays) * 1000:.1f} ms (target: under 50 ms: "
        f"{'met' if max(delays) < 0.05 else 'median met' if key < 0.05 else 'not met'}).",
        "Targets are judged on CPU time (waiting for a core on this shared machine adds to wall time only); the "
        "interactive path has only a wall time.",
    ]
    report("startup-floor", lines, opts.write)


def fresh_first_questions(home: Path, writer: Path, runs: int, source: str | None = None) -> list[float]:
    """`new` to its first question, each on a fresh copy of the journal (before this was measured, Ctrl-C at the first
    question left an empty draft, which the next run would offer to resume)."""
    seconds = []
    for _ in range(runs):
        shutil.rmtree(writer, ignore_errors=True)
        shutil.copytree(home, writer)
        seconds.append(first_question(writer, source))
    return seconds


def interactive_only(opts: argparse.Namespace) -> None:
    """The floor, `new` to its first question (and with --baseline, the other checkout's), interleaved run by run;
    then the key press."""
    work = Path(tempfile.mkdtemp(prefix="reflect-startup-"))
    env = command_env()
    started, load_before = datetime.now(UTC), load()
    ways = {"this checkout": None} | ({"the --baseline checkout": opts.baseline} if opts.baseline else {})
    firsts: dict[str, list[float]] = {name: [] for name in ways}
    floors: list[float] = []
    try:
        home = work / "home"
        subprocess.run([SCRIPT, "demo", "--dir", str(home), "--entries", str(opts.entries), "--quiet"],
                       env={**env, "REFLECT_HOME": str(home)}, check=True, stdout=subprocess.DEVNULL)  # fmt: skip
        timed(FLOOR, env)  # a warm-up of each
        for source in ways.values():
            fresh_first_questions(home, work / "writer", 1, source)
        for _ in range(opts.firsts):
            floors.append(timed(FLOOR, env)[0])
            for name, source in ways.items():
                firsts[name] += fresh_first_questions(home, work / "writer", 1, source)
        fresh = work / "fresh"
        subprocess.run([SCRIPT, "list"], env={**env, "REFLECT_HOME": str(fresh)}, check=True, stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL)  # fmt: skip
        delays = keystrokes(fresh, opts.keys)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    floor = statistics.median(floors)
    lines = [
        f"`new` to its first question (bench/startup_ratios.py --only-interactive, {started:%Y-%m-%d %H:%M} UTC): "
        f"{opts.entries:,} entries, {opts.firsts} interleaved runs after a warm-up, medians, in a pseudo-terminal; "
        f"{os.cpu_count()} cores, load average {load_before} at the start, {load()} at the end.",
        "",
        "| run | wall | wall / floor | target |",
        "| --- | ---: | ---: | --- |",
        f"| floor: `python -c 'import typer'` | {floor * 1000:.0f} ms | 1.00 | |",
    ]
    for name, seconds in firsts.items():
        first = statistics.median(seconds)
        verdict = "met" if first / floor <= 2 else "not met"
        spread = f"fastest {min(seconds) * 1000:.0f}, slowest {max(seconds) * 1000:.0f}"
        lines.append(f"| `new` to its first question, {name} | {first * 1000:.0f} ms ({spread}) | {first / floor:.2f} "
                     f"| <= 2x: {verdict} |")  # fmt: skip
    key = statistics.median(delays)
    lines += ["", f"A key press in the feelings checklist ({len(delays)} presses): median {key * 1000:.1f} ms, slowest "
              f"{max(delays) * 1000:.1f} ms (target: under 50 ms)."]  # fmt: skip
    report("startup-floor", lines, write=False)


if __name__ == "__main__":
    main()
