"""`reflect new` in a real pseudo-terminal shows its first question before prompt_toolkit has loaded: keys typed at
once land in the draft exactly, Ctrl-C there saves nothing and leaves the terminal as it was, SIGTERM too, and the
screen shows the question once, the same before and after prompt_toolkit takes it over.

questionary's import is slowed down in the spawned process (a `sitecustomize` on PYTHONPATH), so that what is typed
is certainly typed while prompt_toolkit is still loading."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import termios
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")
pyte = pytest.importorskip("pyte")

SCRIPT = Path(sys.executable).parent / "reflect"
pytestmark = [
    pytest.mark.pty,
    pytest.mark.skipif(
        not SCRIPT.exists() or not Path("/proc/self/stat").exists(), reason="needs the console script, /proc"
    ),
]
DOWN, ENTER, CTRL_C, CTRL_U = "\x1b[B", "\r", "\x03", "\x15"
SIZE = (100, 30)  # columns, rows
SLOW_IMPORT = '''
import os, sys, time

class SlowQuestionary:
    """questionary takes SLOW_PROMPTS seconds longer to import."""

    def find_spec(self, name, path=None, target=None):
        if name == "questionary":
            time.sleep(float(os.environ["SLOW_PROMPTS"]))
        return None

sys.meta_path.insert(0, SlowQuestionary())
'''


def reflect(home: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(SCRIPT), "--home", str(home), *args], input=stdin, capture_output=True, text=True,
                          check=True)  # fmt: skip


def journal_with_clients(home: Path) -> None:
    """Three clients; the latest session first: C-AAA2, C-BBB3, C-CCC4."""
    for code, day in (("C-CCC4", 1), ("C-BBB3", 2), ("C-AAA2", 3)):
        answers = {"client": code, "session_at": f"2026-03-0{day}T15:00:00+00:00", "observed": "Arrived early."}
        reflect(home, "new", "--answers", "-", stdin=json.dumps(answers))


def empty_journal(home: Path) -> None:
    reflect(home, "list")  # makes the journal (no terminal: no encryption question)


def spawn(home: Path, tmp_path: Path, slow: float | None = 1.5) -> pexpect.spawn:
    """`reflect new` in a shell that prints the terminal's mode (stty -g) before it and after it, with the status it
    ended with: the mode after is what the next program in the terminal finds."""
    env = {**os.environ, "REFLECT_HOME": str(home), "TERM": "xterm-256color", "PROMPT_TOOLKIT_NO_CPR": "1",
           "TZ": "UTC"}  # fmt: skip
    env.pop("NO_COLOR", None)  # in colour: the frame's colours must match prompt_toolkit's too
    if slow:
        (tmp_path / "slow").mkdir(exist_ok=True)
        (tmp_path / "slow" / "sitecustomize.py").write_text(SLOW_IMPORT)
        env.update(PYTHONPATH=str(tmp_path / "slow"), SLOW_PROMPTS=str(slow))
    shell = 'echo "MODE=$(stty -g)"; "$@"; echo "STATUS=$? MODE=$(stty -g)"'
    child = pexpect.spawn("sh", ["-c", shell, "sh", str(SCRIPT), "new", "--pack", "standard"], env=env,
                          encoding="utf-8", timeout=20, dimensions=(SIZE[1], SIZE[0]))  # fmt: skip
    child.delaybeforesend = None
    child.expect(r"MODE=(\S+)\r\n")
    child.mode_before = child.match.group(1)
    child.logfile_read = io.StringIO()  # everything the terminal receives from reflect on, for its screen
    return child


def ended(child: pexpect.spawn) -> tuple[int, bool]:
    """The status reflect ended with, and whether the terminal's mode was then as before it."""
    child.expect(r"STATUS=(\d+) MODE=(\S+)\r\n")
    status, mode = int(child.match.group(1)), child.match.group(2)
    child.expect(pexpect.EOF)
    return status, mode == child.mode_before


