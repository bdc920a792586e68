"""Prompt packs and vocabularies on the terminal: the packs you can use, one pack's questions, the slugs."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from rich.table import Table
from rich.text import Text

from reflect.render.console import out, safe

if TYPE_CHECKING:
    from reflect.domain.packs import Pack


def packs_table(packs: Iterable[Pack]) -> Table:
    table = Table(box=None, pad_edge=False, header_style="bold")
    for col in ("name", "questions", "minutes", "source", "summary"):
        table.add_column(col)
    for p in packs:
        table.add_row(p.name, str(len(p.questions)), str(p.minutes or ""), p.source, safe(p.summary))
    return table


def print_pack(pack: Pack) -> None:
    """A pack's title, summary and model, then its questions in order under their stages."""
    console = out()
    console.print(Text(f"{pack.title} ({pack.name})", style="bold"))
    if pack.summary:
        console.print(safe(pack.summary))
    if pack.model:
        console.print(Text(f"Model: {pack.model}", style="dim"))
    stage = None
    for i, q in enumerate(pack.questions, 1):
        if q.stage != stage:
            stage = q.stage
            console.print(Text(f"\n{stage.replace('-', ' ').upper()}", style="bold cyan"))
        line = Text(f"{i:>2}. ")
        line.append_text(safe(q.ask))
        line.append(f"  [{q.field or q.kind}{', private' if q.private else ''}]", style="dim")
        console.print(line)


def print_vocabularies(vocabularies: dict[str, dict[str, str]]) -> None:
    """Each vocabulary's name and what it means, then its slugs beside their labels."""
    from reflect.domain.glossary import KINDS
    from reflect.render.glossary import vocabulary_view

    out().print(vocabulary_view(list(vocabularies), KINDS, vocabularies))


def pack_summary(p: Pack) -> dict[str, Any]:
    """A pack as `prompts list --json` lists it."""
    return {"name": p.name, "title": p.title, "summary": p.summary, "minutes": p.minutes,
            "questions": len(p.questions), "source": p.source, "path": str(p.path)}  # fmt: skip


def pack_to_dict(pack: Pack) -> dict[str, Any]:
    """A pack and its questions, as `prompts show --json` prints it."""
    return {
        "name": pack.name, "title": pack.title, "summary": pack.summary, "model": pack.model,
        "minutes": pack.minutes, "source": pack.source, "path": str(pack.path),
        "questions": [{"id": q.id, "stage": q.stage, "field": q.field, "kind": q.kind, "ask": q.ask,
                       "private": q.private} for q in pack.questions],
    }  # fmt: skip
