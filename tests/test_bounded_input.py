"""Every reader refuses an over-long field in time linear in its size, refuses numbers outside a field's range
(thousands of digits included) without echoing them, and reports duplicate ids within one import file as such."""

from __future__ import annotations

import io
import json
import time
from pathlib import Path

import pytest

from reflect.io.jsonstream import iter_document

ENTRY = {"id": "0b8c8a57-7a4f-4f51-9d2d-6a1c1b2f4e11", "client": "C-7F3K",
         "session_at": "2026-03-10T15:00:00+00:00", "observed": "x"}  # fmt: skip


def document(entries: list[dict]) -> str:
    return json.dumps({"format": "reflect/1", "entries": entries})


def test_the_stream_reader_reads_a_long_record_in_linear_time():
    timings = {}
    for size in (2_000_000, 8_000_000):
        text = '{"format": "reflect/1", "entries": [{"observed": "' + "a" * size + '"}]}'
        runs = []
        for _ in range(3):  # the fastest of three: a busy machine's pauses are not the reader's cost
            start = time.perf_counter()
            [(_, _), (_, entry)] = list(iter_document(io.StringIO(text)))
            runs.append(time.perf_counter() - start)
            assert len(entry["observed"]) == size
        timings[size] = min(runs)
    # 4x the input may cost about 4x the time; re-reading from the start for every 64 KB chunk cost 16x.
    assert timings[8_000_000] < 8 * timings[2_000_000] + 0.2, timings


def test_the_stream_reader_refuses_a_record_beyond_any_entry_without_reading_on():
    text = '{"format": "reflect/1", "entries": [{"observed": "' + "a" * 40_000_000 + '"}]}'
    stream = io.StringIO(text)
    with pytest.raises(ValueError, match="^line 1: a record is longer than 16 MB, more than any entry can hold$"):
        list(iter_document(stream))
    assert stream.tell() < 36_000_000  # stopped once the record passed the limit


def test_fifty_megabytes_in_one_field_is_refused_quickly(cli, tmp_path):
    path = tmp_path / "big.json"
    path.write_text('{"format": "reflect/1", "entries": [{"observed": "' + "a" * 50_000_000 + '"}]}')
    start = time.perf_counter()
    result = cli("import", str(path))
    elapsed = time.perf_counter() - start
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: the file is not valid JSON (line 1: a record is longer than")
    assert elapsed < 10, elapsed  # 0.4 s on an idle 2-core machine; re-reading the input made it 35 s


def test_a_large_but_valid_document_still_streams(tmp_path):
    entries = [{**ENTRY, "id": f"id-{i}", "observed": "word " * 2000} for i in range(300)]
    got = [v for k, v in iter_document(io.StringIO(document(entries))) if k == "entries"]
    assert got == entries


@pytest.mark.parametrize("digits", [19, 5000, 100_000])
@pytest.mark.parametrize("where", ["answers", "import", "jrnl", "answers-toml"])
def test_a_number_of_thousands_of_digits_is_refused_without_echoing_it(cli, tmp_path, digits, where):
    number = "7" * digits
    if where == "answers":
        path = tmp_path / "a.json"
        path.write_text('{"client": "C-7F3K", "observed": "x", "intensity": ' + number + "}")
        result = cli("new", "--answers", str(path))
    elif where == "answers-toml":
        path = tmp_path / "a.toml"
        path.write_text(f'client = "C-7F3K"\nobserved = "x"\nintensity = {number}\n')
        result = cli("new", "--answers", str(path))
    elif where == "import":
        path = tmp_path / "d.json"
        path.write_text(document([ENTRY]).replace('"observed"', '"session_number": ' + number + ', "observed"'))
        result = cli("import", str(path))
    else:
        path = tmp_path / "j.json"
        path.write_text(
            '{"entries": [{"date": "2026-03-02", "time": "09:15", "title": "t", "starred": ' + number + "}]}"
        )
        result = cli("import", "--from", "jrnl", str(path), "--client", "C-AA11")
    assert result.exit_code == 1, result.stderr
    assert result.stderr.startswith("Error: ")
    assert result.stderr.count("\n") == 1
    assert "unexpected problem" not in result.stderr
    assert "777" not in result.stderr  # never echoes the number
    assert cli("list", "--json").stdout.strip() == "[]"


def test_an_out_of_range_number_is_refused_without_echoing_it(cli, tmp_path):
    path = tmp_path / "a.json"
    path.write_text('{"client": "C-7F3K", "observed": "x", "intensity": 99999999999}')
    result = cli("new", "--answers", str(path))
    assert result.exit_code == 1
    assert result.stderr == "Error: field 'intensity' must be from 0 to 10\n"


def test_duplicate_ids_in_one_import_file_are_reported_as_such(cli, tmp_path):
    path = tmp_path / "d.json"
    path.write_text(document([ENTRY, {**ENTRY, "observed": "another text"}]))
    result = cli("import", str(path))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: entry 2: id {ENTRY['id']} is already used by entry 1 of this file; each entry needs its own id. "
        "Nothing was imported.\n"
    )
    assert cli("list", "--json").stdout.strip() == "[]"


def test_the_same_entry_twice_in_one_file_is_a_duplicate_too(cli, tmp_path):
    path = tmp_path / "d.json"
    path.write_text(document([ENTRY, ENTRY]))
    result = cli("import", str(path))
    assert result.exit_code == 1
    assert "is already used by entry 1 of this file" in result.stderr


def test_reimporting_a_file_is_still_not_a_duplicate(cli, tmp_path: Path):
    path = tmp_path / "d.json"
    path.write_text(document([ENTRY]))
    assert cli("import", str(path)).exit_code == 0
    second = cli("import", str(path))
    assert second.exit_code == 0, second.stderr
