"""Every command through Typer's CliRunner: whole outputs, exit codes, stdout for data and stderr for messages."""

from __future__ import annotations

import json

import pytest

from conftest import CTRL_C, DOWN, ENTER, SPACE


@pytest.fixture
def filled(cli, tmp_path, demo_entries):
    from reflect.io.transfer import write_json_document

    doc = tmp_path / "demo.json"
    with doc.open("w") as fh:
        write_json_document(demo_entries, fh)
    result = cli("import", str(doc))
    assert result.exit_code == 0, result.stderr
    return demo_entries


def test_empty_journal_messages(cli):
    assert cli("list").stderr == "No entries yet: `reflect new` writes one.\n"
    assert cli("clients").stderr == "No clients yet: `reflect new` creates one.\n"
    assert cli("drafts").stderr == "No drafts.\n"
    assert cli("list", "--json").stdout == "[]\n"


def test_list_table_and_json(cli, filled):
    result = cli("list", "--limit", "3")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["id", "when", "client", "#", "int", "feelings", "/", "pulls"]
    newest = sorted(filled, key=lambda e: e.session_at, reverse=True)[:3]
    rows = [line for line in lines[1:] if not line.startswith(" ")]  # feelings and pulls wrap under themselves
    assert [line.split()[0] for line in rows] == [e.id[:8] for e in newest]
    assert "…" not in result.stdout and "special/over-involved" in result.stdout  # labels in full, never slugs
    assert result.stderr == "3 of 52 entries; --limit shows more.\n"
    data = json.loads(cli("list", "--client", "c-2qx9", "--json", "-n", "100").stdout)
    assert len(data) == 13 and {d["client"] for d in data} == {"C-2QX9"}


def test_list_filters_validate(cli):
    result = cli("list", "--since", "next fortnight")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: --since: ")
    assert cli("list", "--since", "2026-03-01", "--until", "2026-02-01").stderr == "Error: --since is after --until.\n"
    assert cli("list", "--client", "Jane Smith").exit_code == 1


def test_show_views(cli, filled):
    entry = next(e for e in filled if e.ruptures and e.supervision)
    text = cli("show", entry.id[:8]).stdout
    for heading in ("DESCRIBE", "FEEL", "MAKE SENSE", "PLAN"):
        assert heading in text
    assert f"{entry.client} · session {entry.session_number}" in text
    assert "Rupture 1:" in text and "For supervision:" in text
    data = json.loads(cli("show", entry.id, "--json").stdout)
    assert data["id"] == entry.id
    markdown = cli("show", entry.id[:8], "--markdown").stdout
    assert markdown.startswith(f"# {entry.client}, session {entry.session_number}: ")


def test_show_unknown_id(cli, filled):
    result = cli("show", "ffffffff")
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", "Error: no entry with id ffffffff.\n")


def test_delete_needs_yes_without_terminal(cli, filled):
    entry = filled[0]
    result = cli("delete", entry.id[:8])
    assert result.exit_code == 2
    assert result.stderr == "Error: delete asks for confirmation; use --yes when there is no terminal.\n"
    result = cli("delete", entry.id[:8], "--yes")
    assert result.stderr == f"Deleted entry {entry.id[:8]}.\n"
    assert cli("show", entry.id).exit_code == 1


def test_clients(cli, filled):
    lines = cli("clients").stdout.splitlines()
    assert lines[0].split() == ["client", "sessions", "first", "last", "closed"]
    assert sorted(line.split()[0] for line in lines[1:]) == ["C-2QX9", "C-4HMW", "C-7F3K", "C-9JD2"]
    data = json.loads(cli("clients", "--json").stdout)
    assert {d["client"]: d["sessions"] for d in data} == {"C-7F3K": 13, "C-2QX9": 13, "C-9JD2": 13, "C-4HMW": 13}


