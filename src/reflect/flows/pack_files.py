"""Checking the user's own prompt files before use: packs, stance questions and practice vignettes, each loaded as
reflect would load it, so that an error names the file, line and question (or vignette)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path


def check_files(files: list[Path]) -> None:
    """Load each file as what its name says it is, saying what it holds; the first bad one raises."""
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
