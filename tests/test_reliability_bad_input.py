"""Bad input, property-based: answers files, import files, dates and command-line arguments full of control characters,
NUL, lone surrogates, right-to-left text, emoji, huge or out-of-range values, unknown slugs and wrong types.

Every case ends in one of two ways: a saved entry that reads back identical (free text as `textsafe.clean_text` of the
input), or a one-line `Error:` with nothing written. Never a traceback, never "an unexpected problem".
"""

from __future__ import annotations

import json
import math
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from reflect.config import Paths
from reflect.domain import vocab
from reflect.domain.dates import EARLIEST_YEAR, parse_day, parse_when
from reflect.domain.models import TEXT_FIELDS, entry_to_dict, parse_entry
from reflect.domain.textsafe import clean_text
from reflect.store.journal import Journal

SETTINGS = settings(max_examples=80, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])  # fmt: skip

nasty_chars = st.one_of(
    st.characters(),
    st.characters(categories=["Cs"]),  # lone surrogates: st.text() never makes them
    st.characters(min_codepoint=0, max_codepoint=0x9F),  # C0 and C1 controls, NUL, ESC, DEL
    st.sampled_from(
        [
            "\u202e",
            "\u2066",
            "\u200f",
            "\ufeff",
            "\u200b",
            "\r",
            "\n",
            "\r\n",
            "\U0001f600",
            "\u0301",
            "שלום",
            "مرحبا",
            "e\u0301",
            "\x1b[31m",
            "[bold]",
        ]
    ),  # fmt: skip
)
nasty_text = st.lists(nasty_chars, max_size=30).map("".join)  # pieces may be several characters long
junk = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), nasty_text),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(nasty_text, inner, max_size=3)),
    max_leaves=6,
)


def slug_or_junk(kind: str):
    return st.one_of(st.sampled_from(vocab.slugs(kind)), nasty_text, junk)


def slugs_or_junk(kind: str):
    valid = st.lists(st.sampled_from(vocab.slugs(kind)), max_size=4)
    return st.one_of(st.lists(slug_or_junk(kind), max_size=4), valid, junk)


def number_or_junk(low: int, high: int):
    return st.one_of(st.integers(low, high), st.integers(), st.integers(low, high).map(str), nasty_text,
                     st.sampled_from(["²", "--5", "9" * 50, "1e3", " 3 ", "٣"]), junk)  # fmt: skip


timestamps = st.one_of(
    st.datetimes(timezones=st.just(UTC)).map(lambda d: d.isoformat()),
    st.datetimes(timezones=st.sampled_from([timezone(timedelta(hours=14)), timezone(timedelta(hours=-12))])).map(
        lambda d: d.isoformat()
    ),
    st.sampled_from(
        [
            "0001-01-01T00:00:00+05:00",
            "9999-12-31T23:59:59-05:00",
            "2026-02-30T10:00:00",
            "2026-03-10",
            "2026-03-10 15:00",
            "yesterday 3pm",
            "tomorrow",
            "last tuesday",
            "",
            " ",
        ]
    ),  # fmt: skip
    nasty_text,
    junk,
)

