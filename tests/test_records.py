"""records supervision | practice | cpd, and cpd add | list | account: what they count, what they say they cannot
count, every format parsed, CPD in the reflect/1 document, and bad input refused whole."""

from __future__ import annotations

import csv
import io
import json
import os
from datetime import date

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from html_helpers import external_references, parse_html
from reflect.domain.cpd import cpd_to_dict, parse_cpd
from reflect.errors import ValidationError
from strategies import nasty_text
from test_supervision import add_entry, questions


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def md_table(text: str) -> list[list[str]]:
    """The Markdown document's table as rows of cell texts (it must parse as a GFM table)."""
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    table, row = [], None
    for i, t in enumerate(tokens):
        if t.type == "tr_open":
            row = []
        elif t.type in ("th_open", "td_open"):
            row.append(tokens[i + 1].content if tokens[i + 1].type == "inline" else "")
        elif t.type == "tr_close":
            table.append(row)
    return table


@pytest.fixture
def logged(cli, tmp_path):
    """Two entries with questions at eyes 4 and 2, an individual and a group meeting taking them up."""
    add_entry(cli, tmp_path, client="C-7F3K", when="2026-03-02T15:00:00+00:00", questions=("Why do I over-run?",))
    add_entry(cli, tmp_path, client="C-2QX9", when="2026-04-06T15:00:00+00:00", questions=("Too directive?",))
    q_over, q_directive = sorted(questions(cli), key=lambda q: q["question"])[::-1][:2]
    assert cli("supervision", "log", "--minutes", "60", "--supervisor", "S-01", "--date", "2026-03-04",
               "--discussed", q_over["id"][:8]).exit_code == 0  # fmt: skip
    assert cli("supervision", "log", "--minutes", "90", "--group-size", "5", "--supervisor", "S-02", "--date",
               "2026-04-08", "--resolved", q_directive["id"][:8]).exit_code == 0  # fmt: skip
    return tmp_path


