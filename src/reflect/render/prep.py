"""The supervision preparation document (Markdown with YAML front matter), from `prep.PrepData`.

Every client code goes through `Redactor.client`, every date through `Redactor.when`, every piece of free text through
`Redactor.text` (and then `md_escape`, so journal text can never become Markdown structure). The chart is a mermaid
`xychart-beta` block with a plain table beside it, for readers that do not draw mermaid.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import cache
from typing import TYPE_CHECKING

from reflect import __version__
from reflect.analysis.prep import ClientPrep, PrepData
from reflect.domain import vocab
from reflect.privacy.redact import Redactor
from reflect.render import plural
from reflect.render.markdown import md_escape

if TYPE_CHECKING:
    from reflect.analysis.practice import Progress

FOOTER = "Prompts for reflection, not clinical conclusions; not the clinical record."
EYE_TITLES = {
    1: "the client",
    2: "my interventions",
    3: "the relationship between us (transference)",
    4: "my own process and countertransference",
    5: "supervision itself and parallel process",
    6: "the supervisor's own process",
    7: "the wider context",
}


def _day(redactor: Redactor, day: date | datetime, fmt: str = "%Y-%m-%d") -> str:
    when = day if isinstance(day, datetime) else datetime.combine(day, time(12, 0)).astimezone()
    return redactor.when(when, fmt)


@cache
def _label(kind: str, slug: str) -> str:
    text = vocab.label(kind, slug).split(":")[0]
    return text[:1].lower() + text[1:]  # "Something I said" -> "something I said"


@cache
def _outcome(next_tried: str | None, has_next: bool) -> str:
    """What came of an experiment at the client's next session."""
    if next_tried:
        return f"tried at the next session: {_label('tried', next_tried)}"
    return "no follow-up recorded at the next session" if has_next else "awaiting the next session"


def _of(count: int, total: int) -> str:
    return f"{count} of {total}"


class _Texts:
    """Free text as the document shows it: redacted, then escaped. Identical texts are redacted once (a journal
    repeats experiments and questions; the identifier detector is the costly step)."""

    def __init__(self, redactor: Redactor) -> None:
        self.redactor = redactor
        self.seen: dict[tuple[str, bool], str | None] = {}

    def __call__(self, value: str | None, *, private: bool = False) -> str | None:
        if value is None:
            return None
        key = (value, private)
        if key not in self.seen:
            shown = self.redactor.text(value, private=private)
            self.seen[key] = None if shown is None else md_escape(shown)
        return self.seen[key]


class _Dates:
    """Days as the document shows them. Each distinct time is converted once: a journal repeats session times, and
    converting to local time is the costly step."""

    def __init__(self, redactor: Redactor) -> None:
        self.redactor = redactor
        self.seen: dict[tuple[date | datetime | str, str], str] = {}

    def __call__(self, day: date | datetime | str, fmt: str = "%Y-%m-%d") -> str:
        """A date, a time, or a stored time (text)."""
        key = (day, fmt)
        if key not in self.seen:
            if isinstance(day, str):
                from reflect.domain.dates import stored_time

                day = stored_time(day)
            self.seen[key] = _day(self.redactor, day, fmt)
        return self.seen[key]


@dataclass
class PrepSection:
    """One part of the document as Markdown lines; `client` is the client's code when the part is about one client.
    The Markdown and the HTML document are both built from these, so a new section is added in one place."""

    kind: (
        str  # "title", "risk", "last-meeting", "since-last", "questions", "clients", "client", "overview", "practice",
    )
    # "closing"
    lines: list[str] = field(default_factory=list)
    client: str | None = None


