"""supervision log / questions / hours, meetings in the reflect/1 document, and BACP hour counting."""

from __future__ import annotations

import json
from datetime import UTC, date

import pytest

from reflect.domain.supervision import counted_minutes, hours_by_month, parse_meeting
from reflect.interview.asker import ScriptedAsker


def add_entry(
    cli, tmp_path, client="C-7F3K", when="2026-03-02T15:00:00+00:00", questions=("Why do I over-run?",), **fields
):
    answers = tmp_path / f"e{len(list(tmp_path.iterdir()))}.json"
    raw = {
        "client": client,
        "session_at": when,
        "feelings": {"protective": 3},
        "experiment": "End on time.",
        "supervision": [{"question": q, "eye": 4, "want": "counsel"} for q in questions],
        **fields,
    }
    answers.write_text(json.dumps(raw))
    result = cli("new", "--answers", str(answers))
    assert result.exit_code == 0, result.stderr
    return result.stdout.strip()


def questions(cli, status="all"):
    return json.loads(cli("supervision", "questions", "--status", status, "--json").stdout)


# --- hours ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "minutes,size,counted",
    [(60, None, 60), (90, 1, 90), (60, 2, 30), (90, 4, 45), (90, 5, 18), (120, 6, 20), (100, 8, 12.5)],
)
def test_bacp_counting(minutes, size, counted):
    assert counted_minutes(minutes, size) == counted


def test_hours_by_month_lists_gaps_and_totals():
    months, total = hours_by_month(
        [(date(2026, 1, 5), 60, None), (date(2026, 1, 19), 120, 4), (date(2026, 3, 2), 90, 6)]
    )
    assert [m.month for m in months] == ["2026-01", "2026-02", "2026-03"]
    jan, feb, mar = months
    assert (jan.meetings, jan.individual_minutes, jan.group_minutes, jan.counted_minutes) == (2, 60, 120, 120.0)
    assert jan.meets_bacp_minimum and not feb.meets_bacp_minimum and feb.meetings == 0
    assert mar.counted_minutes == 15.0 and not mar.meets_bacp_minimum
    assert (total.meetings, total.actual_minutes, total.counted_minutes) == (3, 270, 135.0)


def test_hours_command_json_and_csv(cli):
    cli("supervision", "log", "--minutes", "60", "--date", "2026-01-05")
    cli("supervision", "log", "--minutes", "120", "--group-size", "4", "--date", "2026-01-19")
    cli("supervision", "log", "--minutes", "90", "--group-size", "6", "--date", "2026-02-02")
    data = json.loads(cli("supervision", "hours", "--json").stdout)
    assert data["total"] == {
        "month": "total",
        "meetings": 3,
        "individual_minutes": 60,
        "group_minutes": 210,
        "actual_hours": 4.5,
        "counted_hours": 2.25,
        "meets_bacp_monthly_minimum": True,
    }
    assert [m["counted_hours"] for m in data["months"]] == [2.0, 0.25]
    assert cli("supervision", "hours", "--csv").stdout == (
        "month,meetings,individual_minutes,group_minutes,actual_hours,counted_hours,meets_bacp_monthly_minimum\n"
        "2026-01,2,60,120,3.0,2.0,True\n"
        "2026-02,1,0,90,1.5,0.25,False\n"
        "total,3,60,210,4.5,2.25,True\n"
    )
    table = cli("supervision", "hours").stdout
    assert "2026-01" in table and "2.00" in table and "✓" in table
    assert cli("supervision", "hours", "--json", "--csv").exit_code == 2


# --- log ------------------------------------------------------------------------------------------------------------


