"""The two consoles: stdout carries data, stderr carries messages. Both honour NO_COLOR (rich does) and never
interpret journal text as markup: callers pass `rich.text.Text` built from `safe_for_terminal()`."""

from __future__ import annotations

import json
import sys
from functools import cache
from typing import TYPE_CHECKING, Any

from reflect.textsafe import safe_for_terminal

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

# rich is imported by the first output that needs it (~25 ms): a command whose only output is a plain message (`new
# --answers`, most errors and confirmations) never pays for it.


@cache
def out() -> Console:
    from rich.console import Console

    return Console(highlight=False, markup=False, emoji=False)


@cache
def err() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False, markup=False, emoji=False)


def safe(text: str | None, style: str = "") -> Text:
    """Journal text made inert for the terminal."""
    from rich.text import Text

    return Text(safe_for_terminal(text or ""), style=style)


def message(text: str, style: str = "") -> None:
    if not style and text.replace("\n", "").isprintable():
        # Exactly what rich prints for unstyled printable text (it would expand tabs and drop control characters).
        sys.stderr.write(text + "\n")
        sys.stderr.flush()
        return
    from rich.text import Text

    # soft_wrap: a message is one line, whatever the width; the terminal wraps it, and a path is never cut in two.
    err().print(Text(text, style=style), soft_wrap=True)


def print_json(data: Any) -> None:
    """JSON on stdout, UTF-8, never coloured (it is data for another program)."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    sys.stdout.flush()
