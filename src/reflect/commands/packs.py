"""reflect prompts: list, show and validate prompt packs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from reflect.commands.common import JsonOpt
from reflect.flows import completion

app = typer.Typer(help="Prompt packs: the question sets `reflect new` asks.", no_args_is_help=True)


def _available():
    from reflect.config import paths
    from reflect.domain import packs

    return packs.available(paths().user_prompts)


@app.command("list")
def list_packs(as_json: JsonOpt = False) -> None:
    """List the prompt packs you can use (your own override shipped ones of the same name)."""
    from reflect.render.console import out, print_json
    from reflect.render.packs import pack_summary, packs_table

    packs = _available()
    if as_json:
        print_json([pack_summary(p) for p in packs.values()])
        return
    out().print(packs_table(packs.values()))


@app.command("show")
def show_pack(
    name: Annotated[str, typer.Argument(help="The pack's name.", metavar="PACK", autocompletion=completion.pack_names)],
    as_json: JsonOpt = False,
) -> None:
    """Show a pack's questions in order."""
    from reflect.config import paths
    from reflect.domain import packs
    from reflect.render.console import print_json
    from reflect.render.packs import pack_to_dict, print_pack

    pack = packs.get(name, paths().user_prompts)
    if as_json:
        print_json(pack_to_dict(pack))
        return
    print_pack(pack)


@app.command("validate")
def validate(files: Annotated[list[Path], typer.Argument(help="Pack files (TOML) to check.")]) -> None:
    """Check pack, stance and vignette files; errors name the file, line, question (or vignette) and what is wrong."""
    from reflect.flows.pack_files import check_files

    check_files(files)


@app.command("vocabulary")
def vocabulary(
    kind: Annotated[
        str | None,
        typer.Argument(
            help="One vocabulary (e.g. pull); all when omitted.",
            metavar="NAME",
            autocompletion=completion.vocabulary_names,
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """The controlled vocabularies, each with what it means: the slugs answers files use, beside their labels."""
    from reflect.domain import vocab
    from reflect.errors import UsageError
    from reflect.render.console import print_json
    from reflect.render.packs import print_vocabularies

    kinds = vocab.names() if kind is None else [kind]
    if kind is not None and kind not in vocab.names():
        raise UsageError(f"no vocabulary {kind!r}; available: {', '.join(vocab.names())}.")
    labels = {k: vocab.labels(k) for k in kinds}
    print_json(labels) if as_json else print_vocabularies(labels)
