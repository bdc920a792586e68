"""The practice questions, asked through the Asker seam (interview layer): what you see, what you notice in
yourself, what you would offer, and a free reflection. Every answer is saved the moment it is given, through the
`save` callback; a skipped question stays skipped (None), never filled in.
"""

from __future__ import annotations

from collections.abc import Callable

from reflect.domain import vocab
from reflect.domain.practice_attempts import Attempt, choose_response, now_iso, snapshot_of
from reflect.domain.textsafe import clean_text
from reflect.domain.vignettes import MIXED, PATTERNS, Vignette
from reflect.interview.asker import Asker, Choice

SKIP = "skip"
PRESENTATION_LABELS = {
    **{p: vocab.label("pattern", p) for p in PATTERNS},
    MIXED: "Mixed: features of more than one",
    "unclear": vocab.label("pattern", "unclear"),
}
EMPTY_SKIPS = "Tick any you see; ticking none leaves the question unanswered."


def _checkbox(asker: Asker, message: str, kind: str, *, search: bool = False, help: str | None = None):
    if kind == "feeling":
        choices = [Choice(w, f"{w} ({vocab.label('feeling_family', f)})", short=w)
                   for f, words in vocab.feelings_by_family().items() for w in words]  # fmt: skip
    else:
        choices = [Choice(slug, label) for slug, label in vocab.labels(kind).items()]
    ticked = asker.checkbox(message, choices, search=search, help=help)
    return list(ticked) or None


def _short(text: str, width: int = 72) -> str:
    return text if len(text) <= width else text[: width - 1].rsplit(" ", 1)[0] + "…"


def run(
    asker: Asker, v: Vignette, save: Callable[[Attempt], None], show_responses: Callable[[Vignette], None]
) -> Attempt:
    """Ask every practice question about `v`; return the finished attempt (saved after each answer)."""
    a = Attempt(vignette=v.id, reading=snapshot_of(v), started_at=now_iso())
    save(a)

    picked = asker.select(
        "What presentation do you see?",
        [*(Choice(p, label) for p, label in PRESENTATION_LABELS.items()), Choice(SKIP, "Skip this question")],
        help="How does the client relate to the clinician in this moment?",
    )
    a.presentation = None if picked == SKIP else picked
    save(a)
    if a.presentation not in (None, "unclear"):
        level = asker.select(
            "How sure are you?",
            [*(Choice(int(k), label) for k, label in vocab.labels("confidence").items()), Choice(SKIP, "Skip")],
        )
        a.confidence = None if level == SKIP else level
        save(a)
    a.markers = _checkbox(asker, "Which markers do you see in the text?", "marker", help=EMPTY_SKIPS)
    save(a)
    a.feelings = _checkbox(asker, "What do you feel, reading it?", "feeling", search=True,
                           help="As if you were the clinician in the room.")  # fmt: skip
    save(a)
    a.pulls = _checkbox(asker, "Which role do you feel pulled into?", "pull")
    save(a)
    a.urges = _checkbox(asker, "What would you feel like doing?", "urge")
    save(a)
    show_responses(v)
    shown = v.shown_responses()
    number = asker.select(
        "Which response would you offer?",
        [*(Choice(i, f"{i}. {_short(r.text)}") for i, r in enumerate(shown, 1)), Choice(SKIP, "Skip this question")],
    )
    choose_response(a, v, None if number == SKIP else number)
    save(a)
    reflection = asker.text("Anything else you notice, in the client or in yourself?")
    a.reflection = clean_text(reflection).strip() or None
    a.finished_at = now_iso()
    save(a)
    return a
