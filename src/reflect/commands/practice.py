"""reflect practice: case-based practice on fictional vignettes (interactive or --answers), list and progress."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from reflect.commands.common import JsonOpt, open_journal

if TYPE_CHECKING:
    from reflect.domain.vignettes import Vignette

app = typer.Typer(
    help="Practise on fictional vignettes: recognise the presentation, notice the pull, choose a stance.",
    invoke_without_command=True,
)


def _vignettes() -> dict[str, Vignette]:
    from reflect.config import paths
    from reflect.domain import vignettes

    return vignettes.available(paths().user_prompts)


def _pick(all_vignettes: dict[str, Vignette], done: dict[str, str], vignette: str | None, pattern: str | None):
    import hashlib
    from collections import Counter

    from reflect.domain.vignettes import PATTERNS
    from reflect.errors import UsageError

    if vignette is not None:
        if vignette not in all_vignettes:
            raise UsageError(f"no vignette {vignette[:40]!r}; `reflect practice list` shows the ids.")
        return all_vignettes[vignette]  # done before or not: practising a vignette again is allowed
    if pattern is not None and pattern not in PATTERNS:
        raise UsageError(f"--pattern must be one of: {', '.join(PATTERNS)}.")
    pool = [v for v in all_vignettes.values() if pattern is None or v.pattern == pattern]
    fresh = [v for v in pool if done.get(v.id) != "done"]
    if not fresh:
        which = f" for {pattern}" if pattern else ""
        raise UsageError(f"you have done every vignette{which}; choose one again with --vignette ID.")
    # The presentation practised least so far comes next, so practice stays balanced; within that, an order fixed by
    # the id's hash, so the order of the files (one per presentation) gives nothing away.
    practised = Counter(v.pattern for v in all_vignettes.values() if done.get(v.id) == "done")
    return min(fresh, key=lambda v: (practised[v.pattern], hashlib.sha256(v.id.encode()).digest()))


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
    from reflect.domain.practice_attempts import attempt_to_dict, parse_answers
    from reflect.errors import UsageError
    from reflect.render.console import message, out, print_json
    from reflect.render.practice import feedback_view

    all_vignettes = _vignettes()
    if answers is not None:
        if vignette is not None or pattern is not None:
            raise UsageError("an answers file names its vignette; leave out --vignette and --pattern.")
        from reflect.io.answers import load_answers

        attempt = parse_answers(load_answers(answers, "practice attempt"), all_vignettes, where=answers)
        with open_journal() as journal:
            journal.save_attempt(attempt)
        v = all_vignettes[attempt.vignette]
    else:
        if as_json:
            raise UsageError("--json goes with --answers (or with `practice list` and `practice progress`).")
        from reflect.commands.common import require_terminal

        require_terminal("reflect practice")
        attempt, v = _interactive(all_vignettes, vignette, pattern)
    comparison = compare(attempt)
    if as_json:
        from reflect.analysis.practice import comparison_to_dict

        print_json({"attempt": attempt_to_dict(attempt), "comparison": comparison_to_dict(comparison)})
        return
    out().print(feedback_view(v, attempt, comparison))
    message(f"Saved practice attempt {attempt.id[:8]}.", style="dim")


def _interactive(all_vignettes, vignette: str | None, pattern: str | None):
    from reflect.interview import practice as practice_flow
    from reflect.interview.asker import QuestionaryAsker
    from reflect.render.console import message, out
    from reflect.render.practice import responses_view, vignette_view

    with open_journal() as journal:
        v = _pick(all_vignettes, journal.attempted_vignettes(), vignette, pattern)
        message("A fictional session moment. Read it as if you were the clinician in the room; then say what you see "
                "and what it stirs in you. One experienced reading follows your answers.", style="dim")  # fmt: skip
        out().print(vignette_view(v))
        message("Each answer is saved as you give it; skip any question you like. Ctrl-C stops (kept as unfinished).",
                style="dim")  # fmt: skip
        try:
            attempt = practice_flow.run(QuestionaryAsker(), v, journal.save_attempt,
                                        show_responses=lambda x: out().print(responses_view(x)))  # fmt: skip
        except KeyboardInterrupt:
            message("Stopped: your answers so far are kept as an unfinished attempt.")
            raise
    out().print()
    return attempt, v


@app.command("list")
def list_vignettes(as_json: JsonOpt = False) -> None:
    """The vignettes (shipped and your own), and which you have done; never their readings."""
    from reflect.render.console import out, print_json
    from reflect.render.practice import list_table

    all_vignettes = _vignettes()
    with open_journal() as journal:
        done = journal.attempted_vignettes()
    shown = sorted(all_vignettes.values(), key=lambda v: v.id)  # by id: the files' order would group presentations
    if as_json:
        print_json([{"id": v.id, "title": v.title, "setting": v.setting, "source": v.source,
                     "done": done.get(v.id) == "done", "started": done.get(v.id) == "started"}
                    for v in shown])  # fmt: skip
        return
    out().print(list_table([(v, done.get(v.id)) for v in shown]))


@app.command("show")
def show(
    vignette_id: Annotated[str, typer.Argument(metavar="ID", help="The vignette's id (from `practice list`).")],
    as_json: JsonOpt = False,
) -> None:
    """A vignette and its responses numbered as an answers file uses them; never its reading."""
    from reflect.errors import UsageError
    from reflect.render.console import out, print_json
    from reflect.render.practice import responses_view, vignette_view

    v = _vignettes().get(vignette_id)
    if v is None:
        raise UsageError(f"no vignette {vignette_id[:40]!r}; `reflect practice list` shows the ids.")
    if as_json:
        responses = [{"number": i, "text": r.text} for i, r in enumerate(v.shown_responses(), 1)]
        print_json({"id": v.id, "title": v.title, "setting": v.setting, "text": v.text, "source": v.source,
                    "responses": responses})  # fmt: skip
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
        facts = compute(journal.attempts())
    if as_json:
        print_json(progress_to_dict(facts))
        return
    out().print(progress_view(facts))
