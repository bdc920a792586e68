"""Session dates: natural phrases parsed strictly, relative to a fixed 'now' (Wednesday 2026-03-11 10:30)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reflect.domain.dates import parse_day, parse_when

TZ = timezone(timedelta(hours=1))
NOW = datetime(2026, 3, 11, 10, 30, tzinfo=TZ)  # a Wednesday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("now", "2026-03-11 10:30"),
        ("today", "2026-03-11 10:30"),
        ("today 15:00", None),  # in the future: rejected below
        ("today 9am", "2026-03-11 09:00"),
        ("yesterday", "2026-03-10 12:00"),
        ("yesterday 4pm", "2026-03-10 16:00"),
        ("Yesterday at 4:30 PM", "2026-03-10 16:30"),
        ("last tuesday 9am", "2026-03-10 09:00"),
        ("tuesday", "2026-03-10 12:00"),
        ("last wednesday", "2026-03-04 12:00"),
        ("wed 14:00", "2026-03-04 14:00"),
        ("3 days ago", "2026-03-08 12:00"),
        ("a week ago", "2026-03-04 12:00"),
        ("2 weeks ago 10:00", "2026-02-25 10:00"),
        ("2026-03-01", "2026-03-01 12:00"),
        ("2026-03-01 14:15", "2026-03-01 14:15"),
        ("2026-03-01T14:15", "2026-03-01 14:15"),
        ("9 March", "2026-03-09 12:00"),
        ("9 March 2025 11:00", "2025-03-09 11:00"),
        ("20 December", "2025-12-20 12:00"),  # no year and in the future: last year's
        ("1/3/2026", "2026-03-01 12:00"),  # day first
    ],
)
def test_phrases(text, expected):
    if expected is None:
        with pytest.raises(ValueError, match="future"):
            parse_when(text, now=NOW)
        return
    assert parse_when(text, now=NOW).strftime("%Y-%m-%d %H:%M") == expected


@pytest.mark.parametrize("text", ["", "   ", "banana", "next week", "tomorrow", "2026-02-30", "25:00", "today 13pm",
                                  "9999 weeks ago", "x" * 100, "2026-13-01"])  # fmt: skip
def test_rejected(text):
    with pytest.raises(ValueError):
        parse_when(text, now=NOW)


def test_future_allowed_for_filters():
    assert parse_day("2026-12-31", now=NOW).isoformat() == "2026-12-31"


@given(st.text(max_size=40))
def test_never_raises_anything_but_value_error(text):
    try:
        result = parse_when(text, now=NOW)
    except ValueError:
        return
    assert result <= NOW + timedelta(minutes=5)


@given(st.integers(0, 100_000), st.sampled_from(["d", "days", "w", "weeks"]))
def test_ago_overflow_is_an_error_not_a_crash(n, unit):
    """Any count either gives exactly that many days back, or, once that is before 1970, a ValueError (no crash)."""
    now = datetime(1971, 2, 1, tzinfo=TZ)
    days = n * (7 if unit.startswith("w") else 1)
    if days > (now.date() - date(1970, 1, 1)).days:
        with pytest.raises(ValueError):
            parse_when(f"{n} {unit} ago", now=now)
    else:
        assert parse_when(f"{n} {unit} ago", now=now).astimezone(TZ).date() == now.date() - timedelta(days=days)


# --- the future where it makes sense, ordinal days, and the order of an all-numeric date ------------------------------


def test_tomorrow_is_a_filter_day_but_never_a_session_day():
    from datetime import date, datetime

    import pytest

    from reflect.domain.dates import parse_day, parse_when

    now = datetime(2026, 12, 5, 12, 0).astimezone()
    assert parse_day("tomorrow", now=now) == date(2026, 12, 6)
    with pytest.raises(ValueError, match="future"):
        parse_when("tomorrow", now=now)


def test_ordinal_days_mean_the_latest_such_day():
    from datetime import date, datetime

    from reflect.domain.dates import parse_day

    now = datetime(2026, 12, 5, 12, 0).astimezone()
    assert parse_day("on the 3rd", now=now) == date(2026, 12, 3)
    assert parse_day("the 5th", now=now) == date(2026, 12, 5)  # today counts
    assert parse_day("on the 6th", now=now) == date(2026, 11, 6)  # not yet this month: last month's
    assert parse_day("the 31st", now=now) == date(2026, 10, 31)  # November has none
    assert parse_day("3rd march 2026", now=now) == parse_day("march 3rd 2026", now=now) == date(2026, 3, 3)
    assert parse_day("on tuesday", now=now) == parse_day("tuesday", now=now)


def test_date_order_answers_an_ambiguous_date_and_is_echoed(cli, journal_home, tmp_path):
    from datetime import date

    from reflect.domain.dates import order_note, parse_day

    assert parse_day("03/04/2026") == date(2026, 4, 3)  # day first by default
    assert order_note("03/04/2026", date(2026, 4, 3)) == (
        '03/04/2026 read as 3 April 2026: date_order = "DMY" in config.toml, day first.'
    )
    assert order_note("13/04/2026", date(2026, 4, 13)) is None  # only one reading
    assert order_note("2026-04-03", date(2026, 4, 3)) is None
    journal_home.mkdir(parents=True, exist_ok=True)
    (journal_home / "config.toml").write_text('date_order = "MDY"\n')
    assert parse_day("03/04/2026") == date(2026, 3, 4)
    result = cli("list", "--since", "03/04/2026")
    assert result.exit_code == 0
    assert result.stderr.startswith(
        '03/04/2026 read as 4 March 2026: date_order = "MDY" in config.toml, month first.\n'
    )
    (journal_home / "config.toml").write_text('date_order = "YMD"\n')
    bad = cli("list", "--since", "03/04/2026")
    assert (bad.exit_code, bad.stderr) == (1, "Error: date_order in config.toml must be DMY or MDY, not 'YMD'.\n")


def test_a_settings_file_that_is_not_toml_or_not_text_is_one_error_line(cli, journal_home):
    journal_home.mkdir(parents=True, exist_ok=True)
    not_utf8 = (b'date_order = "\xff\xfe"\n', "'utf-8' codec can't decode byte 0xff in position 14")
    for content, detail in ((b"date_order = \n", "Invalid value (at line 1, column 14)"), not_utf8):
        (journal_home / "config.toml").write_bytes(content)
        result = cli("list", "--since", "03/04/2026")
        assert result.exit_code == 1
        assert result.stderr.startswith(
            f"Error: cannot read the settings file {journal_home / 'config.toml'}: {detail}"
        )
        assert "Traceback" not in result.stderr and len(result.stderr.splitlines()) == 1
