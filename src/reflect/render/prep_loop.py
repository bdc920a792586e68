"""The prep document's supervision-loop sections: risk and ethics, from your last supervision, since your last
supervision (the impact of supervision), and the questions discussed but not yet resolved.

Client codes, dates and free text go through the same redaction as the rest of the document (`names`, `day`, `texts`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from reflect.analysis.prep import PrepData
from reflect.analysis.supervision_loop import ExperimentSince
from reflect.domain import vocab
from reflect.render import plural
from reflect.render.impact import PROMPT, item_line

Add = Callable[[str], None]
Text = Callable[..., "str | None"]


def _urge(slug: str) -> str:
    text = vocab.label("urge", slug)
    return text[:1].lower() + text[1:]


def risk_section(data: PrepData, names: Callable[[str], str], day: Callable[[date], str], add: Add) -> None:
    add("## Risk and ethics")
    add("")
    if not data.risks:
        add("No risk disclosure, boundary urge acted on or unresolved rupture was logged in this period.")
        add("")
        return
    for r in data.risks:
        parts = []
        if r.risk_disclosures:
            parts.append("risk disclosed in the session of " + ", ".join(day(d) for d in r.risk_disclosures))
        if r.boundary_urges:
            acted = ", ".join(f"{_urge(u)} ({plural(n, 'session')})" for u, n in sorted(r.boundary_urges.items()))
            parts.append(f"you acted on boundary urges: {acted}")
        if r.unresolved_ruptures:
            parts.append("rupture not resolved in the session of " + ", ".join(day(d) for d in r.unresolved_ruptures))
        add(f"- **{names(r.client)}:** " + "; ".join(parts) + ".")
    add("")
    add("What was done, whom did you tell, and what still needs attention?")
    add("")


def _experiment(e: ExperimentSince) -> str:
    if not e.sessions_since:
        return "no session with the client since"
    if not e.tried:
        return f"{plural(e.sessions_since, 'session')} since, no follow-up recorded"
    return f"{plural(e.sessions_since, 'session')} since; tried: " + ", ".join(
        vocab.label("tried", t).lower() for t in e.tried if t
    )


def last_meeting_section(data: PrepData, names: Callable[[str], str], day: Callable[[date], str], texts: Text,
                         add: Add) -> None:  # fmt: skip
    last = data.last_meeting
    if last is None:
        return
    m = last.meeting
    add("## From your last supervision")
    add("")
    add(f"Meeting of {day(m.held_on)} ({m.minutes} minutes).")
    add("")
    if m.notes and (shown := texts(m.notes)):
        add(f"- **Notes:** {shown}")
    for note in last.notes:
        if shown := texts(note):
            add(f"- **Action point:** {shown}")
    for e in last.experiments:
        shown = texts(e.text)
        add(f"- **Experiment for {names(e.client)}:** " + (f"{shown} " if shown else "") + f"({_experiment(e)})")
    for q in last.questions:
        if q.status == "gone":
            add("- **Question:** no longer in the journal (its entry was deleted)")
            continue
        shown = texts(q.text)
        status = {"open": "still open", "discussed": "discussed, not resolved", "resolved": "resolved"}[q.status]
        who = names(q.client) if q.client else "?"
        add(f"- **Question about {who}:** " + (f"{shown} " if shown else "") + f"({status})")
    add("")


def since_last_section(data: PrepData, names: Callable[[str], str], day: Callable[[date], str], add: Add) -> None:
    if data.last_meeting is None:
        return
    add("## Since your last supervision")
    add("")
    if not data.impact:
        add(
            "The last meeting worked on no client with a pattern found before it, so there is no before and after "
            "to show."
        )
        add("")
        return
    add("The reactions the last meeting worked on, in the same clients' sessions before and after it:")
    add("")
    for item in data.impact:
        add(f"- {item_line(item, names, data.thresholds, day=day)}")
    add("")
    add(PROMPT)
    add("")
