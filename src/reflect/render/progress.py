"""A progress bar for long work: on stderr, only on a terminal, only once the work has taken about a second.

    with progress("Importing", total=size, unit="bytes") as advance:
        ...
        advance(done)          # how far, in the units of total (absolute, not a step)
        advance(done, total)   # when the work learns its total on the way (pages of a backup)

`advance` is cheap enough to call for every entry: until a second has passed, or when stderr is not a terminal, or
with `reflect --quiet` (REFLECT_QUIET), it only compares two numbers, and rich is never imported. Unit "steps" is for
work that reports that it moves but not how far it has to go (one long SQLite statement): a bar without an end. The
bar is removed when the work ends, so what stays on the terminal is the command's own one-line message.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

DELAY = 1.0  # seconds before a bar appears: shorter work finishes before a bar would help
Advance = Callable[..., None]  # (done) or (done, total)


def wanted() -> bool:
    """A bar helps someone watching a terminal; never a pipe, a file, or `--quiet`."""
    return not os.environ.get("REFLECT_QUIET") and sys.stderr.isatty()


@contextmanager
def progress(description: str, total: int | None = None, *, unit: str = "entries") -> Iterator[Advance]:
    if not wanted():
        yield lambda done, new_total=None: None
        return
    start = time.monotonic()
    bar: dict[str, Any] = {}

    def advance(done: int, new_total: int | None = None) -> None:
        if "progress" not in bar:
            if time.monotonic() - start < DELAY:
                return
            bar["progress"], bar["task"] = _start(description, new_total or total, unit)
        bar["progress"].update(bar["task"], completed=done, **({"total": new_total} if new_total else {}))

    try:
        yield advance
    finally:
        if "progress" in bar:
            bar["progress"].stop()


def _start(description: str, total: int | None, unit: str) -> tuple[Any, Any]:
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

    from reflect.render.console import err

    columns: list[Any] = [TextColumn("{task.description}"), BarColumn()]
    if unit != "steps":  # steps: work that says it moves, not how far it has to go (no count worth showing)
        columns.append(TaskProgressColumn())
    if unit == "entries":
        columns.append(TextColumn("{task.completed:,} entries"))
    columns.append(TimeElapsedColumn())
    bar = Progress(*columns, console=err(), transient=True)
    bar.start()
    return bar, bar.add_task(description, total=total)


def counted(items: Iterator[Any], advance: Advance, position: Callable[[], int] | None = None) -> Iterator[Any]:
    """`items` as they come, reporting every few dozen how far the work is: `position()` when given (bytes read of a
    file), else the number of items so far."""
    for count, item in enumerate(items, 1):
        yield item
        if not count % 64:
            advance(position() if position else count)
