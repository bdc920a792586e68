"""Terminal views of entries: the full view of one entry, the clients and the drafts (the list of entries is
`entry_list.py`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from reflect.domain import vocab
from reflect.domain.models import Entry
from reflect.domain.textsafe import safe_for_terminal
from reflect.render.console import safe
from reflect.render.fit import labelled
from reflect.render.formatting import local_time


def _line(label: str, value: Text | str) -> Table | Group:
    # A pack's own question is its label as asked ("What did I value?"): no colon after a question mark.
    return labelled(label, value, separator=" " if label.endswith("?") else ": ")


def _slugs(kind: str, values: Sequence[str]) -> str:
    return ", ".join(vocab.label(kind, v) for v in values)


def entry_view(e: Entry, *, include_private: bool = True, asked: Mapping[str, str] | None = None) -> Group:
    """Everything in one entry, grouped as the interview asks it: describe, feel, make sense, plan; then the answers
    to a pack's own questions, worded as `asked` (question id -> question) when the pack is known."""
    parts: list[Text | Panel | Table | Group] = []
    title = f"{e.client} · session {e.session_number or '?'} · {local_time(e.session_at)}"
    head = Text(title, style="bold")
    head.append(f"   {e.id}", style="dim")
    parts.append(head)
    meta = [e.modality]
    if e.pack:
        meta.append(f"pack {e.pack}")
    if e.flagged:
        meta.append("flagged")
    if e.tags:
        meta.append("tags " + ", ".join(f"#{t}" for t in e.tags))
    parts.append(Text(" · ".join(meta), style="dim"))

    headings: set[int] = set()  # positions of section headings: a heading with nothing under it is left out

    def section(name: str) -> None:
        headings.add(len(parts))
        parts.append(Text(name.upper(), style="bold cyan"))

    section("Describe")
    if e.events:
        parts.append(_line("Events", _slugs("event", e.events)))
    if e.presentation:
        p = e.presentation
        value = vocab.label("pattern", p.pattern).split(":")[0]
        if p.confidence:
            value += f" ({vocab.label('confidence', p.confidence).lower()})"
        parts.append(_line("Client presentation", value))
        if p.markers:
            parts.append(_line("Markers", _slugs("marker", p.markers)))
    if e.experiment_followup:
        f = e.experiment_followup
        text = Text(vocab.label("tried", f.tried))
        if f.note:
            text.append(" — ")
            text.append_text(safe(f.note))
        parts.append(_line("Last experiment tried", text))
    if e.observed:
        parts.append(_line("Observed", safe(e.observed)))

    section("Feel")
    if e.feelings:
        feelings = Text()
        for i, (word, rating) in enumerate(sorted(e.feelings.items(), key=lambda kv: -kv[1])):
            if i:
                feelings.append(", ")
            feelings.append(word)
            feelings.append(f" {'●' * rating}{'○' * (4 - rating)}", style="magenta")
        parts.append(_line("Feelings", feelings))
    if e.body:
        parts.append(_line("Body", _slugs("body", e.body)))
    if e.urges:
        urges = Text()
        for i, u in enumerate(e.urges):
            if i:
                urges.append(", ")
            urges.append(vocab.label("urge", u.urge))
            urges.append(" (acted on)" if u.enacted else " (felt)", style="yellow" if u.enacted else "dim")
        parts.append(_line("Urges", urges))
    if e.intensity is not None:
        parts.append(_line("Overall intensity", f"{e.intensity}/10"))

    section("Make sense")
    if e.pulls:
        parts.append(_line("Pulled toward", _slugs("pull", e.pulls)))
    if e.triggers:
        parts.append(_line("Triggers", _slugs("trigger", e.triggers)))
    if e.resonance and include_private:
        parts.append(_line("What it touched in me (private)", safe(e.resonance)))
    if e.interpretation:
        parts.append(_line("Interpretation", safe(e.interpretation)))
    if e.stance:
        parts.append(_line("Stance", vocab.label("stance", e.stance).split(":")[0]))
    if e.management:
        parts.append(_line("Management that helped", _slugs("management", e.management)))
    for i, r in enumerate(e.ruptures, 1):
        desc = Text(vocab.label("rupture_type", r.type).split(":")[0])
        if r.intensity:
            desc.append(f", intensity {r.intensity}/5")
        if r.trigger:
            desc.append(f", after {vocab.label('rupture_trigger', r.trigger).lower()}")
        if r.markers:
            desc.append(f"; markers: {_slugs('rupture_marker', r.markers).lower()}")
        if r.strategies:
            desc.append(f"; repair: {_slugs('strategy', r.strategies).lower()}")
        desc.append("; metacommunicated" if r.metacommunication else "")
        if r.resolved:
            desc.append(f"; resolved in session: {vocab.label('resolved', r.resolved).lower()}")
        if r.note:
            desc.append(" — ")
            desc.append_text(safe(r.note))
        parts.append(_line(f"Rupture {i}", desc))

    section("Plan")
    if e.experiment:
        parts.append(_line("Next session I will try", safe(e.experiment)))
    for q in e.supervision:
        text = safe(q.question)
        bits = []
        if q.eye:
            bits.append(f"eye {q.eye}")
        if q.want:
            bits.append(q.want)
        bits.append(q.status)
        text.append(f"  [{', '.join(bits)}]", style="dim")
        parts.append(_line("For supervision", text))
    section("Other answers")
    for key, value in e.answers.items():
        shown = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
        parts.append(_line(safe_for_terminal((asked or {}).get(key, key)), safe(shown)))
    shown_parts: list[Text | Panel | Table] = []
    for i, part in enumerate(parts):
        if i in headings:
            if i + 1 == len(parts) or i + 1 in headings:
                continue
            shown_parts.append(Text(""))
        shown_parts.append(part)
    return Group(*shown_parts)


