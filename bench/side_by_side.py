"""Start-up before and after a change, side by side: `list`, `search WORD` and `new --answers FILE` as whole processes.

    .venv/bin/python bench/side_by_side.py BEFORE_SRC [--runs 40] [--entries 1000]

BEFORE_SRC is the `src` folder of the older checkout (e.g. `git archive 07ae0ec | tar -x -C /tmp/before`, then
/tmp/before/src). Both sides run with this venv's Python; the older side through PYTHONPATH, which comes before the
editable install. Runs are interleaved (before, after, before, ...) so load on the machine falls on both alike; each
command reports the median wall and CPU time of each side and after/before as ratios. One demo journal serves both sides
(the older side must be able to open it: the same schema). `new --answers` adds an entry per run to its own copy.
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
    opts = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="reflect-side-"))
    try:
        home = work / "home"
        base = {**os.environ, "REFLECT_HOME": str(home), "NO_COLOR": "1"}
        base.pop("PYTHONPATH", None)
        demo = ["demo", "--dir", str(home), "--entries", str(opts.entries), "--quiet"]
        subprocess.run([sys.executable, "-c", RUN, *demo], env=base, check=True, stdout=subprocess.DEVNULL)
        answers = work / "answers.json"
        answers.write_text(json.dumps(ANSWERS))
        sides = {"before": {**base, "PYTHONPATH": str(opts.before_src.resolve())}, "after": base}
        for name in sides:  # `new` writes: each side gets its own copy of the journal
            shutil.copytree(home, work / f"home-{name}")
        commands = {"list": ["list"], "search WORD": ["search", "fear"], "new --answers FILE": ["new", "--answers",
                    str(answers)]}  # fmt: skip
        times: dict[tuple[str, str], list[tuple[float, float]]] = {(c, s): [] for c in commands for s in sides}
        for _ in range(opts.runs + 1):  # the first round warms the caches and is not counted
            for label, args in commands.items():
                for side, env in sides.items():
                    env = {**env, "REFLECT_HOME": str(work / f"home-{side}")} if label.startswith("new") else env
                    times[(label, side)].append(timed(args, env))
        print(f"{opts.runs} interleaved runs per side after one warm-up; medians.\n")
        print("| command | wall before | wall after | after / before | CPU before | CPU after | after / before |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        for label in commands:
            row = [f"`{label}`"]
            for i in (0, 1):  # wall, then CPU
                before = statistics.median(t[i] for t in times[(label, "before")][1:])
                after = statistics.median(t[i] for t in times[(label, "after")][1:])
                row += [f"{before * 1000:.1f} ms", f"{after * 1000:.1f} ms", f"{after / before:.3f}"]
            print("| " + " | ".join(row) + " |")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
