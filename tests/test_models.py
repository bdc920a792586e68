"""The entry format: one validator, one canonical form, errors that name the field and never the text."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reflect.domain.models import ENTRY_FIELDS, entry_to_dict, parse_entry
from reflect.errors import ValidationError
from strategies import entry_dicts, nasty_text

NOW = datetime(2026, 3, 11, 12, 0, tzinfo=UTC)


def minimal(**extra):
    return {"client": "C-7F3K", "session_at": "2026-03-10T15:00:00+00:00", **extra}


@settings(max_examples=150, deadline=None)
@given(entry_dicts())
def test_canonical_form_round_trips(raw):
    entry = parse_entry(raw, require_id=True)
    data = entry_to_dict(entry)
    assert list(data) == list(ENTRY_FIELDS)
    again = parse_entry(json.loads(json.dumps(data)), require_id=True)
    assert again == entry
    assert entry_to_dict(again) == data


@settings(max_examples=150, deadline=None)
@given(nasty_text)
def test_any_text_is_stored_clean_or_rejected_never_crashes(text):
    try:
        entry = parse_entry(minimal(observed=text), now=NOW)
    except ValidationError:
        return
    stored = entry.observed or ""
    assert "\x00" not in stored and "\x1b" not in stored and "\r" not in stored
    assert not any("\ud800" <= ch <= "\udfff" for ch in stored)
    assert parse_entry(minimal(observed=stored), now=NOW).observed == entry.observed  # idempotent


def test_multi_valued_fields_are_deduplicated_and_in_vocabulary_order():
    entry = parse_entry(
        minimal(pulls=["idealized", "positive", "idealized"], events=["late", "first-session"]), now=NOW
    )
    assert entry.pulls == ("positive", "idealized")
    assert entry.events == ("first-session", "late")


def test_bare_urge_slug_means_felt_not_acted_on():
    entry = parse_entry(minimal(urges=["reassure", {"urge": "advise", "enacted": True}]), now=NOW)
    assert [(u.urge, u.enacted) for u in entry.urges] == [("reassure", False), ("advise", True)]


def test_naive_times_are_local_and_stored_in_utc():
    entry = parse_entry(minimal(session_at="2026-03-10T15:00:00"), now=NOW)
    assert entry.session_at.tzinfo == UTC
    assert entry.session_at == datetime(2026, 3, 10, 15, 0).astimezone().astimezone(UTC)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"session_at": "2026-03-10T15:00:00+00:00"}, "field 'client' is required (a client code such as C-7F3K)"),
        (
            minimal(client="Jane Smith"),
            "field 'client' must be a client code of 2-16 letters, digits and '-' (e.g. C-7F3K), never a name",
        ),
        (minimal(feelings={"protective": 5}), "field 'feelings.protective' must be from 1 to 4"),
        (minimal(feelings={"joyful": 2}), "field 'feelings.joyful' has an unknown value 'joyful'; allowed: warm, "),
        (minimal(intensity="high"), "field 'intensity' must be a whole number, not text"),
        (minimal(intensity=11), "field 'intensity' must be from 0 to 10"),
        (
            minimal(stance="mirroring"),
            "field 'stance' has an unknown value 'mirroring'; allowed: complementary, non-complementary, unsure",
        ),
        (
            minimal(ruptures=[{"type": "withdrawal", "resolved": "maybe"}]),
            "field 'ruptures[0].resolved' has an unknown value 'maybe'; allowed: yes, partial, no",
        ),
        (minimal(supervision=[{"question": "Q", "eye": 8}]), "field 'supervision[0].eye' must be from 1 to 7"),
        (minimal(mood=3), "field 'mood' is not part of the format; allowed: id, client, "),
        (minimal(session_at="next week"), "field 'session_at' must be an ISO 8601 date-time such as "),
        (minimal(flagged="yes"), "field 'flagged' must be true or false, not text"),
        (
            minimal(urges=[{"urge": "reassure", "enacted": 1}]),
            "field 'urges[0].enacted' must be true or false, not a number",
        ),
        (minimal(feelings=["protective"]), "field 'feelings' must map each feeling to a rating from 1 to 4"),
    ],
)
def test_validation_errors_name_the_field(raw, message):
    with pytest.raises(ValidationError) as info:
        parse_entry(raw, where="entry 3", now=NOW)
    assert info.value.message.startswith("entry 3: " + message)


def test_error_never_quotes_entry_text():
    secret = "the client's sister works at the hospital"
    with pytest.raises(ValidationError) as info:
        parse_entry(minimal(observed=secret, intensity=99), now=NOW)
    assert secret not in str(info.value)
    with pytest.raises(ValidationError) as info:
        parse_entry(minimal(stance=secret), now=NOW)
    assert secret not in str(info.value)


def test_natural_dates_only_when_asked():
    entry = parse_entry(minimal(session_at="yesterday 15:00"), natural_dates=True, now=NOW)
    assert entry.session_at.astimezone().date().isoformat() == "2026-03-10"


def test_too_long_text_is_rejected():
    with pytest.raises(ValidationError, match="field 'observed' is too long"):
        parse_entry(minimal(observed="x" * 200_001), now=NOW)


@given(st.text(max_size=30))
def test_client_codes_never_crash(code):
    try:
        entry = parse_entry(minimal(client=code), now=NOW)
    except ValidationError:
        return
    assert entry.client == code.strip().upper()
