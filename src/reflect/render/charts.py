"""The HTML documents' charts: pygal draws each one as SVG; this module sets the palette, labels and text alternative
and strips what a static document must not carry (pygal's configuration <script>, its tooltip data, comments).

Every chart is returned with the same numbers as a table (`Figure.table`), the accessible version. Imported only on
the `--format html` paths: pygal is the optional extra `reflect-journal[html]`.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from reflect.analysis.chart_facts import RUPTURE_OUTCOMES, ClientSeries, SessionPoint
from reflect.analysis.impact import Count, ImpactItem
from reflect.analysis.pattern_terms import EVENT_GROUP_WORDS
from reflect.analysis.stats import Thresholds
from reflect.domain import vocab
from reflect.render.html import table_html

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", XLINK_NS)

# Okabe & Ito (2008), safe for the common colour-vision deficiencies; black last, for an eighth series.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
OUTCOME_WORDS = {
    "yes": "repaired in the session",
    "partial": "partly repaired",
    "no": "not repaired",
    "unrecorded": "repair not recorded",
}


@dataclass(frozen=True)
class Figure:
    """One chart and its table: `svg` is inline SVG markup, `table` an HTML table of the same numbers."""

    title: str
    svg: str
    table: str


def short_label(kind: str, slug: str) -> str:
    """The vocabulary's label up to its colon: "Anxious / preoccupied", "Parental / protective"."""
    return vocab.label(kind, slug).split(":")[0]


def session_label(s: SessionPoint, when: Callable[[datetime], str]) -> str:
    return f"{s.number}" if s.number is not None else when(s.at)


def _style():
    from pygal.style import Style

    return Style(
        colors=PALETTE,
        background="white",
        plot_background="white",
        foreground="#222",
        foreground_strong="#000",
        foreground_subtle="#555",
        font_family="sans-serif",
        label_font_size=12,
        major_label_font_size=12,
        legend_font_size=13,
        title_font_size=16,
        opacity="0.9",
        opacity_hover="0.9",
        transition="0ms",
    )


def _config(x_title: str, y_title: str, **extra):
    # No drawn title: the figure's caption shows it, and the SVG's <title> carries it for assistive technology.
    return dict(
        x_title=x_title,
        y_title=y_title,
        style=_style(),
        js=[],
        disable_xml_declaration=True,
        width=720,
        height=340,
        legend_at_bottom=True,
        truncate_legend=-1,
        truncate_label=-1,
        print_values=False,
        **extra,
    )


def _static_svg(chart, *, key: str, title: str, desc: str) -> str:
    """pygal's SVG made static and deterministic: no script, no tooltip data, no comments, a stable id, and a
    <title>/<desc> text alternative the element is labelled by."""
    raw = chart.render(is_unicode=True)
    found = re.search(r'id="chart-([0-9a-f-]+)"', raw)
    if found:
        raw = raw.replace(found.group(1), key)
    root = ET.fromstring(raw)  # comments are dropped on parsing
    for parent in list(root.iter()):
        for child in list(parent):
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "script" or (tag == "desc" and child.get("class")):
                parent.remove(child)
    for attr in ("width", "height"):
        root.attrib.pop(attr, None)
    for old in root.findall(f"{{{SVG_NS}}}title"):  # pygal's own ("Pygal" when the chart draws no title)
        root.remove(old)
    heading = ET.Element(f"{{{SVG_NS}}}title", {"id": f"chart-{key}-title"})
    heading.text = title
    description = ET.Element(f"{{{SVG_NS}}}desc", {"id": f"chart-{key}-desc"})
    description.text = desc
    root.insert(0, description)
    root.insert(0, heading)
    root.set("role", "img")
    root.set("aria-labelledby", f"chart-{key}-title chart-{key}-desc")
    return ET.tostring(root, encoding="unicode")


# --- the charts -------------------------------------------------------------------------------------------------------


def intensity_chart(series: ClientSeries, name: str, when: Callable[[datetime], str], key: str) -> Figure:
    import pygal

    title = f"{name}: intensity of your reactions, session by session"
    chart = pygal.Line(**_config("Session", "Intensity (0-10)", range=(0, 10), show_x_guides=False))
    chart.x_labels = [session_label(s, when) for s in series.sessions]
    chart.add("Intensity", [s.intensity for s in series.sessions])
    marks = [
        {"value": s.intensity if s.intensity is not None else 0, "label": ", ".join(s.events)} if s.events else None
        for s in series.sessions
    ]
    if any(marks):
        chart.add("Session with an event", marks, stroke=False, dots_size=7)
    coded = series.with_intensity
    events = "; ".join(f"{short_label('event', e).lower()} {n}" for e, n in series.event_counts()) or "none"
    desc = (
        f"Intensity you rated (0-10) in {coded} of {len(series.sessions)} sessions; sessions with an event are "
        f"marked. Events: {events}. The table beside the chart has the same numbers."
    )
    rows = [
        (session_label(s, when), when(s.at), "–" if s.intensity is None else s.intensity,
         ", ".join(short_label("event", e) for e in s.events))
        for s in series.sessions
    ]  # fmt: skip
    table = table_html(f"{name}: intensity and events by session", ("Session", "Date", "Intensity", "Events"), rows,
                   numeric=(2,))  # fmt: skip
    return Figure(title, _static_svg(chart, key=key, title=title, desc=desc), table)


