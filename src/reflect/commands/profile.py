"""reflect profile: the clinician's own attachment self-report and training context, kept with its history."""

from __future__ import annotations

from typing import Annotated

import typer

from reflect.commands.common import JsonOpt, open_journal, option
from reflect.flows import completion

app = typer.Typer(
    help="Your own profile: attachment self-report scores, training stage, supervisor, orientation (private).",
    no_args_is_help=True,
)


@app.command("set")
def set_profile(
    anxiety: Annotated[float | None, option("--anxiety", help="Your attachment anxiety score, 1-7.")] = None,
    avoidance: Annotated[float | None, option("--avoidance", help="Your attachment avoidance score, 1-7.")] = None,
    measure: Annotated[str | None, option("--measure", help="The measure the scores come from, e.g. ECR-R.")] = None,
    taken: Annotated[
        str | None,
        option(
            "--taken",
            help="When you took it (default: today), e.g. 2026-01-10.",
            metavar="DATE",
            values=completion.days,
        ),
    ] = None,
    stage: Annotated[
        str | None,
        option("--stage", help="Training stage: student, trainee, pre-licensed, qualified, experienced, supervisor."),
    ] = None,
    supervisor: Annotated[
        str | None,
        option("--supervisor", help="Your supervisor's code (never a name), e.g. S-01.", metavar="CODE"),
    ] = None,
    orientation: Annotated[
        str | None,
        option("--orientation", help="Your orientation (see `reflect prompts vocabulary orientation`)."),
    ] = None,
    clear: Annotated[
        list[str] | None,
        option("--clear", help="Remove a value: scores, training-stage, supervisor or orientation (repeatable)."),
    ] = None,
) -> None:
    """Record your profile; each call adds a dated row, so earlier values stay in the history.

    The scores are your own results on a published measure of adult attachment (two dimensions, 1-7).
    reflect never shows or stores the questionnaire's items.
    """
    from reflect.commands.common import parse_day_option
    from reflect.flows.profile import save_profile

    save_profile(anxiety=anxiety, avoidance=avoidance, measure=measure, taken_on=parse_day_option(taken, "--taken"),
                 training_stage=stage, supervisor=supervisor, orientation=orientation,
                 clear=[c.replace("-", "_") for c in clear or []])  # fmt: skip


@app.command("show")
def show_profile(as_json: JsonOpt = False) -> None:
    """Show your latest profile and its history."""
    from reflect.config import paths
    from reflect.render.casework import print_profile
    from reflect.render.console import print_json

    history = []
    if paths().journal.exists():  # showing must not create a journal
        with open_journal(create=False) as journal:
            history = journal.profile_history()
    if as_json:
        print_json({"profile": history[-1].as_dict() if history else None, "history": [p.as_dict() for p in history]})
    else:
        print_profile(history)
