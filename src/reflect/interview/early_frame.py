"""The first question of an interview on the screen before prompt_toolkit has loaded.

Importing questionary and prompt_toolkit and building the first prompt costs more than everything else `reflect new`
does before its first question (about 150 ms of CPU). So the first question is drawn at once with plain terminal
writes, exactly as prompt_toolkit will draw it, with the terminal already in the mode prompt_toolkit puts it in: no
echo, no line editing, no signals from keys, so whatever is typed meanwhile waits in the terminal's input queue,
unechoed, and prompt_toolkit reads it as if it had been typed at its own prompt (Ctrl-C included). When the prompt is
ready the cursor goes back to where the frame starts and prompt_toolkit's first render, which erases from the cursor
down, draws the same frame over it; the terminal's own mode comes back when that question is answered.

Only frames drawn here exactly as prompt_toolkit draws them are drawn at all: plain ASCII text, a prompt line that
fits the width, the pointer in view, a colour depth known below. Otherwise, or without a terminal on stdin and
stdout, nothing is drawn and the question appears when prompt_toolkit is ready. tests/test_early_frame.py holds every
frame against prompt_toolkit's own rendering of the same question (screen text, colours and attributes, cursor).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import Any

# How prompt_toolkit draws each part of a question with QuestionaryAsker's style merged over questionary's and its own
# defaults: (foreground as 24-bit and as the 256-colour index it maps to, bold, italic, reverse).
ROLES: dict[str, tuple[tuple[str, int] | None, bool, bool, bool]] = {
    "qmark": (("95;135;175", 67), True, False, False),  # fg:#5f87af bold
    "question": (None, True, False, False),
    "instruction": (("128;128;128", 244), False, True, False),  # fg:#808080 italic
    "text": (None, False, False, False),
    "highlighted": (None, True, False, False),  # the pointed-at choice
    "selected": (("95;175;95", 71), False, False, True),  # the default choice: fg:#5faf5f, reversed by prompt_toolkit
    "default": (("95;135;175", 67), True, False, False),  # a text question's default, as the answer is styled
}
POINTER = "\u00bb"  # questionary's select pointer


def _sgr(role: str, depth: int) -> str:
    """prompt_toolkit's escape sequence for a role, parts in its order (colour, bold, italic, reverse)."""
    colour, bold, italic, reverse = ROLES[role]
    parts = []
    if colour is not None and depth == 24:
        parts += ["38;2;" + colour[0]]
    elif colour is not None and depth == 8:
        parts += [f"38;5;{colour[1]}"]
    parts += [code for flag, code in ((bold, "1"), (italic, "3"), (reverse, "7")) if flag]
    return "\x1b[0;" + ";".join(parts) + "m" if parts else "\x1b[0m"


def colour_depth(env: Any = os.environ) -> int | None:
    """The colour depth prompt_toolkit will use (ColorDepth.from_env, then the TERM default), in bits; None for one
    not drawn here (4-bit, and dumb terminals, which prompt_toolkit treats differently)."""
    if env.get("NO_COLOR"):
        return 1
    forced = env.get("PROMPT_TOOLKIT_COLOR_DEPTH")
    if forced in ("DEPTH_1_BIT", "DEPTH_4_BIT", "DEPTH_8_BIT", "DEPTH_24_BIT"):
        return {"DEPTH_1_BIT": 1, "DEPTH_8_BIT": 8, "DEPTH_24_BIT": 24}.get(forced)
    term = env.get("TERM", "")
    if term.lower() in ("dumb", "unknown", "linux", "eterm-color"):
        return None
    return 8


Line = list[tuple[str, str]]  # (role, text) segments


@dataclass(frozen=True)
class Frame:
    """What prompt_toolkit's first render shows: lines of styled segments, and where it leaves the cursor."""

    lines: list[Line]
    cursor: tuple[int, int]  # (column, line)
    cursor_shown: bool


def _plain(text: str) -> bool:
    return text.isascii() and text.isprintable()


