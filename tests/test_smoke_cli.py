import json


def test_help_lists_commands(cli):
    result = cli("--help")
    assert result.exit_code == 0
    for command in ("new", "list", "show", "edit", "delete", "clients", "export", "import", "demo", "info", "prompts"):
        assert command in result.stdout


def test_answers_file_round_trip(cli, tmp_path):
    answers = tmp_path / "a.json"
    answers.write_text(
        json.dumps(
            {
                "client": "c-7f3k",
                "session_at": "2026-03-10T15:00:00+00:00",
                "feelings": {"protective": 3},
                "urges": [{"urge": "reassure", "enacted": True}],
                "observed": "Arrived early.",
            }
        )
    )
    result = cli("new", "--answers", str(answers))
    assert result.exit_code == 0, result.stderr
    entry_id = result.stdout.strip()
    shown = json.loads(cli("show", entry_id[:8], "--json").stdout)
    assert shown["client"] == "C-7F3K"
    assert shown["feelings"] == {"protective": 3}
    assert shown["session_number"] == 1


def test_bad_answers_file_is_one_line_error(cli, tmp_path):
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps({"client": "C-7F3K", "feelings": {"protective": 9}}))
    result = cli("new", "--answers", str(answers))
    assert result.exit_code == 1
    assert result.stderr == "Error: field 'feelings.protective' must be from 1 to 4\n"
    assert cli("list", "--json").stdout.strip() == "[]"