def test_log_updates_question_statuses_and_turns_actions_into_work(cli, tmp_path, journal):
    add_entry(cli, tmp_path, questions=("Why do I over-run?", "What does the ending stir?"))
    add_entry(cli, tmp_path, client="C-2QX9", questions=("Sleepiness?",))
    q1, q2, q3 = questions(cli)
    result = cli(
        "supervision",
        "log",
        "--minutes",
        "60",
        "--supervisor",
        "s-01",
        "--date",
        "2026-03-04",
        "--discussed",
        q1["id"][:8],
        "--resolved",
        q3["id"][:6],
        "--notes",
        "Endings again.",
        "--experiment",
        "C-7F3K: Name the ending five minutes ahead.",
        "--question",
        "c-2qx9: What do I do with my boredom?",
        "--action",
        "Read about deactivation.",
    )
    assert result.exit_code == 0, result.stderr
    assert "Logged 60 minutes of individual supervision on 2026-03-04 (60 counted minutes)" in result.stderr
    after = {q["id"]: q for q in questions(cli)}
    assert after[q1["id"]]["status"] == "discussed" and after[q1["id"]]["status_at"]
    assert after[q2["id"]]["status"] == "open"
    assert after[q3["id"]]["status"] == "resolved"
    new = [q for q in after.values() if q["question"] == "What do I do with my boredom?"]
    assert len(new) == 1 and new[0]["client"] == "C-2QX9" and new[0]["status"] == "open" and new[0]["age_days"] >= 0
    # The experiment is what the client's next entry will ask about.
    from datetime import datetime

    planned = journal.pending_supervision_experiment(
        "C-7F3K", datetime(2026, 3, 2, 15, tzinfo=UTC), datetime(2026, 3, 9, 15, tzinfo=UTC)
    )
    assert planned == "Name the ending five minutes ahead."
    (meeting,) = journal.meetings()
    assert meeting.supervisor == "S-01" and meeting.notes == "Endings again."
    assert [(a.kind, a.client) for a in meeting.actions] == [
        ("note", None),
        ("experiment", "C-7F3K"),
        ("question", "C-2QX9"),
    ]
    assert meeting.actions[2].ref == new[0]["id"]
    # The status change is part of the entry: its updated_at moved, so exports and imports carry it.
    shown = json.loads(cli("show", q1["entry_id"][:8], "--json").stdout)
    assert shown["updated_at"] > shown["created_at"]


def test_log_from_answers_file_json_and_toml(cli, tmp_path):
    add_entry(cli, tmp_path)
    (q,) = questions(cli)
    answers = tmp_path / "meeting.toml"
    answers.write_text(
        f'held_on = 2026-03-04\nminutes = 90\ngroup_size = 3\nsupervisor = "S-02"\n'
        f'resolved = ["{q["id"][:8]}"]\nactions = ["Bring the process recording."]\n'
    )
    result = cli("supervision", "log", "--answers", str(answers), "--json")
    assert result.exit_code == 0, result.stderr
    meeting = json.loads(result.stdout)
    assert (meeting["held_on"], meeting["minutes"], meeting["format"], meeting["group_size"]) == (
        "2026-03-04",
        90,
        "group",
        3,
    )
    assert meeting["questions"] == [{"id": q["id"], "outcome": "resolved"}]
    assert meeting["actions"][0] == {
        "kind": "note",
        "text": "Bring the process recording.",
        "client": None,
        "eye": None,
        "want": None,
        "ref": None,
    }
    as_json = tmp_path / "m.json"
    as_json.write_text(json.dumps({"held_on": "2026-03-05", "minutes": 50}))
    assert cli("supervision", "log", "--answers", str(as_json)).exit_code == 0
    assert json.loads(cli("supervision", "hours", "--json").stdout)["total"]["counted_hours"] == round(
        (45 + 50) / 60, 2
    )


@pytest.mark.parametrize(
    "args,message",
    [
        (["--group-size", "3"], "Error: --minutes is required when logging a meeting with flags.\n"),
        (
            ["--minutes", "60", "--discussed", "zz"],
            "Error: 'zz' is not a question id; `reflect supervision questions` lists them.\n",
        ),
        (["--minutes", "60", "--discussed", "abcdef12"], "Error: no supervision question with id abcdef12.\n"),
        (
            ["--minutes", "60", "--experiment", "no colon"],
            "Error: --experiment takes 'CODE: text', e.g. 'C-7F3K: end on time'.\n",
        ),
        (["--minutes", "60", "--date", "tomorrow"], None),
        (
            ["--minutes", "60", "--question", "C-ZZZZ: Why?"],
            "Error: there is no entry for C-ZZZZ yet to hold a supervision question.\n",
        ),
    ],
)
def test_log_bad_input_is_one_line_and_writes_nothing(cli, args, message):
    result = cli("supervision", "log", *args)
    assert result.exit_code in (1, 2)
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    if message:
        assert result.stderr == message
    assert json.loads(cli("supervision", "hours", "--json").stdout)["months"] == []


def test_log_without_a_terminal_does_not_hang(cli):
    result = cli("supervision", "log")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: reflect supervision log needs a terminal to ask questions; use --answers FILE "
        "(or - for stdin) instead.\n"
    )


