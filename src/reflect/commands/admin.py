"""info and demo: facts about the journal, and a fictional journal to explore."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from reflect.commands.common import JsonOpt, option


def info(as_json: JsonOpt = False) -> None:
    """Where the journal lives, its schema version and what it holds."""
    from reflect.config import paths
    from reflect.flows.doctor import journal_facts
    from reflect.render.console import print_json
    from reflect.render.journal_facts import print_facts

    data = journal_facts(paths())
    print_json(data) if as_json else print_facts(data)


def demo(
    folder: Annotated[
        Path | None,
        option("--dir", help="Where to write the demo journal (default: a 'reflect-demo' data folder)."),
    ] = None,
    entries: Annotated[int, typer.Option("--entries", "-n", min=1, max=1_000_000, help="How many entries.")] = 52,
    seed: Annotated[int, typer.Option("--seed", help="Same seed, same journal.")] = 7,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only write the journal; show nothing.")] = False,
) -> None:
    """Write a fictional demo journal into a folder of its own (never your journal) and show what it holds."""
    from reflect.flows.demo_tour import write_demo

    write_demo(folder, entries=entries, seed=seed, quiet=quiet)