def reflect_pid(child: pexpect.spawn) -> int:
    """The shell's child: reflect."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == child.pid:
            return int(stat.parent.name)
    raise AssertionError("reflect is not running")


def drafts(home: Path) -> list[dict]:
    return json.loads(reflect(home, "drafts", "--json").stdout)


def received(child: pexpect.spawn) -> str:
    """Everything the terminal has received so far, once its output has paused for 0.3 s."""
    try:
        while child.read_nonblocking(65536, timeout=0.3):
            pass
    except (pexpect.TIMEOUT, pexpect.EOF):
        pass
    return child.logfile_read.getvalue()


def screen(data: str) -> tuple[list[str], list[tuple]]:
    """The terminal's lines, and every cell's character, colour and attributes, after `data`."""
    terminal = pyte.Screen(*SIZE)
    pyte.Stream(terminal).feed(data)
    cells = [(c.data, c.fg, c.bold, c.italics, c.reverse) for row in range(SIZE[1])
             for c in (terminal.buffer[row][column] for column in range(SIZE[0]))]  # fmt: skip
    return terminal.display, cells


def echoes(child: pexpect.spawn) -> bool:
    """Whether the terminal reflect runs in echoes what is typed now."""
    tty = os.open(os.readlink(f"/proc/{reflect_pid(child)}/fd/0"), os.O_RDWR | os.O_NOCTTY)
    try:
        return bool(termios.tcgetattr(tty)[3] & termios.ECHO)
    finally:
        os.close(tty)


def test_keys_typed_before_prompt_toolkit_loads_land_in_the_draft(journal_home: Path, tmp_path: Path) -> None:
    journal_with_clients(journal_home)
    child = spawn(journal_home, tmp_path)
    child.expect_exact("Which client?")  # drawn early: prompt_toolkit is still loading for a second and a half
    child.send(DOWN + ENTER + CTRL_U + "2026-03-04 10:00" + ENTER)  # the second client, then the session's time
    child.expect("around the frame of this session")  # both answered from what waited in the terminal's queue
    shown, _ = screen(received(child))
    child.send(CTRL_C)
    child.expect("kept as a draft")
    assert ended(child) == (130, True)
    (draft,) = drafts(journal_home)
    assert draft["client"] == "C-BBB3"
    assert draft["answered"] == 3  # client, session time, and the follow-up (nothing to follow up)
    assert any(line.startswith("? Which client? C-BBB3") for line in shown)
    assert any(line.startswith("? When was the session? 2026-03-04 10:00") for line in shown)
    assert not any("[B" in line for line in shown)  # no key was echoed by the terminal


def test_a_new_clients_code_typed_at_once_is_the_code_saved(journal_home: Path, tmp_path: Path) -> None:
    empty_journal(journal_home)
    child = spawn(journal_home, tmp_path)
    child.expect_exact("Code for the new client:")
    child.send(CTRL_U + "c-7f3k" + ENTER)
    child.expect("When was the session")
    child.send(CTRL_C)
    assert ended(child) == (130, True)
    (draft,) = drafts(journal_home)
    assert draft["client"] == "C-7F3K"


def test_ctrl_c_at_the_first_question_saves_nothing_and_restores_the_terminal(journal_home: Path,
                                                                                tmp_path: Path) -> None:  # fmt: skip
    journal_with_clients(journal_home)
    child = spawn(journal_home, tmp_path)
    child.expect_exact("Which client?")
    assert not echoes(child)  # keys typed now are not echoed ...
    child.send(CTRL_C)  # ... and Ctrl-C waits for prompt_toolkit, which reads it as at its own prompt
    child.expect("Interrupted before the first answer; nothing was saved.")
    assert ended(child) == (130, True)  # echo, line editing and signals back as they were
    assert drafts(journal_home) == []


def test_sigterm_while_prompt_toolkit_loads_restores_the_terminal(journal_home: Path, tmp_path: Path) -> None:
    journal_with_clients(journal_home)
    child = spawn(journal_home, tmp_path, slow=5)
    child.expect_exact("Which client?")
    assert not echoes(child)
    os.kill(reflect_pid(child), signal.SIGTERM)
    assert ended(child) == (128 + signal.SIGTERM, True)  # it ends as SIGTERM ends it, the terminal as it was
    shown, _ = screen(child.logfile_read.getvalue())
    assert not any("Which client?" in line for line in shown)  # the frame is taken back
    assert drafts(journal_home) == []


def test_the_question_is_on_the_screen_once_and_prompt_toolkit_draws_the_same(journal_home: Path,
                                                                               tmp_path: Path) -> None:  # fmt: skip
    journal_with_clients(journal_home)
    child = spawn(journal_home, tmp_path)
    child.expect_exact("Which client?")
    early = received(child)
    assert early.count("Which client?") == 1  # prompt_toolkit is still loading
    child.expect_exact("Which client?")  # its first render
    later = received(child)
    early_lines, early_cells = screen(early)
    later_lines, later_cells = screen(later)
    assert later_cells == early_cells  # the same characters, colours and attributes: nothing moved or changed
    assert sum(line.count("Which client?") for line in later_lines) == 1
    question = next(i for i, line in enumerate(later_lines) if line.startswith("? Which client?"))
    assert [line.rstrip() for line in later_lines[question - 1 : question + 6]] == [
        "Ctrl-C at any point keeps your answers as a draft.",
        "? Which client? (arrows to move, type to filter, Enter)",
        "   + A new client (I'll suggest a code)",
        " \u00bb C-AAA2",
        "   C-BBB3",
        "   C-CCC4",
        "",
    ]
    child.send(CTRL_C)
    assert ended(child) == (130, True)


def test_at_full_speed_the_screen_shows_the_question_once(journal_home: Path, tmp_path: Path) -> None:
    journal_with_clients(journal_home)
    child = spawn(journal_home, tmp_path, slow=None)
    child.expect_exact("Which client?")
    child.expect_exact("Which client?")  # drawn again by prompt_toolkit, over the early frame
    shown, _ = screen(received(child))
    assert sum(line.count("Which client?") for line in shown) == 1
    child.send(CTRL_C)
    assert ended(child) == (130, True)
