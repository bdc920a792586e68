"""Practice on fictional vignettes: which vignette comes next, and the interactive attempt (saved answer by answer)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reflect.flows.journal import open_journal

if TYPE_CHECKING:
    from reflect.domain.practice_attempts import Attempt
    from reflect.domain.vignettes import Vignette


def vignettes() -> dict[str, Vignette]:
    from reflect.config import paths
    from reflect.domain import vignettes

    return vignettes.available(paths().user_prompts)


def pick(all_vignettes: dict[str, Vignette], done: dict[str, str], vignette: str | None, pattern: str | None):
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


def interactive(
    all_vignettes: dict[str, Vignette], vignette: str | None, pattern: str | None
) -> tuple[Attempt, Vignette]:
    """Offer a vignette, ask its questions (each answer saved as given), and return the attempt."""
    from reflect.flows.journal import require_terminal
    from reflect.interview import practice as practice_flow
    from reflect.interview.asker import QuestionaryAsker
    from reflect.render.console import message, out
    from reflect.render.practice import responses_view, vignette_view

    require_terminal("reflect practice")
    with open_journal() as journal:
        v = pick(all_vignettes, journal.practice.attempted_vignettes(), vignette, pattern)
        message("A fictional session moment. Read it as if you were the clinician in the room; then say what you see "
                "and what it stirs in you. One experienced reading follows your answers.", style="dim")  # fmt: skip
        out().print(vignette_view(v))
        message("Each answer is saved as you give it; skip any question you like. Ctrl-C stops (kept as unfinished).",
                style="dim")  # fmt: skip
        try:
            attempt = practice_flow.run(QuestionaryAsker(), v, journal.practice.save_attempt,
                                        show_responses=lambda x: out().print(responses_view(x)))  # fmt: skip
        except KeyboardInterrupt:
            message("Stopped: your answers so far are kept as an unfinished attempt.")
            raise
    out().print()
    return attempt, v


def from_answers(source: str, all_vignettes: dict[str, Vignette]) -> tuple[Attempt, Vignette]:
    """Save an attempt read from an answers file (or "-"), which names its vignette."""
    from reflect.domain.practice_attempts import parse_answers
    from reflect.io.answers import load_answers

    attempt = parse_answers(load_answers(source, "practice attempt"), all_vignettes, where=source)
    with open_journal() as journal:
        journal.practice.save_attempt(attempt)
    return attempt, all_vignettes[attempt.vignette]
