"""The supervision preparation document: valid CommonMark/GFM, YAML front matter, a pinned shape, redaction."""

from __future__ import annotations

import os
import re
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt

from planted_journal import AVOIDANT, BREAK, RUPTURES, entries
from reflect.domain.models import Followup, SupervisionQuestion

GOLDEN = Path(__file__).parent / "golden" / "prep.md"
PERIOD = ("--since", "2026-01-01", "--until", "2026-03-11")


@pytest.fixture
def prepared(journal):
    """The planted journal, plus experiments, follow-ups, a private note and open questions on a few entries."""
    items = entries(1)
    extra = {}
    for e in items:
        if e.client == BREAK and e.session_number in (27, 28):
            extra[e.id] = replace(e, experiment="Name the break two sessions ahead, and stay with it.")
        if e.client == BREAK and e.session_number == 29:
            extra[e.id] = replace(e, experiment_followup=Followup("partly"))
        if e.client == AVOIDANT and e.session_number == 20:
            extra[e.id] = replace(
                e,
                created_at=e.session_at,
                resonance="Reminds me of long car journeys as a child.",
                supervision=(
                    SupervisionQuestion(
                        "Is my sleepiness information? Call me on 07700 900123",
                        eye=4,
                        want="counsel",
                        id="0f4c2d2e-1111-4a4a-9b9b-222222222222",
                    ),
                ),
            )
        if e.client == RUPTURES and e.session_number == 19:
            extra[e.id] = replace(
                e,
                created_at=e.session_at,
                supervision=(
                    SupervisionQuestion(
                        "How do I hold the frame when it is attacked?",
                        eye=3,
                        want="consult",
                        id="0f4c2d2e-3333-4a4a-9b9b-444444444444",
                    ),
                ),
            )
    journal.import_entries(extra.get(e.id, e) for e in items)
    return journal


def split_front_matter(text: str) -> tuple[dict, str]:
    assert text.startswith("---\n")
    head, body = text[4:].split("\n---\n", 1)
    return yaml.safe_load(head), body


def normalise(text: str) -> str:
    text = re.sub(r"open \d+ days?", "open N days", text)
    return re.sub(r"reflect \d+\.\d+\.\d+", "reflect VERSION", text)


def test_document_parses_and_has_front_matter(prepared, cli):
    result = cli("supervision", "prep", *PERIOD)
    assert result.exit_code == 0, result.stderr
    front, body = split_front_matter(result.stdout)
    assert front["title"] == "Supervision preparation"
    assert (front["period_start"], front["period_end"]) == ("2026-01-01", "2026-03-11")
    assert front["redaction"] == "standard" and front["private_fields"] == "left out"
    assert front["open_questions"] == 2 and front["clients"] == 4
    tokens = MarkdownIt("commonmark").enable("table").parse(body)
    kinds = {t.type for t in tokens}
    assert {"heading_open", "bullet_list_open", "ordered_list_open", "table_open", "fence"} <= kinds
    fences = [t for t in tokens if t.type == "fence"]
    assert fences[0].info == "mermaid" and fences[0].content.startswith("xychart-beta\n")
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    # Open questions first, then each client, then the overview.
    assert headings.index("Open questions") < headings.index("Clients") < headings.index("Overview of the period")
    assert headings[headings.index("Open questions") + 1] == "Eye 3: the relationship between us (transference)"
    assert body.rstrip().endswith("*Prompts for reflection, not clinical conclusions; not the clinical record.*")


