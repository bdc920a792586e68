"""What the side-by-side bench scripts share: timing a whole process, and writing a section of bench/RESULTS.md."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def timed(args: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system, from the kernel through wait4) and peak RSS (MB) of one whole
    process. On a shared machine the CPU time is the steadier figure: waiting for a core adds to wall time only."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"{' '.join(args[-4:])} failed: {err.decode(errors='replace')[-500:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def load() -> str:
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


def write_section(name: str, table: str) -> None:
    """Put `table` into bench/RESULTS.md between `<!-- name:start -->` and `<!-- name:end -->`, replacing what was
    there; a new section goes after the start-up side-by-side one."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    text = RESULTS.read_text(encoding="utf-8")
    block = f"{start}\n{table}\n{end}"
    if start in text:
        head, rest = text.split(start, 1)
        text = head + block + rest.split(end, 1)[1]
    else:
        marker = "<!-- side-by-side:end -->"
        text = text.replace(marker, f"{marker}\n\n{block}", 1)
    RESULTS.write_text(text, encoding="utf-8")


def command_env() -> dict[str, str]:
    """The environment the timed commands run in: no colour, and bytecode written as an installed reflect has it (a
    checkout with PYTHONDONTWRITEBYTECODE would recompile its modules in every process, ~50 ms no user pays)."""
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def report(section: str, lines: list[str], write: bool) -> None:
    """Print the result, and with --write put it into bench/RESULTS.md as `section`."""
    table = "\n".join(lines)
    print(table)
    if write:
        write_section(section, table)
