"""reflect help terms: the words reflect uses, each in one plain line."""

from __future__ import annotations

import typer

from reflect.commands.common import JsonOpt

app = typer.Typer(help="What the words reflect uses mean.", no_args_is_help=True)


@app.command("terms")
def terms(as_json: JsonOpt = False) -> None:
    """Define each term in one line: pull, urge, felt and acted on, stance, rupture, repair, the seven eyes."""
    from reflect.domain.glossary import EYES, TERMS
    from reflect.render.console import out, print_json

    if as_json:
        print_json({"terms": dict(TERMS), "eyes": {str(n): text for n, text in EYES}})
        return
    from reflect.render.glossary import terms_view

    out().print(terms_view(TERMS, EYES))