@pytest.fixture
def utc(monkeypatch):
    """The document shows local days: pin the local time zone."""
    import time

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_golden_shape(prepared, cli, utc):
    result = cli("supervision", "prep", *PERIOD)
    text = normalise(result.stdout)
    if os.environ.get("REFLECT_UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(text)
    assert text == GOLDEN.read_text()


def test_standard_redaction_masks_identifiers_and_leaves_private_out(prepared, cli):
    text = cli("supervision", "prep", *PERIOD).stdout
    assert "07700 900123" not in text and r"\[PHONE\]" in text  # masked, then escaped as Markdown
    assert "car journeys" not in text
    private = cli("supervision", "prep", *PERIOD, "--include-private").stdout
    assert "Reminds me of long car journeys as a child." in private
    assert 'private_fields: "included"' in private


def test_strict_has_no_free_text_dates_or_codes(prepared, cli):
    text = cli("supervision", "prep", *PERIOD, "--strict", "--include-private").stdout
    for secret in ("sleepiness", "car journeys", "Name the break", BREAK, AVOIDANT, RUPTURES, "2026-03-11", "2026-01"):
        assert secret not in text
    front, _ = split_front_matter(text)
    assert front["period_start"] == "2026-W01" and front["redaction"] == "strict"
    assert "**Client A**" in text


def test_since_last_meeting(prepared, cli, utc):
    assert cli("supervision", "log", "--minutes", "60", "--date", "2026-03-01").exit_code == 0
    result = cli("supervision", "prep", "--until", "2026-03-11")
    front, body = split_front_matter(result.stdout)
    assert front["period_start"] == "2026-03-01" and front["period"] == "since the supervision on 2026-03-01"
    assert front["sessions"] == 8  # the four clients' sessions from 1 March on


def test_output_file_is_private_and_atomic(prepared, cli, tmp_path):
    target = tmp_path / "prep.md"
    result = cli("supervision", "prep", *PERIOD, "-o", str(target))
    assert result.exit_code == 0
    assert os.stat(target).st_mode & 0o777 == 0o600
    assert target.read_text().startswith("---\ntitle:")
    assert "keep it as private as the journal" in result.stderr
    missing = cli("supervision", "prep", *PERIOD, "-o", str(tmp_path / "nope" / "prep.md"))
    assert missing.exit_code == 1 and missing.stderr.startswith("Error: the folder")


def test_future_period_is_a_usage_error(prepared, cli):
    result = cli("supervision", "prep", "--since", "2999-01-01")
    assert (result.exit_code, result.stderr) == (2, "Error: --since is in the future.\n")
    result = cli("supervision", "prep", "--since", "2026-03-01", "--until", "2026-02-01")
    assert (result.exit_code, result.stderr) == (2, "Error: --since is after --until.\n")


def test_contradicting_options(prepared, cli):
    result = cli("supervision", "prep", "--strict", "--no-redact")
    assert result.exit_code == 2
    assert result.stderr == "Error: --strict and --no-redact contradict each other; choose one.\n"


def test_question_ages_count_to_the_period_end(prepared, cli, utc):
    """A prep for a past period reads as it would have on its last day: ages are not counted to the day it is run."""
    body = split_front_matter(cli("supervision", "prep", *PERIOD).stdout)[1]
    assert "**C-RUP3** (session 19, asked 2026-02-02, open 37 days, help wanted: consult)" in body
    assert "**C-AVD2** (session 20, asked 2026-02-10, open 29 days, help wanted: counsel)" in body
    assert "Days open are counted to the period's end." in body
    # The waiting-questions finding of `patterns` measures against the same day: both are over 21 days old on 11 March.
    found = cli("patterns", *PERIOD).stdout
    assert "2 supervision questions have been open for more than 21 days (of 2 open); the oldest (37 days)" in " ".join(
        found.split()
    )
    # On 20 February they had been open 18 and 10 days: neither was waiting yet.
    early = split_front_matter(cli("supervision", "prep", "--since", "2026-01-01", "--until", "2026-02-20").stdout)[1]
    assert "**C-RUP3** (session 19, asked 2026-02-02, open 18 days, help wanted: consult)" in early
    assert "**C-AVD2** (session 20, asked 2026-02-10, open 10 days, help wanted: counsel)" in early
    assert "open for more than" not in cli("patterns", "--since", "2026-01-01", "--until", "2026-02-20").stdout


def test_question_ages_of_a_period_running_to_today_count_to_today(prepared, cli, utc):
    from datetime import date

    body = split_front_matter(cli("supervision", "prep", "--since", "2026-01-01").stdout)[1]
    days = (date.today() - date(2026, 2, 2)).days
    assert f"**C-RUP3** (session 19, asked 2026-02-02, open {days} days, help wanted: consult)" in body
    assert "counted to the period's end" not in body
