"""The first question drawn before prompt_toolkit loads (interview/early_frame.py) is the frame prompt_toolkit then
draws over it: the same characters, colours, attributes and cursor, for every question the asker can ask first, at
every colour depth drawn early, on terminals of any size (the screens compared through a VT100 emulator)."""

from __future__ import annotations

import io
import string
import sys
from typing import Any

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from reflect.interview import asker as asker_module
from reflect.interview import early_frame
from reflect.interview.asker import Choice, QuestionaryAsker

pyte = pytest.importorskip("pyte")

ASCII = st.text(alphabet=string.printable[:95], min_size=1, max_size=50)  # printable ASCII, space included
DEPTHS = {1: "DEPTH_1_BIT", 8: "DEPTH_8_BIT", 24: "DEPTH_24_BIT"}


def screen(data: str, size: tuple[int, int], start_row: int = 0) -> tuple[Any, ...]:
    """What a terminal of `size` shows after `data`, written from `start_row` (the lines above filled first, so
    a frame near the bottom scrolls): every cell's character, colour and attributes, and the cursor."""
    columns, rows = size
    terminal = pyte.Screen(columns, rows)
    pyte.Stream(terminal).feed("".join(f"line {i}\r\n" for i in range(start_row)) + data)
    cells = tuple(
        (c.data, c.fg, c.bg, c.bold, c.italics, c.reverse)
        for c in (terminal.buffer[y][x] for y in range(rows) for x in range(columns))
    )
    return cells, terminal.cursor.x, terminal.cursor.y, terminal.cursor.hidden


def both_frames(ask, size: tuple[int, int], depth: int, monkeypatch) -> tuple[str | None, str]:
    """(the early frame the asker would draw for the question `ask` puts, prompt_toolkit's first render of it)."""
    import questionary
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.data_structures import Size
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output.color_depth import ColorDepth
    from prompt_toolkit.output.vt100 import Vt100_Output

    early: list[Any] = []

    def draw(frame_for_size):
        early.append(frame_for_size(size))
        return None  # nothing drawn: the question goes on to prompt_toolkit, whose render is captured

    monkeypatch.setattr(asker_module, "prompts_loaded", lambda: False)
    monkeypatch.setattr(early_frame, "draw", draw)
    written = io.StringIO()
    first: list[str] = []
    original = questionary.Question.unsafe_ask

    def first_render_only(question, *args, **kwargs):
        app = question.application

        def after(_):
            if not first:
                first.append(written.getvalue())
                app.exit(result=None)

        app.after_render += after
        return original(question, *args, **kwargs)

    monkeypatch.setattr(questionary.Question, "unsafe_ask", first_render_only)
    columns, rows = size
    output = Vt100_Output(written, lambda: Size(rows=rows, columns=columns), term="xterm-256color",
                          default_color_depth=ColorDepth(DEPTHS[depth]), enable_cpr=False)  # fmt: skip
    with create_pipe_input() as keys, create_app_session(input=keys, output=output):
        ask(QuestionaryAsker())
    (frame,) = early
    return (None if frame is None else early_frame.encode(frame, depth)), first[0]


def client_question(codes: list[str]):
    choices = [Choice("__new__", "+ A new client (I'll suggest a code)"), *(Choice(c, c) for c in codes)]
    return lambda asker: asker.select("Which client?", choices, default=codes[0], search=True)


RESUME = [Choice(None, "Start a new entry (keep the drafts)"),
          Choice("d1", "Resume the draft for C-7F3K from Sat 16:32 (3 answered)")]  # fmt: skip
FIRST_QUESTIONS = {
    "which client": client_question([f"C-{i:04d}" for i in range(30)]),
    "resume": lambda asker: asker.select("You have an unfinished entry. Resume it?", RESUME, default="d1"),
    "new client code": lambda asker: asker.text("Code for the new client:", default="C-7F3K", validate=lambda v: None),
}


