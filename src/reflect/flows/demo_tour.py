"""The demo's tour: after `reflect demo` writes a fictional journal, show what it holds the way the everyday views
show a journal (clients, the latest entries, one entry, one client, the patterns) and write a supervision
preparation beside it. It reads the demo journal it is given, never the user's."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reflect.config import Paths
    from reflect.store.journal import Journal

TOUR_CLIENT = "C-9JD2"  # the demo client whose sessions show the most: a rupture, experiments, open questions
LATEST = 8  # entries in the "Latest entries" table
PREP_SINCE = "90 days ago"  # the whole demo journal: it spans about three months


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