def select_frame(message: str, labels: list[str], pointed: int, *, selected: int | None, instruction: str,
                 size: tuple[int, int]) -> Frame | None:  # fmt: skip
    """questionary.select's first frame (no shortcuts, no indicator, no descriptions) on a terminal of size
    (columns, rows), or None when it is not one drawn here."""
    columns, rows = size
    prompt: Line = [("qmark", "?"), ("question", f" {message} "), ("instruction", instruction)]
    width = sum(len(text) for _, text in prompt)
    if not all(_plain(text) for text in [message, instruction, *labels]) or width >= columns:
        return None
    shown = min(len(labels), rows - 1)
    if not 0 <= pointed < shown:  # prompt_toolkit would scroll the list to the pointer
        return None
    lines = [prompt]
    for index, label in enumerate(labels[:shown]):
        role = "selected" if index == selected else "highlighted" if index == pointed else "text"
        lead = f" {POINTER} " if index == pointed else "   "
        lines.append([("text", lead), (role, label[: columns - 3])])  # cut at the edge, as prompt_toolkit cuts it
    return Frame(lines, (width, 0), cursor_shown=False)


def text_frame(message: str, default: str, *, size: tuple[int, int]) -> Frame | None:
    """questionary.text's first frame, without an instruction, on one line; None when it is not one drawn here."""
    columns, _ = size
    line: Line = [("qmark", "?"), ("question", f" {message} "), ("default", default)]
    width = sum(len(text) for _, text in line)
    if not (_plain(message) and _plain(default)) or width >= columns:
        return None
    return Frame([[segment for segment in line if segment[1]]], (width, 0), cursor_shown=True)


def encode(frame: Frame, depth: int) -> str:
    """The frame as prompt_toolkit writes it: its modes (bracketed paste, normal cursor keys, cursor hidden, no
    autowrap while drawing), an erase from the cursor down, the lines, then the cursor put where it leaves it. It
    starts at the line's first column, where `handover` puts prompt_toolkit (keys typed before reflect started are
    echoed by the terminal after the last message; both erase them)."""
    out = ["\r\x1b[?2004h\x1b[?1l\x1b[?25l\x1b[0m\x1b[?7l\x1b[0m\x1b[J"]
    for number, line in enumerate(frame.lines):
        if number:
            out.append("\x1b[0m\r\n")
        out += [_sgr(role, depth) + text for role, text in _without_trailing_spaces(line) if text]
    column, row = frame.cursor
    out.append("\x1b[0m\r")
    if len(frame.lines) - 1 - row:
        out.append(f"\x1b[{len(frame.lines) - 1 - row}A")
    if column:
        out.append(f"\x1b[{column}C")
    out.append("\x1b[?7h\x1b[0m")
    if frame.cursor_shown:
        out.append("\x1b[?12l\x1b[?25h")
    return "".join(out)


# Spaces prompt_toolkit writes even at the end of a line: a reversed choice's (they show), and a text question's
# default (the input's own text). Other trailing spaces it leaves unwritten.
WRITTEN_WHOLE = {"selected", "default"}


def _without_trailing_spaces(line: Line) -> Line:
    """The line as prompt_toolkit writes it: without the spaces at its end, unless they are written whole."""
    line = list(line)
    while line and line[-1][0] not in WRITTEN_WHOLE and line[-1][1].endswith(" "):
        role, text = line.pop()
        if text.rstrip(" "):
            line.append((role, text.rstrip(" ")))
            break
    return line


