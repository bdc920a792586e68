"""The case-presentation document (Markdown) for case-based learning: YAML front matter, a pre-filled formulation with
room to edit, then the evidence from the journal, one section function each. Everything passes through the
document's `Redactor`."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

from reflect.analysis.casework import CaseView
from reflect.domain import vocab
from reflect.privacy.redact import Redactor
from reflect.render.casework import (
    TRIED_WORD,
    experiment_sentence,
    pattern_name,
    presentation_sentence,
    rupture_sentence,
    span_words,
    stance_sentence,
)
from reflect.render.formatting import MISSING, percent, plural
from reflect.render.markdown import md_escape

RESEARCH_NOTE = (
    "Attachment research favours meeting a client's attachment strategy with something different (non-complementary), "
    "reached gradually from a distance the client can bear (Tyrrell et al. 1999; Bernier & Dozier 2002; "
    "Daly & Mallinckrodt 2009)."
)
# The studies behind RESEARCH_NOTE are about clients' insecure attachment strategies (hyperactivating, deactivating or
# both); they say nothing about a secure or an unclear presentation, so the note is shown only for these.
RESEARCHED_PRESENTATIONS = frozenset({"anxious", "avoidant", "disorganized"})
FOOTER = "Reflection prompts, not clinical conclusions. Not the clinical record."
LEFT_OUT = "_(text left out: strict redaction)_"


@dataclass
class _Document:
    """The lines written so far, and the redactor every piece of free text and every date goes through."""

    redactor: Redactor
    lines: list[str] = field(default_factory=list)

    def text(self, value: str | None) -> str | None:
        kept = self.redactor.text(value)
        return None if kept is None else md_escape(kept)

    def when(self, dt: datetime | None) -> str:
        return self.redactor.when(dt) if dt else MISSING

    def edit(self, prompt: str, prefill: str | None = None) -> None:
        """A paragraph for the clinician to write before presenting."""
        self.lines += [f"> ✎ **{prompt}** {prefill or '…'}", ""]


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def case_markdown(view: CaseView, redactor: Redactor, *, now: datetime) -> str:
    """The whole document. Research-linked questions that rest on the clinician's private profile appear only with
    include_private."""
    doc = _Document(redactor)
    _front_matter(doc, view, now)
    _formulation(doc, view)
    doc.lines += ["## From the journal", ""]
    _sessions(doc, view)
    _reactions(doc, view)
    _ruptures(doc, view)
    _experiments(doc, view)
    if (reflection := view.reflection) is not None:
        doc.lines += ["### Questions for reflection on my stance", ""]
        if reflection.pattern in RESEARCHED_PRESENTATIONS:
            doc.lines += [RESEARCH_NOTE, ""]
        if reflection.pull:
            doc.lines += [f"What this presentation often pulls for: {md_escape(reflection.pull)}.", ""]
        if reflection.offer:
            doc.lines += [f"A stance to weigh, not a conclusion: {md_escape(reflection.offer)}.", ""]
        doc.lines += [f"- {md_escape(q)}" for q in reflection.questions]
        doc.lines.append("")
    _questions(doc, view)
    if redactor.include_private and view.findings:
        doc.lines += ["### Research on my own attachment (private)", ""]
        doc.lines += [f"- {md_escape(f.text)}" for f in view.findings]
        doc.lines.append("")
    doc.lines += ["---", "", f"*{FOOTER}*", ""]
    return "\n".join(doc.lines)


def _front_matter(doc: _Document, view: CaseView, now: datetime) -> None:
    redactor = doc.redactor
    client = redactor.client(view.client)
    level = redactor.level
    front = {
        "document": "case presentation",
        "generator": "reflect",
        "client": client,
        "sessions": len(view.sessions),
        "first_session": doc.when(view.first) if view.first else None,
        "last_session": doc.when(view.last) if view.last else None,
        "written": redactor.when(now),
        "redaction": level.value,
        "redaction_note": redactor.description,
        "includes_private": redactor.include_private,
    }
    doc.lines.append("---")
    for key, value in front.items():
        doc.lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")  # JSON scalars are valid YAML scalars
    doc.lines += ["---", "", f"# Case presentation: {client}", ""]
    doc.lines += [
        f"*Prepared from my reflective journal for case-based learning. Redaction level {level.value} "
        f"({redactor.description.split(': ', 1)[-1]}). {FOOTER}*",
        "",
        "Paragraphs marked ✎ are mine to write or edit before presenting; the rest is counted from the journal.",
        "",
    ]


def _formulation(doc: _Document, view: CaseView) -> None:
    """The work so far, the presenting pattern, what it evokes, the stance aimed for and the next experiment, each
    followed by room for the clinician's own words."""
    lines = doc.lines
    lines += ["## Formulation", ""]
    n = len(view.sessions)
    span = plural(n, "session")
    if n == 1:
        span += f", {doc.when(view.first)}"
    elif view.sessions:
        span += f" over {span_words(view.span_days)}, {doc.when(view.first)} to {doc.when(view.last)}"
    lines += [f"**The work so far.** {span}.", ""]
    lines += [f"**Presenting pattern.** {presentation_sentence(view)}"]
    if view.markers:
        lines[-1] += (
            " Markers seen most (sessions): "
            + "; ".join(f"{vocab.label('marker', m).lower()}: {k}" for m, k in view.markers[:4])
            + "."
        )
    lines.append("")
    doc.edit("The client's way of relating, in my words:")
    evokes = _evokes(view)
    lines += [
        "**What it evokes in me.** " + (_sentence("; ".join(evokes)) if evokes else "No reactions logged yet."),
        "",
    ]
    doc.edit("What this stirs in me, and what it may tell me about the client:")

    # The aim is the clinician's to write: the journal gives only the stance logged so far, never a pre-filled aim.
    lines += [f"**The stance I aim for.** Logged so far: {stance_sentence(view)}.", ""]
    doc.edit("The stance I aim for, in my words:")

    latest = view.experiments[-1] if view.experiments else None
    if latest is not None:
        shown = doc.text(latest.text) or LEFT_OUT
        lines += [f"**What I will try next.** Latest experiment (session {latest.session_number}, "
                  f"{TRIED_WORD[latest.status]}): {shown}", ""]  # fmt: skip
    else:
        lines += ["**What I will try next.** No next-session experiment logged yet.", ""]
    doc.edit("Next, I will try:")


