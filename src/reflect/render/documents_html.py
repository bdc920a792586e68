"""The supervision preparation and case presentation as HTML: the Markdown documents' own sections (so the same
wording and the same redaction), each client's charts beside them, print layout and a sign-off block."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from reflect.analysis.chart_facts import ClientSeries
from reflect.analysis.prep import PrepData
from reflect.privacy.redact import Redactor
from reflect.render.charts import client_figures, impact_chart, weekly_intensity_chart
from reflect.render.html import figure_html, markdown_html, page, signoff_html

if TYPE_CHECKING:
    from reflect.analysis.practice import Progress


def _figures(series: ClientSeries | None, name: str, redactor: Redactor, key: str) -> str:
    if series is None or not series.sessions:
        return ""

    def when(dt: datetime) -> str:
        return redactor.when(dt)

    return "".join(figure_html(f.title, f.svg, f.table) for f in client_figures(series, name, when, key))


def render_prep_html(
    data: PrepData, redactor: Redactor, series: Sequence[ClientSeries], *, practice: Progress | None = None
) -> str:
    from reflect.render.prep import _day, prep_period, prep_sections

    start, end = prep_period(data, redactor)
    by_client = {s.client: s for s in series}
    weeks = [(w, n, m) for w, n, m in data.weeks if m is not None]

    def fence(info: str, _content: str) -> str | None:
        # The Markdown's mermaid block draws the weekly intensity; here a real chart of the same numbers replaces it.
        if info != "mermaid" or not weeks:
            return None
        labels = [_day(redactor, w, "%d %b") for w, _, _ in weeks]
        return f'<figure class="chart weeks">{weekly_intensity_chart(weeks, labels)}</figure>'

    body: list[str] = []
    for i, section in enumerate(prep_sections(data, redactor, practice=practice)):
        converted = markdown_html("\n".join(section.lines), fence)
        if section.kind == "client" and section.client:
            name = redactor.client(section.client)
            charts = _figures(by_client.get(section.client), name, redactor, f"c{i}")
            body.append(f'<section class="client">{converted}{charts}</section>')
        elif section.kind == "since-last" and data.impact:
            impact = impact_chart(
                data.impact, redactor.client, lambda d: _day(redactor, d, "%d %b %Y"), data.thresholds
            )
            figure = figure_html(impact.title, impact.svg, impact.table) if impact else ""
            body.append(f'<section class="{section.kind}">{converted}{figure}</section>')
        elif section.kind == "overview":
            body.append(f'<section class="overview page-start">{converted}</section>')
        else:
            body.append(f'<section class="{section.kind}">{converted}</section>')
    body.append(signoff_html("I confirm that this preparation was discussed in supervision."))
    return page(
        title=f"Supervision preparation: {start} to {end}",
        running_head=f"Supervision preparation, {start} to {end}; redaction: {redactor.level.value}",
        meta=[f"Redaction: {redactor.description}."],
        body="\n".join(body),
    )


def render_case_html(markdown: str, code: str, redactor: Redactor, series: ClientSeries | None, *, period: str) -> str:
    """The case presentation's Markdown (front matter dropped: the header says the same) with the client's charts."""
    lines = markdown.split("\n")
    if lines and lines[0] == "---":
        lines = lines[lines.index("---", 1) + 1 :]
    name = redactor.client(code)
    charts = _figures(series, name, redactor, "case")
    body = markdown_html("\n".join(lines))
    if charts:
        body += f'<section class="charts page-start"><h2>Session by session</h2>{charts}</section>'
    body += signoff_html("I confirm that this case presentation was discussed in supervision.")
    return page(
        title=f"Case presentation: {name}",
        running_head=f"Case presentation: {name}, {period}; redaction: {redactor.level.value}",
        meta=[f"Redaction: {redactor.description}."],
        body=body,
    )
