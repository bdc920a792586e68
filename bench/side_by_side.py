"""Start-up before and after a change, side by side: `list`, `search WORD` and `new --answers FILE` as whole processes.

    .venv/bin/python bench/side_by_side.py BEFORE_SRC [--runs 40] [--entries 1000] [--write]

BEFORE_SRC is the `src` folder of the older checkout (e.g. `git archive 07ae0ec | tar -x -C /tmp/before`, then
/tmp/before/src). Both sides run with this venv's Python; the older side through PYTHONPATH, which comes before the
editable install. Runs are interleaved (before, after, before, ...) so load on the machine falls on both alike; each
command reports the median wall and CPU time of each side and after/before as ratios. One demo journal serves both sides
(the older side must be able to open it: the same schema). `new --answers` adds an entry per run to its own copy.
With --write the table also goes into bench/RESULTS.md, between its side-by-side markers (bench/bench.py keeps them).
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
from pathlib import Path

ANSWERS = {"client": "C-7F3K", "session_at": "2026-03-10T15:00:00+00:00", "feelings": {"protective": 3},
           "observed": "Arrived early and asked twice whether I had received the message."}  # fmt: skip
NOTE = (
    "Wall time is each whole process, start to exit; CPU time is its user + system time from the kernel (wait4). "
    "On a busy machine the CPU figure is the steadier one: waiting for a core adds to the wall time only."
)
RUN = "import sys; from reflect.cli import main; sys.argv[0] = 'reflect'; main()"


def timed(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system, from the kernel through wait4) of one whole process. On a shared machine
    the CPU time is the steadier figure: waiting for a core counts in the wall time only."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", RUN, *args], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)  # fmt: skip
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"reflect {' '.join(args)} failed with exit status {proc.returncode}")
    return wall, usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("before_src", type=Path)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--label", default="", help="what is compared, for the results file's heading")
    parser.add_argument("--write", action="store_true", help="also write the table into bench/RESULTS.md")
    opts = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="reflect-side-"))
    try:
        home = work / "home"
        base = {**os.environ, "REFLECT_HOME": str(home), "NO_COLOR": "1"}
        base.pop("PYTHONPATH", None)
        demo = ["demo", "--dir", str(home), "--entries", str(opts.entries), "--quiet"]
        subprocess.run([sys.executable, "-c", RUN, *demo], env=base, check=True, stdout=subprocess.DEVNULL)
        answers = work / "answers.json"
        sides = {"before": {**base, "PYTHONPATH": str(opts.before_src.resolve())}, "after": base}
        for name in sides:  # `new` writes: each side gets its own copy of the journal
            shutil.copytree(home, work / f"home-{name}")
        commands = {"list": ["list"], "search WORD": ["search", "fear"], "new --answers FILE": ["new", "--answers",
                    str(answers)]}  # fmt: skip
        times: dict[tuple[str, str], list[tuple[float, float]]] = {(c, s): [] for c in commands for s in sides}
        for run in range(opts.runs + 1):  # the first round warms the caches and is not counted
            # Each round's entry has a session time of its own: a second entry at the same session time is refused.
            answers.write_text(
                json.dumps({**ANSWERS, "session_at": f"2026-03-10T{run // 60:02d}:{run % 60:02d}:00+00:00"})
            )
            for label, args in commands.items():
                for side, env in sides.items():
                    env = {**env, "REFLECT_HOME": str(work / f"home-{side}")} if label.startswith("new") else env
                    times[(label, side)].append(timed(args, env))
        lines = [
            f"{opts.runs} interleaved runs per side after one warm-up, {opts.entries:,} entries; medians.",
            "",
            "| command | wall before | wall after | after / before | CPU before | CPU after | after / before |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for label in commands:
            row = [f"`{label}`"]
            for i in (0, 1):  # wall, then CPU
                before = statistics.median(t[i] for t in times[(label, "before")][1:])
                after = statistics.median(t[i] for t in times[(label, "after")][1:])
                row += [f"{before * 1000:.1f} ms", f"{after * 1000:.1f} ms", f"{after / before:.3f}"]
            lines.append("| " + " | ".join(row) + " |")
        print("\n".join(lines))
        if opts.write:
            write_results(lines, opts.label)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def write_results(lines: list[str], label: str) -> None:
    """Replace the side-by-side section of bench/RESULTS.md (after the stress section), keeping everything else."""
    start, end = "<!-- side-by-side:start -->", "<!-- side-by-side:end -->"
    path = Path(__file__).resolve().parent / "RESULTS.md"
    text = path.read_text(encoding="utf-8")
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    section = "\n".join([start, f"## Start-up side by side: {label or 'before and after'} ({when})", "",
                          f"On {os.cpu_count()} cores, load average at the end {load} (1/5/15 min).", "",
                          *lines, "", NOTE, end])  # fmt: skip
    if start in text and end in text:
        text = text[: text.index(start)] + section + text[text.index(end) + len(end) :]
    else:
        marker = "<!-- stress:end -->"
        cut = text.index(marker) + len(marker) if marker in text else 0
        text = text[:cut] + "\n\n" + section + "\n" + text[cut:]
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