def _evokes(view: CaseView) -> list[str]:
    """The strongest feelings, pulls and urges acted on with this client, each against the other clients."""
    evokes = []
    for r in view.feelings[:3]:
        evokes.append(
            f"{r.subject} feelings in {r.count} of {r.total} sessions (other clients {percent(r.baseline_rate)})"
        )
    for r in view.pulls[:2]:
        evokes.append(f"a pull toward {vocab.label('pull', r.subject).lower()} in {r.count} of {r.total} "
                      f"(other clients {percent(r.baseline_rate)})")  # fmt: skip
    acted = sorted((u for u in view.urges if u.enacted), key=lambda u: -u.enacted)[:2]
    for u in acted:
        evokes.append(f"the urge to {vocab.label('urge', u.subject).lower()} felt in {u.felt} and acted on in "
                      f"{u.enacted} (other clients {percent(u.baseline_enacted_rate)})")  # fmt: skip
    return evokes


def _sessions(doc: _Document, view: CaseView) -> None:
    lines = doc.lines
    lines += ["### Sessions", ""]
    lines += ["| Session | Date | Presentation | Intensity | Stance | Events | Ruptures |",
              "| ---: | --- | --- | ---: | --- | --- | --- |"]  # fmt: skip
    for s in view.sessions:
        pattern = pattern_name(s.pattern) + (f" ({s.confidence}/3)" if s.confidence and s.pattern else "")
        ruptures = ", ".join(
            f"{r.type} {r.intensity or ''}".strip() + (f", resolved: {r.resolved}" if r.resolved else "")
            for r in s.ruptures
        )
        lines.append(
            f"| {s.session_number or ''} | {doc.when(s.session_at)} | {pattern} | "
            f"{'' if s.intensity is None else s.intensity} | {s.stance or ''} | "
            f"{', '.join(vocab.label('event', e).lower() for e in s.events)} | {ruptures} |"
        )
    lines.append("")