entries = st.fixed_dictionaries(
    {"client": st.one_of(st.sampled_from(["C-7F3K", "c-2qx9", " C-9JD2 "]), nasty_text, junk)},
    optional={
        "session_at": timestamps,
        "session_number": number_or_junk(1, 100_000),
        "modality": slug_or_junk("modality"),
        "pack": st.one_of(st.sampled_from(["quick", "deep", "quick\n"]), nasty_text, junk),
        "events": slugs_or_junk("event"),
        "presentation": st.one_of(
            st.fixed_dictionaries(
                {"pattern": slug_or_junk("pattern")},
                optional={"confidence": number_or_junk(1, 3), "markers": slugs_or_junk("marker")},
            ),
            junk,
        ),  # fmt: skip
        "observed": st.one_of(nasty_text, junk),
        "interpretation": nasty_text,
        "resonance": nasty_text,
        "experiment": nasty_text,
        "feelings": st.one_of(
            st.dictionaries(
                slug_or_junk("feeling").filter(lambda v: isinstance(v, str)), number_or_junk(1, 4), max_size=4
            ),
            junk,
        ),  # fmt: skip
        "urges": st.one_of(
            st.lists(
                st.one_of(
                    st.sampled_from(vocab.slugs("urge")),
                    st.fixed_dictionaries(
                        {"urge": slug_or_junk("urge")}, optional={"enacted": st.one_of(st.booleans(), junk)}
                    ),
                ),
                max_size=3,
            ),
            junk,
        ),  # fmt: skip
        "intensity": number_or_junk(0, 10),
        "stance": slug_or_junk("stance"),
        "ruptures": st.one_of(
            st.lists(
                st.fixed_dictionaries(
                    {"type": slug_or_junk("rupture_type")},
                    optional={
                        "intensity": number_or_junk(1, 5),
                        "note": nasty_text,
                        "resolved": slug_or_junk("resolved"),
                        "markers": slugs_or_junk("rupture_marker"),
                    },
                ),
                max_size=2,
            ),
            junk,
        ),  # fmt: skip
        "supervision": st.one_of(
            st.lists(
                st.one_of(
                    nasty_text,
                    st.fixed_dictionaries(
                        {"question": st.one_of(nasty_text, junk)},
                        optional={"eye": number_or_junk(1, 7), "want": slug_or_junk("want"), "status_at": timestamps},
                    ),
                ),
                max_size=2,
            ),
            junk,
        ),  # fmt: skip
        "tags": st.one_of(
            st.lists(st.one_of(st.sampled_from(["break", "#Ending", "long-term"]), nasty_text), max_size=3), junk
        ),
        "flagged": st.one_of(st.booleans(), junk),
        "answers": st.one_of(
            st.dictionaries(
                st.one_of(st.sampled_from(["aim", "values", "aim\n"]), nasty_text),
                st.one_of(nasty_text, st.integers(), st.booleans(), st.lists(nasty_text)),
                max_size=3,
            ),
            junk,
        ),  # fmt: skip
        "unknown-field": junk,
    },
)


def assert_clean_failure(result) -> None:
    assert result.exit_code in (1, 2), (result.exit_code, result.stderr)
    assert result.stderr.startswith("Error: "), result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert "unexpected problem" not in result.stderr, result.stderr


@pytest.mark.parametrize(("args", "line"), [
    (["show"], "Error: Missing argument 'ID'. See `reflect show --help`.\n"),
    (["list", "--bogus"], "Error: No such option: --bogus. See `reflect list --help`.\n"),
    (["lst"], "Error: No such command 'lst'. Did you mean 'list'? See `reflect --help`.\n"),
    (["--bogus"], "Error: No such option: --bogus. See `reflect --help`.\n"),
    (["supervision", "nope"], "Error: No such command 'nope'. See `reflect supervision --help`.\n"),
    (["patterns", "--min-sessions", "1"],
     "Error: Invalid value for '--min-sessions': Input should be greater than or equal to 2. "
     "See `reflect patterns --help`.\n"),
])  # fmt: skip
def test_usage_errors_are_one_line_with_status_2(cli, journal_home: Path, args: list[str], line: str) -> None:
    result = cli(*args)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", line)


def expected_text(value: Any) -> str | None:
    cleaned = clean_text(value)
    return cleaned if cleaned.strip() else None


def count(home: Path) -> int:
    with Journal.open(Paths(home)) as journal:
        return journal.count_entries()


