"""The two consoles: stdout carries data, stderr carries messages. Both honour NO_COLOR (rich does) and never
interpret journal text as markup: callers pass `rich.text.Text` built from `safe_for_terminal()`."""

from __future__ import annotations

import json
import sys
from functools import cache
from typing import IO, TYPE_CHECKING, Any, cast

from reflect.domain.textsafe import safe_for_terminal

if TYPE_CHECKING:
    from datetime import date

    from rich.console import Console
    from rich.text import Text

# rich is imported by the first output that needs it (~25 ms): a command whose only output is a plain message (`new
# --answers`, most errors and confirmations) never pays for it.


@cache
def out() -> Console:
    from rich.console import Console

    # Stdout has the part of a text file's interface that rich uses (write, flush, isatty, fileno, encoding).
    return Console(file=cast("IO[str]", Stdout()), highlight=False, markup=False, emoji=False)


class Stdout:
    """Whatever sys.stdout is at the moment of writing (tests swap it), with one difference: redirected to a file or
    a pipe, the output is data, and rich's padding (table cells and wrapped lines filled to the width with spaces) is
    trimmed from the end of each line. Partial lines wait for their end."""

    def __init__(self) -> None:
        self.pending = ""

    def write(self, text: str) -> int:
        if sys.stdout.isatty():
            return sys.stdout.write(text)
        lines = (self.pending + text).split("\n")
        self.pending = lines.pop()
        if lines:
            sys.stdout.write("".join(line.rstrip(" ") + "\n" for line in lines))
        return len(text)

    def flush(self) -> None:
        if self.pending:
            sys.stdout.write(self.pending)
            self.pending = ""
        sys.stdout.flush()

    def isatty(self) -> bool:
        return sys.stdout.isatty()

    def fileno(self) -> int:
        return sys.stdout.fileno()

    @property
    def encoding(self) -> str:
        return getattr(sys.stdout, "encoding", None) or "utf-8"


@cache
def err() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False, markup=False, emoji=False)


def safe(text: str | None, style: str = "") -> Text:
    """Journal text made inert for the terminal."""
    from rich.text import Text

    return Text(safe_for_terminal(text or ""), style=style)


def message(text: str, style: str = "") -> None:
    if text.replace("\n", "").isprintable():
        # Exactly what rich prints for printable text (it would expand tabs and drop control characters), without
        # importing it: `list` and `search` end with a dim line.
        if not style:
            sys.stderr.write(text + "\n")
            sys.stderr.flush()
            return
        from reflect.render.plain import Span, write_lines

        write_lines([[Span(line, style)] for line in text.split("\n")], sys.stderr)
        return
    from rich.text import Text

    # soft_wrap: a message is one line, whatever the width; the terminal wraps it, and a path is never cut in two.
    err().print(Text(text, style=style), soft_wrap=True)


def echo_date_order(typed: str, day: date) -> None:
    """Say how an ambiguous all-numeric date (03/04/2026) was read, before anything uses it."""
    from reflect.domain.dates import order_note

    if note := order_note(typed, day):
        message(note, style="dim")


def guidance(text: str, style: str = "dim") -> None:
    """A line of guidance between questions, wrapped at words to the terminal's width with its continuation lines
    under its first word (the terminal itself would cut it mid-word)."""
    import shutil
    import textwrap

    indent = text[: len(text) - len(text.lstrip(" "))]
    width = max(30, shutil.get_terminal_size((100, 24)).columns - 1)
    for line in textwrap.wrap(text.strip(), width=width, initial_indent=indent, subsequent_indent=indent) or [""]:
        message(line, style=style)


def print_json(data: Any) -> None:
    """JSON on stdout, UTF-8, never coloured (it is data for another program)."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    sys.stdout.flush()
