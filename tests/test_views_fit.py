"""Views that fit the terminal: at 60, 80, 100 and 120 columns nothing a reader needs is cut (tables wrap or stack),
wrapped lines keep their hanging indent, and labels stand where slugs would. Golden views at 60 and 100 columns."""

from __future__ import annotations

import io
import os
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from rich.console import Console

from reflect.analysis.casework import load_case
from reflect.domain import vocab
from reflect.domain.stance import stance_prompts
from reflect.render.casework import case_view
from reflect.render.entries import entry_view

GOLDEN = Path(__file__).parent / "golden" / "views"
NOW = datetime(2026, 3, 12, 12, 0, tzinfo=UTC)
WIDTHS = (60, 80, 100, 120)
PERIOD = ("--since", "2025-12-01", "--until", "2026-03-11")


pytestmark = pytest.mark.usefixtures("local_utc")


@pytest.fixture(autouse=True)
def fresh_console():
    """The output console reads COLUMNS once per process: these tests set their own width, then leave none behind."""
    from reflect.render import console

    console.out.cache_clear()
    yield
    console.out.cache_clear()


def printed(renderable, width: int) -> str:
    console = Console(width=width, file=io.StringIO(), no_color=True, highlight=False, markup=False, emoji=False)
    console.print(renderable)
    return "\n".join(line.rstrip() for line in console.file.getvalue().splitlines()) + "\n"


def at_width(cli, width: int, *args: str) -> str:
    """The command's standard output on a terminal `width` columns wide."""
    from reflect.render import console

    console.out.cache_clear()  # one console per process: it reads COLUMNS once, when it is made
    return cli(*args, env={"COLUMNS": str(width)}).stdout


def views(cli, journal, width: int) -> dict[str, str]:
    """Every view worth a golden file, at one width: the CLI's own output where it does not depend on today."""
    entries = list(journal.iter_entries())
    latest = max(entries, key=lambda e: e.session_at)
    rupture = next(e for e in sorted(entries, key=lambda e: e.session_at) if e.ruptures)
    return {
        "list": at_width(cli, width, "list", "--limit", "6"),
        "patterns": at_width(cli, width, "patterns", *PERIOD),
        "client-show": printed(
            case_view(load_case(journal, "C-9JD2", prompts=stance_prompts(None)), now=NOW, width=width), width
        ),  # fmt: skip
        "show": printed(entry_view(latest), width),
        "show-rupture": printed(entry_view(rupture), width),
    }


def slug_like(text: str) -> list[str]:
    """Slugs of the vocabularies a reader meets most (pulls, markers, urges, triggers) that appear as words."""
    found = []
    for kind in ("pull", "marker", "urge", "trigger", "management"):
        for slug in vocab.slugs(kind):
            if "-" in slug and re.search(rf"(?<![\w/-]){re.escape(slug)}(?![\w/-])", text):
                found.append(slug)
    return found


@pytest.mark.parametrize("width", WIDTHS)
def test_nothing_is_cut_no_line_overflows_and_no_slug_shows(cli, demo_journal, width):
    for name, text in views(cli, demo_journal, width).items():
        assert "…" not in text, (name, text)
        too_long = [line for line in text.splitlines() if len(line) > width]
        assert not too_long, (name, too_long)
        assert slug_like(text) == [], (name, slug_like(text))


def test_supervision_questions_stack_below_80_columns_and_keep_every_word(cli, demo_journal):
    for width in WIDTHS:
        text = at_width(cli, width, "supervision", "questions", "--status", "all")
        assert "…" not in text and max(len(line) for line in text.splitlines()) <= width
        questions = [q["question"] for q in demo_journal.supervision_questions(status=None)]
        flat = " ".join(text.split())
        assert all(" ".join(q.split()) in flat for q in questions), width
    narrow = at_width(cli, 60, "supervision", "questions").splitlines()
    assert not narrow[0].startswith("id ")  # a record per question, not a squeezed table
    assert narrow[1].startswith("    ")  # the question under its facts, indented


@pytest.mark.parametrize("width", (60, 100))
def test_golden_views(cli, demo_journal, width):
    for name, text in views(cli, demo_journal, width).items():
        golden = GOLDEN / f"{name}-{width}.txt"
        if os.environ.get("REFLECT_UPDATE_GOLDEN"):
            golden.parent.mkdir(parents=True, exist_ok=True)
            golden.write_text(text, encoding="utf-8")
        assert text == golden.read_text(encoding="utf-8"), name


def test_wrapped_bullets_and_labels_keep_a_hanging_indent(demo_journal):
    text = printed(case_view(load_case(demo_journal, "C-7F3K", prompts=stance_prompts(None)), now=NOW, width=60), 60)
    lines = text.splitlines()
    bullet = next(i for i, line in enumerate(lines) if line.startswith("  · "))
    assert lines[bullet + 1].startswith("    ") and not lines[bullet + 1].startswith("     ")
    stance = next(i for i, line in enumerate(lines) if line.startswith("Stance  "))
    assert lines[stance + 1].startswith(" " * len("Stance  ")) and lines[stance + 1].strip()
