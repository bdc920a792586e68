"""`reflect info` on the terminal: one aligned line per fact about the journal."""

from __future__ import annotations

from typing import Any

from reflect.render.console import out

MISSING = {"schema": "(no journal yet)", "latest_backup": "none yet (`reflect backup`)"}


def print_facts(data: dict[str, Any]) -> None:
    width = max(len(k) for k in data)
    for key, value in data.items():
        shown = (
            MISSING.get(key, "-") if value is None else ("yes" if value is True else "no" if value is False else value)
        )
        out().print(f"{key.replace('_', ' '):<{width}}  {shown}", highlight=False, markup=False)