def test_interactive_form_through_the_prompt_seam():
    from reflect.interview.meeting import ask_meeting

    open_questions = [
        {"id": "11111111-1111-1111-1111-111111111111", "client": "C-7F3K", "question": "Why?"},
        {"id": "22222222-2222-2222-2222-222222222222", "client": "C-2QX9", "question": "How?"},
    ]
    asker = ScriptedAsker(
        [
            "2026-03-04",
            "75",
            "group",
            "5",
            "S-01",
            [q["id"] for q in open_questions],
            [open_questions[1]["id"]],
            "Parallel process.",
            "experiment",
            "C-7F3K",
            "End on time.",
            "done",
        ]
    )
    raw = ask_meeting(asker, open_questions, date(2026, 3, 11))
    meeting = parse_meeting(raw, today=date(2026, 3, 11))
    assert (meeting.minutes, meeting.format, meeting.group_size, meeting.counted_minutes) == (75, "group", 5, 15.0)
    assert [(q.question_id[0], q.outcome) for q in meeting.questions] == [("1", "discussed"), ("2", "resolved")]
    assert [(a.kind, a.client, a.text) for a in meeting.actions] == [("experiment", "C-7F3K", "End on time.")]
    assert asker.answers == []


def test_an_action_points_client_code_is_checked_as_it_is_typed():
    from reflect.interview.asker import ScriptedAsker
    from reflect.interview.meeting import ask_meeting

    asker = ScriptedAsker(["2026-03-04", "60", "individual", "", "", "question", "Jane Smith"])
    with pytest.raises(AssertionError, match="rejected: Must be a client code of 2-16 letters"):
        ask_meeting(asker, [], date(2026, 3, 11))
    asker = ScriptedAsker(["2026-03-04", "60", "individual", "", "", "question", " c-7f3k ", "Why now?", "done"])
    assert ask_meeting(asker, [], date(2026, 3, 11))["actions"] == [
        {"kind": "question", "client": "C-7F3K", "text": "Why now?"}
    ]


def test_meeting_validation():
    from reflect.errors import ValidationError

    with pytest.raises(ValidationError, match="group_size' is required for group supervision"):
        parse_meeting({"held_on": "2026-03-04", "minutes": 60, "format": "group"})
    with pytest.raises(ValidationError, match="supervisor' must be a code"):
        parse_meeting({"held_on": "2026-03-04", "minutes": 60, "supervisor": "Dr Jane Smith"})
    with pytest.raises(ValidationError, match=r"actions\[0\].client' is required"):
        parse_meeting({"held_on": "2026-03-04", "minutes": 60, "actions": [{"kind": "experiment", "text": "x"}]})
    with pytest.raises(ValidationError, match="minutes' must be from 1 to 1440"):
        parse_meeting({"held_on": "2026-03-04", "minutes": 0})


# --- questions ------------------------------------------------------------------------------------------------------


def test_questions_listing(cli, tmp_path):
    add_entry(cli, tmp_path, when="2026-02-02T15:00:00+00:00")
    (q,) = questions(cli, "open")
    assert set(q) == {
        "id",
        "entry_id",
        "client",
        "session_number",
        "question",
        "eye",
        "want",
        "status",
        "status_at",
        "asked_at",
        "age_days",
    }
    assert (q["client"], q["eye"], q["want"], q["status"]) == ("C-7F3K", 4, "counsel", "open")
    table = cli("supervision", "questions").stdout
    assert q["id"][:8] in table and "C-7F3K" in table and "Why do I over-run?" in table
    assert questions(cli, "resolved") == []
    bad = cli("supervision", "questions", "--status", "closed")
    assert bad.exit_code == 2 and bad.stderr == "Error: --status must be open, discussed, resolved or all.\n"


def test_a_long_question_wraps_in_the_listing_and_is_never_cut(cli, tmp_path):
    long = (
        "When this client tells me the week was fine and then goes quiet, am I letting the silence do the work, "
        "or am I retreating into it with them because it spares us both?"
    )
    add_entry(cli, tmp_path, questions=[long])
    table = cli("supervision", "questions").stdout
    column = table.splitlines()[0].index("question")
    assert " ".join(line[column:].strip() for line in table.splitlines()[1:]) == long


# --- the reflect/1 document -----------------------------------------------------------------------------------------


