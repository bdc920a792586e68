"""`reflect demo`: a fictional journal written into a folder of its own, and the tour of it, which shows what it holds
the way the everyday views show a journal (clients, the latest entries, one entry, one client, the patterns) and
writes a supervision preparation beside it. It reads the demo journal, never the user's."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reflect.config import Paths
    from reflect.store.journal import Journal

DEMO_MARKER = ".reflect-demo"  # a folder holding this file holds a demo journal, which `reflect demo` may replace
TOUR_CLIENT = "C-9JD2"  # the demo client whose sessions show the most: a rupture, experiments, open questions
LATEST = 8  # entries in the "Latest entries" table
PREP_SINCE = "90 days ago"  # the whole demo journal: it spans about three months


def write_demo(folder: Path | None, *, entries: int, seed: int, quiet: bool) -> None:
    """Write a fictional journal of `entries` entries into `folder` (default: a data folder of its own, never the
    user's journal), replacing an earlier demo there, then tour it unless `quiet`."""
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

    message(f"A fictional journal of {counts.added} entries for 4 clients over about three months, in {folder}.")
    message("Every client and session in it is invented.\n")
    with Journal.open(demo_paths) as journal:
        tour(demo_paths, journal, folder)
    message(
        f"\nExplore it yourself:  reflect --home {folder} list   (or show, clients, client show C-7F3K, "
        "profile show, patterns, supervision prep, export ...)",
        style="bold",
    )
    message("Your own journal starts with:  reflect new")


def tour(demo_paths: Paths, journal: Journal, folder: Path) -> None:
    """Print the tour of the demo journal open in `journal` and write its supervision preparation into `folder`."""
    from reflect.render.console import out

    out().rule("Clients")
    _clients(journal)
    out().rule("Latest entries")
    _latest_entries(journal)
    _one_entry(demo_paths, journal)
    out().rule("One client, and what it evokes in you")
    _one_client(demo_paths, journal)
    out().rule("Patterns")
    _patterns(journal)
    _prep(journal, folder / "supervision-prep.md")


def _clients(journal: Journal) -> None:
    from reflect.render.console import out
    from reflect.render.entries import clients_table

    out().print(clients_table(journal.clients_summary()))


def _latest_entries(journal: Journal) -> None:
    from reflect.domain.entry_filter import EntryFilter
    from reflect.render.console import out
    from reflect.render.entries import entries_table, more_entries

    rows = journal.list_entries(EntryFilter(limit=LATEST))
    out().print(entries_table(rows, width=out().width))
    more_entries(len(rows), journal.count_entries())


def _one_entry(demo_paths: Paths, journal: Journal) -> None:
    from reflect.domain.entry_filter import EntryFilter
    from reflect.privacy.private_answers import AnswerPrivacy
    from reflect.render.console import out
    from reflect.render.entries import entry_view

    latest = journal.entry_ids(EntryFilter(limit=1))
    if not latest:
        return
    out().rule("One entry")
    entry = journal.get_entry(latest[0])
    asked = AnswerPrivacy(demo_paths.user_prompts).asked(entry.pack) if entry.answers else {}
    out().print(entry_view(entry, asked=asked))


def _one_client(demo_paths: Paths, journal: Journal) -> None:
    from reflect.analysis.casework import load_case
    from reflect.domain.dates import now_utc
    from reflect.domain.stance import stance_prompts
    from reflect.render.casework import case_view
    from reflect.render.console import out

    prompts = stance_prompts(demo_paths.user_prompts)
    view = load_case(journal, TOUR_CLIENT, prompts=prompts, profile=journal.latest_profile())
    out().print(case_view(view, now=now_utc(), all_sessions=False, width=out().width))


def _patterns(journal: Journal) -> None:
    from reflect.analysis.stats import Thresholds
    from reflect.domain.entry_filter import EntryFilter
    from reflect.flows.pattern_report import build_report
    from reflect.render.console import out
    from reflect.render.patterns import patterns_view

    out().print(patterns_view(build_report(journal, EntryFilter(), Thresholds())))


def _prep(journal: Journal, output: Path) -> None:
    from reflect.domain.dates import parse_day
    from reflect.flows.prep_document import prep_document
    from reflect.io.transfer import atomic_output
    from reflect.privacy.redact import Redactor
    from reflect.render.supervision import prep_written

    redactor = Redactor.from_options(strict=False, no_redact=False, include_private=False)
    text, data = prep_document(journal, parse_day(PREP_SINCE), None, redactor, html=False, include_practice=False)
    with atomic_output(output) as fh:
        fh.write(text)
    prep_written(output, data, redactor)