def test_export_import_round_trip(cli, filled, tmp_path, journal_home):
    out = tmp_path / "export.json"
    result = cli("export", "--format", "json", "-o", str(out))
    assert result.exit_code == 0
    assert result.stderr.startswith(f"Exported 52 entries to {out}.")
    assert out.stat().st_mode & 0o777 == 0o600
    doc = json.loads(out.read_text())
    assert doc["format"] == "reflect/1" and len(doc["entries"]) == 52
    # Into a fresh journal and back out: identical entries.
    other = tmp_path / "other"
    result = cli("--home", str(other), "import", str(out), "--json")
    assert json.loads(result.stdout) == {"added": 52, "updated": 0, "unchanged": 0, "conflicting": 0}
    again = json.loads(cli("--home", str(other), "export").stdout)
    assert again["entries"] == doc["entries"]
    # Idempotent.
    result = cli("--home", str(other), "import", str(out))
    assert result.stderr == "Imported: 0 added, 0 updated, 52 unchanged, 0 conflicting (kept yours).\n"


def test_import_rejects_a_bad_record_whole(cli, filled, tmp_path):
    doc = json.loads(cli("export").stdout)
    doc["entries"][7]["feelings"] = {"protective": 7}
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc))
    result = cli("--home", str(tmp_path / "fresh"), "import", str(bad))
    assert result.exit_code == 1
    assert result.stderr == "Error: entry 8: field 'feelings.protective' must be from 1 to 4\n"
    assert json.loads(cli("--home", str(tmp_path / "fresh"), "list", "--json").stdout) == []


@pytest.mark.parametrize(
    ("content", "error"),
    [
        ("not json", "Error: the file is not valid JSON (line 1: expected '{' but found 'n').\n"),
        ('{"format": "other/2", "entries": []}', "Error: this is not a reflect/1 document (format is 'other/2').\n"),
        ('{"entries": []}', 'Error: the document has no "format": "reflect/1" member.\n'),
        ('{"format": "reflect/1", "entries": [1]}', "Error: entry 1: field 'entry' must be an object, not a number\n"),
        (
            '{"format": "reflect/1",\n "entries": [{"id": ',
            "Error: the file is not valid JSON (line 2: invalid JSON (Expecting value)).\n",
        ),
        ('{"format": "reflect/1", "entries": [{}]}', "Error: entry 1: field 'id' is required\n"),
    ],
)
def test_import_errors(cli, tmp_path, content, error):
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    result = cli("import", str(bad))
    assert (result.exit_code, result.stderr) == (1, error)


def test_import_missing_file(cli):
    assert cli("import", "/nonexistent.json").stderr == "Error: no such file: /nonexistent.json\n"


def test_new_from_stdin_toml(cli):
    toml = 'client = "C-7F3K"\nsession_at = "yesterday 15:00"\nobserved = "Quiet."\npulls = ["disengaged"]\n'
    result = cli("new", "--answers", "-", input=toml)
    assert result.exit_code == 0, result.stderr
    entry_id = result.stdout.strip()
    assert result.stderr == f"Saved entry {entry_id[:8]} for C-7F3K, session 1.\n"
    assert json.loads(cli("show", entry_id, "--json").stdout)["pulls"] == ["disengaged"]


def test_new_options_fill_the_answers(cli, tmp_path):
    path = tmp_path / "a.json"
    path.write_text('{"observed": "Late again."}')
    result = cli("new", "--answers", str(path), "--client", "C-2QX9", "--date", "3 days ago", "--pack", "quick")
    assert result.exit_code == 0, result.stderr
    data = json.loads(cli("show", result.stdout.strip(), "--json").stdout)
    assert (data["client"], data["pack"]) == ("C-2QX9", "quick")


def test_new_without_terminal_never_hangs(cli):
    result = cli("new")
    assert result.exit_code == 2
    assert result.stderr == ("Error: reflect new needs a terminal to ask questions; use --answers FILE "
                             "(or - for stdin) instead.\n")  # fmt: skip


