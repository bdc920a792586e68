"""Speed at ten years of practice: whole `reflect` commands timed as a user runs them, on journals of 1k-100k entries.

Run from a checkout with reflect installed (the project's venv):

    .venv/bin/python bench/bench.py                       # 1,000 / 10,000 / 100,000 entries, jrnl side by side
    .venv/bin/python bench/bench.py --sizes 1000 --no-jrnl  # a quick look

Each command runs as a separate process (startup, imports, opening the journal and all), once untimed and then --runs
times: the wall time is the median of those runs, and the peak RSS is the largest resident set of those runs, read
from the kernel through os.wait4().
Journals are built with `reflect demo --entries N` (the demo generator, through the import path) in a work folder that
is deleted afterwards unless --keep. Commands another feature has not shipped yet (`patterns`, `supervision prep`) are
skipped and reported as such. The jrnl comparison installs jrnl into a throwaway venv inside the work folder (from
PyPI), writes the same entries in jrnl's plain-text format, and times `jrnl -n 10`, `jrnl -contains WORD` and adding
an entry. Results go to bench/RESULTS.md (replaced, except the section bench/stress keeps at its top) with the date
and the machine.

This is a script, not a test: timings depend on the machine and its load, so no test asserts them.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
REFLECT = Path(sys.executable).with_name("reflect")
SEARCH_WORD = "fear"  # in about 16% of demo entries: 16,000 matches at 100,000 entries, ranked
SLOW_LIMIT = 600.0  # seconds before a command counts as "did not finish" (jrnl adding to 100k entries)

TARGETS = {  # command label -> (median wall seconds, peak RSS MB) at 100,000 entries, from issue 5
    "--help": (0.25, None),
    "new --answers FILE": (0.30, 80),
    "list": (0.30, 80),
    "search WORD": (0.40, 80),
    "patterns": (1.5, 150),
    "supervision prep --since '90 days ago'": (1.0, 150),
    "import (all entries)": (60.0, 300),
}

ANSWERS = {
    "client": "C-7F3K",
    "session_at": "2026-03-10T15:00:00+00:00",
    "feelings": {"protective": 3, "worried": 2},
    "urges": [{"urge": "reassure", "enacted": True}],
    "observed": "Arrived early and asked twice whether I had received the message.",
    "interpretation": "A pull to soothe rather than to stay with the fear.",
}


@dataclass
class Timing:
    label: str
    size: int
    runs: list[float] = field(default_factory=list)
    rss_kb: list[int] = field(default_factory=list)
    skipped: str | None = None
    failed: str | None = None

    @property
    def median(self) -> float:
        return statistics.median(self.runs)

    @property
    def peak_mb(self) -> float:
        return max(self.rss_kb) / 1024


def run_once(argv: list[str], env: dict[str, str], timeout: float = SLOW_LIMIT) -> tuple[float, int, int, str]:
    """(wall seconds, peak RSS KiB, exit status, stderr tail) of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    deadline = start + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            proc.kill()
            os.wait4(proc.pid, 0)
            return timeout, 0, -9, "timed out"
        time.sleep(0.002)
    wall = time.perf_counter() - start
    stderr = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss, proc.returncode, stderr.strip().splitlines()[-1:][0] if stderr.strip() else ""


def measure(
    label: str,
    size: int,
    argv: list[str],
    env: dict[str, str],
    runs: int,
    timeout: float = SLOW_LIMIT,
    warm_up: bool = True,
) -> Timing:
    timing = Timing(label, size)
    if warm_up:  # one untimed run first: bytecode written, journal in the page cache, as for a user's second command
        run_once(argv, env, timeout)
    for _ in range(runs):
        wall, rss, code, tail = run_once(argv, env, timeout)
        if code != 0:
            timing.failed = f"exit {code}: {tail}" if code != -9 else f"did not finish in {timeout:.0f} s"
            if code == -9:
                timing.runs.append(timeout)
                timing.rss_kb.append(0)
            break
        timing.runs.append(wall)
        timing.rss_kb.append(rss)
    shown = f"{timing.median:.3f} s, {timing.peak_mb:.0f} MB" if timing.runs else timing.failed
    print(f"  {size:>7,}  {label:<42} {shown}", file=sys.stderr, flush=True)
    return timing


