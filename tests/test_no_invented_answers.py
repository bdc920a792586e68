"""Nothing is saved that the clinician did not choose: filtered checklists, the same session twice."""

from __future__ import annotations

import json

from conftest import ENTER, SPACE
from reflect.interview.asker import Choice, QuestionaryAsker

BACKSPACE = "\x7f"
CHOICES = [Choice("warm", "warm  warm"), Choice("bored", "bored  disengaged")]


def test_space_ticks_nothing_while_the_filter_matches_nothing(pt_input) -> None:
    pt_input.send_text("zzz" + SPACE + ENTER)
    assert QuestionaryAsker().checkbox("Feelings?", CHOICES, search=True) == []


def test_space_ticks_again_once_the_filter_matches(pt_input) -> None:
    pt_input.send_text("bx" + SPACE + BACKSPACE + SPACE + ENTER)
    assert QuestionaryAsker().checkbox("Feelings?", CHOICES, search=True) == ["bored"]


def test_the_prompt_says_when_the_filter_matches_nothing() -> None:
    import questionary
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from reflect.interview.checklist_filter import NO_MATCH, _control, guard_unmatched_filter

    with create_pipe_input() as inp:
        question = questionary.checkbox("Feelings?", choices=["warm", "bored"], use_search_filter=True,
                                        use_jk_keys=False, input=inp, output=DummyOutput())  # fmt: skip
        guard_unmatched_filter(question)
        control = _control(question)
        control.search_filter = "zzz"
        assert control.get_search_string_tokens()[-1] == ("class:search_none", NO_MATCH)
        control.search_filter = "bo"
        assert NO_MATCH not in str(control.get_search_string_tokens())


def test_answers_file_refuses_a_second_entry_for_the_same_session(cli) -> None:
    entry = json.dumps({"client": "C-7F3K", "session_at": "2026-03-10 15:00", "observed": "Came late."})
    first = cli("new", "--answers", "-", input=entry)
    assert first.exit_code == 0
    again = cli("new", "--answers", "-", input=entry)
    assert again.exit_code == 1
    assert again.stderr == (
        f"Error: entry {first.stdout.strip()[:8]} is already written for C-7F3K at this session time; "
        "--same-session saves a second one.\n"
    )
    assert "Came late" not in again.stderr
    forced = cli("new", "--answers", "-", "--same-session", input=entry)
    assert forced.exit_code == 0
    assert len(json.loads(cli("list", "--json").stdout)) == 2


def test_the_interview_asks_before_a_second_entry_for_the_same_session(cli, pt_input, monkeypatch) -> None:
    monkeypatch.setattr("reflect.commands.interview_cmds.require_terminal", lambda what: None)
    cli("new", "--answers", "-", input=json.dumps({"client": "C-7F3K", "session_at": "2026-03-10 15:00"}))
    # --date names the same session: asked, answered No, then the time is asked and a different one given.
    keys = [ENTER, "\x15" + "2026-03-11 15:00" + ENTER] + [ENTER] * 3  # No; new time; events, observed, ...
    pt_input.send_text("".join(keys) + ENTER * 20)
    result = cli("new", "--pack", "quick", "--client", "C-7F3K", "--date", "2026-03-10 15:00")
    assert result.exit_code == 0, result.stderr
    times = sorted(e["session_at"][:16] for e in json.loads(cli("list", "--json").stdout))
    assert [t[:10] for t in times] == ["2026-03-10", "2026-03-11"]
