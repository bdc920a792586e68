"""The terms pattern findings are grouped and worded in: event groups, the kinds in their documented order, and
the labels of vocabulary slugs (shared by reaction_findings.py and course_findings.py)."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from reflect.domain import vocab
from reflect.domain.rows import PatternData

# Session events grouped as a clinician thinks of them; the slugs are the `event` vocabulary's.
EVENT_GROUPS: dict[str, tuple[str, ...]] = {
    "break": ("pre-break", "post-break"),
    "ending": ("ending-phase", "final-session"),
    "late": ("late",),
    "cancellation": ("cancellation", "missed"),
    "fee-issue": ("fee-issue",),
    "between-session-contact": ("between-session-contact",),
    # Breaks and endings together: separations. An enactment around separations (over-running next to every break
    # and in the ending phase) splits across the two groups above and can stand out only here.
    "separation": ("pre-break", "post-break", "ending-phase", "final-session"),
}
SEPARATION_PARTS = ("break", "ending")
EVENT_GROUP_WORDS = {
    "break": "sessions next to a break",
    "ending": "sessions in the ending phase",
    "late": "sessions the client came late to",
    "cancellation": "sessions marked with a cancellation or missed session",
    "fee-issue": "sessions with a fee issue",
    "between-session-contact": "sessions with contact between sessions",
    "separation": "sessions next to a break or in the ending phase",
}

EVENT_SUBJECTS = 20  # pulls and feeling families compared for each event group (see stands_out)


def _event_compared(kind: str) -> int:
    """How many slugs are tested together for one event group: pulls with feeling families (as before urges were
    compared), and the urges acted on as their own family, like the enacted-urge kind."""
    return _slug_count("urge") if kind == "urge" else EVENT_SUBJECTS


KINDS = (
    "recurring-pull",
    "enacted-urge",
    "event-concentration",
    "presentation-feeling",
    "stance-profile",
    "ruptures",
    "rupture-urges",
    "triggers",
    "intensity-trend",
    "open-questions",
    "body-signal",
    "experiments",
)
KIND_TITLES = {
    "recurring-pull": "Recurring pulls",
    "enacted-urge": "Urges acted on",
    "event-concentration": "Around session events",
    "presentation-feeling": "Feelings with a presentation",
    "stance-profile": "Stance",
    "ruptures": "Ruptures and repair",
    "rupture-urges": "Urges after rupture markers",
    "triggers": "Triggers",
    "intensity-trend": "Intensity over time",
    "open-questions": "Open supervision questions",
    "body-signal": "Body signals",
    "experiments": "Next-session experiments",
}
FOOTER = "Prompts for reflection, not clinical conclusions; not the clinical record."


# --- wording --------------------------------------------------------------------------------------------------------

Namer = Callable[[str], str]


@cache
def _slug_count(kind: str) -> int:
    return len(vocab.slugs(kind))


_SECOND_PERSON = (
    (r"\bmyself\b", "yourself"), (r"\bmy\b", "your"), (r"\bme\b", "you"), (r"\bI am\b", "you are"),
    (r"\bI\b", "you"),
)  # fmt: skip


@cache
def _label(kind: str, slug: str) -> str:
    """A vocabulary label fitted to a sentence spoken to the clinician: lower-case, and in the second person (the
    labels are the clinician's own words at the prompt: "argue or defend myself" reads "argue or defend yourself")."""
    import re

    text = vocab.label(kind, slug).split(":")[0]
    for mine, yours in _SECOND_PERSON:
        text = re.sub(mine, yours, text)
    return text[:1].lower() + text[1:]


def _pattern(slug: str) -> str:
    return _label("pattern", slug)


@cache
def _family(slug: str) -> str:
    words = vocab.feelings_by_family().get(slug, [])
    shown = ", ".join(words[:3]) + (", ..." if len(words) > 3 else "")
    return f"{_label('feeling_family', slug)} feelings ({shown})"


def _pull(slug: str) -> str:
    return vocab.pull_name(slug)  # the label (special/over-involved), never the slug


def _subject(kind: str, slug: str) -> str:
    return f"the {_pull(slug)} pull" if kind == "pull" else _family(slug)


def _of(count: int, total: int, noun: str = "sessions") -> str:
    return f"{count} of {total} {noun}" if total != 1 else f"{count} of 1 {noun.rstrip('s')}"


def _client_with(client: str, name: Namer, data: PatternData) -> str:
    pattern = data.client_pattern.get(client)
    # The presentation is the clinician's coding, never a fact about the client: say so in the same breath.
    return f"{name(client)} (you coded {_pattern(pattern)})" if pattern else name(client)


def _focal_clients(data: PatternData) -> list[str]:
    if data.focal_client:
        return [data.focal_client] if data.focal_client in data.sessions else []
    return sorted(data.sessions)