def has_command(words: list[str], env: dict[str, str]) -> bool:
    result = subprocess.run([str(REFLECT), *words, "--help"], env=env, capture_output=True)
    return result.returncode == 0


def reflect_env(home: Path) -> dict[str, str]:
    # Without PYTHONDONTWRITEBYTECODE: an installed reflect has its bytecode compiled (pip does it at install), but a
    # checkout run with that variable set recompiles its own modules in every process, ~50 ms that no user pays.
    env = {k: v for k, v in os.environ.items() if not k.startswith("REFLECT_") and k != "PYTHONDONTWRITEBYTECODE"}
    env.update(REFLECT_HOME=str(home), NO_COLOR="1", COLUMNS="100")
    return env


def build_journal(work: Path, size: int) -> tuple[Path, Timing]:
    home = work / f"journal-{size}"
    timing = measure("build: demo --entries N", size, [str(REFLECT), "demo", "--dir", str(home), "--entries",
                     str(size), "--quiet"], reflect_env(home), 1, warm_up=False)  # fmt: skip
    return home, timing


def bench_reflect(work: Path, size: int, runs: int, import_runs: int) -> list[Timing]:
    home, build = build_journal(work, size)
    env = reflect_env(home)
    answers = work / "answers.json"
    answers.write_text(json.dumps(ANSWERS))
    results = [build]
    results.append(measure("--help", size, [str(REFLECT), "--help"], env, runs))
    results.append(measure("list", size, [str(REFLECT), "list"], env, runs))
    results.append(measure("search WORD", size, [str(REFLECT), "search", SEARCH_WORD], env, runs))
    later_features = [
        ("patterns", ["patterns"]),
        ("supervision prep --since '90 days ago'", ["supervision", "prep", "--since", "90 days ago"]),
    ]
    for label, words in later_features:
        if has_command(words, env):
            results.append(measure(label, size, [str(REFLECT), *words], env, runs))
        else:
            results.append(Timing(label, size, skipped="not in this build yet"))
            print(f"  {size:>7,}  {label:<42} skipped: not in this build yet", file=sys.stderr)
    # Writes last, so the read commands above saw exactly N entries.
    # --same-session: every run saves the same answers, which reflect would otherwise refuse as a second entry for
    # the same client and session time; the work of saving is the same.
    new = [str(REFLECT), "new", "--answers", str(answers), "--same-session"]
    results.append(measure("new --answers FILE", size, new, env, runs))
    # Import: the whole journal exported to reflect/1 JSON, then imported into an empty journal.
    export = work / f"export-{size}.json"
    subprocess.run([str(REFLECT), "export", "-o", str(export)], env=env, check=True, capture_output=True)
    timing = Timing("import (all entries)", size)
    for i in range(import_runs):
        target = work / f"import-{size}-{i}"
        wall, rss, code, tail = run_once([str(REFLECT), "import", str(export)], reflect_env(target))
        if code:
            timing.failed = f"exit {code}: {tail}"
            break
        timing.runs.append(wall)
        timing.rss_kb.append(rss)
        shutil.rmtree(target)
    print(f"  {size:>7,}  {'import (all entries)':<42} {timing.median:.3f} s, {timing.peak_mb:.0f} MB", file=sys.stderr)
    results.append(timing)
    export.unlink()
    return results


# --- jrnl, side by side ---------------------------------------------------------------------------------------------


def install_jrnl(work: Path) -> Path | None:
    venv = work / "jrnl-venv"
    try:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "jrnl"], check=True, capture_output=True,
                       timeout=600)  # fmt: skip
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        print(f"jrnl could not be installed ({exc}); skipping the comparison.", file=sys.stderr)
        return None
    return venv / "bin" / "jrnl"


