"""The demo's tour: a taste of what recurs, and the commands to try next, worded to fit one screen."""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from pathlib import Path

from rich.console import Group
from rich.table import Table
from rich.text import Text

from reflect.analysis.stats import Finding
from reflect.render.console import safe
from reflect.render.fit import bullet, hanging


def findings_teaser(findings: Sequence[Finding], shown: int) -> Group:
    """The first findings across the caseload (the ones `reflect patterns` opens with), and how many more there are."""
    caseload = [f for f in findings if f.client is None] or list(findings)
    parts: list[Text | Table] = [bullet(safe(f.text), "•") for f in caseload[:shown]]
    rest = len(findings) - min(shown, len(caseload))
    if rest > 0:
        parts.append(Text(f"  ... and {rest} more: reflect patterns", style="dim"))
    return Group(*parts)


def point_at(folder: Path) -> Text:
    """The line that points reflect at the demo; printed with soft wrap, so that a long path is never cut in two."""
    line = Text("Point reflect at the demo first: ")
    line.append(f"export REFLECT_HOME={shlex.quote(str(folder))}", style="bold")
    return line


def next_steps(entry_prefix: str | None) -> Group:
    """The commands to try on the demo, each with what it shows, then how to start your own journal."""
    steps = [
        ("client show C-9JD2", "one client, and what the work evokes in you"),
        (f"show {entry_prefix}" if entry_prefix else "list", "the latest entry in full"),
        ("patterns", "everything that recurs, as questions"),
        ('search "reassurance"', "full-text search over every answer"),
        ("supervision prep -o prep.md", "a redacted document to take to supervision"),
        ("help terms", "what pull, urge, stance and rupture mean"),
    ]
    width = max(len(command) for command, _ in steps) + 2
    parts: list[Text | Table] = []
    parts += [hanging(Text(f"  reflect {command.ljust(width)}", style="bold"), what) for command, what in steps]
    parts.append(hanging(Text("Your own journal: "), Text("unset REFLECT_HOME, then reflect new", style="bold")))
    return Group(*parts)
