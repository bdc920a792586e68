"""reflect prompts: list, show and validate prompt packs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from reflect.commands import completers
from reflect.commands.common import JsonOpt

app = typer.Typer(help="Prompt packs: the question sets `reflect new` asks.", no_args_is_help=True)


def _available():
    from reflect.config import paths
    from reflect.domain import packs

    return packs.available(paths().user_prompts)


@app.command("list")
def list_packs(as_json: JsonOpt = False) -> None:
    """List the prompt packs you can use (your own override shipped ones of the same name)."""
    from rich.table import Table

    from reflect.render.console import out, print_json, safe

    packs = _available()
    if as_json:
        print_json([
            {"name": p.name, "title": p.title, "summary": p.summary, "minutes": p.minutes,
             "questions": len(p.questions), "source": p.source, "path": str(p.path)}
            for p in packs.values()
        ])  # fmt: skip
        return
    table = Table(box=None, pad_edge=False, header_style="bold")
    for col in ("name", "questions", "minutes", "source", "summary"):
        table.add_column(col)
    for p in packs.values():
        table.add_row(p.name, str(len(p.questions)), str(p.minutes or ""), p.source, safe(p.summary))
    out().print(table)


@app.command("show")
def show_pack(
    name: Annotated[str, typer.Argument(help="The pack's name.", metavar="PACK", autocompletion=completers.pack_names)],
    as_json: JsonOpt = False,
) -> None:
    """Show a pack's questions in order."""
    from rich.text import Text

    from reflect.config import paths
    from reflect.domain import packs
    from reflect.render.console import out, print_json, safe

    pack = packs.get(name, paths().user_prompts)
    if as_json:
        print_json({
            "name": pack.name, "title": pack.title, "summary": pack.summary, "model": pack.model,
            "minutes": pack.minutes, "source": pack.source, "path": str(pack.path),
            "questions": [{"id": q.id, "stage": q.stage, "field": q.field, "kind": q.kind, "ask": q.ask,
                           "private": q.private} for q in pack.questions],
        })  # fmt: skip
        return
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


@app.command("validate")
def validate(files: Annotated[list[Path], typer.Argument(help="Pack files (TOML) to check.")]) -> None:
    """Check pack, stance and vignette files; errors name the file, line, question (or vignette) and what is wrong."""
    from reflect.domain import packs, vignettes
    from reflect.render.console import message

    for path in files:
        if vignettes.is_vignette_file(path):  # practice vignettes: prompts/vignettes/*.toml
            found = vignettes.load_file(path)
            message(f"{path}: ok, {len(found)} vignettes: {', '.join(v.id for v in found)}.")
            continue
        if path.name in packs.NOT_PACKS:  # stance.toml holds questions on relational stance, not a pack
            from reflect.domain.stance import load_stance_file

            tables = load_stance_file(path)
            message(f"{path}: ok, stance questions for {', '.join(tables)}.")
            continue
        pack = packs.load_pack_file(path)
        message(f"{path}: ok, pack {pack.name!r} with {len(pack.questions)} questions.")


@app.command("vocabulary")
def vocabulary(
    kind: Annotated[
        str | None,
        typer.Argument(
            help="One vocabulary (e.g. pull); all when omitted.",
            metavar="NAME",
            autocompletion=completers.vocabulary_names,
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """The controlled vocabularies, each with what it means: the slugs answers files use, beside their labels."""

    from reflect.domain import vocab
    from reflect.errors import UsageError
    from reflect.render.console import out, print_json

    kinds = vocab.names() if kind is None else [kind]
    if kind is not None and kind not in vocab.names():
        raise UsageError(f"no vocabulary {kind!r}; available: {', '.join(vocab.names())}.")
    if as_json:
        print_json({k: vocab.labels(k) for k in kinds})
        return
    from reflect.domain.glossary import KINDS
    from reflect.render.glossary import vocabulary_view

    out().print(vocabulary_view(kinds, KINDS, {k: vocab.labels(k) for k in kinds}))