class EarlyFrame:
    """A frame on the screen until prompt_toolkit takes over (`handover`) or it is taken back (`retract`); `close`
    gives the terminal back its own mode. Both are safe to call more than once."""

    def __init__(self, fd_in: int, stream: Any, frame: Frame, saved: list[Any]) -> None:
        self.fd_in, self.stream, self.frame, self.saved = fd_in, stream, frame, saved
        self.handed_over = False
        self.closed = False
        self._signals: dict[int, Any] = {}

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except OSError:
            pass  # the terminal has gone (hung up): nothing left to draw on

    def _to_origin(self) -> str:
        row = self.frame.cursor[1]
        return "\r" + (f"\x1b[{row}A" if row else "")

    def handover(self) -> None:
        """The cursor back to the frame's first column: prompt_toolkit's first render draws from there."""
        if not self.handed_over and not self.closed:
            self._write("\x1b[?25l" + self._to_origin())  # hidden until prompt_toolkit shows it where it belongs
            self.handed_over = True

    def retract(self) -> None:
        """Erase the frame (the question asked is not the one drawn, or it will not be asked)."""
        if not self.handed_over and not self.closed:
            self._write(self._to_origin() + "\x1b[J\x1b[?2004l\x1b[?25h")
            self.handed_over = True

    def close(self) -> None:
        """The terminal's own mode again, and the signal handlers as they were."""
        if self.closed:
            return
        import signal
        import termios

        self.retract()
        self.closed = True
        try:
            termios.tcsetattr(self.fd_in, termios.TCSANOW, self.saved)
        except (termios.error, OSError):
            pass  # the terminal has gone (hung up): nothing to restore
        for signum, handler in self._signals.items():
            signal.signal(signum, handler)
        self._signals = {}

    def _on_signal(self, signum: int, _frame: Any) -> None:
        """SIGTERM or SIGHUP: the terminal as it was, then the signal's own effect (the process ends as it would)."""
        import signal

        previous = self._signals.get(signum, signal.SIG_DFL)
        if not self.handed_over:
            self.retract()
        else:  # prompt_toolkit's frame stays, but never its modes
            self._write("\x1b[?2004l\x1b[?25h")
        self.close()
        if callable(previous):
            previous(signum, _frame)
            return
        signal.signal(signum, previous if previous is not None else signal.SIG_DFL)
        os.kill(os.getpid(), signum)

    def _guard(self) -> None:
        import signal

        for signum in (signal.SIGTERM, signal.SIGHUP):
            previous = signal.getsignal(signum)
            if previous is not signal.SIG_IGN:  # `nohup reflect new`: a hang-up changes nothing
                self._signals[signum] = previous
                signal.signal(signum, self._on_signal)


def draw(frame_for_size: Any) -> EarlyFrame | None:
    """Draw the frame `frame_for_size((columns, rows))` returns, if stdin and stdout are a terminal prompt_toolkit
    will draw on as drawn here; None (nothing drawn, nothing changed) otherwise."""
    import threading

    if sys.platform == "win32" or not (sys.stdin.isatty() and sys.stdout.isatty()):
        return None
    if threading.current_thread() is not threading.main_thread():  # signal handlers are the main thread's
        return None
    depth = colour_depth()
    if depth is None:
        return None
    try:
        size = os.get_terminal_size(sys.stdout.fileno())
    except OSError:
        return None
    if not (size.columns and size.lines):
        return None
    frame = frame_for_size((size.columns, size.lines))
    if frame is None:
        return None
    import termios

    fd_in = sys.stdin.fileno()
    try:
        saved = termios.tcgetattr(fd_in)
    except termios.error:
        return None
    # prompt_toolkit's raw mode (input/vt100.py): no echo, no line editing, no signals from keys, no flow control,
    # Enter left as \r. TCSANOW: anything already typed stays in the queue.
    mode = termios.tcgetattr(fd_in)
    mode[0] &= ~(termios.IXON | termios.IXOFF | termios.ICRNL | termios.INLCR | termios.IGNCR)
    mode[3] &= ~(termios.ECHO | termios.ICANON | termios.IEXTEN | termios.ISIG)
    mode[6][termios.VMIN] = 1
    early = EarlyFrame(fd_in, sys.stdout, frame, saved)
    early._guard()
    try:
        termios.tcsetattr(fd_in, termios.TCSANOW, mode)
        early._write(encode(frame, depth))
    except BaseException:
        early.close()
        raise
    return early