def clients_table(rows: Sequence[Mapping[str, Any]]) -> Table:
    """`reflect clients`: each client code with its sessions, first and last session and the day it closed."""
    from reflect.domain.dates import stored_time

    table = Table(box=None, pad_edge=False, header_style="bold")
    for col, justify in (
        ("client", "left"),
        ("sessions", "right"),
        ("first", "left"),
        ("last", "left"),
        ("closed", "left"),
    ):
        table.add_column(col, justify=justify)  # type: ignore[arg-type]
    for r in rows:
        table.add_row(
            r["client"],
            str(r["sessions"]),
            local_time(stored_time(r["first_session"]), "%Y-%m-%d") if r["first_session"] else "",
            local_time(stored_time(r["last_session"]), "%Y-%m-%d") if r["last_session"] else "",
            r["closed_on"] or "",
        )
    return table


def draft_to_dict(d: Any) -> dict[str, Any]:  # d: the store's Draft (render never imports the store)
    from reflect.domain.dates import iso

    return {
        "id": d.id,
        "pack": d.pack,
        "client": d.client,
        "edits_entry": d.entry_id,
        "answered": len(d.state.get("done", [])),
        "created_at": iso(d.created_at),
        "updated_at": iso(d.updated_at),
    }


def drafts_table(drafts: Sequence[Any]) -> Table:
    """`reflect drafts`: each unfinished entry, how far it got, and whether it is a new entry or an edit."""
    table = Table(box=None, pad_edge=False, header_style="bold")
    for col in ("id", "client", "pack", "answered", "last touched", "kind"):
        table.add_column(col)
    for d in drafts:
        table.add_row(
            d.id[:8], d.client or "?", d.pack, str(len(d.state.get("done", []))),
            local_time(d.updated_at, "%Y-%m-%d %H:%M"), "edit " + d.entry_id[:8] if d.entry_id else "new",
        )  # fmt: skip
    return table


def print_drafts(rows: Sequence[Any]) -> None:
    """`reflect drafts`: the table of unfinished entries and how to go on with one, or that there are none."""
    from reflect.render.console import message, out

    if not rows:
        message("No drafts.")
        return
    out().print(drafts_table(rows))
    message("`reflect resume ID` continues a draft; `reflect drafts --discard ID` throws one away.", style="dim")


def print_clients(rows: Sequence[dict[str, Any]]) -> None:
    """`reflect clients`: each client code with its sessions, or how the first one is made."""
    from reflect.render.console import message, out

    if not rows:
        message("No clients yet: `reflect new` creates one.")
        return
    out().print(clients_table(rows))
