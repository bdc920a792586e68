"""The two consoles: stdout carries data, stderr carries messages. Both honour NO_COLOR (rich does) and never
interpret journal text as markup: callers pass `rich.text.Text` built from `safe_for_terminal()`."""

from __future__ import annotations

import json
import sys
from functools import cache
from typing import Any

from rich.console import Console
from rich.text import Text

from reflect.textsafe import safe_for_terminal


@cache
def out() -> Console:
    return Console(highlight=False, markup=False, emoji=False)


@cache
def err() -> Console:
    return Console(stderr=True, highlight=False, markup=False, emoji=False)


def safe(text: str | None, style: str = "") -> Text:
    """Journal text made inert for the terminal."""
    return Text(safe_for_terminal(text or ""), style=style)


def message(text: str, style: str = "") -> None:
    # soft_wrap: a message is one line, whatever the width; the terminal wraps it, and a path is never cut in two.
    err().print(Text(text, style=style), soft_wrap=True)


def print_json(data: Any) -> None:
    """JSON on stdout, UTF-8, never coloured (it is data for another program)."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    sys.stdout.flush()