def test_supervision_log_csv(cli, logged):
    result = cli("records", "supervision", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert rows(result.stdout) == [
        ["Date", "Minutes", "Format", "Supervisor", "Counted hours (BACP)", "Topics by eye", "Countersignature"],
        ["2026-03-04", "60", "individual", "S-01", "1.00", "eye 4: 1", ""],
        ["2026-04-08", "90", "group of 5", "S-02", "0.30", "eye 4: 1", ""],
        ["Total", "150", "2 meetings", "", "1.30", "", ""],
    ]
    for secret in ("C-7F3K", "C-2QX9", "over-run", "directive"):  # no client, no question text
        assert secret not in result.stdout
    assert "Topics raised without a journal question are not counted." in result.stderr


def test_supervision_log_markdown_and_period(cli, logged):
    result = cli("records", "supervision", "--since", "2026-04-01", "--until", "2026-04-30")
    assert result.exit_code == 0, result.stderr
    table = md_table(result.stdout)
    assert table[0][-1] == "Countersignature" and len(table) == 3  # header, the April meeting, the total
    assert table[1][:3] == ["2026-04-08", "90", "group of 5"]
    assert result.stdout.startswith("# Supervision log\n\nPeriod: 2026-04-01 to 2026-04-30.\n")
    assert "Supervisor's countersignature: ____" in result.stdout


def test_practice_log_counts_sessions_by_month_and_says_what_it_cannot(cli, logged):
    result = cli("records", "practice", "--format", "csv")
    assert rows(result.stdout) == [
        ["Month", "Individual sessions", "Couple sessions", "Family sessions", "Group sessions", "All sessions"],
        ["2026-03", "1", "0", "0", "0", "1"],
        ["2026-04", "1", "0", "0", "0", "1"],
        ["Total", "2", "0", "0", "0", "2"],
    ]
    markdown = cli("records", "practice").stdout
    assert "client hours cannot be counted here" in markdown
    assert "a session you did not write a reflection on is not counted" in markdown
    assert md_table(markdown)[1] == ["2026-03", "1", "0", "0", "0", "1"]


def test_cpd_add_list_log_and_account(cli, tmp_path):
    result = cli("cpd", "add", "--hours", "1.5", "--date", "2026-02-10", "--activity", "Workshop on ruptures",
                 "--learned", "Call 07700 900123 to book the next one", "--changed", "I name my part first.",
                 "--standard", "BACP Ethical Framework: being trustworthy")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith("Logged CPD ") and "1.50 hours on 2026-02-10" in result.stderr
    assert cli("cpd", "add", "--hours", "2", "--activity", "Reading").exit_code == 0
    listed = json.loads(cli("cpd", "list", "--json").stdout)
    assert [(a["held_on"], a["hours"], a["activity"]) for a in listed][0] == ("2026-02-10", 1.5, "Workshop on ruptures")
    log = cli("records", "cpd", "--format", "csv").stdout
    assert rows(log)[1] == ["2026-02-10", "1.50", "Workshop on ruptures", "Call [PHONE] to book the next one",
                            "I name my part first.", "BACP Ethical Framework: being trustworthy"]  # fmt: skip
    assert rows(log)[-1][:3] == ["Total", "3.50", "2 activities"]
    account = cli("cpd", "account", listed[0]["id"][:8]).stdout
    for heading in (
        "What the activity, feedback or experience was",
        "What I learned from it",
        "How I changed or improved my practice as a result",
        "How it relates to my professional code",
    ):
        assert f"## {heading}\n" in account  # fmt: skip
    assert "07700" not in account and "\\[PHONE\\]" in account
    unredacted = cli("cpd", "account", listed[0]["id"][:8], "--no-redact").stdout
    assert "07700 900123" in unredacted


def test_records_html_is_static_and_parses(cli, logged, tmp_path):
    cli("cpd", "add", "--hours", "1", "--activity", "<script>alert(1)</script> reading", "--date", "2026-03-01")
    for kind in ("supervision", "practice", "cpd"):
        target = tmp_path / f"{kind}.html"
        result = cli("records", kind, "--format", "html", "-o", str(target))
        assert result.exit_code == 0, result.stderr
        assert os.stat(target).st_mode & 0o777 == 0o600
        parsed = parse_html(target.read_text(encoding="utf-8"))
        assert external_references(parsed) == [] and parsed.count("table") == 1
        assert parsed.count("caption") == 1
    assert "<script>alert(1)</script> reading" in parse_html((tmp_path / "cpd.html").read_text()).visible
    assert "Signature of supervisor" in parse_html((tmp_path / "supervision.html").read_text()).visible


def test_cpd_travels_in_the_json_document(cli, tmp_path, journal_home, monkeypatch):
    cli("cpd", "add", "--hours", "0.75", "--activity", "Peer consultation group", "--date", "2026-01-09")
    cli("export", "-o", str(tmp_path / "all.json"))
    document = json.loads((tmp_path / "all.json").read_text())
    assert [a["activity"] for a in document["cpd_activities"]] == ["Peer consultation group"]
    monkeypatch.setenv("REFLECT_HOME", str(tmp_path / "other"))
    first = cli("import", str(tmp_path / "all.json"), "--json")
    assert json.loads(first.stdout)["cpd_activities"] == {"added": 1, "updated": 0, "unchanged": 0, "conflicting": 0}
    again = cli("import", str(tmp_path / "all.json"), "--json")
    assert json.loads(again.stdout)["cpd_activities"]["unchanged"] == 1
    assert json.loads(cli("cpd", "list", "--json").stdout) == document["cpd_activities"]


def test_bad_cpd_in_an_import_saves_nothing(cli, tmp_path, monkeypatch):
    cli("cpd", "add", "--hours", "1", "--activity", "Reading")
    cli("export", "-o", str(tmp_path / "all.json"))
    document = json.loads((tmp_path / "all.json").read_text())
    document["cpd_activities"][0]["hours"] = "lots"
    (tmp_path / "bad.json").write_text(json.dumps(document))
    monkeypatch.setenv("REFLECT_HOME", str(tmp_path / "other"))
    result = cli("import", str(tmp_path / "bad.json"))
    assert (result.exit_code, result.stderr) == (
        1, "Error: CPD activity 1: field 'hours' must be a number of hours such as 1.5\n")  # fmt: skip
    assert json.loads(cli("cpd", "list", "--json").stdout) == []


@pytest.mark.parametrize(
    "args,message",
    [
        (["--hours", "abc", "--activity", "x"], "Error: field 'hours' must be a number of hours such as 1.5\n"),
        (["--hours", "0", "--activity", "x"], "Error: field 'hours' must be from 1 minute to 500 hours\n"),
        (["--hours", "nan", "--activity", "x"], "Error: field 'hours' must be a number of hours such as 1.5\n"),
        (["--hours", "1", "--activity", "  "], "Error: field 'activity' is required\n"),
        (["--hours", "1", "--activity", "x", "--date", "2999-01-01"], "Error: --date"),
    ],
)
def test_cpd_add_refuses_bad_input_whole(cli, args, message):
    result = cli("cpd", "add", *args)
    assert result.exit_code != 0 and result.stderr.startswith(message)
    assert "Traceback" not in result.stderr
    assert json.loads(cli("cpd", "list", "--json").stdout) == []


def test_records_bad_options(cli):
    result = cli("records", "cpd", "--format", "pdf")
    assert (result.exit_code, result.stderr) == (2, "Error: unknown format 'pdf'; available: csv, markdown, html.\n")
    result = cli("records", "practice", "--since", "2026-03-01", "--until", "2026-02-01")
    assert (result.exit_code, result.stderr) == (2, "Error: --since is after --until.\n")
    result = cli("cpd", "account", "abc")
    assert result.exit_code == 2 and result.stderr.startswith("Error: give at least 6 characters")


def test_purging_a_client_leaves_cpd_as_it_leaves_meetings(cli, logged):
    cli("cpd", "add", "--hours", "1", "--activity", "Reading on endings")
    assert cli("purge", "--client", "C-7F3K", "--yes").exit_code == 0
    assert [a["activity"] for a in json.loads(cli("cpd", "list", "--json").stdout)] == ["Reading on endings"]
    assert len(rows(cli("records", "supervision", "-f", "csv").stdout)) == 4  # both meetings and the total


@settings(max_examples=60, deadline=None)
@example(activity="a", learned="", hours=2.9961552247705265e306)  # overflowed round()
@example(activity="a", learned="", hours=10**400)
@example(activity="\x1b", learned="", hours=1)  # cleaned to nothing: required, so refused
@given(
    activity=nasty_text,
    learned=nasty_text,
    hours=st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(), st.text(max_size=12)),
)
def test_parse_cpd_round_trips_or_refuses(activity, learned, hours):
    raw = {"held_on": "2026-03-01", "hours": hours, "activity": activity, "learned": learned}
    try:
        parsed = parse_cpd(raw, today=date(2026, 3, 11))
    except ValidationError:
        return
    again = parse_cpd(cpd_to_dict(parsed), require_id=True)
    assert cpd_to_dict(again) == cpd_to_dict(parsed)
    assert parsed.activity.strip() and 1 <= parsed.minutes <= 30_000
