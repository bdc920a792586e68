"""What `reflect resume` shows before it goes on: the draft's client and session, and every answer kept so far, worded
as `reflect show` words an entry (labels, never slugs)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

from reflect.domain import vocab
from reflect.render.console import safe
from reflect.render.fit import labelled

# The entry fields as `reflect show` labels them.
FIELD_LABELS = {
    "modality": "Modality", "events": "Events", "presentation": "Client presentation", "observed": "Observed",
    "interpretation": "Interpretation", "feelings": "Feelings", "body": "Body", "urges": "Urges",
    "pulls": "Pulled toward", "intensity": "Overall intensity", "triggers": "Triggers",
    "resonance": "What it touched in me (private)", "stance": "Stance", "management": "Management that helped",
    "ruptures": "Ruptures", "experiment": "Next session I will try", "supervision": "For supervision",
    "tags": "Tags", "flagged": "Flagged",
}  # fmt: skip
# Fields whose values are slugs of one vocabulary.
FIELD_VOCABULARY = {"modality": "modality", "events": "event", "body": "body", "pulls": "pull", "triggers": "trigger",
                    "management": "management", "stance": "stance"}  # fmt: skip


def _label(kind: str, slug: Any) -> str:
    return vocab.label(kind, slug).split(":")[0]


def answer_text(field: str | None, value: Any) -> str:
    """One kept answer in words. Shapes the interview writes are worded; anything else is shown as it was given."""
    if value is None or value == "" or value == [] or value == {}:
        return "(none)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    kind = FIELD_VOCABULARY.get(field or "")
    if field == "feelings" and isinstance(value, Mapping):
        return ", ".join(f"{word} {rating}" for word, rating in value.items())
    if field == "intensity":
        return f"{value}/10"
    if field == "urges" and isinstance(value, list):
        return ", ".join(
            f"{_label('urge', u.get('urge'))} ({'acted on' if u.get('enacted') else 'felt'})"
            for u in value
            if isinstance(u, Mapping)
        )
    if field == "presentation" and isinstance(value, Mapping):
        return _label("pattern", value.get("pattern") or "unclear")
    if field in ("ruptures", "supervision") and isinstance(value, list):
        return f"{len(value)} recorded"
    if isinstance(value, list):
        return ", ".join(_label(kind, v) if kind else str(v) for v in value)
    return _label(kind, value) if kind else str(value)


def resume_view(draft_id: str, pack_title: str, client: str | None, session: str | None, saved_at: datetime,
                kept: Sequence[tuple[str, str]], total: int) -> Group:  # fmt: skip
    """The heading (draft, client, session, when it was last saved), then the answers kept, one labelled line each."""
    head = Text(f"Resuming draft {draft_id[:8]}", style="bold")
    head.append(f" · {client or 'no client yet'}")
    head.append(f" · session {session}" if session else " · session date not given yet")
    head.append(f" · {pack_title} · last saved {saved_at.astimezone().strftime('%a %d %b %H:%M')}", style="dim")
    parts: list[Text | Table | Group] = [head]
    if kept:
        parts.append(Text(f"Kept so far ({len(kept)} of {total} questions):", style="dim"))
        parts += [labelled(label, safe(answer), separator=": ") for label, answer in kept]
    else:
        parts.append(Text("No answers kept yet: starting from the first question.", style="dim"))
    return Group(*parts)
