"""The glossary's terminal view: each term in bold, its definition wrapped under itself."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group
from rich.table import Table
from rich.text import Text

from reflect.render.fit import hanging


def terms_view(terms: Sequence[tuple[str, str]], eyes: Sequence[tuple[int, str]]) -> Group:
    width = max(len(term) for term, _ in terms) + 2
    parts: list[Text | Table] = []
    for term, meaning in terms:
        parts.append(hanging(Text(term.ljust(width), style="bold"), meaning))
        if term == "seven eyes":
            parts += [hanging(" " * width + f"{n}  ", text) for n, text in eyes]
    return Group(*parts)


def vocabulary_view(kinds: Sequence[str], meanings: dict[str, str], labels: dict[str, dict[str, str]]) -> Group:
    """Each vocabulary's meaning, then its slugs (what answers files use) beside their labels."""
    parts: list[Text | Table] = []
    for kind in kinds:
        parts.append(hanging(Text(f"{kind}  ", style="bold"), Text(meanings.get(kind, ""), style="dim")))
        width = max((len(slug) for slug in labels[kind]), default=0) + 2
        for slug, label in labels[kind].items():
            parts.append(hanging(Text("  " + slug.ljust(width)), label))
    return Group(*parts)
