"""`reflect demo`: a fictional journal written into a folder of its own, and a short tour of it through the same
renderers the everyday views use (clients, the latest entries, what recurs), ending with the commands to try next.
It reads the demo journal, never the user's."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reflect.store.journal import Journal

DEMO_MARKER = ".reflect-demo"  # a folder holding this file holds a demo journal, which `reflect demo` may replace
TOUR_ENTRIES = 4  # the tour fits one screen (at most 60 lines at 80 columns): a taste of each view, then where to go
TOUR_FINDINGS = 2


def write_demo(folder: Path | None, *, entries: int, seed: int, quiet: bool) -> None:
    """Write a fictional journal of `entries` entries into `folder` (default: a data folder of its own, never the
    user's journal), replacing an earlier demo there, then tour it unless `quiet`."""
    from reflect.config import Paths
    from reflect.errors import ReflectError
    from reflect.flows.demo import demo_profile, generate
    from reflect.flows.pattern_report import event_groups
    from reflect.render.console import message
    from reflect.store.journal import Journal

    if folder is None:
        from platformdirs import user_data_path

        folder = user_data_path("reflect-demo", appauthor=False)
    folder = folder.expanduser().resolve()
    demo_paths = Paths(folder)
    marker = folder / DEMO_MARKER
    if demo_paths.journal.exists() and not marker.exists():
        raise ReflectError(f"{folder} holds a journal that is not a demo; choose another --dir.")
    if (folder / "journal.db").exists():
        for suffix in ("", "-wal", "-shm"):
            Path(str(demo_paths.journal) + suffix).unlink(missing_ok=True)
    with Journal.open(demo_paths) as journal:
        marker.write_text("This folder holds a fictional reflect demo journal; it is safe to delete.\n")
        counts = journal.import_entries(generate(entries, seed=seed), event_groups=event_groups())
        journal.add_profile(demo_profile())
    if quiet:
        message(f"Demo journal with {counts.added} fictional entries written to {folder}.")
        return

    message(f"A fictional journal of {counts.added} entries for 4 clients over about three months, in {folder}.")
    message("Every client and session in it is invented.")
    with Journal.open(demo_paths) as journal:
        tour(journal, folder)


def tour(journal: Journal, folder: Path) -> None:
    """Print the short tour of the demo journal open in `journal` (at most 60 lines at 80 columns): a taste of each
    view, then the commands to try next."""
    from reflect.analysis.stats import Thresholds
    from reflect.domain.entry_filter import EntryFilter
    from reflect.flows.pattern_report import build_report
    from reflect.render.console import out
    from reflect.render.entries import clients_table
    from reflect.render.entry_list import entry_list_lines, more_entries
    from reflect.render.plain import write_lines
    from reflect.render.tour import findings_teaser, next_steps, point_at

    out().rule("Clients")
    out().print(clients_table(journal.clients_summary()))
    out().rule("Latest entries")
    rows = journal.list_entries(EntryFilter(limit=TOUR_ENTRIES))
    write_lines(entry_list_lines(rows, out().width))
    more_entries(len(rows), journal.count_entries())
    latest = journal.entry_ids(EntryFilter(limit=1))
    report = build_report(journal, EntryFilter(), Thresholds())
    out().rule("What recurs")
    out().print(findings_teaser(report.findings, TOUR_FINDINGS))
    out().rule("Try next")
    out().print(point_at(folder), soft_wrap=True)
    out().print(next_steps(latest[0][:8] if latest else None))