def test_json_round_trip_with_meetings_is_lossless(cli, tmp_path, monkeypatch):
    add_entry(cli, tmp_path)
    add_entry(cli, tmp_path, client="C-2QX9", when="2026-03-03T10:00:00+00:00")
    (q, _) = questions(cli)
    cli(
        "supervision",
        "log",
        "--minutes",
        "60",
        "--date",
        "2026-03-04",
        "--resolved",
        q["id"],
        "--question",
        "C-2QX9: Boredom?",
        "--experiment",
        "C-7F3K: Stay.",
    )
    cli("supervision", "log", "--minutes", "120", "--group-size", "5", "--date", "2026-03-05", "--notes", "Group.")
    first = tmp_path / "first.json"
    assert cli("export", "-o", str(first)).exit_code == 0
    doc = json.loads(first.read_text())
    assert [m["minutes"] for m in doc["supervision_meetings"]] == [60, 120]

    monkeypatch.setenv("REFLECT_HOME", str(tmp_path / "other"))
    result = cli("import", str(first), "--json")
    assert result.exit_code == 0, result.stderr
    second = tmp_path / "second.json"
    cli("export", "-o", str(second))
    strip = lambda d: {k: v for k, v in d.items() if k != "exported_at"}  # noqa: E731
    assert strip(json.loads(second.read_text())) == strip(doc)
    # Importing again changes nothing.
    again = json.loads(cli("import", str(first), "--json").stdout)
    assert again["unchanged"] == 2
    assert again["supervision_meetings"] == {"added": 0, "updated": 0, "unchanged": 2, "conflicting": 0}
    cli("export", "-o", str(second))
    assert strip(json.loads(second.read_text())) == strip(doc)


def test_export_without_meetings_keeps_the_old_shape(cli, tmp_path):
    add_entry(cli, tmp_path)
    doc = json.loads(cli("export").stdout)
    assert set(doc) == {"format", "reflect_version", "exported_at", "redaction", "entries"}


def test_bad_meeting_in_a_document_imports_nothing(cli, tmp_path):
    add_entry(cli, tmp_path)
    doc = json.loads(cli("export").stdout)
    doc["supervision_meetings"] = [
        {"id": "4f0c3b1e-8d2a-4c6e-9b7a-2e5d1f3a6c80", "held_on": "2026-03-04", "minutes": -5}
    ]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc))
    cli("delete", doc["entries"][0]["id"], "--yes")
    result = cli("import", str(path))
    assert result.exit_code == 1
    assert result.stderr == "Error: supervision meeting 1: field 'minutes' must be from 1 to 1440\n"
    assert json.loads(cli("list", "--json").stdout) == []


def test_interactive_form_with_real_prompts(pt_input):
    """The same form driven through questionary itself (prompt_toolkit pipe input)."""
    from reflect.interview.asker import QuestionaryAsker
    from reflect.interview.meeting import ask_meeting

    enter, space = "\r", " "
    pt_input.send_text(enter + enter + enter + "S-01" + enter + space + enter + enter + enter + enter)
    question = {"id": "11111111-1111-1111-1111-111111111111", "client": "C-7F3K", "question": "Why?"}
    raw = ask_meeting(QuestionaryAsker(), [question], date(2026, 3, 11))
    assert raw == {
        "held_on": "2026-03-11",
        "minutes": 60,
        "supervisor": "S-01",
        "questions": [{"id": question["id"], "outcome": "discussed"}],
        "notes": None,
        "actions": [],
    }


def test_meeting_validator_only_ever_raises_validation_errors():
    """Whatever an answers file or an imported document holds, the answer is a Meeting or one clear error."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from reflect.errors import ValidationError

    scalars = st.one_of(st.none(), st.booleans(), st.integers(-5, 2000), st.text(max_size=12), st.floats())
    values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(["id", "outcome", "kind", "text", "client", "eye", "want", "ref"]), inner, max_size=4),
        max_leaves=8)  # fmt: skip
    fields = st.dictionaries(
        st.sampled_from(["id", "held_on", "minutes", "format", "group_size", "supervisor", "notes", "questions",
                         "actions", "created_at", "updated_at", "other"]),
        values, max_size=8,
    )  # fmt: skip

    @settings(max_examples=150, deadline=None)
    @given(fields)
    def check(raw):
        try:
            meeting = parse_meeting(raw, today=date(2026, 3, 11))
        except ValidationError as exc:
            assert "\n" not in exc.message
        else:
            assert 1 <= meeting.minutes <= 1440 and meeting.format in ("individual", "group")

    check()
