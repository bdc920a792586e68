"""`reflect import` and `reflect export --format json` against their floors (bench/floors.py), side by side, as ratios.

    .venv/bin/python bench/floor_ratios.py [--sizes 1000 10000 50000] [--runs 5] [--write]

For each size a demo journal is built (`reflect demo --entries N`) and exported once; that file is what both sides
import. Each round runs, interleaved so that load on the machine falls on both alike: the floor's import into a fresh
empty journal, reflect's import into another, the floor's export of the demo journal, reflect's export of it (the
order of the two sides alternates between rounds). Every run is a whole process timed through os.wait4: wall time,
CPU time (user + system: the steadier figure on a shared machine) and peak RSS. Reported: the medians, reflect / floor
as ratios, and reflect's peak RSS per size (flat means streamed). With --write the table goes into bench/RESULTS.md
between its floors markers. A script, not a test: no test asserts timings.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from common import command_env, load, report, timed

HERE = Path(__file__).resolve().parent
REFLECT = [sys.executable, "-c", "import sys; from reflect.cli import main; sys.argv[0] = 'reflect'; main()"]
FLOOR = [sys.executable, str(HERE / "floors.py")]
TARGETS = {"import": 3.0, "export --format json": 2.0}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (journals and exports)")
    opts = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="reflect-floors-"))
    env = command_env()
    started, load_before = datetime.now(UTC), load()
    rows = []
    try:
        empty = work / "empty"
        subprocess.run([*REFLECT, "list"], env={**env, "REFLECT_HOME": str(empty)}, check=True,
                       stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL)  # fmt: skip
        for size in opts.sizes:
            home = work / f"demo-{size}"
            subprocess.run([*REFLECT, "demo", "--dir", str(home), "--entries", str(size), "--quiet"],
                           env={**env, "REFLECT_HOME": str(home)}, check=True, stdout=subprocess.DEVNULL)  # fmt: skip
            doc = work / f"export-{size}.json"
            subprocess.run([*REFLECT, "export", "-o", str(doc)], env={**env, "REFLECT_HOME": str(home)}, check=True,
                           stderr=subprocess.DEVNULL)  # fmt: skip
            times: dict[tuple[str, str], list[tuple[float, float, float]]] = {}

            def run(what: str, side: str, round_: int, doc: Path, home: Path, times: dict) -> None:
                target = work / f"{side}-{round_}"
                shutil.rmtree(target, ignore_errors=True)
                if what == "import":
                    shutil.copytree(empty, target)
                    args = ([*FLOOR, "import", str(doc), str(target / "journal.db")] if side == "floor"
                            else [*REFLECT, "import", str(doc)])  # fmt: skip
                    renv = {**env, "REFLECT_HOME": str(target)}
                else:
                    target.mkdir()
                    out = target / "out.json"
                    args = ([*FLOOR, "export", str(home / "journal.db"), str(out)] if side == "floor"
                            else [*REFLECT, "export", "--format", "json", "-o", str(out)])  # fmt: skip
                    renv = {**env, "REFLECT_HOME": str(home)}
                result = timed(args, renv)
                if round_:  # the first round warms the caches and is not counted
                    times.setdefault((what, side), []).append(result)
                shutil.rmtree(target)

            for round_ in range(opts.runs + 1):
                for what in TARGETS:
                    for side in ("floor", "reflect") if round_ % 2 else ("reflect", "floor"):
                        run(what, side, round_, doc, home, times)
            for what, target in TARGETS.items():
                med = {s: [statistics.median(t[i] for t in times[(what, s)]) for i in range(3)]
                       for s in ("floor", "reflect")}  # fmt: skip
                rows.append((size, what, med["floor"], med["reflect"], target))
            print(f"{size:,} entries done (load {load()})", file=sys.stderr)
    finally:
        if not opts.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"work folder kept: {work}", file=sys.stderr)
    lines = [
        f"## reflect against its floors (bench/floor_ratios.py, {started:%Y-%m-%d %H:%M} UTC)",
        "",
        f"On {platform.system()} {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}; load average (1/5/15 min) {load_before} at the start, {load()} at the end.",
        f"{opts.runs} interleaved rounds after one warm-up; medians of whole processes (start-up included).",
        "",
        "| entries | command | floor wall | reflect wall | ratio (wall) | floor CPU | reflect CPU | ratio (CPU) "
        "| reflect peak RSS | target |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for size, what, floor, ours, target in rows:
        ratio_wall, ratio_cpu = ours[0] / floor[0], ours[1] / floor[1]
        verdict = "met" if ratio_cpu <= target else "not met"
        lines.append(f"| {size:,} | `{what}` | {floor[0]:.3f} s | {ours[0]:.3f} s | {ratio_wall:.2f} | "
                     f"{floor[1]:.3f} s | {ours[1]:.3f} s | {ratio_cpu:.2f} | {ours[2]:.0f} MB | "
                     f"<= {target:g}x: {verdict} |")  # fmt: skip
    lines += [
        "",
        "The floor (bench/floors.py) is the standard library's `json` and SQLite alone: `json.load` of the whole file "
        "and `executemany` of the same rows into an empty journal in one transaction, full-text index included; and "
        "reading the same rows back and dumping them. Targets are judged on the CPU ratio (waiting for a core on this "
        "shared machine adds to wall time only).",
    ]
    report("floors", lines, opts.write)


if __name__ == "__main__":
    main()
