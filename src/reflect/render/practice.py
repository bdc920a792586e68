"""All wording for case-based practice: the vignette, its responses, the reading beside your answers, the list,
progress, and the short section for a supervision preparation document.

The reading is always worded as one experienced reading, to think with beside your own, never as "the answer".
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from reflect.analysis.practice import AGREE, DIFFER, PARTLY, UNCLEAR, Comparison, Overlap, Progress
from reflect.domain import vocab
from reflect.domain.vignettes import MIXED, PATTERNS, Vignette
from reflect.render import plural
from reflect.render.console import safe

if TYPE_CHECKING:
    from reflect.domain.practice_attempts import Attempt

SPARK = {1.0: "█", 0.5: "▄", 0.0: "▁"}
NOT_THE_ANSWER = "One experienced reading of this moment, to think with beside your own: not the answer."


def presentation_label(slug: str | None) -> str:
    if slug is None:
        return "(skipped)"
    if slug == MIXED:
        return "Mixed"
    return vocab.label("pattern", slug).split(":")[0]


def _paragraphs(text: str) -> list[str]:
    """The vignette's text as paragraphs: line breaks inside a paragraph are the file's, not the author's."""
    return [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]


def _heading(text: str) -> Text:
    return Text(text, style="bold")


def _at(indent: int, *parts: str | Text) -> RenderableType:
    """A line indented by `indent` spaces whose wrapped continuation lines keep the indent."""
    return Padding(Text.assemble(*parts), (0, 0, 0, indent))


def _quote(text: str) -> Text:
    return safe(f"“{text}”", "italic")


def vignette_view(v: Vignette) -> Group:
    parts: list = [Text(""), _heading(f"{v.title}  ({v.id})")]
    if v.setting:
        parts.append(safe(v.setting, style="italic"))
    for paragraph in _paragraphs(v.text):
        parts += [Text(""), safe(paragraph)]
    parts.append(Text(""))
    return Group(*parts)