def test_new_answers_errors(cli, tmp_path):
    path = tmp_path / "a.json"
    path.write_text('{"client": "C-7F3K", "created_at": "2026-01-01T00:00:00+00:00"}')
    assert cli("new", "--answers", str(path)).stderr == (
        "Error: field 'created_at' is set by reflect; leave it out of an answers file.\n"
    )
    path.write_text("[1, 2]")
    assert cli("new", "--answers", str(path)).stderr == f"Error: {path}: must hold one entry (an object of fields).\n"
    path.write_text("{oops")
    assert cli("new", "--answers", str(path)).stderr.startswith(f"Error: {path}: not valid JSON (line 1: ")
    assert cli("new", "--date", "tomorrow", "--answers", str(path)).stderr.startswith("Error: --date: ")


def test_info(cli, filled, journal_home):
    data = json.loads(cli("info", "--json").stdout)
    assert data["home"] == str(journal_home)
    assert data["entries"] == 52 and data["clients"] == 4 and data["schema"].startswith("m")
    assert data["encrypted"] is False and data["latest_backup"] is None
    lines = cli("info").stdout.splitlines()
    assert [line.split("  ")[0] for line in lines] == [
        "reflect version", "home", "journal", "schema", "encrypted", "entries", "clients", "drafts",
        "open supervision questions", "size bytes", "latest backup"]  # fmt: skip
    assert lines[4].endswith("  no") and lines[5].endswith("  52")
    assert lines[-1].endswith("  none yet (`reflect backup`)")
    cli("backup")
    assert json.loads(cli("info", "--json").stdout)["latest_backup"].endswith(".db")


def test_prompts_commands(cli, tmp_path):
    listing = cli("prompts", "list").stdout
    for name in ("standard", "quick", "deep", "rupture"):
        assert name in listing
    shown = cli("prompts", "show", "quick").stdout
    assert shown.startswith("Quick reflection (quick)\n")
    assert "DESCRIBE" in shown and "PLAN" in shown
    data = json.loads(cli("prompts", "show", "standard", "--json").stdout)
    assert data["questions"][0]["id"] == "events"
    good = tmp_path / "mine.toml"
    good.write_text('name = "mine"\n[[question]]\nid = "observed"\nfield = "observed"\nask = "What happened?"\n')
    assert cli("prompts", "validate", str(good)).stderr == f"{good}: ok, pack 'mine' with 1 questions.\n"
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "bad"\n[[question]]\nid = "x"\nfield = "mood"\nask = "?"\n')
    result = cli("prompts", "validate", str(bad))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {bad}, line 2, question 1 ('x'): unknown field 'mood'")
    assert cli("prompts", "show", "nope").stderr.startswith("Error: no prompt pack called 'nope'; available: deep, ")
    assert "pull" in json.loads(cli("prompts", "vocabulary", "--json").stdout)


def test_drafts_listing_and_discard(cli, journal):
    draft = journal.new_draft("quick", client="C-7F3K", state={"done": ["client", "session_at"]})
    listing = cli("drafts").stdout
    assert draft.id[:8] in listing and "C-7F3K" in listing
    data = json.loads(cli("drafts", "--json").stdout)
    assert data[0]["answered"] == 2 and data[0]["edits_entry"] is None
    assert cli("drafts", "--discard", draft.id[:6]).stderr == f"Discarded draft {draft.id[:8]}.\n"
    assert journal.drafts() == []


def test_demo_writes_its_own_folder(cli, tmp_path, journal_home):
    folder = tmp_path / "demo"
    result = cli("demo", "--dir", str(folder))
    assert result.exit_code == 0, result.stderr
    assert (folder / "journal.db").exists()
    assert not (journal_home / "journal.db").exists()  # never the user's journal
    assert "C-7F3K" in result.stdout
    # Running it again replaces the demo; a real journal there is refused.
    assert cli("demo", "--dir", str(folder), "--quiet").exit_code == 0
    assert cli("demo", "--dir", str(journal_home.parent / "elsewhere"), "--quiet", "--entries", "10").exit_code == 0
    real = tmp_path / "real"
    cli("--home", str(real), "new", "--answers", "-", input='client = "C-7F3K"')
    result = cli("demo", "--dir", str(real))
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: {real} holds a journal that is not a demo; choose another --dir.\n",
    )