@pytest.mark.parametrize("depth", DEPTHS)
@pytest.mark.parametrize("size", [(80, 24), (120, 40), (100, 12), (70, 5)])
@pytest.mark.parametrize("question", FIRST_QUESTIONS)
def test_each_first_question_is_drawn_as_prompt_toolkit_draws_it(question, size, depth, monkeypatch) -> None:
    early, real = both_frames(FIRST_QUESTIONS[question], size, depth, monkeypatch)
    assert early is not None
    for start_row in (0, size[1] - 1):  # at the top, and at the bottom of the screen, where drawing scrolls
        assert screen(early, size, start_row) == screen(real, size, start_row)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    message=ASCII,
    labels=st.lists(ASCII, min_size=1, max_size=30, unique=True),
    default=st.integers(min_value=-1, max_value=40),
    search=st.booleans(),
    columns=st.integers(min_value=20, max_value=160),
    rows=st.integers(min_value=2, max_value=45),
    depth=st.sampled_from(list(DEPTHS)),
)
def test_any_select_drawn_early_is_prompt_toolkits_frame(message, labels, default, search, columns, rows, depth,
                                                          monkeypatch) -> None:  # fmt: skip
    choices = [Choice(i, label) for i, label in enumerate(labels)]
    early, real = both_frames(lambda a: a.select(message, choices, default=default, search=search), (columns, rows),
                              depth, monkeypatch)  # fmt: skip
    event("drawn early" if early else "left to prompt_toolkit")  # too narrow, pointer out of view
    if early is not None:
        assert screen(early, (columns, rows)) == screen(real, (columns, rows))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@example(message="0", default=" ", columns=20, depth=1)  # a default of spaces is written whole
@given(message=ASCII, default=st.one_of(st.just(""), ASCII), columns=st.integers(min_value=20, max_value=160),
       depth=st.sampled_from(list(DEPTHS)))  # fmt: skip
def test_any_text_question_drawn_early_is_prompt_toolkits_frame(message, default, columns, depth, monkeypatch) -> None:
    ask = lambda a: a.text(message, default=default, validate=lambda v: None)  # noqa: E731
    early, real = both_frames(ask, (columns, 10), depth, monkeypatch)
    event("drawn early" if early else "left to prompt_toolkit")
    if early is not None:
        assert screen(early, (columns, 10)) == screen(real, (columns, 10))


def test_frames_not_drawn_exactly_are_not_drawn() -> None:
    labels = ["+ A new client", "C-7F3K", "C-PACL5"]
    assert early_frame.select_frame("Which client?", labels, 1, selected=1, instruction="(x)", size=(80, 24))
    assert early_frame.select_frame("Which client?", labels, 1, selected=1, instruction="(x)", size=(18, 24)) is None
    assert early_frame.select_frame("Which client?", labels, 2, selected=2, instruction="(x)", size=(80, 3)) is None
    assert early_frame.select_frame("Quel client ?", ["Séverine"], 0, selected=0, instruction="", size=(80, 24)) is None
    assert early_frame.text_frame("Code:", "C-\u00e9", size=(80, 24)) is None


@pytest.mark.parametrize(
    ("env", "depth"),
    [({}, 8), ({"NO_COLOR": "1"}, 1), ({"NO_COLOR": ""}, 8), ({"PROMPT_TOOLKIT_COLOR_DEPTH": "DEPTH_24_BIT"}, 24),
     ({"PROMPT_TOOLKIT_COLOR_DEPTH": "DEPTH_1_BIT"}, 1), ({"PROMPT_TOOLKIT_COLOR_DEPTH": "DEPTH_4_BIT"}, None),
     ({"PROMPT_TOOLKIT_COLOR_DEPTH": "bogus"}, 8), ({"TERM": "linux"}, None), ({"TERM": "dumb"}, None),
     ({"TERM": "xterm"}, 8), ({"NO_COLOR": "1", "PROMPT_TOOLKIT_COLOR_DEPTH": "DEPTH_24_BIT"}, 1)],
)  # fmt: skip
def test_the_colour_depth_is_prompt_toolkits(env: dict[str, str], depth: int | None, monkeypatch) -> None:
    from prompt_toolkit.output.color_depth import ColorDepth
    from prompt_toolkit.output.vt100 import Vt100_Output

    full = {"TERM": "xterm-256color", **env}
    for name in ("NO_COLOR", "PROMPT_TOOLKIT_COLOR_DEPTH", "TERM"):
        monkeypatch.delenv(name, raising=False)
    for name, value in full.items():
        monkeypatch.setenv(name, value)
    output = Vt100_Output(io.StringIO(), lambda: None, term=full["TERM"])  # type: ignore[arg-type, return-value]
    theirs = ColorDepth.from_env() or output.get_default_color_depth()
    assert early_frame.colour_depth() == depth
    if depth is not None:
        assert theirs == ColorDepth(DEPTHS[depth])


def test_nothing_is_drawn_without_a_terminal(capsys) -> None:
    assert not sys.stdin.isatty()
    assert early_frame.draw(lambda size: pytest.fail("no frame is made without a terminal")) is None
    assert capsys.readouterr().out == ""