@SETTINGS
@given(raw=entries)
@example(raw={"client": "C-7F3K", "session_at": "0001-01-01T00:00:00+05:00"})
@example(raw={"client": "C-7F3K", "intensity": "²"})
@example(raw={"client": "C-7F3K", "intensity": "9" * 5000})
@example(raw={"client": "C-7F3K", "pack": "quick\n"})
@example(raw={"client": "C-7F3K", "answers": {"aim\n": "x"}})
@example(raw={"client": "C-7F3K", "session_at": "2000-01-01T00:00:00+00:00", "feelings": {"": 1}})
@example(raw={"client": "C-7F3K", "observed": "\ud800 \x00 \u202e\x1b[2J 🙂 שלום"})
@example(raw={"client": "C-7F3K", "tags": ["#Ending", "break"]})  # tags came back in the store's order
def test_answers_file_saves_exactly_or_fails_cleanly(raw: dict, cli, journal_home: Path, tmp_path: Path) -> None:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(raw), encoding="utf-8")  # ensure_ascii: lone surrogates travel as \ud800 escapes
    before = count(journal_home)
    result = cli("new", "--answers", str(path))
    if result.exit_code != 0:
        assert_clean_failure(result)
        assert count(journal_home) == before
        return
    entry_id = result.stdout.strip()
    with Journal.open(Paths(journal_home)) as journal:
        stored = entry_to_dict(journal.get_entry(entry_id))
    for name in TEXT_FIELDS:
        if isinstance(raw.get(name), str):
            assert stored[name] == expected_text(raw[name])
    # Everything else reads back exactly as the validator made it.
    validated = entry_to_dict(parse_entry({**raw, "id": entry_id, "session_at": stored["session_at"],
                                           "created_at": stored["created_at"], "updated_at": stored["updated_at"],
                                           "session_number": stored["session_number"]}))  # fmt: skip
    pairs = zip(validated["supervision"], stored["supervision"], strict=True)
    validated["supervision"] = [{**q, "id": s["id"]} for q, s in pairs]
    assert stored == validated


def test_answers_file_not_json_not_utf8_not_an_object(cli, journal_home: Path, tmp_path: Path) -> None:
    cases = {
        "latin1.json": "Café".encode("latin-1"),
        "deep.json": b"[" * 100_000 + b"]" * 100_000,
        "list.json": b"[1, 2]",
        "bad.json": b'{"client": "C-7F3K",',
        "empty.toml": b"",
        "bad.toml": b"client = ",
        "nul.json": b'{"client": "C-7F3K"}\x00',
    }
    for name, content in cases.items():
        path = tmp_path / name
        path.write_bytes(content)
        result = cli("new", "--answers", str(path))
        assert_clean_failure(result)
    assert count(journal_home) == 0


@pytest.mark.parametrize("size", [199_999, 1_000_000])
def test_very_long_field(size: int, cli, journal_home: Path, tmp_path: Path) -> None:
    text = ("Ein langer Satz über die Stunde 🙂 " * (size // 30 + 1))[:size]
    path = tmp_path / "long.json"
    path.write_text(json.dumps({"client": "C-7F3K", "observed": text}), encoding="utf-8")
    result = cli("new", "--answers", str(path))
    if size > 200_000:
        assert_clean_failure(result)
        assert "too long" in result.stderr and count(journal_home) == 0
        return
    assert result.exit_code == 0, result.stderr
    with Journal.open(Paths(journal_home)) as journal:
        assert journal.get_entry(result.stdout.strip()).observed == clean_text(text)


# --- import files ---------------------------------------------------------------------------------------------------

ids = st.uuids().map(str)
stamps = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2026, 3, 1), timezones=st.just(UTC)).map(
    lambda d: d.isoformat()
)


@settings(SETTINGS, max_examples=40)  # each example builds a fresh journal
@given(records=st.lists(st.one_of(entries, entries.map(lambda e: {**e, "session_at": "2026-03-01T10:00:00+00:00"})),
                        min_size=1, max_size=4), ids=st.lists(ids, min_size=4, max_size=4, unique=True),
       created=stamps)  # fmt: skip
def test_import_is_all_or_nothing(records: list, ids: list, created: str, cli, tmp_path: Path) -> None:
    import tempfile

    home = Path(tempfile.mkdtemp(dir=tmp_path))  # a fresh journal per example: ids repeat between examples
    records = [{**r, "id": i, "created_at": created} for r, i in zip(records, ids, strict=False)]
    document = {"format": "reflect/1", "entries": records}
    path = home / "import.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    result = cli("import", str(path), "--json", env={"REFLECT_HOME": str(home / "journal")})
    if result.exit_code != 0:
        assert_clean_failure(result)
        assert count(home / "journal") == 0
        return
    assert json.loads(result.stdout)["added"] == len(records)
    with Journal.open(Paths(home / "journal")) as journal:
        for record in document["entries"]:
            stored = entry_to_dict(journal.get_entry(record["id"]))
            validated = entry_to_dict(parse_entry(record, require_id=True))
            pairs = zip(validated["supervision"], stored["supervision"], strict=True)
            validated["supervision"] = [{**q, "id": s["id"]} for q, s in pairs]
            assert stored == validated