def test_demo_client_codes_pass_the_identifier_guard():
    """A 100,000-entry demo has 2,000 clients; every generated code must be one the journal accepts."""
    from reflect.domain.client_codes import client_code_problem
    from reflect.flows.demo import _code

    codes = [_code(i) for i in range(2000)]
    assert [c for c in codes if client_code_problem(c)] == []
    assert len(set(codes)) == len(codes)


def test_demo_questions_carry_their_eye_and_never_repeat_for_a_client():
    """Each demo question has the eye of the seven-eyed model it concerns (own process: eye 4), and no client's
    question comes up twice, in a small demo or a large one."""
    from collections import Counter
    from datetime import UTC, datetime

    from reflect.flows.demo import ARCHETYPES, generate

    eye_of = {q: eye for a in ARCHETYPES for q, eye in a.questions}
    assert "What is the fear I carry out of these sessions, and whose is it?" in eye_of
    assert eye_of["My sleepiness with this client: defence, information, or both?"] == 4
    for n in (52, 600):
        entries = list(generate(n, seed=7, end=datetime(2026, 3, 11, 17, tzinfo=UTC)))
        asked = [(e.client, q.question, q.eye) for e in entries for q in e.supervision]
        assert asked and all(eye == eye_of[question] for _, question, eye in asked)
        assert [k for k, c in Counter((client, question) for client, question, _ in asked).items() if c > 1] == []


def test_version_and_help_for_every_command(cli):
    import typer

    from reflect.cli import app

    assert cli("--version").stdout.startswith("reflect ")
    command = typer.main.get_command(app)
    for name, sub in command.commands.items():  # type: ignore[attr-defined]
        assert sub.help, f"{name} has no help text"
        assert cli(name, "--help").exit_code == 0


def test_every_commands_summary_is_one_line_of_its_docstring():
    """Typer's rich help keeps a line break inside the first paragraph: the command list would break mid-sentence."""
    import inspect

    import typer

    from reflect._typer import resolve
    from reflect.cli import COMMANDS

    callbacks = {}
    for name, spec in COMMANDS.items():
        target = resolve(spec)
        if isinstance(target, typer.Typer):
            for command in target.registered_commands:
                callbacks[f"{name} {command.name or command.callback.__name__}"] = command.callback
        else:
            callbacks[name] = target
    broken = [name for name, f in callbacks.items() if "\n" in (inspect.getdoc(f) or "").split("\n\n")[0]]
    assert broken == []


def test_help_names_value_types_plainly_and_gives_flags_none(cli):
    """Typer 0.29 would show `<str>` for a value and `<bool>` for a flag that takes none."""
    text = cli("list", "--help", env={"COLUMNS": "100"}).stdout
    rows = {line.split()[1]: line for line in text.splitlines() if line.startswith("│ --")}
    assert rows["--client"].split()[3:5] == ["CODE", "Only"]  # what the value is, not its Python type
    assert rows["--since"].split()[2:4] == ["DATE", "From"]
    assert rows["--limit"].split()[3:5] == ["INTEGER", "Show"]
    assert rows["--flagged"].split()[2:4] == ["Only", "entries"]  # no type between the flag and its help
    assert "<" not in text
    argument = cli("import", "--help", env={"COLUMNS": "100"}).stdout
    assert "│ *    file      TEXT  The file to import" in argument and "<str>" not in argument


def test_a_checkbox_with_several_ticks_reads_back_what_was_ticked(pt_input, capsys):
    """questionary's own echo is only "done (2 selections)"; the short labels follow it."""
    from reflect.interview.asker import Choice, QuestionaryAsker

    choices = [Choice("bored", "bored           disengaged", short="bored"), Choice("angry", "angry           angry"),
               Choice("sleepy", "sleepy          disengaged", short="sleepy")]  # fmt: skip
    pt_input.send_text(SPACE + DOWN + DOWN + SPACE + ENTER)
    assert QuestionaryAsker().checkbox("What did you feel?", choices) == ["bored", "sleepy"]
    assert capsys.readouterr().err == "  bored, sleepy\n"


