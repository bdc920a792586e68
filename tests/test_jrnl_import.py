"""`reflect import --from jrnl`: samples written exactly as jrnl writes its journal file and its JSON export."""

from __future__ import annotations

import json
import time

import pytest

from reflect.io.jrnl import parse_text

# As jrnl 4 writes its journal: "[date] title" (+ " *" when starred), the body, a blank line between entries.
JRNL_TEXT = """\
[2026-03-02 09:15] Intake with the new referral. @intake
She spoke quickly and I felt hurried.
I noticed I wanted to fix it. @Work/Supervision

[2026-03-02 09:15] Same minute, a second note *
Short one, starred.

[2026-03-02 09:15] Same minute, a second note *
Short one, starred.

[2026-03-03 18:00] Title only, no body @intake

[2026-03-04 08:30] Body with a bracketed line
[not a date] stays in the body
and an email like jo@example.org is not a tag.
"""

JRNL_JSON = {
    "tags": {"@intake": 2, "@work": 1},
    "entries": [
        {"title": "Intake with the new referral.", "body": "She spoke quickly.\n\nSecond paragraph. @work",
         "date": "2026-03-02", "time": "09:15", "tags": ["@intake", "@work"], "starred": False},
        {"title": "A starred one", "body": "", "date": "2026-03-02", "time": "09:15", "tags": ["@intake"],
         "starred": True},
    ],
}  # fmt: skip


@pytest.fixture(autouse=True)
def utc(monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def entries(cli) -> list[dict]:
    return sorted(json.loads(cli("export").stdout)["entries"], key=lambda e: (e["session_at"], e["observed"] or ""))


def test_plain_text_journal(cli, tmp_path):
    path = tmp_path / "journal.txt"
    path.write_text(JRNL_TEXT, encoding="utf-8")
    result = cli("import", "--from", "jrnl", str(path), "--client", "c-aa11")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "Imported: 5 added, 0 updated, 0 unchanged, 0 conflicting (kept yours).\n"
    got = [(e["session_at"], e["observed"], e["tags"], e["flagged"], e["client"]) for e in entries(cli)]
    assert got == [
        ("2026-03-02T09:15:00+00:00",
         "Intake with the new referral. @intake\n\nShe spoke quickly and I felt hurried.\n"
         "I noticed I wanted to fix it. @Work/Supervision",
         ["intake", "work-supervision"], False, "C-AA11"),
        ("2026-03-02T09:15:00+00:00", "Same minute, a second note\n\nShort one, starred.", [], True, "C-AA11"),
        ("2026-03-02T09:15:00+00:00", "Same minute, a second note\n\nShort one, starred.", [], True, "C-AA11"),
        ("2026-03-03T18:00:00+00:00", "Title only, no body @intake", ["intake"], False, "C-AA11"),
        ("2026-03-04T08:30:00+00:00",
         "Body with a bracketed line\n\n[not a date] stays in the body\nand an email like jo@example.org is not a tag.",
         [], False, "C-AA11"),
    ]  # fmt: skip


def test_reimport_is_unchanged_and_search_finds_jrnl_text(cli, tmp_path):
    path = tmp_path / "journal.txt"
    path.write_text(JRNL_TEXT, encoding="utf-8")
    cli("import", "--from", "jrnl", str(path), "--client", "C-AA11")
    again = cli("import", "--from", "jrnl", str(path), "--client", "C-AA11", "--json")
    assert json.loads(again.stdout) == {"added": 0, "updated": 0, "unchanged": 5, "conflicting": 0}
    hits = json.loads(cli("search", "hurried", "--json").stdout)
    assert len(hits) == 1 and hits[0]["client"] == "C-AA11"


def test_json_export(cli, tmp_path):
    path = tmp_path / "export.json"
    path.write_text(json.dumps(JRNL_JSON, indent=2), encoding="utf-8")
    result = cli("import", "--from", "jrnl", str(path), "--client", "C-AA11", "--json")
    assert json.loads(result.stdout) == {"added": 2, "updated": 0, "unchanged": 0, "conflicting": 0}
    got = [(e["observed"], e["tags"], e["flagged"]) for e in entries(cli)]
    assert got == [
        ("A starred one", ["intake"], True),
        ("Intake with the new referral.\n\nShe spoke quickly.\n\nSecond paragraph. @work", ["intake", "work"], False),
    ]


def test_from_stdin(cli):
    result = cli("import", "--from", "jrnl", "-", "--client", "C-AA11", input="[2026-03-05 10:00] From a pipe.\n")
    assert result.exit_code == 0, result.stderr
    assert [e["observed"] for e in entries(cli)] == ["From a pipe."]


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        ("[2026-03-02 09:15] x\n", ["--from", "jrnl"],
         "jrnl has no clients: give the client code for these entries with --client CODE."),
        ("[2026-03-02 09:15] x\n", ["--from", "jrnl", "--client", "Jo Smith"],
         "client code must be a client code of 2-16 letters, digits and '-' (e.g. C-7F3K), never a name"),
        ("just some text\n", ["--from", "jrnl", "--client", "C-AA11"],
         "no jrnl entries found (each entry starts with a line like `[2026-03-10 15:00] Title`)."),
        ("JRNLv3" + "x" * 40, ["--from", "jrnl", "--client", "C-AA11"],
         "this jrnl journal is encrypted; export it first with `jrnl --format json > FILE` and import that."),
        ('{"entries": [{"date": "2026-13-45", "time": "09:00"}]}', ["--from", "jrnl", "--client", "C-AA11"],
         "jrnl entry 1: field 'date'/'time' is not a date and time jrnl writes."),
        ('{"entries": [{"title": "x"}]}', ["--from", "jrnl", "--client", "C-AA11"],
         "jrnl entry 1: field 'date' is required (YYYY-MM-DD)."),
        ('{"nope": 1}', ["--from", "jrnl", "--client", "C-AA11"],
         'this is not a jrnl JSON export (it needs an "entries" list).'),
        ('{"entries": [', ["--from", "jrnl", "--client", "C-AA11"],
         "the file is not valid JSON (line 1, column 14)."),
        ("[2026-03-02 09:15] x\n", ["--from", "dayone", "--client", "C-AA11"],
         "unknown source 'dayone'; available: reflect, jrnl."),
        ("[2026-03-02 09:15] x\n", ["--client", "C-AA11"],
         "--client is for --from jrnl; a reflect/1 file names each entry's client."),
    ],
)  # fmt: skip
def test_bad_input_is_one_line_and_writes_nothing(cli, tmp_path, content, args, message):
    path = tmp_path / "in.txt"
    path.write_text(content, encoding="utf-8")
    result = cli("import", str(path), *args)
    assert result.exit_code in (1, 2)
    assert (result.stdout, result.stderr) == ("", f"Error: {message}\n")
    assert cli("list", "--json").stdout.strip() == "[]"