def test_import_broken_documents(cli, journal_home: Path, tmp_path: Path, demo_entries) -> None:
    from reflect.io.transfer import write_json_document

    good = tmp_path / "good.json"
    with good.open("w", encoding="utf-8") as fh:
        write_json_document(demo_entries[:20], fh)
    text = good.read_text(encoding="utf-8")
    cases = {
        "cut in the middle": text[: len(text) // 2],
        "cut before the end": text[:-3],
        "entry 12 invalid": text.replace('"intensity": 6', '"intensity": 60', 1),
        "wrong format": text.replace("reflect/1", "reflect/9"),
        "trailing junk": text + "{}",
        "deeply nested": '{"format": "reflect/1", "entries": [' + "[" * 50_000 + "]" * 50_000 + "]}",
        "not an object": "[]",
        "empty": "",
        "nul": text.replace('"entries"', '"entries\\u0000"'),
    }
    for name, content in cases.items():
        path = tmp_path / "bad.json"
        path.write_text(content, encoding="utf-8")
        result = cli("import", str(path))
        assert_clean_failure(result)
        assert count(journal_home) == 0, name


def test_supervision_question_id_taken_by_another_entry(cli, journal_home: Path, tmp_path: Path) -> None:
    qid = "6b0c1b0e-2c7e-4a8e-9a51-0d1f2c7a9e10"
    first = {"client": "C-7F3K", "supervision": [{"id": qid, "question": "Why do I rush?"}]}
    second = {"client": "C-2QX9", "supervision": [{"id": qid, "question": "Another question"}]}
    for n, raw in enumerate((first, second)):
        path = tmp_path / f"a{n}.json"
        path.write_text(json.dumps(raw), encoding="utf-8")
        result = cli("new", "--answers", str(path))
    assert_clean_failure(result)
    assert "supervision[0].id" in result.stderr
    assert count(journal_home) == 1


# --- dates ----------------------------------------------------------------------------------------------------------

zones = st.sampled_from([UTC, timezone(timedelta(hours=14)), timezone(timedelta(hours=-12))])
nows = st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(9000, 1, 1), timezones=zones)
phrases = st.one_of(
    nasty_text,
    st.from_regex(r"\A(\d{1,6}|a|an|two) ?(d|days?|w|wks?|weeks?) ago( at \d{1,2}(:\d\d)? ?(am|pm)?)?\Z"),
    st.from_regex(r"\A(last )?(mon|tue|wed|thu|fri|sat|sun)[a-z]{0,6}( \d{1,2}(:\d{2})?(am|pm)?)?\Z"),
    st.from_regex(r"\A\d{1,2}[/. -]\d{1,2}[/. -]\d{2,4}\Z"),
    st.from_regex(r"\A\d{1,2} (jan|feb|mar|march|sept|dec)[a-z]* ?\d{0,5}\Z"),
    st.from_regex(r"\A\d{4}-\d{2}-\d{2}([t ]\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2}|z)?)?\Z"),
    st.sampled_from(["now", "today", "yesterday", "tonight", "today 25:00", "today 13pm", "today 0am", "9", "today 9",
                     "99999 weeks ago", "0 days ago", "31/02/2026", "03/04/2026", "9 March", "tomorrow", "next week"]),
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(text=phrases, now=nows)
@example(text="7000 weeks ago", now=datetime(1900, 1, 2, tzinfo=UTC))
@example(text="0001-01-01", now=datetime(2026, 3, 11, tzinfo=timezone(timedelta(hours=14))))
def test_parse_when_returns_a_past_date_or_a_value_error(text: str, now: datetime) -> None:
    try:
        when = parse_when(text, now=now)
    except ValueError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert when.tzinfo is not None
    assert when <= now + timedelta(minutes=5)
    parse_day(text, now=now)  # filters accept whatever a session date accepts


@settings(max_examples=200, deadline=None)
@given(days=st.integers(0, 3_000_000), now=nows)
def test_days_ago_counts_back_exactly(days: int, now: datetime) -> None:
    today = now.date()  # an aware `now` keeps its own time zone
    try:
        when = parse_when(f"{days} days ago", now=now)
    except ValueError:
        assert days > 99_999 or (today - date(EARLIEST_YEAR, 1, 1)).days < days
        return
    assert (today - when.date()).days == days


@settings(max_examples=200, deadline=None)
@given(day=st.dates(min_value=date(1, 1, 2), max_value=date(9999, 12, 30)), now=nows)
def test_iso_dates_read_back_as_themselves(day: date, now: datetime) -> None:
    try:
        when = parse_when(day.isoformat(), now=now)
    except ValueError as exc:
        future = day > now.date() and "future" in str(exc)
        assert future or (day.year < EARLIEST_YEAR and "plausible" in str(exc))
        return
    assert when.date() == day


def test_ambiguous_and_impossible_dates() -> None:
    now = datetime(2026, 5, 11, 17, 0, tzinfo=UTC)
    assert parse_when("03/04/2026", now=now).date() == date(2026, 4, 3)  # day first, as outside the US
    assert parse_when("9 March", now=now).date() == date(2026, 3, 9)
    assert parse_when("12 December", now=now).date() == date(2025, 12, 12)  # never a date to come
    with pytest.raises(ValueError, match="future"):
        parse_when("04/06/2026", now=now)
    for bad in ("31/02/2026", "2026-02-30", "today 25:00", "today 13pm", "tomorrow", "next week", "banana", ""):
        with pytest.raises(ValueError):
            parse_when(bad, now=now)


# --- command-line arguments -----------------------------------------------------------------------------------------

arguments = st.one_of(
    nasty_text,
    st.text(max_size=20),
    st.integers().map(str),
    st.sampled_from(["-1", "0", "99999999999999999999999", "--", "-", "C-7F3K\n", "'; DROP TABLE"]),
)


@SETTINGS
@given(value=arguments, command=st.sampled_from([
    ["list", "--since", "{}"], ["list", "--until", "{}"], ["list", "--client", "{}"], ["list", "--tag", "{}"],
    ["list", "--limit", "{}"], ["show", "{}"], ["delete", "{}", "--yes"], ["edit", "{}", "--editor"],
    ["resume", "{}"], ["drafts", "--discard", "{}"], ["export", "--client", "{}"], ["export", "--format", "{}"],
    ["new", "--date", "{}", "--answers", "ANSWERS"], ["new", "--client", "{}", "--answers", "ANSWERS"],
    ["prompts", "show", "{}"], ["list", "--json", "--since", "{}"],
]))  # fmt: skip
def test_any_argument_value_fails_cleanly_or_works(value: str, command: list, cli, journal_home: Path,
                                                   tmp_path: Path) -> None:  # fmt: skip
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"client": "C-7F3K", "session_at": "2026-03-10T15:00:00+00:00"}), encoding="utf-8")
    args = [value if part == "{}" else str(answers) if part == "ANSWERS" else part for part in command]
    before = count(journal_home)
    result = cli(*args)
    assert "Traceback" not in result.stdout + result.stderr
    if result.exit_code == 0:
        return
    assert_clean_failure(result)
    assert count(journal_home) == before
    assert math.isfinite(before)


def test_clean_text_joins_a_surrogate_pair_and_replaces_a_lone_one() -> None:
    # Hypothesis found an import storing "\ud800\udc00" (a JSON escape pair) as six replacement characters.
    assert clean_text("\ud800\udc00") == "\U00010000"
    assert clean_text("a\ud800b\udc00") == "a\ufffdb\ufffd"
    assert clean_text(clean_text("x\udce9")) == "x\ufffd"
