"""Session dates typed in words: a future date gets its own message, and a wall-clock time that does not exist (the
clocks went forward) or happened twice (they went back) is stored with a note naming the time stored."""

from __future__ import annotations

import time
from datetime import datetime

import pytest

from reflect.domain import dates
from reflect.domain.dates import parse_when


@pytest.fixture
def london(monkeypatch):
    monkeypatch.setenv("TZ", "Europe/London")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


NOW = datetime(2026, 11, 5, 12, 0)


@pytest.mark.parametrize("text", ["tomorrow 9am", "tomorrow", "next tuesday", "in 3 days", "in two weeks 10:00"])
def test_future_phrases_say_sessions_cannot_be_in_the_future(text):
    now = datetime(2026, 3, 11, 12, 0).astimezone()
    with pytest.raises(ValueError, match="^sessions cannot be in the future$"):
        parse_when(text, now=now)


def test_a_future_date_in_an_answers_file_gets_its_own_message(cli, tmp_path):
    answers = tmp_path / "a.json"
    answers.write_text('{"client": "C-1", "session_at": "tomorrow 9am", "observed": "x"}')
    result = cli("new", "--answers", str(answers))
    assert result.exit_code == 1
    assert result.stderr == "Error: field 'session_at' is a future date: sessions cannot be in the future.\n"


@pytest.mark.parametrize(
    ("typed", "stored", "note"),
    [
        ("2026-03-29 01:30", "2026-03-29T02:30:00+01:00",  # spring forward: 01:00 -> 02:00
         "01:30 on 2026-03-29 did not happen on this computer's clock (the clocks went forward); stored as 02:30 "
         "(+01:00)."),
        ("25 october 2026 1:30am", "2026-10-25T01:30:00+01:00",  # fall back: 02:00 -> 01:00, the first 01:30 kept
         "01:30 on 2026-10-25 happened twice (the clocks went back); stored as the first, 01:30 (+01:00); type "
         "2026-10-25T01:30+00:00 for the second."),
    ],
)  # fmt: skip
def test_a_time_the_clocks_skipped_or_showed_twice_is_stored_with_a_note(london, typed, stored, note):
    notes: list[str] = []
    assert parse_when(typed, now=NOW.astimezone(), notes=notes).isoformat() == stored
    assert notes == [note]


def test_an_ordinary_time_has_the_offset_of_its_own_day_and_no_note(london):
    now = NOW.astimezone()  # November: +00:00
    notes: list[str] = []
    assert parse_when("2026-07-01 10:00", now=now, notes=notes).isoformat() == "2026-07-01T10:00:00+01:00"
    assert parse_when("yesterday 10:00", now=now, notes=notes).isoformat() == "2026-11-04T10:00:00+00:00"
    assert notes == []


def test_the_date_option_prints_the_note(cli, tmp_path, london, monkeypatch):
    answers = tmp_path / "a.json"
    answers.write_text('{"client": "C-1", "observed": "x"}')
    result = cli("new", "--answers", str(answers), "--date", "2026-03-29 01:30")
    assert result.exit_code == 0, result.stderr
    assert "01:30 on 2026-03-29 did not happen on this computer's clock (the clocks went forward); " in result.stderr
    assert dates  # the module under test


def test_an_answers_file_time_in_words_gets_the_note(cli, tmp_path, london):
    answers = tmp_path / "a.json"
    answers.write_text('{"client": "C-1", "observed": "x", "session_at": "25 october 2026 1:30am"}')
    result = cli("new", "--answers", str(answers))
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[0] == (
        "Note: 01:30 on 2026-10-25 happened twice (the clocks went back); stored as the first, 01:30 (+01:00); type "
        "2026-10-25T01:30+00:00 for the second."
    )