def write_jrnl_journal(reflect_home: Path, path: Path) -> None:
    """The same entries in jrnl's plain-text format: `[date] title` line, body, blank line; tags as @words."""
    conn = sqlite3.connect(reflect_home / "journal.db")
    rows = conn.execute(
        "SELECT e.session_at, e.client, e.observed, e.interpretation, e.experiment, e.flagged, "
        "(SELECT group_concat('@' || tag, ' ') FROM entry_tags t WHERE t.entry_id = e.id) "
        "FROM entries e ORDER BY e.session_at"
    )
    with path.open("w", encoding="utf-8") as fh:
        for session_at, client, observed, interpretation, experiment, flagged, tags in rows:
            when = datetime.fromisoformat(session_at).astimezone().strftime("%Y-%m-%d %H:%M")
            title = f"{client}: {observed or 'session'}".replace("\n", " ")
            body = "\n".join(x for x in (interpretation, experiment, tags) if x)
            fh.write(f"[{when}] {title}{' *' if flagged else ''}\n{body}\n\n")
    conn.close()


def jrnl_env(work: Path, journal: Path) -> tuple[dict[str, str], Path]:
    config_home = work / "jrnl-config"
    (config_home / "jrnl").mkdir(parents=True, exist_ok=True)
    config = config_home / "jrnl" / "jrnl.yaml"
    config.write_text(
        "colors: {body: none, date: none, tags: none, title: none}\n"
        "default_hour: 9\ndefault_minute: 0\neditor: ''\nencrypt: false\nhighlight: false\n"
        "indent_character: '|'\n"
        f"journals:\n  default:\n    journal: {journal}\n"
        "linewrap: 79\ntagsymbols: '@'\ntemplate: false\ntimeformat: '%Y-%m-%d %H:%M'\nversion: v4.2\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("REFLECT_")}
    env.update(XDG_CONFIG_HOME=str(config_home), XDG_DATA_HOME=str(work / "jrnl-data"), NO_COLOR="1")
    return env, config


def bench_jrnl(jrnl: Path, work: Path, size: int, runs: int) -> list[Timing]:
    journal = work / f"jrnl-{size}.txt"
    write_jrnl_journal(work / f"journal-{size}", journal)
    env, config = jrnl_env(work, journal)
    base = [str(jrnl), "--config-file", str(config)]
    slow_runs = 1 if size >= 10_000 else runs  # adding rewrites the whole file: minutes at 100k
    return [
        measure("jrnl -n 10", size, [*base, "-n", "10"], env, runs),
        measure("jrnl -contains WORD", size, [*base, "-contains", SEARCH_WORD], env, runs),
        measure("jrnl (add one entry)", size, [*base, "C-7F3K: arrived early. @bench"], env, slow_runs),
    ]


# --- report ---------------------------------------------------------------------------------------------------------


LOAD_AT_START = os.getloadavg()


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "date": datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "cpus (nproc)": str(os.cpu_count()),
        "cpu": cpu,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "os": f"{platform.system()} {platform.release()}",
        # The machine is shared: other work running at the same time slows every figure below.
        "load average (1/5/15 min), start -> end": " / ".join(f"{x:.2f}" for x in LOAD_AT_START)
        + " -> "
        + " / ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def cell(t: Timing | None) -> str:
    if t is None:
        return "–"
    if t.skipped:
        return f"skipped ({t.skipped})"
    if t.failed and not t.runs:
        return f"failed ({t.failed})"
    if t.failed:
        return f"> {t.median:.0f} s ({t.failed})"
    best = f" (best {min(t.runs):.3f})" if len(t.runs) > 1 else ""
    return f"{t.median:.3f} s{best} / {t.peak_mb:.0f} MB"


def verdict(t: Timing | None) -> str:
    if t is None or t.skipped or not t.runs or t.failed:
        return "–"
    target = TARGETS.get(t.label)
    if target is None:
        return ""
    wall, mb = target
    ok = t.median <= wall and (mb is None or t.peak_mb <= mb)
    limit = f"<= {wall} s" + (f", <= {mb} MB" if mb else "")
    return f"{'met' if ok else 'MISSED'} ({limit})"


def report(results: list[Timing], sizes: list[int], runs: int, notes: list[str]) -> str:
    by = {(t.label, t.size): t for t in results}
    labels = list(dict.fromkeys(t.label for t in results))
    biggest = max(sizes)
    lines = ["# Benchmark results", "", "Written by `bench/bench.py`; see that file for the method.", ""]
    lines += [f"- {k}: {v}" for k, v in machine().items()]
    lines += [
        f"- runs per command: {runs}: median wall time, the fastest run in brackets (the least disturbed by other "
        "work on the machine); peak RSS is the largest of the runs. Targets are judged on the median.",
        "",
    ]
    head = "| command | " + " | ".join(f"{s:,} entries" for s in sizes) + f" | target at {biggest:,} |"
    lines += [head, "|" + " --- |" * (len(sizes) + 2)]
    for label in labels:
        row = [cell(by.get((label, s))) for s in sizes]
        lines.append(f"| `{label}` | " + " | ".join(row) + f" | {verdict(by.get((label, biggest)))} |")
    small, large = by.get(("list", min(sizes))), by.get(("list", biggest))
    if small and large and small.runs and large.runs and len(sizes) > 1:
        ratio = large.median / small.median
        lines += ["", f"`list` at {biggest:,} entries takes {ratio:.2f}x its time at {min(sizes):,} "
                  f"(target: within 1.5x): {'met' if ratio <= 1.5 else 'MISSED'}."]  # fmt: skip
    if notes:
        lines += [""] + [f"- {n}" for n in notes]
    return "\n".join(lines) + "\n"


def keep_stress_section(path: Path, text: str) -> str:
    """`text` after the sections other scripts keep at the top of the results file (bench/stress's, and
    bench/side_by_side.py's, and the floors, start-up and views sections of bench/*_ratios.py), each between its
    markers, if any."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    kept = []
    for name in ("stress", "side-by-side", "floors", "startup-floor", "views"):
        start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
        if start in old and end in old:
            kept.append(old[old.index(start) : old.index(end) + len(end)])
    if not kept:
        return text
    title, _, rest = text.partition("\n\n")
    return f"{title}\n\n" + "\n\n".join(kept) + f"\n\n{rest}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="comma-separated journal sizes")
    parser.add_argument("--runs", type=int, default=7, help="runs per command (median)")
    parser.add_argument("--import-runs", type=int, default=1, help="runs of the whole-journal import")
    parser.add_argument("--no-jrnl", action="store_true", help="skip the jrnl comparison")
    parser.add_argument("--work", type=Path, help="work folder (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md", help="where to write the results")
    args = parser.parse_args()
    if not REFLECT.exists():
        sys.exit(f"reflect is not installed beside {sys.executable}; run this with the project's venv Python.")
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",")]
    work = args.work or Path(tempfile.mkdtemp(prefix="reflect-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    results: list[Timing] = []
    notes = [f"`search WORD` looks for {SEARCH_WORD!r}, which is in about 16% of demo entries."]
    try:
        jrnl = None if args.no_jrnl else install_jrnl(work)
        for size in sizes:
            results += bench_reflect(work, size, args.runs, args.import_runs)
            if jrnl is not None:
                results += bench_jrnl(jrnl, work, size, args.runs)
        if jrnl is not None:
            version = subprocess.run([str(jrnl), "--version"], capture_output=True, text=True).stdout.strip()
            notes.append(
                f"jrnl: {version.splitlines()[0] if version else 'installed from PyPI'}, same entries "
                "converted to its plain-text format (client code and observation as the title)."
            )
            notes.append("jrnl adding an entry ran once at 10,000 entries and above (it rewrites the whole file).")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    args.out.write_text(keep_stress_section(args.out, report(results, sizes, args.runs, notes)), encoding="utf-8")
    print(f"Results written to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
