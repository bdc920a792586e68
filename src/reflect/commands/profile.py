"""reflect profile: the clinician's own attachment self-report and training context, kept with its history."""

from __future__ import annotations

from typing import Annotated

import typer

from reflect.commands import completers
from reflect.commands.common import JsonOpt, open_journal

app = typer.Typer(
    help="Your own profile: attachment self-report scores, training stage, supervisor, orientation (private).",
    no_args_is_help=True,
)


@app.command("set")
def set_profile(
    anxiety: Annotated[
        float | None, typer.Option("--anxiety", help="Your attachment anxiety score, 1-7.", show_default=False)
    ] = None,
    avoidance: Annotated[
        float | None, typer.Option("--avoidance", help="Your attachment avoidance score, 1-7.", show_default=False)
    ] = None,
    measure: Annotated[
        str | None, typer.Option("--measure", help="The measure the scores come from, e.g. ECR-R.", show_default=False)
    ] = None,
    taken: Annotated[
        str | None,
        typer.Option(
            "--taken",
            help="When you took it (default: today), e.g. 2026-01-10.",
            show_default=False,
            metavar="DATE",
            autocompletion=completers.days,
        ),
    ] = None,
    stage: Annotated[
        str | None,
        typer.Option(
            "--stage",
            help="Training stage: student, trainee, pre-licensed, qualified, experienced, supervisor.",
            show_default=False,
        ),
    ] = None,
    supervisor: Annotated[
        str | None,
        typer.Option(
            "--supervisor", help="Your supervisor's code (never a name), e.g. S-01.", show_default=False, metavar="CODE"
        ),
    ] = None,
    orientation: Annotated[
        str | None,
        typer.Option(
            "--orientation", help="Your orientation (see `reflect prompts vocabulary orientation`).", show_default=False
        ),
    ] = None,
    clear: Annotated[
        list[str] | None,
        typer.Option(
            "--clear",
            help="Remove a value: scores, training-stage, supervisor or orientation (repeatable).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Record your profile; each call adds a dated row, so earlier values stay in the history.

    The scores are your own results on a published measure of adult attachment (two dimensions, 1-7).
    reflect never shows or stores the questionnaire's items.
    """
    from datetime import datetime

    from reflect.commands.common import parse_day_option
    from reflect.domain.dates import now_utc
    from reflect.domain.profile import updated_profile
    from reflect.render.console import message

    taken_on = parse_day_option(taken, "--taken")
    with open_journal() as journal, journal.write():
        profile = updated_profile(
            journal.latest_profile(), now=now_utc(), today=datetime.now().astimezone().date(), anxiety=anxiety,
            avoidance=avoidance, measure=measure, taken_on=taken_on, training_stage=stage, supervisor=supervisor,
            orientation=orientation, clear=[c.replace("-", "_") for c in clear or []],
        )  # fmt: skip
        journal.add_profile(profile)
    message("Profile saved. It is private: never in the JSON export, in a document only with --include-private.")


@app.command("show")
def show_profile(as_json: JsonOpt = False) -> None:
    """Show your latest profile and its history."""
    from reflect.config import paths
    from reflect.render.console import message, out, print_json

    history = []
    if paths().journal.exists():  # showing must not create a journal
        with open_journal(create=False) as journal:
            history = journal.profile_history()
    if as_json:
        print_json({
            "profile": history[-1].as_dict() if history else None,
            "history": [p.as_dict() for p in history],
        })  # fmt: skip
        return
    if not history:
        message("No profile yet: `reflect profile set --anxiety 3.1 --avoidance 2.4 --measure ECR-R` records one.")
        return
    from reflect.render.casework import profile_view

    out().print(profile_view(history))