def _reactions(doc: _Document, view: CaseView) -> None:
    lines = doc.lines
    lines += ["### My reactions against my other clients", ""]
    if view.baseline_sessions:
        client = doc.redactor.client(view.client)
        lines += [f"Sessions with {client}: {len(view.sessions)}; with my other clients: {view.baseline_sessions}.", ""]
    lines += ["| Reaction | With this client | With my other clients |", "| --- | --- | --- |"]
    for r in view.feelings:
        lines.append(
            f"| Feeling: {r.subject} | {r.count} of {r.total} ({percent(r.rate)}) | {percent(r.baseline_rate)} |"
        )
    for r in view.pulls:
        lines.append(
            f"| Pull: {vocab.label('pull', r.subject).lower()} | {r.count} of {r.total} ({percent(r.rate)}) | "
            f"{percent(r.baseline_rate)} |"
        )
    for u in view.urges:
        lines.append(
            f"| Urge: {vocab.label('urge', u.subject).lower()} | felt {u.felt}, acted on {u.enacted} of {u.total} "
            f"({percent(u.enacted_rate)}) | acted on {percent(u.baseline_enacted_rate)} |"
        )
    lines.append("")


def _ruptures(doc: _Document, view: CaseView) -> None:
    lines = doc.lines
    lines += ["### Ruptures and repairs", "", f"Ruptures: {rupture_sentence(view)}.", ""]
    if not view.ruptures.total:
        return
    lines += ["| Session | Date | Type | Intensity | After | Markers | Repair | Metacommunication | Resolved |",
              "| ---: | --- | --- | ---: | --- | --- | --- | --- | --- |"]  # fmt: skip
    for e in view.ruptures.timeline:
        rupture = e.rupture
        lines.append(
            f"| {e.session_number or ''} | {doc.when(e.session_at)} | {rupture.type} | {rupture.intensity or ''} | "
            f"{vocab.label('rupture_trigger', rupture.trigger).lower() if rupture.trigger else ''} | "
            f"{', '.join(vocab.label('rupture_marker', m).lower() for m in rupture.markers)} | "
            f"{', '.join(vocab.label('strategy', s).lower() for s in rupture.strategies)} | "
            f"{'yes' if rupture.metacommunication else 'no'} | {rupture.resolved or ''} |"
        )
    lines.append("")


def _experiments(doc: _Document, view: CaseView) -> None:
    lines = doc.lines
    lines += ["### Experiments and their follow-up", "", f"Experiments: {experiment_sentence(view)}.", ""]
    if not view.experiments:
        return
    lines += ["| Session | Experiment | Followed up |", "| ---: | --- | --- |"]
    for x in view.experiments:
        followed = TRIED_WORD[x.status] + (f" (session {x.followup_session})" if x.followup_session else "")
        lines.append(f"| {x.session_number or ''} | {doc.text(x.text) or LEFT_OUT} | {followed} |")
    lines.append("")


def _questions(doc: _Document, view: CaseView) -> None:
    lines = doc.lines
    lines += ["### Open questions for supervision", ""]
    if view.questions:
        for q in view.questions:
            tags = ", ".join(x for x in (f"eye {q.eye}" if q.eye else "", q.want or "") if x)
            lines.append(
                f"- Session {q.session_number or '?'}{f' ({tags})' if tags else ''}: {doc.text(q.question) or LEFT_OUT}"
            )
    else:
        lines.append("None open.")
    lines.append("")
    doc.edit("My question for the group:")