def test_show_words_a_packs_own_questions_as_asked(cli, tmp_path):
    from conftest import write_json

    answers = write_json(tmp_path / "a.json", {
        "client": "C-7F3K", "session_at": "2026-03-10 12:00", "pack": "deep",
        "answers": {"aim": "To stay with her.", "gone": "An answer from a question no longer in the pack."},
    })  # fmt: skip
    entry_id = cli("new", "--answers", str(answers)).stdout.strip()
    shown = cli("show", entry_id).stdout.split("\n")
    other = shown.index("OTHER ANSWERS")
    assert shown[other + 1 : other + 4] == [
        "What were you trying to achieve at that point, and what came of it?",
        "  To stay with her.",  # after a long question, its answer starts under it
        "gone: An answer from a question no longer in the pack.",
    ]
    markdown = cli("show", entry_id, "--markdown").stdout
    assert "- **What were you trying to achieve at that point, and what came of it?** To stay with her.\n" in markdown
    assert "- **gone:** An answer from a question no longer in the pack.\n" in markdown
    exported = cli("export", "-f", "md").stdout  # redacted: an answer its pack no longer knows counts as private
    assert "- **What were you trying to achieve at that point, and what came of it?** To stay with her.\n" in exported
    assert "gone" not in exported


def test_interview_through_real_prompts(cli, pt_input, monkeypatch):
    """`reflect new` with real questionary prompts, keys fed through prompt_toolkit's pipe input."""
    monkeypatch.setattr("reflect.commands.interview_cmds.require_terminal", lambda what: None)
    monkeypatch.setattr("reflect.flows.writing.require_terminal", lambda what: None)  # edit asks it there
    keys = [
        ENTER,  # events: 'first session' is pre-ticked for a new client
        "Arrived early." + ENTER,  # observed
        "protec" + SPACE + ENTER,  # feelings: filter, tick 'protective'
        DOWN * 3 + ENTER,  # rating: from "skip" down to 3
        SPACE + ENTER,  # urges: reassure
        SPACE + ENTER,  # acted on it
        ENTER,  # so what? (skipped)
        "End on time." + ENTER,  # experiment
        ENTER,  # no supervision question
        ENTER,  # save: yes
    ]
    pt_input.send_text("".join(keys))
    result = cli("new", "--pack", "quick", "--client", "C-7F3K", "--date", "2026-03-10 15:00")
    assert result.exit_code == 0, result.stderr
    entry_id = result.stdout.strip()
    data = json.loads(cli("show", entry_id, "--json").stdout)
    assert data["events"] == ["first-session"]
    assert data["observed"] == "Arrived early."
    assert data["feelings"] == {"protective": 3}
    assert data["urges"] == [{"urge": "reassure", "enacted": True}]
    assert data["experiment"] == "End on time."
    summary = result.stderr.split("This is what will be saved:\n", 1)[1].split("Saved entry", 1)[0]
    assert summary == (  # what is saved, labelled as `reflect show` labels it
        f"C-7F3K · session 1 · Tue 10 Mar 2026 15:00   {entry_id}\nindividual · pack quick\n\n"
        "DESCRIBE\nEvents: First session\nObserved: Arrived early.\n\n"
        "FEEL\nFeelings: protective ●●●○\nUrges: Reassure (acted on)\n\n"
        "PLAN\nNext session I will try: End on time.\n"
    )


def test_ctrl_c_in_real_prompts_keeps_a_draft(cli, pt_input, monkeypatch):
    monkeypatch.setattr("reflect.commands.interview_cmds.require_terminal", lambda what: None)
    monkeypatch.setattr("reflect.flows.writing.require_terminal", lambda what: None)  # edit asks it there
    pt_input.send_text(ENTER + "Arrived early." + ENTER + CTRL_C)
    result = cli("new", "--pack", "quick", "--client", "C-7F3K", "--date", "2026-03-10 15:00")
    assert result.exit_code == 130
    assert "Interrupted. Anything you had answered is kept as a draft: `reflect resume`." in result.stderr
    draft = json.loads(cli("drafts", "--json").stdout)[0]
    assert draft["client"] == "C-7F3K" and draft["answered"] == 5  # client, date, follow-up, events, observed