def _grid(
    series: ClientSeries, when: Callable[[datetime], str], y_title: str, rows: Sequence[tuple[str, Sequence[bool]]]
):
    """A dot grid: one row per label, a dot in each session where it was logged."""
    import pygal

    chart = pygal.Dot(**_config("Session", y_title, show_y_guides=False))
    chart.x_labels = [session_label(s, when) for s in series.sessions]
    for label, marks in rows:
        chart.add(label, [1 if marked else None for marked in marks])
    return chart


def pulls_chart(series: ClientSeries, name: str, when: Callable[[datetime], str], key: str) -> Figure | None:
    counts = series.pull_counts()
    if not counts:
        return None
    total = len(series.sessions)
    title = f"{name}: the pulls you logged, session by session"
    rows_of = [(short_label("pull", p), [p in s.pulls for s in series.sessions]) for p, _ in counts]
    chart = _grid(series, when, "Pull", rows_of)
    desc = "A grid of sessions by pull. " + "; ".join(
        f"{short_label('pull', p)} in {n} of {total} sessions" for p, n in counts
    )
    rows = [
        (short_label("pull", p), f"{n} of {total}",
         ", ".join(session_label(s, when) for s in series.sessions if p in s.pulls))
        for p, n in counts
    ]  # fmt: skip
    table = table_html(f"{name}: pulls by session", ("Pull", "Sessions", "Logged in sessions"), rows)
    return Figure(title, _static_svg(chart, key=key, title=title, desc=desc), table)


def presentation_chart(series: ClientSeries, name: str, when: Callable[[datetime], str], key: str) -> Figure | None:
    counts = series.pattern_counts()
    if not counts:
        return None
    total = len(series.sessions)
    title = f"{name}: the presentation you coded, session by session"
    rows_of = [(short_label("pattern", p), [s.pattern == p for s in series.sessions]) for p, _ in counts]
    chart = _grid(series, when, "Presentation you coded", rows_of)
    uncoded = total - series.coded
    desc = (
        "Your coding of the presentation in each session, not a finding about the client: "
        + "; ".join(f"you coded {short_label('pattern', p).lower()} in {n} of {total} sessions" for p, n in counts)
        + (f"; not coded in {uncoded}" if uncoded else "")
        + "."
    )
    rows = [
        (session_label(s, when), when(s.at), short_label("pattern", s.pattern) if s.pattern else "not coded")
        for s in series.sessions
    ]
    table = table_html(f"{name}: the presentation you coded per session", ("Session", "Date", "You coded"), rows)
    return Figure(title, _static_svg(chart, key=key, title=title, desc=desc), table)


def ruptures_chart(series: ClientSeries, name: str, when: Callable[[datetime], str], key: str) -> Figure | None:
    import pygal

    if not series.rupture_sessions:
        return None
    title = f"{name}: ruptures and repair along the sessions"
    outcomes = [series.rupture_outcomes(s) for s in series.sessions]
    most = max(sum(per.values()) for per in outcomes)
    chart = pygal.StackedBar(**_config("Session", "Ruptures you logged", show_x_guides=False, range=(0, most)))
    chart.y_labels = list(range(most + 1))  # whole ruptures only
    chart.x_labels = [session_label(s, when) for s in series.sessions]
    totals = dict.fromkeys(RUPTURE_OUTCOMES, 0)
    for per in outcomes:
        for outcome, n in per.items():
            totals[outcome] += n
    for outcome in RUPTURE_OUTCOMES:
        if totals[outcome]:
            chart.add(OUTCOME_WORDS[outcome].capitalize(), [per.get(outcome) or None for per in outcomes])
    ruptures = sum(totals.values())
    desc = (
        f"{ruptures} rupture{'s' if ruptures != 1 else ''} logged in {len(series.rupture_sessions)} of "
        f"{len(series.sessions)} sessions: "
        + ", ".join(f"{n} {OUTCOME_WORDS[o]}" for o, n in totals.items() if n)
        + "."
    )
    rows = [
        (session_label(s, when), when(s.at),
         ", ".join(f"{rtype}: {OUTCOME_WORDS[resolved or 'unrecorded']}" for rtype, resolved in s.ruptures))
        for s in series.rupture_sessions
    ]  # fmt: skip
    table = table_html(f"{name}: ruptures by session", ("Session", "Date", "Ruptures and repair"), rows)
    return Figure(title, _static_svg(chart, key=key, title=title, desc=desc), table)