def test_a_bad_record_late_in_the_file_writes_nothing(cli, tmp_path):
    path = tmp_path / "export.json"
    good = {"title": "fine", "body": "", "date": "2026-03-02", "time": "09:15", "tags": [], "starred": False}
    bad = {**good, "title": "x" * 200_001}
    path.write_text(json.dumps({"entries": [good, good | {"time": "10:00"}, bad]}), encoding="utf-8")
    result = cli("import", "--from", "jrnl", str(path), "--client", "C-AA11")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: jrnl entry 3: field 'observed' is too long")
    assert cli("list", "--json").stdout.strip() == "[]"


def test_parser_details():
    parsed = parse_text("[2026-03-02 09:15] Title *\n\n\n[2026-03-02 9:15 PM] Evening @a @a @B\n")
    assert [(p.title, p.body, p.starred, p.tags) for p in parsed] == [
        ("Title", "", True, ()),
        ("Evening @a @a @B", "", False, ("a", "b")),
    ]
    assert parsed[1].when.hour == 21


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[2026-02-30 10:00] First entry\nits body\n\n[2026-03-02 09:15] Second\n",
         "line 1: the header's date and time (2026-02-30 10:00) is not a real date and time; nothing was imported."),
        ("[2026-03-02 09:15] First\nbody\n\n[2026-02-30 10:00] Second\nsecond body\n",
         "line 4: the header's date and time (2026-02-30 10:00) is not a real date and time; nothing was imported."),
        ("[2026-03-02 25:61] Late\n",
         "line 1: the header's date and time (2026-03-02 25:61) is not a real date and time; nothing was imported."),
        ("Notes before any entry\n\n[2026-03-02 09:15] First\n",
         "line 1: text before the first entry's `[date time]` line; a jrnl file starts with an entry. Nothing was "
         "imported."),
    ],
)  # fmt: skip
def test_an_impossible_or_missing_header_is_an_error_never_a_dropped_or_merged_entry(cli, tmp_path, content, message):
    path = tmp_path / "journal.txt"
    path.write_text(content, encoding="utf-8")
    result = cli("import", "--from", "jrnl", str(path), "--client", "C-AA11")
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"Error: {message}\n")
    assert cli("list", "--json").stdout.strip() == "[]"


def test_a_header_without_a_title_starts_an_entry():
    parsed = parse_text("[2026-03-02 09:15]\nbody one\n\n[2026-03-03 09:15] Two\n")
    assert [(p.when.day, p.title, p.body) for p in parsed] == [(2, "", "body one"), (3, "Two", "")]
