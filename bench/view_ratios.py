"""Views whose cost should follow what they show: a big journal against a small one holding the same recent period.

    .venv/bin/python bench/view_ratios.py [--big 50000] [--small 2500] [--runs 7] [--write]

A demo journal of --big entries is built and exported; the small journal is the same file's entries from the local
day of its --small-th newest session on (the latest --small and the rest of their first day), imported into an empty
journal, so both hold exactly the same sessions from that day and the big one has the older years besides. Timed,
interleaved (small, big, small, ...), as whole processes: `client show CODE` for the client with the most sessions
among those whose every session lies in the recent period, and `patterns` and `supervision prep` with --since the
first day of that period; the prep again in copies of both journals where a supervision meeting in the middle of
the period set experiments for the period's three busiest clients (its "Since your last supervision" section reads
each of them up to the meeting). Reported: median wall and CPU time, peak RSS, and
big / small (target: <= 1.2x, memory flat). A script, not a test: no test asserts timings.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from argparse import ArgumentParser
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from common import command_env, load, report, timed

HERE = Path(__file__).resolve().parent
SCRIPT = str(Path(sys.executable).with_name("reflect"))


def slice_recent(doc: Path, part: Path, size: int) -> None:
    """Write to `part` the document's entries from the local day of its `size`-th newest session on; print that day,
    how many entries they are, the client with the most sessions among those whose every session lies in them
    (the busiest recent client when there is none), the day of their middle session and their three busiest clients.
    Whole days: `--since DAY` then reads the same sessions from both journals (cut at the `size`-th entry, the big
    journal's first day held more sessions than the small one's)."""
    data = json.loads(doc.read_text(encoding="utf-8"))
    entries = sorted(data["entries"], key=lambda e: (e["session_at"], e["id"]))
    day = datetime.fromisoformat(entries[-size]["session_at"]).astimezone().date()
    start = datetime.combine(day, datetime.min.time()).astimezone()
    cut = next(i for i, e in enumerate(entries) if datetime.fromisoformat(e["session_at"]) >= start)
    recent = entries[cut:]
    older = {e["client"] for e in entries[:cut]}
    counts = Counter(e["client"] for e in recent if e["client"] not in older) or Counter(e["client"] for e in recent)
    part.write_text(json.dumps({"format": data["format"], "entries": recent}), encoding="utf-8")
    middle = datetime.fromisoformat(recent[len(recent) // 2]["session_at"]).astimezone().date()
    busiest = ",".join(c for c, _ in Counter(e["client"] for e in recent).most_common(3))
    print(day.isoformat(), len(recent), counts.most_common(1)[0][0], middle.isoformat(), busiest)


def main() -> None:
    if sys.argv[1:2] == ["--slice"]:
        slice_recent(Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4]))
        return
    parser = ArgumentParser()
    parser.add_argument("--big", type=int, default=50_000)
    parser.add_argument("--small", type=int, default=2_500)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--write", action="store_true")
    opts = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="reflect-views-"))
    env = command_env()
    started = datetime.now(UTC)
    load_before = load()
    try:
        big, small = work / "big", work / "small"
        subprocess.run([SCRIPT, "demo", "--dir", str(big), "--entries", str(opts.big), "--quiet"],
                       env={**env, "REFLECT_HOME": str(big)}, check=True, stdout=subprocess.DEVNULL)  # fmt: skip
        doc = work / "all.json"
        subprocess.run([SCRIPT, "export", "-o", str(doc)], env={**env, "REFLECT_HOME": str(big)}, check=True,
                       stderr=subprocess.DEVNULL)  # fmt: skip
        part = work / "recent.json"
        # In a child process: this one would otherwise hold the whole document, and a forked child's peak RSS
        # counts its parent's pages from before exec.
        chosen = subprocess.run([sys.executable, __file__, "--slice", str(doc), str(part), str(opts.small)],
                                check=True, capture_output=True, text=True).stdout.split()  # fmt: skip
        since, sliced, client, middle, busiest = chosen
        subprocess.run([SCRIPT, "import", str(part)], env={**env, "REFLECT_HOME": str(small)}, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        met = {side: work / f"{side}-met" for side in ("small", "big")}
        for side, home in (("small", small), ("big", big)):
            shutil.copytree(home, met[side])
            experiments = [arg for code in busiest.split(",") for arg in ("--experiment", f"{code}: name the ending")]
            log = [SCRIPT, "supervision", "log", "--date", middle, "--minutes", "60", *experiments]
            subprocess.run(log, env={**env, "REFLECT_HOME": str(met[side])}, check=True, stdout=subprocess.DEVNULL)
        homes = {"small": small, "big": big}
        commands = {f"client show {client}": (["client", "show", client], homes),
                    f"patterns --since {since}": (["patterns", "--since", since], homes),
                    f"supervision prep --since {since}": (["supervision", "prep", "--since", since], homes),
                    f"supervision prep --since {since}, a meeting on {middle}":
                        (["supervision", "prep", "--since", since], met)}  # fmt: skip
        times: dict[tuple[str, str], list[tuple[float, float, float]]] = {}
        for round_ in range(opts.runs + 1):
            for label, (args, sides) in commands.items():
                for side, home in sides.items():
                    result = timed([SCRIPT, *args], {**env, "REFLECT_HOME": str(home)})
                    if round_:
                        times.setdefault((label, side), []).append(result)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    lines = [
        f"## Views over the same recent period: {opts.big:,} entries against {opts.small:,} "
        f"(bench/view_ratios.py, {started:%Y-%m-%d %H:%M} UTC)",
        "",
        f"{opts.runs} interleaved runs per side after one warm-up, medians; {os.cpu_count()} cores, load average "
        f"{load_before} at the start, {load()} at the end. The small journal "
        f"holds the big one's {int(sliced):,} entries from {since} on (its latest {opts.small:,} and the rest of their "
        "first day), so `--since` reads the same sessions from both.",
        "",
        "| command | small wall | big wall | small CPU | big CPU | big / small (CPU) | small RSS | big RSS | "
        "target <= 1.2x |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for label in commands:
        s, b = ([statistics.median(t[i] for t in times[(label, side)]) for i in range(2)] for side in ("small", "big"))
        rss_s = max(t[2] for t in times[(label, "small")])
        rss_b = max(t[2] for t in times[(label, "big")])
        ratio = b[1] / s[1]
        lines.append(f"| `{label}` | {s[0]:.3f} s | {b[0]:.3f} s | {s[1]:.3f} s | {b[1]:.3f} s | {ratio:.2f} | "
                     f"{rss_s:.0f} MB | {rss_b:.0f} MB | {'met' if ratio <= 1.2 else 'not met'} |")  # fmt: skip
    report("views", lines, opts.write)


if __name__ == "__main__":
    main()
