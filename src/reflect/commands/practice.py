"""reflect practice: case-based practice on fictional vignettes (interactive or --answers), list and progress."""

from __future__ import annotations

from typing import Annotated

import typer

from reflect.commands.common import JsonOpt, open_journal

app = typer.Typer(
    help="Practise on fictional vignettes: recognise the presentation, notice the pull, choose a stance.",
    invoke_without_command=True,
)


@app.callback()
def practice(
    ctx: typer.Context,
    vignette: Annotated[
        str | None,
        typer.Option("--vignette", "-v", help="Practise this vignette (an id from `practice list`).", metavar="ID"),
    ] = None,
    pattern: Annotated[
        str | None,
        typer.Option(
            "--pattern",
            "-p",
            help="Offer a vignette written for this presentation (secure, anxious, avoidant, disorganized).",
        ),
    ] = None,  # fmt: skip
    answers: Annotated[
        str | None,
        typer.Option("--answers", help="Answers from a JSON or TOML file (- for standard input) instead of prompts."),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Practise on a vignette you have not done yet: what you see, what you notice in yourself, what you would offer;
    then one experienced reading beside your answers."""
    if ctx.invoked_subcommand is not None:
        return
    from reflect.analysis.practice import compare
    from reflect.domain.practice_attempts import attempt_to_dict
    from reflect.errors import UsageError
    from reflect.flows.practice import from_answers, interactive, vignettes
    from reflect.render.console import message, out, print_json
    from reflect.render.practice import feedback_view

    all_vignettes = vignettes()
    if answers is not None:
        if vignette is not None or pattern is not None:
            raise UsageError("an answers file names its vignette; leave out --vignette and --pattern.")
        attempt, v = from_answers(answers, all_vignettes)
    else:
        if as_json:
            raise UsageError("--json goes with --answers (or with `practice list` and `practice progress`).")
        attempt, v = interactive(all_vignettes, vignette, pattern)
    comparison = compare(attempt)
    if as_json:
        from reflect.analysis.practice import comparison_to_dict

        print_json({"attempt": attempt_to_dict(attempt), "comparison": comparison_to_dict(comparison)})
        return
    out().print(feedback_view(v, attempt, comparison))
    message(f"Saved practice attempt {attempt.id[:8]}.", style="dim")


@app.command("list")
def list_vignettes(as_json: JsonOpt = False) -> None:
    """The vignettes (shipped and your own), and which you have done; never their readings."""
    from reflect.flows.practice import vignettes
    from reflect.render.console import out, print_json
    from reflect.render.practice import list_item, list_table

    all_vignettes = vignettes()
    with open_journal() as journal:
        done = journal.practice.attempted_vignettes()
    shown = [(v, done.get(v.id)) for v in sorted(all_vignettes.values(), key=lambda v: v.id)]  # by id, not by file
    print_json([list_item(v, state) for v, state in shown]) if as_json else out().print(list_table(shown))


@app.command("show")
def show(
    vignette_id: Annotated[str, typer.Argument(metavar="ID", help="The vignette's id (from `practice list`).")],
    as_json: JsonOpt = False,
) -> None:
    """A vignette and its responses numbered as an answers file uses them; never its reading."""
    from reflect.errors import UsageError
    from reflect.flows.practice import vignettes
    from reflect.render.console import out, print_json
    from reflect.render.practice import responses_view, vignette_to_dict, vignette_view

    v = vignettes().get(vignette_id)
    if v is None:
        raise UsageError(f"no vignette {vignette_id[:40]!r}; `reflect practice list` shows the ids.")
    if as_json:
        print_json(vignette_to_dict(v))
        return
    out().print(vignette_view(v))
    out().print(responses_view(v))


@app.command("progress")
def progress(as_json: JsonOpt = False) -> None:
    """Your practice over time: agreement with the readings, markers most often missed, responses chosen."""
    from reflect.analysis.practice import progress as compute
    from reflect.analysis.practice import progress_to_dict
    from reflect.render.console import out, print_json
    from reflect.render.practice import progress_view

    with open_journal() as journal:
        facts = compute(journal.practice.attempts())
    if as_json:
        print_json(progress_to_dict(facts))
        return
    out().print(progress_view(facts))