def test_edit_through_real_prompts_keeps_what_is_not_changed(cli, pt_input, monkeypatch):
    monkeypatch.setattr("reflect.commands.interview_cmds.require_terminal", lambda what: None)
    monkeypatch.setattr("reflect.flows.writing.require_terminal", lambda what: None)  # edit asks it there
    created = cli("new", "--answers", "-", input=json.dumps({
        "client": "C-7F3K", "session_at": "2026-03-10T15:00:00+00:00", "pack": "quick", "observed": "Arrived early.",
        "feelings": {"worried": 2}, "urges": [{"urge": "reassure", "enacted": False}], "pulls": ["parental-protective"],
        "supervision": [{"question": "Endings?", "eye": 4, "want": "consult"}],
    }))  # fmt: skip
    entry_id = created.stdout.strip()
    before = json.loads(cli("show", entry_id, "--json").stdout)
    keys = [
        ENTER,  # client: the current one
        ENTER,  # date: unchanged
        ENTER,  # events
        "\x15Arrived early and sat by the door." + ENTER,  # observed: Ctrl-U clears, then new text
        ENTER,
        DOWN + DOWN + ENTER,  # feelings kept; 'worried' from 2 to 4
        ENTER,
        ENTER,  # urges kept, none acted on
        ENTER,  # so what? (none)
        ENTER,  # experiment (none)
        ENTER,
        ENTER,
        ENTER,  # the supervision question, eye, help wanted: unchanged
        ENTER,  # no further question
        ENTER,  # save
    ]
    pt_input.send_text("".join(keys))
    result = cli("edit", entry_id[:8])
    assert result.exit_code == 0, result.stderr
    after = json.loads(cli("show", entry_id, "--json").stdout)
    assert after["observed"] == "Arrived early and sat by the door."
    assert after["feelings"] == {"worried": 4}
    assert after["updated_at"] > before["updated_at"]
    for key in ("id", "client", "session_at", "session_number", "pulls", "supervision", "created_at", "pack"):
        assert after[key] == before[key], key
    assert json.loads(cli("drafts", "--json").stdout) == []


def test_resume_finishes_an_interrupted_entry(cli, pt_input, monkeypatch):
    monkeypatch.setattr("reflect.commands.interview_cmds.require_terminal", lambda what: None)
    monkeypatch.setattr("reflect.flows.writing.require_terminal", lambda what: None)  # edit asks it there
    assert cli("resume").stderr == "Error: there is no draft to resume. `reflect new` starts an entry.\n"
    pt_input.send_text(ENTER + "Arrived early." + ENTER + CTRL_C)
    assert cli("new", "--pack", "quick", "--client", "C-7F3K", "--date", "2026-03-10 15:00").exit_code == 130
    # Resume: the next question is the feelings list; the earlier answers are not asked again.
    # no feelings, no urges, no experiment/question, save
    pt_input.send_text(ENTER + ENTER + "" + ENTER + ENTER + ENTER + ENTER)
    result = cli("resume")
    assert result.exit_code == 0, result.stderr
    # Before going on: the draft's client and session, then every answer kept, in words (never slugs).
    shown = result.stderr.splitlines()
    start = next(i for i, line in enumerate(shown) if line.startswith("Resuming draft "))
    heading = " ".join(" ".join(shown[start : start + 2]).split())  # it may wrap, at the terminal's width
    assert " · C-7F3K · session Tue 10 Mar 2026 15:00 · Quick reflection · last saved " in heading
    kept = shown.index("Kept so far (2 of 7 questions):")
    assert shown[kept + 1 : kept + 4] == ["Events: First session", "Observed: Arrived early.",
                                          "Carrying on from the next question."]  # fmt: skip
    data = json.loads(cli("show", result.stdout.strip(), "--json").stdout)
    assert (data["observed"], data["events"], data["pack"]) == ("Arrived early.", ["first-session"], "quick")
    assert json.loads(cli("drafts", "--json").stdout) == []
