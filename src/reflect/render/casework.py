"""Renderings of one client's case and of the clinician's profile: the terminal view (rich) and the case document.

The terminal view answers two questions first: what happens in me with this client, and what might I offer instead.
Details (the session strip, ruptures, experiments, open questions) follow. It fits 100x40 for a 13-session client and
never relies on colour alone: intensity is a bar and a digit, stance and ruptures are glyphs (legend under the strip).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rich.console import Group
from rich.table import Table
from rich.text import Text

from reflect.analysis.casework import CaseView, Rate, UrgeRate
from reflect.domain import vocab
from reflect.domain.profile import Profile
from reflect.domain.rows import SessionRow
from reflect.domain.vocab import STANCES
from reflect.render.console import safe
from reflect.render.fit import bullet, hanging, labelled
from reflect.render.formatting import local_day, percent, plural
from reflect.render.plain import NARROW

PATTERN_GLYPH = {"secure": "S", "anxious": "A", "avoidant": "V", "disorganized": "D", "unclear": "?"}

TERMINAL_QUESTIONS = 3  # stance questions shown in the terminal; --json and the case document have them all
STRIP_LIMIT = 16  # sessions shown in the strip unless --all: keeps the view on one screen for a long therapy
STANCE_GLYPH = {"complementary": "=", "non-complementary": "≠", "unsure": "?"}
EVENT_SHORT = {
    "first-session": "first", "pre-break": "pre-break", "post-break": "post-break", "ending-phase": "ending",
    "final-session": "final", "late": "late", "missed": "missed", "cancellation": "cancelled", "fee-issue": "fee",
    "between-session-contact": "contact", "doorway-disclosure": "door", "risk-disclosure": "risk",
}  # fmt: skip
TRIED_WORD = {"yes": "tried", "partly": "partly", "no": "not tried", "not-asked": "not asked", "awaiting": "awaiting"}


def pattern_name(slug: str | None) -> str:
    return vocab.label("pattern", slug).split(":")[0].lower() if slug else "not coded"


def span_words(days: int) -> str:
    if days < 14:
        return plural(days, "day")
    return f"{round(days / 7)} weeks"


def presentation_sentence(view: CaseView) -> str:
    p = view.presentation
    if p.predominant is None:
        return "No presentation coded yet."
    # Your coding, never a statement about the client.
    head = f"You coded {pattern_name(p.predominant)} in {p.predominant_sessions} of {p.coded_sessions} coded sessions"
    if p.status == "stable":
        return f"{head}; stable."
    if p.status == "shifting":
        return f"{head}; shifting from {p.earlier} to {p.recent}."  # slugs: the line must fit 100 columns
    if p.status == "mixed":
        return f"{head}; mixed lately."
    return f"{head}; too early to tell if shifting."


def stance_sentence(view: CaseView) -> str:
    s = view.stance
    text = ", ".join(f"{name} {s.counts.get(name, 0)}" for name in STANCES)
    if s.unrecorded:
        text += f", not rated {s.unrecorded}"
    if s.recorded:
        rate, baseline = percent(s.complementary_rate), percent(s.baseline_complementary_rate)
        text += f": complementary in {rate} (other clients {baseline})"
    return text


def rupture_sentence(view: CaseView) -> str:
    r = view.ruptures
    if not r.total:
        return "none logged"
    types = ", ".join(f"{n} {t}" for t, n in sorted(r.count("type").items()))
    resolved = r.count("resolved")
    bits = [types]
    words = (("yes", "yes"), ("partial", "partly"), ("no", "no"), ("unrecorded", "not noted"))
    bits.append("resolved: " + ", ".join(f"{resolved[k]} {w}" for k, w in words if resolved.get(k)))
    bits.append(f"metacommunicated {r.metacommunication}")
    triggers = {t: n for t, n in r.count("trigger").items() if t != "unrecorded"}
    if triggers:
        top = sorted(triggers.items(), key=lambda kv: (-kv[1], kv[0]))[:2]
        bits.append(", ".join(f"{n} after {_trigger_words(t)}" for t, n in top))
    return " · ".join(bits)


def _trigger_words(slug: str) -> str:
    """A rupture trigger in a sentence, spoken to the clinician as the findings word labels ("something you said")."""
    from reflect.analysis.pattern_terms import _label

    return _label("rupture_trigger", slug) if slug in vocab.slugs("rupture_trigger") else slug


def experiment_sentence(view: CaseView) -> str:
    items = view.experiments
    if not items:
        return "none planned"
    counts = {k: sum(e.status == k for e in items) for k in TRIED_WORD}
    bits = [f"{len(items)} planned"]
    followed = [f"{TRIED_WORD[k]} {counts[k]}" for k in ("yes", "partly", "no", "not-asked") if counts[k]]
    if followed:
        bits.append(", ".join(followed))
    if counts["awaiting"]:
        bits.append(f"{counts['awaiting']} awaiting the next session")
    return " · ".join(bits)


# --- terminal ---------------------------------------------------------------------------------------------------------


def _heading(title: str, note: str = "") -> Text:
    text = Text(title, style="bold cyan")
    if note:
        text.append(f"  {note}", style="dim")
    return text


def _label(label: str, value: str | Text) -> Text:
    text = Text(f"{label}  ", style="bold")
    text.append_text(value if isinstance(value, Text) else Text(value))
    return text


def _rate_cells(r: Rate, kind: str) -> tuple[Text, str, str]:
    name = Text(vocab.pull_name(r.subject) if kind == "pull" else r.subject)
    if r.above_baseline:
        name.append(" ▲", style="bold red")
    return name, f"{r.count}/{r.total} {percent(r.rate)}", percent(r.baseline_rate)


def _urge_cells(u: UrgeRate) -> tuple[Text, str, str]:
    name = Text(vocab.label("urge", u.subject).lower())
    if u.above_baseline:
        name.append(" ▲", style="bold red")
    return (
        name,
        f"felt {u.felt}, acted {u.enacted}/{u.total} {percent(u.enacted_rate)}",
        percent(u.baseline_enacted_rate),
    )


WIDE = 96  # below this many columns the two halves of the reactions table are stacked


def reactions_table(view: CaseView, *, rows: int = 4, width: int = 100) -> Table | Group:
    """Feeling families on the left; pulls, then urges acted on, on the right; each against the other clients."""
    left = [_rate_cells(r, "feeling_family") for r in view.feelings[:rows]]
    n_pulls = min(len(view.pulls), max(2, rows - min(2, len(view.urges))))
    right = [_rate_cells(r, "pull") for r in view.pulls[:n_pulls]]
    acted = sorted((u for u in view.urges if u.enacted), key=lambda u: (-u.enacted, -u.felt)) or list(view.urges)
    right += [_urge_cells(u) for u in acted[: rows - len(right)]]
    # The figures keep their width; a long feeling, pull or urge label wraps under itself instead of being cut.
    left_cols = (("feelings", "left", 13), (view.client, "right", 10), ("others", "right", 6))
    right_cols = (("pulls · urges", "left", 26), (view.client, "right", 24), ("others", "right", 6))
    if not (left and right):  # one side has nothing to show: no empty header beside the other
        return _table(left_cols, left) if left else _table(right_cols, right)
    if width < WIDE:
        return Group(_table(left_cols, left), _table(right_cols, right))
    table = _table((*left_cols, ("", "left", 1), *right_cols), [])
    blank = (Text(""), "", "")
    for i in range(max(len(left), len(right))):
        a = left[i] if i < len(left) else blank
        b = right[i] if i < len(right) else blank
        table.add_row(*a, "│", *b)
    return table


def _table(columns: Sequence[tuple[str, str, int]], rows: Sequence[tuple[Text, str, str]]) -> Table:
    table = Table(box=None, pad_edge=False, header_style="bold", show_edge=False, padding=(0, 1))
    for i, (name, justify, width) in enumerate(columns):
        label = i % 4 == 0  # the feeling, pull or urge (every fourth column when the halves sit side by side)
        table.add_column(
            name,
            justify=justify,  # type: ignore[arg-type]
            no_wrap=not label,
            overflow="fold",
            min_width=width,
            max_width=width,
        )
    for row in rows:
        table.add_row(*row)
    return table


def _intensity(value: int | None) -> Text:
    if value is None:
        return Text("·" * 10 + "  –", style="dim")
    style = "green" if value < 4 else "yellow" if value < 7 else "red"
    text = Text("█" * value, style=style)
    text.append("░" * (10 - value), style="dim")
    text.append(f" {value:>2}")
    return text


def _rupture_cell(s: SessionRow) -> Text:
    text = Text()
    for i, r in enumerate(s.ruptures):
        if i:
            text.append("; ")
        words = f"{r.type[0].upper()}{r.intensity or ''}"
        if r.resolved:
            words += f" {RESOLVED_WORD[r.resolved]}"
        if r.metacommunication:
            words += ", meta"
        if r.strategies:
            words += ": " + ", ".join(REPAIR_SHORT.get(x, x) for x in r.strategies)
        text.append(words, style="bold red" if r.resolved == "no" else "yellow")
    return text


def session_strip(sessions: Sequence[SessionRow], width: int = 100) -> Table | Group:
    """One line per session; events and ruptures wrap within their columns. Below 80 columns the ruptures move under
    the strip, one line each, so that the glyph columns keep their width."""
    narrow = width < NARROW
    table = Table(box=None, pad_edge=False, header_style="bold", show_edge=False, padding=(0, 1))
    # (name, justify, min width, max width): the glyph columns never shrink; events and ruptures wrap instead.
    columns = [("date", "left", 10, 10), ("#", "right", 2, 5), ("intensity", "left", 13, 13),
               ("pattern", "left", 7, 7), ("stance", "center", 6, 6), ("events", "left", 6, 16)]  # fmt: skip
    if not narrow:
        columns.append(("rupture: repair", "left", 15, 40))
    for name, justify, low, high in columns:
        table.add_column(
            name,
            justify=justify,  # type: ignore[arg-type]
            no_wrap=name not in ("events", "rupture: repair"),
            overflow="fold",
            min_width=low,
            max_width=high,
        )
    for s in sessions:
        pattern = PATTERN_GLYPH.get(s.pattern or "", "·") + (str(s.confidence) if s.confidence and s.pattern else "")
        cells: list[str | Text] = [
            local_day(s.session_at),
            str(s.session_number or ""),
            _intensity(s.intensity),
            pattern,
            STANCE_GLYPH.get(s.stance or "", "·"),
            ", ".join(EVENT_SHORT.get(e, e) for e in s.events),
        ]
        if not narrow:
            cells.append(_rupture_cell(s))
        table.add_row(*cells)
    if not narrow:
        return table
    ruptures = [hanging(Text(f"  {local_day(s.session_at)} rupture: ", style="dim"), _rupture_cell(s))
                for s in sessions if s.ruptures]  # fmt: skip
    return Group(table, *ruptures)


LEGEND = (
    ("pattern: ", "S secure, A anxious, V avoidant, D disorganized, ? unclear; digit = confidence 1-3"),
    ("stance: ", "= complementary, ≠ non-complementary, ? unsure · rupture: W withdrawal, C confrontation, 1-5"),
)
RESOLVED_WORD = {"yes": "resolved", "partial": "partly", "no": "unresolved"}
# Repair strategies in a word each, for the strip (the case document and --json use the full vocabulary).
REPAIR_SHORT = {
    "clarify": "clarify", "change-task": "task", "give-rationale": "rationale", "invite-feelings": "invite",
    "acknowledge-contribution": "my part", "self-disclose": "disclose", "link-patterns": "link",
    "validate-defence": "validate", "redirect": "redirect",
}  # fmt: skip


def _markers_line(view: CaseView, width: int) -> str:
    """The most seen markers, by their labels in full, as many as fit one line (at least one); --json lists all.
    Labels hold commas of their own ("sparse, 'fine' account"): counts go in brackets, markers apart by dots."""
    room = width - len("Markers seen most: ")
    shown: list[str] = []
    for i, (marker, count) in enumerate(view.markers):
        item = f"{vocab.label('marker', marker).lower()} ({count})"
        rest = len(view.markers) - i - 1
        more = f" · +{rest} more (--json)" if rest else ""
        if shown and len(" · ".join([*shown, item])) + len(more) > room:
            break
        shown.append(item)
    hidden = len(view.markers) - len(shown)
    return " · ".join(shown) + (f" · +{hidden} more (--json)" if hidden else "")


def case_view(view: CaseView, *, now: datetime, all_sessions: bool = False, width: int = 100) -> Group:
    parts: list[Text | Table | Group] = []
    title = Text(view.client, style="bold")
    n = len(view.sessions)
    sessions = plural(n, "session")
    title.append(f" · {sessions}")
    if view.sessions:
        days = f"{local_day(view.first)} to {local_day(view.last)}" if n > 1 else local_day(view.first)
        title.append(f" over {span_words(view.span_days)} · {days}" if n > 1 else f" · {days}")
        ago = (now.astimezone().date() - view.last.astimezone().date()).days if view.last else 0
        title.append(" · last session " + ("today" if ago <= 0 else "yesterday" if ago == 1 else f"{ago} days ago"),
                     style="dim")  # fmt: skip
    if view.closed_on:
        title.append(f" · closed {view.closed_on}", style="bold")
    parts.append(title)
    if not view.sessions:
        parts.append(Text("No sessions logged for this client yet.", style="dim"))
        return Group(*parts)
    parts.append(Text(presentation_sentence(view)))
    if view.markers:
        parts.append(hanging(Text("Markers seen most: ", style="dim"), Text(_markers_line(view, width), style="dim")))

    parts.append(Text(""))
    baseline = (
        f"{sessions} with {view.client} vs {view.baseline_sessions} with your other clients · ▲ well above your usual"
        if view.baseline_sessions
        else f"in {sessions} with {view.client} (no other clients to compare with yet)"
    )
    parts.append(_heading("WHAT HAPPENS IN ME", baseline))
    if view.feelings or view.pulls or view.urges:
        parts.append(reactions_table(view, width=width))
    parts.append(labelled("Stance", stance_sentence(view)))

    if view.reflection is not None:
        parts.append(Text(""))
        pattern = view.presentation.predominant or "unclear"
        note = f"questions for reflection, not conclusions · {pattern_name(pattern)}"
        parts.append(_heading("WHAT MIGHT I OFFER INSTEAD", note))
        for question in view.reflection.questions[:TERMINAL_QUESTIONS]:
            parts.append(bullet(safe(question)))
    for finding in view.findings[:1]:
        text = safe(finding.text)
        if len(view.findings) > 1:
            text.append(f" (+{len(view.findings) - 1} more: --json)", style="dim")
        grid = Table.grid(padding=(0, 1))
        grid.add_column(width=3, justify="right")
        grid.add_column()
        grid.add_row(Text("?", style="bold"), text)  # a hanging indent keeps the question readable as one block
        parts.append(grid)

    shown = view.sessions if all_sessions else view.sessions[-STRIP_LIMIT:]
    parts.append(session_strip(shown, width=width))
    if len(shown) < n:
        parts.append(Text(f"  {n - len(shown)} earlier sessions not shown: --all shows every session", style="dim"))
    parts.extend(hanging(Text(key, style="dim"), Text(line, style="dim")) for key, line in LEGEND)
    parts.append(labelled("Ruptures", rupture_sentence(view)))
    parts.append(labelled("Experiments", experiment_sentence(view)))
    latest = view.experiments[-1] if view.experiments else None
    if latest is not None:
        lead = Text(f"  latest (#{latest.session_number}, {TRIED_WORD[latest.status]}): ", style="dim")
        parts.append(hanging(lead, safe(latest.text)))
    questions = view.questions
    summary = str(len(questions))
    if questions:
        age = (now.astimezone().date() - questions[0].session_at.astimezone().date()).days
        summary += f", the oldest from session {questions[0].session_number or '?'} ({age} days)"
        if len(questions) > 1:
            summary += " · --json lists all"
    parts.append(labelled("Open supervision questions", summary))
    for q in questions[:1]:
        tags = " · ".join(x for x in (f"eye {q.eye}" if q.eye else "", q.want or "") if x)
        lead = Text(f"  #{q.session_number or '?'} {tags}  ", style="dim")
        parts.append(hanging(lead, safe(q.question)))
    return Group(*parts)


# --- the profile ------------------------------------------------------------------------------------------------------


def profile_view(history: Sequence[Profile]) -> Group:
    latest = history[-1]
    parts: list[Text | Table] = [
        Text(
            "Your profile (private: never in the JSON export; in a document only with --include-private)", style="bold"
        )
    ]
    if latest.has_scores:
        parts.append(_label("Attachment", f"anxiety {latest.anxiety:g} · avoidance {latest.avoidance:g} (1-7)"
                            f" · {latest.measure}, taken {latest.taken_on}"))  # fmt: skip
    else:
        parts.append(_label("Attachment", Text("no scores recorded", style="dim")))
    parts.append(_label("Training stage", vocab.label("training_stage", latest.training_stage)
                        if latest.training_stage else "–"))  # fmt: skip
    parts.append(_label("Supervisor", latest.supervisor or "–"))
    parts.append(_label("Orientation", vocab.label("orientation", latest.orientation) if latest.orientation else "–"))
    parts.append(Text(""))
    table = Table(box=None, pad_edge=False, header_style="bold", title="History", title_justify="left")
    for name in ("recorded", "anx", "avoid", "measure", "taken", "stage", "supervisor", "orientation"):
        table.add_column(name, no_wrap=name in ("recorded", "taken"))
    for p in reversed(history):
        table.add_row(
            local_day(p.recorded_at), "–" if p.anxiety is None else f"{p.anxiety:g}",
            "–" if p.avoidance is None else f"{p.avoidance:g}", p.measure or "–",
            p.taken_on.isoformat() if p.taken_on else "–", p.training_stage or "–", p.supervisor or "–",
            p.orientation or "–",
        )  # fmt: skip
    parts.append(table)
    return Group(*parts)


def print_profile(history: Sequence[Profile]) -> None:
    """`reflect profile show`: the latest profile and its history, or how to record one."""
    from reflect.render.console import message, out

    if not history:
        message("No profile yet: `reflect profile set --anxiety 3.1 --avoidance 2.4 --measure ECR-R` records one.")
        return
    out().print(profile_view(history))