def client_figures(series: ClientSeries, name: str, when: Callable[[datetime], str], key: str) -> list[Figure]:
    """Every chart one client's sessions can support, in reading order; `key` keeps the SVG ids unique."""
    made = [
        intensity_chart(series, name, when, f"{key}-intensity"),
        pulls_chart(series, name, when, f"{key}-pulls"),
        presentation_chart(series, name, when, f"{key}-presentation"),
        ruptures_chart(series, name, when, f"{key}-ruptures"),
    ]
    return [f for f in made if f is not None]


def weekly_intensity_chart(weeks: Sequence[tuple[date, int, float | None]], labels: Sequence[str]) -> str:
    """The prep overview's chart of mean intensity per week (its table is the Markdown's own)."""
    import pygal

    title = "Mean intensity per week (0-10)"
    chart = pygal.Line(**_config("Week of", "Mean intensity (0-10)", range=(0, 10)))
    chart.x_labels = list(labels)
    chart.add("Mean intensity", [round(m, 1) for _, _, m in weeks if m is not None])
    desc = "Mean intensity per week: " + "; ".join(
        f"{label} {m:.1f} over {n} sessions" for label, (_, n, m) in zip(labels, weeks, strict=True)
    )
    return _static_svg(chart, key="weeks", title=title, desc=desc)


# --- the impact of supervision ----------------------------------------------------------------------------------------


def _share(c: Count) -> int | None:
    return round(100 * c.count / c.total) if c.total else None


def _of(c: Count) -> str:
    return f"{c.count} of {c.total}" + (f" ({_share(c)}%)" if c.total else "")


def _impact_bars(items: Sequence[ImpactItem], name: Callable[[str], str], day: Callable[[date], str],
                 th: Thresholds, one_meeting: bool) -> list[tuple[str, str, Count, Count, str]]:  # fmt: skip
    """One pair of bars per reaction, and one more for the sessions around the event a finding was about (the part
    the finding named): (axis label, table label, before, after, small-sample note)."""
    from reflect.render.impact import reaction_phrase, small_sample_note

    bars = []
    for i in items:
        meeting = "" if one_meeting else f" ({day(i.meeting)})"
        axis = f"{name(i.client)}: {reaction_phrase(i.reaction, short=True)}"
        label = f"{name(i.client)}: {reaction_phrase(i.reaction)}{meeting}"
        note = small_sample_note(i, th) or ""
        overall_small = i.after.total < th.min_sessions  # else the note is about the sessions around the event
        bars.append((axis + meeting, label, i.before, i.after, note if overall_small else ""))
        if i.reaction.event and i.event_before is not None and i.event_after is not None:
            where = EVENT_GROUP_WORDS[i.reaction.event].removeprefix("sessions ")
            bars.append((f"{axis}, {where}{meeting}", f"{label}, {where}", i.event_before, i.event_after,
                         "" if overall_small else note))  # fmt: skip
    return bars


def impact_chart(
    items: Sequence[ImpactItem], name: Callable[[str], str], day: Callable[[date], str], th: Thresholds,
    key: str = "impact",
) -> Figure | None:  # fmt: skip
    """The reactions supervision worked on, as the share of the client's sessions with them before and after each
    meeting: a pair of bars per reaction, and per event a finding was about (shares, because the two periods hold
    different numbers of sessions). The table beside it has the counts and the small-sample flags."""
    import pygal

    from reflect.render.impact import PROMPT, item_line

    if not items:
        return None
    meetings = sorted({i.meeting for i in items})
    one_meeting = len(meetings) == 1
    title = (
        f"The reactions worked on in supervision on {day(meetings[0])}, before and after"
        if one_meeting
        else "The reactions worked on in supervision, before and after each meeting"
    )
    bars = _impact_bars(items, name, day, th, one_meeting)
    config = _config(
        "Reaction worked on" + ("" if one_meeting else " (and the meeting)"),
        "% of sessions",  # of the client's sessions (the table says so); pygal wraps a longer axis title
        range=(0, 100),
        x_label_rotation=20 if len(bars) > 2 else 0,
        show_x_guides=False,
    )
    config["print_values"] = True  # a 0% bar has no height: its printed value shows it is there
    chart = pygal.Bar(**config)
    chart.value_formatter = lambda v: f"{v:.0f}%"
    chart.x_labels = [axis for axis, *_ in bars]
    chart.add("Before the meeting", [_share(before) for _, _, before, _, _ in bars])
    chart.add("After the meeting", [_share(after) for _, _, _, after, _ in bars])
    desc = " ".join(item_line(i, name, th, day=day) for i in items) + f" {PROMPT}"
    rows = [(label, _of(before), _of(after), note) for _, label, before, after, note in bars]
    table = table_html(
        "Sessions with the reaction, of the client's sessions (stance: of the rated sessions)",
        ("Reaction worked on", "Before", "After", "Note"), rows, numeric=(1, 2),
    )  # fmt: skip
    return Figure(title, _static_svg(chart, key=key, title=title, desc=desc), table)
