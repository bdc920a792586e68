"""The question that closes a pattern finding, written for what was found (wording only: no counting here).

Each finding ends with a question for the clinician to take to supervision. A stock question repeated under every
finding reads as boilerplate and, worse, can assume what the finding does not show (that a feeling came from the
client). So the question depends on the finding's kind, its subject (a pull, a feeling family, an urge), the session
event and the client's coded presentation; and a question about a feeling keeps apart what you felt and what it might
mean (your own, the client's, or something between you), never assuming it came from the client.
"""

from __future__ import annotations

from reflect.domain import vocab

# Around session events: the event says what is in the frame, the subject what happened in you.
_EVENT_FRAME = {
    "break": "the break",
    "ending": "the ending",
    "separation": "the breaks and the ending",
    "late": "the lateness",
    "cancellation": "the cancellations",
    "fee-issue": "the fee",
    "between-session-contact": "the contact between sessions",
}


def event_question(group: str, kind: str, slug: str, pattern: str | None) -> str:
    frame = _EVENT_FRAME.get(group, "this moment in the frame")
    if kind == "urge":
        act = vocab.label("urge", slug).split(":")[0].lower()
        if group in ("break", "ending", "separation"):
            question = (
                f"What might acting on the urge to {act} around {frame} be doing, for you and for the client, "
                "with the separation?"
            )
        else:
            question = f"What happens in you around {frame} that makes it hard not to {act}?"
    elif kind == "pull":
        role = slug.replace("-", "/")
        question = f"What might {frame} ask of you that pulls you toward the {role} role?"
    else:  # a feeling family
        question = (
            f"Set apart what you felt around {frame} from what it might mean: is it yours, something of the "
            "client's, or something between you?"
        )
    if pattern in ("anxious", "disorganized") and group in ("break", "ending", "separation"):
        question += " Separations can weigh heavily for a client you coded this way; what do you know of how?"
    elif pattern == "avoidant" and group in ("break", "ending", "separation"):
        question += " For a client you coded this way, a break may seem not to matter: does it, to either of you?"
    return question


_FAMILY_QUESTIONS = {
    "disengaged": "When you notice yourself drifting, what is happening just before it, in you and in the room?",
    "overwhelmed": "What helps you stay steady when this comes, and what of it is yours to hold?",
    "inadequate": "Whose doubt is this: yours, something the client carries, or a bit of both?",
    "criticized": "What do you do when you feel judged, and what might the client feel then?",
    "angry": "What is your irritation protecting, and what does it make you want to do?",
    "protective": "What would it be like to trust the client with a little more?",
    "special": "What does being special here give you, and what might it cost the work?",
    "warm": "What does the warmth make easier, and what might it make harder to say?",
    "sexualized": "Where can you bring this safely (supervision, your own therapy), so it does not go underground?",
    "confident": "What supports your confidence here, and is there anything it keeps you from seeing?",
}


def presentation_feeling_question(family: str, pattern: str) -> str:
    """For feelings logged with clients coded one way: keep the feeling (yours) apart from what it might mean. The
    second sentence is the same for every presentation, so a report asks it at most twice (limit_repeats)."""
    specific = _FAMILY_QUESTIONS.get(family, "What do you make of this feeling, and where might it come from?")
    return (
        f"{specific} Such a feeling may be your own, may echo how the client relates (concordant or complementary "
        "identification), or both: what would help you tell which?"
    )


def _split(text: str) -> tuple[str, str]:
    """A finding's text as (statement, question): the question starts at the first sentence ending in "?"."""
    import re

    sentences = re.split(r"(?<=[.?)]) (?=[A-Z])", text)
    for i, sentence in enumerate(sentences):
        if sentence.endswith("?"):
            return " ".join(sentences[:i]), " ".join(sentences[i:])
    return text, ""


def limit_repeats(texts: list[str], who: list[str | None], most: int = 2) -> list[str]:
    """The findings' texts with no sentence of a closing question asked more than `most` times: a later repeat is
    left out, and a question left empty becomes "What is different with CLIENT?" (for a caseload finding, none: the
    statement stands, and the question above it still applies)."""
    from collections import Counter

    seen: Counter[str] = Counter()
    out = []
    for text, client in zip(texts, who, strict=True):
        statement, question = _split(text)
        kept = []
        for sentence in _sentences(question):
            seen[sentence] += 1
            if seen[sentence] <= most:
                kept.append(sentence)
        if question and not kept and client:
            instead = f"What is different with {client}?"
            seen[instead] += 1
            if seen[instead] <= most:
                kept.append(instead)
        out.append(" ".join(part for part in (statement, *kept) if part))
    return out


def _sentences(text: str) -> list[str]:
    import re

    return [s for s in re.split(r"(?<=[.?])\s+(?=[A-Z])", text) if s] if text else []