def render_prep(data: PrepData, redactor: Redactor, *, practice: Progress | None = None) -> str:
    """The Markdown document; `practice` (supervision prep --include-practice) adds a short section at the end."""
    lines: list[str] = []
    add = lines.append
    # Front matter: every value JSON-quoted, which is also valid YAML.
    front = {
        "title": "Supervision preparation",
        "period_start": _day(redactor, data.since) if data.since else None,
        "period_end": _day(redactor, data.until),
        "period": data.since_label,
        "sessions": data.sessions,
        "clients": len(data.clients),
        "open_questions": len(data.questions),
        "redaction": redactor.level.value,
        "private_fields": "included" if redactor.include_private else "left out",
        "generated_by": f"reflect {__version__}",
    }
    add("---")
    for key, value in front.items():
        add(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    add("---")
    add("")
    for section in prep_sections(data, redactor, practice=practice):
        lines += section.lines
    return "\n".join(lines) + "\n"


def prep_period(data: PrepData, redactor: Redactor) -> tuple[str, str]:
    """The period's first and last day as the document shows them."""
    return (_day(redactor, data.since) if data.since else "the first entry"), _day(redactor, data.until)


def prep_sections(data: PrepData, redactor: Redactor, *, practice: Progress | None = None) -> list[PrepSection]:
    """The document after its front matter, in order."""
    texts = _Texts(redactor)
    dates = _Dates(redactor)
    start, end = prep_period(data, redactor)
    sections: list[PrepSection] = []

    def section(kind: str, client: str | None = None):
        sections.append(PrepSection(kind, client=client))
        return sections[-1].lines.append

    add = section("title")
    add(f"# Supervision preparation: {start} to {end}")
    add("")
    add(
        f"{data.sessions} session{'s' if data.sessions != 1 else ''} with {len(data.clients)} "
        f"client{'s' if len(data.clients) != 1 else ''} {data.since_label}. "
        f"Redaction: {redactor.description}."
    )
    add("")
    add(f"*{FOOTER}*")
    add("")

    from reflect.render.prep_loop import last_meeting_section, risk_section, since_last_section

    def day(d: date) -> str:
        return dates(d, "%d %b %Y")

    risk_section(data, redactor.client, day, section("risk"))  # first: what may need action before anything else
    last_meeting_section(data, redactor.client, day, texts, section("last-meeting"))
    since_last_section(data, redactor.client, day, section("since-last"))
    _questions(data, redactor, texts, dates, section("questions"))
    add = section("clients")
    add("## Clients")
    add("")
    if not data.clients:
        add("No sessions in this period.")
        add("")
    for client in data.clients:
        _client(client, redactor, texts, dates, section("client", client.code))
    _overview(data, redactor, section("overview"))
    if practice is not None:
        from reflect.render.practice import prep_section

        section("practice")(prep_section(practice, data.since_label))
    add = section("closing")
    add("---")
    add("")
    add(f"*{FOOTER}*")
    return sections


def _questions(data: PrepData, redactor: Redactor, texts: _Texts, dates: _Dates, add) -> None:
    add("## Open questions")
    add("")
    if data.carried:
        _carried(data, redactor, texts, dates, add)
    if not data.questions:
        add("No open supervision questions." if not data.carried else "No other open supervision questions.")
        add("")
        return
    counted_to_end = data.until < data.now.astimezone().date()  # a past period reads as on its last day
    add(
        "Oldest first, grouped by the eye of the seven-eyed model each one concerns."
        + (" Days open are counted to the period's end." if counted_to_end else "")
    )
    add("")
    groups: dict[int | None, list[dict]] = {}
    for q in data.questions:
        groups.setdefault(q["eye"], []).append(q)
    for eye in sorted(groups, key=lambda e: (e is None, e or 0)):
        add(f"### Eye {eye}: {EYE_TITLES[eye]}" if eye else "### No eye given")
        add("")
        for i, q in enumerate(groups[eye], 1):
            number, days, want = q["session_number"], q["age_days"], q["want"]
            head = (
                f"{i}. **{redactor.client(q['client'])}** ("
                + (f"session {number}, " if number else "")
                + f"asked {dates(q['asked_at'])}, open {plural(days, 'day')}"
                + (f", help wanted: {want})" if want else ")")
            )
            text = texts(q["question"])
            if text:
                add(head + "  ")
                add("   " + text.replace("\n", "\n   "))
            else:
                add(head)
        add("")


def _carried(data: PrepData, redactor: Redactor, texts: _Texts, dates: _Dates, add) -> None:
    """Questions discussed but not resolved stay on the agenda, with when and what the meeting noted."""
    add("### Discussed, not yet resolved")
    add("")
    for i, c in enumerate(data.carried, 1):
        q = c.question
        when = f"discussed on {dates(c.discussed_on, '%d %b %Y')}" if c.discussed_on else "discussed"
        head = f"{i}. **{redactor.client(q['client'])}** (" + (f"eye {q['eye']}, " if q["eye"] else "") + f"{when})"
        text = texts(q["question"])
        add(head + ("  " if text else ""))
        if text:
            add("   " + text.replace("\n", "\n   "))
        for note in c.notes:
            if shown := texts(note):
                add(f"   - Meeting notes: {shown}")
    add("")


def _client(c: ClientPrep, redactor: Redactor, texts: _Texts, dates: _Dates, add) -> None:
    add(f"### {redactor.client(c.code)}")
    add("")
    numbers = ""
    if c.first_number is not None:
        numbers = (
            f" (session {c.first_number})"
            if c.first_number == c.last_number
            else f" (sessions {c.first_number}-{c.last_number})"
        )
    summary = f"{c.sessions} session{'s' if c.sessions != 1 else ''} in this period{numbers}"
    if c.pattern:
        summary += f"; presentation you coded most often: {_label('pattern', c.pattern)}"
    add(summary + ".")
    add("")
    if c.pulls:
        add("- **Pulls:** " + ", ".join(f"{p.replace('-', '/')} {_of(n, c.sessions)}" for p, n in c.pulls))
    if c.urges:
        add(
            "- **Urges, felt (acted on):** "
            + "; ".join(f"{_label('urge', u)} {felt} ({acted})" for u, felt, acted in c.urges)
        )
    if c.stances:
        add("- **Stance:** " + ", ".join(f"{_label('stance', s)} {n}" for s, n in c.stances))
    if c.ruptures:
        parts = []
        for rtype, resolved, trigger, count, meta in c.ruptures:
            bit = f"{count} {rtype}"
            if trigger:
                bit += f" after {_label('rupture_trigger', trigger)}"
            bit += f", resolved in session: {_label('resolved', resolved) if resolved else 'not recorded'}"
            bit += f", metacommunication in {meta}"
            parts.append(bit)
        add("- **Ruptures:** " + "; ".join(parts))
    values = [v for v in c.intensities if v is not None]
    if values:
        add(
            "- **Intensity (0-10), session by session:** "
            + ", ".join("–" if v is None else str(v) for v in c.intensities)
            + f" (mean {sum(values) / len(values):.1f})"
        )
    if c.experiments:
        tried = sum(1 for e in c.experiments if e.next_tried in ("yes", "partly"))
        followed = sum(1 for e in c.experiments if e.next_tried)
        add(
            f"- **Next-session experiments:** {len(c.experiments)} planned, "
            f"{followed} followed up at the next session, "
            f"{tried} tried at least partly"
        )
        for e in c.experiments:
            text = texts(e.experiment)
            add(
                f"  - Session {e.session_number or '?'} ({dates(e.session_at)})"
                + (f": {text}" if text else "")
                + f" ({_outcome(e.next_tried, e.has_next)})"
            )
    if c.resonance and redactor.include_private and redactor.keeps_text:
        add("- **What it touched in me (private):**")
        for s in c.resonance:
            shown = texts(s.resonance, private=True)
            if shown:
                add(f"  - Session {s.session_number or '?'} ({dates(s.session_at)}): {shown}")
    add("")
    if c.findings:
        add("Patterns to reflect on:")
        add("")
        for f in c.findings:
            add(f"- {md_escape(f.text)}")
        add("")


def _overview(data: PrepData, redactor: Redactor, add) -> None:
    add("## Overview of the period")
    add("")
    pulls = [(p, n) for p, n in data.top_pulls if n]
    families = [(f, n) for f, n in data.top_families if n]
    if pulls:
        add("- **Pulls logged most:** " + ", ".join(f"{p.replace('-', '/')} ({n})" for p, n in pulls))
    if families:
        add(
            "- **Feeling families logged most:** "
            + ", ".join(f"{_label('feeling_family', f)} ({n})" for f, n in families)
        )
    add(f"- **Supervision meetings logged in the period:** {data.meetings_in_period}")
    add("")
    weeks = [(w, n, m) for w, n, m in data.weeks if m is not None]
    if weeks:
        labels = [_day(redactor, w, "%d %b") for w, _, _ in weeks]
        add("### Intensity over time")
        add("")
        add("```mermaid")
        add("xychart-beta")
        add('    title "Mean intensity per week (0-10)"')
        add("    x-axis [" + ", ".join(json.dumps(label) for label in labels) + "]")
        add('    y-axis "Intensity" 0 --> 10')
        add("    line [" + ", ".join(f"{m:.1f}" for _, _, m in weeks) + "]")
        add("```")
        add("")
        add("| Week of | Sessions | Mean intensity |")
        add("| --- | ---: | ---: |")
        for label, (_, n, m) in zip(labels, weeks, strict=True):
            add(f"| {label} | {n} | {m:.1f} |")
        add("")
    if data.caseload_findings:
        add("### Across clients")
        add("")
        for f in data.caseload_findings:
            add(f"- {md_escape(f.text)}")
        add("")
    add(data.thresholds.footer())
    add("")