def _numbered(rows: Sequence[tuple[int, Sequence[RenderableType]]]) -> Table:
    """Numbered items whose wrapped lines hang under their text, not under the number."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", no_wrap=True, min_width=4)
    grid.add_column(ratio=1)
    for number, cells in rows:
        grid.add_row(f"{number}.", Group(*cells))
    return grid


def responses_view(v: Vignette) -> Group:
    rows = [(i, [safe(r.text)]) for i, r in enumerate(v.shown_responses(), 1)]
    return Group(_heading("Possible responses"), _numbered(rows), Text(""))


def _labels(kind: str, slugs: Sequence[str]) -> str:
    return ", ".join(slugs) if kind == "feeling" else ", ".join(vocab.label(kind, s) for s in slugs)


def _overlap_lines(name: str, kind: str, o: Overlap | None, reading: Sequence[str]) -> list[RenderableType]:
    lines: list[RenderableType] = [Text(f"  {name}", style="bold")]
    if o is None:
        lines.append(_at(4, f"You skipped this. This reading names: {_labels(kind, reading) or 'none named'}."))
        return lines
    if o.shared:
        lines.append(_at(4, f"Both of you: {_labels(kind, o.shared)}."))
    if o.reading_only:
        lines.append(_at(4, f"In this reading, not ticked by you: {_labels(kind, o.reading_only)}."))
    if o.yours_only:
        lines.append(_at(4, f"Yours, not in this reading: {_labels(kind, o.yours_only)}."))
    return lines


def _agreement_line(c: Comparison, v: Vignette) -> str:
    r = v.reading
    if c.agreement is None:
        return "You left this question; the reading's view is above."
    if c.agreement == AGREE:
        return "You and this reading see the same presentation."
    if c.agreement == PARTLY:
        return "You named one of the presentations this reading sees the moment sitting between."
    if c.agreement == UNCLEAR:
        return "You kept it open; this reading commits to a view, which you may or may not share."
    assert c.agreement == DIFFER
    seen = "mixed" if r.presentation == MIXED else presentation_label(r.presentation).lower()
    return f"You and this reading see it differently (it reads {seen}): what in the text led you to your view?"


def _choice_line(a: Attempt, shown: Sequence) -> str:
    leaning = next(i for i, r in enumerate(shown, 1) if r.preferred)
    toward = f"this reading leans toward {leaning} ({shown[leaning - 1].stance})"
    if a.response is None:
        return f"You did not choose a response; {toward}."
    if a.response == leaning:
        return f"You chose {a.response}, the response this reading leans toward."
    return f"You chose {a.response} ({shown[a.response - 1].stance}); {toward}. Read the reasons beside each."


def feedback_view(v: Vignette, a: Attempt, c: Comparison) -> Group:
    """The reading beside the answers: agreement, markers seen and missed, the stance reasoning, the question."""
    r = v.reading
    p: list = [_heading(f"One experienced reading of “{v.title}”"), Text(NOT_THE_ANSWER, style="dim"), Text("")]

    p.append(_heading("What you see"))
    confidence = f" ({vocab.label('confidence', a.confidence).lower()})" if a.confidence else ""
    p.append(Text(f"  You:           {presentation_label(a.presentation)}{confidence}"))
    if r.presentation == MIXED:
        leans = " and ".join(presentation_label(x).lower() for x in r.leans)
        p.append(Text(f"  This reading:  Mixed, between {leans}"))
        p.append(_at(2, "Why mixed: ", safe(r.why_mixed)))
    else:
        p.append(Text(f"  This reading:  {presentation_label(r.presentation)}"))
    p.append(_at(2, _agreement_line(c, v)))
    p.append(Text(""))

    p.append(_heading("Markers"))
    evidence = {m.marker: m.evidence for m in r.markers}
    if c.markers is None:
        p.append(Text("  You skipped this. This reading sees:"))
        for note in r.markers:
            p.append(_at(4, f"{vocab.label('marker', note.marker)}: ", _quote(note.evidence)))
    else:
        if c.markers.shared:
            p.append(Text("  Seen by you and by this reading:"))
            for slug in c.markers.shared:
                p.append(_at(4, f"{vocab.label('marker', slug)}: ", _quote(evidence[slug])))
        if c.markers.reading_only:
            p.append(Text("  In this reading, not ticked by you:"))
            for slug in c.markers.reading_only:
                p.append(_at(4, f"{vocab.label('marker', slug)}: ", _quote(evidence[slug])))
        if c.markers.yours_only:
            p.append(_at(2, f"Ticked by you, not in this reading: {_labels('marker', c.markers.yours_only)}."))
            p.append(_at(4, Text("Where in the text did you see it? A reading can miss things too.", style="dim")))
    p.append(Text(""))

    p.append(_heading("What it may stir in the clinician"))
    p += _overlap_lines("Feelings", "feeling", c.feelings, r.feelings)
    p += _overlap_lines("Pulls", "pull", c.pulls, r.pulls)
    p += _overlap_lines("Urges", "urge", c.urges, r.urges)
    p.append(Text(""))

    p.append(_heading("The responses"))
    rows = []
    shown = v.shown_responses()
    for i, resp in enumerate(shown, 1):
        tags = [resp.stance]
        if resp.preferred:
            tags.append("the one this reading leans toward")
        if a.response == i:
            tags.append("your choice")
        rows.append((i, [Text.assemble(safe(resp.text), Text(f"  [{'; '.join(tags)}]", style="bold")),
                         safe(resp.why, "dim")]))  # fmt: skip
    p.append(_numbered(rows))
    p.append(_at(2, _choice_line(a, shown)))
    p.append(Text(""))

    if a.reflection:
        p += [_heading("Your reflection"), _at(2, safe(a.reflection)), Text("")]
    p += [_heading("A question to take further"), _at(2, safe(r.question)), Text("")]
    return Group(*p)


def list_item(v: Vignette, state: str | None) -> dict[str, object]:
    """A vignette as `practice list --json` lists it: never its reading; `state` is "done", "started" or None."""
    return {"id": v.id, "title": v.title, "setting": v.setting, "source": v.source,
            "done": state == "done", "started": state == "started"}  # fmt: skip


def vignette_to_dict(v: Vignette) -> dict[str, object]:
    """A vignette as `practice show --json` prints it: its text and numbered responses, never its reading."""
    responses = [{"number": i, "text": r.text} for i, r in enumerate(v.shown_responses(), 1)]
    return {"id": v.id, "title": v.title, "setting": v.setting, "text": v.text, "source": v.source,
            "responses": responses}  # fmt: skip


def list_table(rows: Sequence[tuple[Vignette, str | None]]) -> Table:
    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column("id", no_wrap=True)
    table.add_column("done", no_wrap=True)
    table.add_column("title")
    table.add_column("source", no_wrap=True, style="dim")
    for v, status in rows:
        table.add_row(v.id, {"done": "yes", "started": "started"}.get(status or "", ""), safe(v.title), v.source)
    return table


def sparkline(values: Sequence[float]) -> str:
    return "".join(SPARK[v] for v in values)


def _day(d: date) -> str:
    return f"{d.day} {d:%b %Y}"


def progress_view(p: Progress) -> Group:
    if not p.attempts:
        return Group(Text("No finished practice attempts yet: `reflect practice` offers a vignette."))
    assert p.first is not None and p.last is not None
    parts: list = [
        _heading(f"Practice: {plural(p.attempts, 'finished attempt')} on {plural(p.vignettes, 'vignette')}, "
                 + (f"on {_day(p.first)}" if p.first == p.last else f"{_day(p.first)} to {_day(p.last)}")),
        Text("Each reading is one experienced view: agreement is with that view, not a score.", style="dim"),
        Text(""), _heading("Attempts by week"),
    ]  # fmt: skip
    for week, n in p.by_week:
        parts.append(Text(f"  week of {_day(week):<12} {n:>3}"))
    parts += [Text(""), _heading("Agreement with the readings, by presentation")]
    table = Table(box=None, pad_edge=False, header_style="bold")
    for name in ("presentation", "attempts", "agree", "partly", "differ", "unclear", "skipped", "over time"):
        table.add_column(name, justify="left" if name in ("presentation", "over time") else "right", no_wrap=True,
                         min_width=len(name))  # fmt: skip
    for name in PATTERNS:
        g = p.by_presentation[name]
        table.add_row(name.capitalize(), str(g.attempts), str(g.counts[AGREE]), str(g.counts[PARTLY]),
                      str(g.counts[DIFFER]), str(g.counts[UNCLEAR]), str(g.skipped), sparkline(g.trend))  # fmt: skip
    parts += [table, Text("  over time, oldest first: █ agree, ▄ partly, ▁ differ or unclear", style="dim"), Text("")]
    parts.append(_heading(f"Markers most often missed (in {plural(p.markers_answered, 'attempt')} that answered the "
                          "markers question)"))  # fmt: skip
    if not p.missed_markers:
        parts.append(Text("  None missed." if p.markers_answered else "  No attempt answered it yet."))
    for m in p.missed_markers[:8]:
        parts.append(_at(2, f"{vocab.label('marker', m.marker)}: missed {m.missed} of {plural(m.present, 'time')} a "
                            "reading saw it"))  # fmt: skip
    parts += [Text(""), _heading("Responses chosen, by week")]
    if not p.responses:
        parts.append(Text("  No response chosen yet."))
    else:
        table = Table(box=None, pad_edge=False, header_style="bold")
        for name in ("week of", "complementary", "non-complementary", "the reading's"):
            table.add_column(name, justify="left" if name == "week of" else "right", no_wrap=True)
        for r in p.responses:
            table.add_row(_day(r.week), str(r.complementary), str(r.non_complementary), str(r.preferred))
        parts.append(table)
    return Group(*parts)


def prep_section(p: Progress, label: str) -> str:
    """Markdown for `supervision prep --include-practice`: counts only, never a reflection's text."""
    lines = [f"## Practice {label}", ""]
    if not p.attempts:
        return "\n".join([*lines, "No finished practice attempts in this period.", ""])
    lines.append(f"{plural(p.attempts, 'vignette attempt')} ({plural(p.vignettes, 'vignette')}). Agreement is with "
                 "one experienced reading of each vignette, not a score.")  # fmt: skip
    lines.append("")
    for name in PATTERNS:
        g = p.by_presentation[name]
        if not g.attempts:
            continue
        if not g.answered:
            lines.append(f"- {presentation_label(name)}: {plural(g.attempts, 'attempt')}, presentation not answered.")
            continue
        partly = f", {g.counts[PARTLY]} partly" if g.counts[PARTLY] else ""
        skipped = f"; {g.skipped} not answered" if g.skipped else ""
        lines.append(f"- {presentation_label(name)}: agreed with the reading in {g.counts[AGREE]} of {g.answered}"
                     f"{partly}{skipped}.")  # fmt: skip
    if p.missed_markers:
        missed = "; ".join(f"{vocab.label('marker', m.marker).lower()} ({m.missed} of {m.present})"
                           for m in p.missed_markers[:3])  # fmt: skip
        lines.append(f"- Markers most often missed: {missed}.")
    if p.responses:
        comp = sum(r.complementary for r in p.responses)
        non = sum(r.non_complementary for r in p.responses)
        lines.append(f"- Responses chosen: {comp} complementary, {non} non-complementary.")
    lines.append("")
    return "\n".join(lines)
