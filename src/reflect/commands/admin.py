"""info and demo: facts about the journal, and a fictional journal to explore."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from reflect.commands.common import JsonOpt, open_journal

DEMO_MARKER = ".reflect-demo"


def info(as_json: JsonOpt = False) -> None:
    """Where the journal lives, its schema version and what it holds."""
    from reflect import __version__
    from reflect.config import paths
    from reflect.render.console import out, print_json

    p = paths()
    data: dict = {"reflect_version": __version__, "home": str(p.home), "journal": str(p.journal)}
    if p.journal.exists():
        from reflect.flows.doctor import latest_backup

        with open_journal(create=False) as journal:
            data["schema"] = journal.schema_version()
            data["encrypted"] = journal.encrypted
            data.update(journal.counts())
        data["size_bytes"] = p.journal.stat().st_size
        backup = latest_backup(p)
        data["latest_backup"] = str(backup) if backup else None
    else:
        data["schema"] = None
    if as_json:
        print_json(data)
        return
    width = max(len(k) for k in data)
    missing = {"schema": "(no journal yet)", "latest_backup": "none yet (`reflect backup`)"}
    for key, value in data.items():
        shown = (
            missing.get(key, "-") if value is None else ("yes" if value is True else "no" if value is False else value)
        )
        out().print(f"{key.replace('_', ' '):<{width}}  {shown}", highlight=False, markup=False)


def demo(
    folder: Annotated[
        Path | None,
        typer.Option(
            "--dir", help="Where to write the demo journal (default: a 'reflect-demo' data folder).", show_default=False
        ),
    ] = None,
    entries: Annotated[int, typer.Option("--entries", "-n", min=1, max=1_000_000, help="How many entries.")] = 52,
    seed: Annotated[int, typer.Option("--seed", help="Same seed, same journal.")] = 7,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only write the journal; show nothing.")] = False,
) -> None:
    """Write a fictional demo journal into a folder of its own (never your journal) and show what it holds."""
    import os

    from reflect.config import Paths
    from reflect.errors import ReflectError
    from reflect.flows.demo import demo_profile, generate
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
        counts = journal.import_entries(generate(entries, seed=seed))
        journal.add_profile(demo_profile())
    if quiet:
        message(f"Demo journal with {counts.added} fictional entries written to {folder}.")
        return

    os.environ["REFLECT_HOME"] = str(folder)  # the tour below reads the demo, never the user's journal
    _tour(demo_paths, counts.added)


TOUR_ENTRIES = 4  # the tour fits one screen (at most 60 lines at 80 columns): a taste of each view, then where to go
TOUR_FINDINGS = 2


def _tour(demo_paths, added: int) -> None:
    """A short look at the demo: its clients, the latest entries, what recurs, and the commands to try next."""
    from reflect.analysis.stats import Thresholds
    from reflect.commands.entries import clients, list_entries
    from reflect.commands.patterns import build_report
    from reflect.domain.entry_filter import EntryFilter
    from reflect.render.console import message, out
    from reflect.render.tour import findings_teaser, next_steps, point_at
    from reflect.store.journal import Journal

    folder = demo_paths.home
    message(f"A fictional journal of {added} entries for 4 clients over about three months, in {folder}.")
    message("Every client and session in it is invented.")
    out().rule("Clients")
    clients()
    out().rule("Latest entries")
    list_entries(limit=TOUR_ENTRIES)
    with Journal.open(demo_paths) as journal:
        latest = journal.entry_ids(EntryFilter(limit=1))
        report = build_report(journal, EntryFilter(), Thresholds())
    out().rule("What recurs")
    out().print(findings_teaser(report.findings, TOUR_FINDINGS))
    out().rule("Try next")
    out().print(point_at(folder), soft_wrap=True)
    out().print(next_steps(latest[0][:8] if latest else None))
