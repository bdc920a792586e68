"""The supervision, practice and CPD logs as CSV, Markdown or HTML, and a CPD activity as a reflective account.

Each log becomes one `RecordTable` (title, columns, rows, a totals row and notes on what the journal cannot count),
and one renderer per format writes any of them. Free text (CPD activities) arrives here through the Redactor."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass

from reflect.analysis.records import PracticeMonth, SupervisionLogRow, modality_totals
from reflect.domain import vocab
from reflect.domain.cpd import CpdActivity
from reflect.privacy.redact import Redactor
from reflect.render import plural
from reflect.render.markdown import md_escape

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet would run such a cell as a formula


@dataclass(frozen=True)
class RecordTable:
    title: str
    period: str
    columns: tuple[str, ...]
    rows: Sequence[tuple[str, ...]]
    totals: tuple[str, ...] | None = None
    notes: tuple[str, ...] = ()  # what is counted, and what the journal cannot count
    numeric: tuple[int, ...] = ()  # columns to align right
    signature: bool = False  # a countersignature line under the table


def _hours(minutes: float) -> str:
    return f"{minutes / 60:.2f}"


def _eyes(eyes: Sequence[tuple[int | None, int]]) -> str:
    if not eyes:
        return "none logged"
    return "; ".join(f"eye {eye}: {n}" if eye else f"no eye given: {n}" for eye, n in eyes)


def supervision_table(rows: Sequence[SupervisionLogRow], period: str) -> RecordTable:
    body = [
        (
            r.held_on.isoformat(),
            str(r.minutes),
            "individual" if r.group_size is None else f"group of {r.group_size}",
            r.supervisor or "",
            _hours(r.counted_minutes),
            _eyes(r.eyes),
            "",
        )
        for r in rows
    ]
    totals = (
        "Total",
        str(sum(r.minutes for r in rows)),
        plural(len(rows), "meeting"),
        "",
        _hours(sum(r.counted_minutes for r in rows)),
        "",
        "",
    )
    return RecordTable(
        "Supervision log",
        period,
        ("Date", "Minutes", "Format", "Supervisor", "Counted hours (BACP)", "Topics by eye", "Countersignature"),
        body,
        totals,
        (
            "Counted hours follow BACP's rule: individual supervision in full; groups of up to 4 at half the time; "
            "larger groups at the time divided by the group's size.",
            "Topics are the journal's supervision questions each meeting discussed or resolved, counted by the "
            "seven-eyed model's eye (1 the client, 2 my interventions, 3 the relationship, 4 my own process, "
            "5 parallel process, 6 the supervisor's process, 7 the wider context). Topics raised without a journal "
            "question are not counted.",
            "Only meetings logged with reflect supervision log are here; no client is named.",
        ),
        numeric=(1, 4),
        signature=True,
    )


def practice_table(months: Sequence[PracticeMonth], period: str) -> RecordTable:
    modalities = [m for m, _ in months[0].sessions] if months else vocab.slugs("modality")
    labels = vocab.labels("modality")
    body = [(p.month, *(str(n) for _, n in p.sessions), str(p.total)) for p in months]
    totals = modality_totals(months)
    total_row = ("Total", *(str(n) for _, n in totals), str(sum(n for _, n in totals))) if months else None
    return RecordTable(
        "Practice log",
        period,
        ("Month", *(f"{labels.get(m, m)} sessions" for m in modalities), "All sessions"),
        body,
        total_row,
        (
            "Sessions are counted from the journal's entries: a session you did not write a reflection on is not "
            "counted, and a month's count is a lower bound on the sessions you held.",
            "The journal does not record how long a session lasted, so client hours cannot be counted here: add "
            "them from your diary if your professional body asks for hours.",
        ),
        numeric=tuple(range(1, len(modalities) + 2)),
    )


def cpd_table(activities: Sequence[CpdActivity], period: str, redactor: Redactor) -> RecordTable:
    def text(value: str | None) -> str:
        return redactor.text(value) or ""

    body = [
        (a.held_on.isoformat(), _hours(a.minutes), text(a.activity), text(a.learned), text(a.changed),
         text(a.standard))
        for a in activities
    ]  # fmt: skip
    return RecordTable(
        "CPD log",
        period,
        ("Date", "Hours", "Activity", "What I learned", "How it changed my practice", "Standard of my code"),
        body,
        (
            "Total",
            _hours(sum(a.minutes for a in activities)),
            plural(len(activities), "activity", "activities"),
            "",
            "",
            "",
        ),  # fmt: skip
        (
            "Activities logged with reflect cpd add; CPD not logged there is not counted. "
            f"Redaction: {redactor.level.description}.",
        ),
        numeric=(1,),
    )


# --- formats ------------------------------------------------------------------------------------------------------


def _cell(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


def table_csv(table: RecordTable) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table.columns)
    for row in [*table.rows, *([table.totals] if table.totals else [])]:
        writer.writerow([_cell(v) for v in row])
    return out.getvalue()


def table_markdown(table: RecordTable) -> str:
    def cell(value: str) -> str:
        return md_escape(value).replace("  \n", "<br>") if value else ""

    lines = [f"# {table.title}", "", f"Period: {table.period}.", ""]
    lines += [f"- {n}" for n in table.notes] + [""]  # the notes are reflect's own words
    lines.append("| " + " | ".join(table.columns) + " |")
    lines.append("| " + " | ".join("---:" if i in table.numeric else "---" for i in range(len(table.columns))) + " |")
    if not table.rows:
        lines.append("| " + " | ".join(["nothing logged in this period", *[""] * (len(table.columns) - 1)]) + " |")
    for row in table.rows:
        lines.append("| " + " | ".join(cell(v) for v in row) + " |")
    if table.totals and table.rows:
        lines.append("| " + " | ".join(f"**{cell(v)}**" if v else "" for v in table.totals) + " |")
    lines.append("")
    if table.signature:
        lines += ["Supervisor's countersignature: ______________________  Date: ____________", ""]
    return "\n".join(lines)


def table_page(table: RecordTable) -> str:
    import html

    from reflect.render.html import page, table_html

    rows = [*table.rows, *([table.totals] if table.totals and table.rows else [])]
    notes = "".join(f"<li>{html.escape(n)}</li>" for n in table.notes)
    body = f"<h1>{html.escape(table.title)}</h1><p>Period: {html.escape(table.period)}.</p><ul>{notes}</ul>" + (
        table_html(table.title, table.columns, rows, numeric=table.numeric)
        if rows
        else "<p>Nothing logged in this period.</p>"
    )
    if table.signature:
        from reflect.render.html import signoff_html

        body += signoff_html(
            "The supervisor countersigns that the meetings above took place as logged.",
            ("Supervisor (code)", "Date", "Signature of supervisor"),
        )
    return page(title=table.title, running_head=f"{table.title}, {table.period}", meta=[], body=body)


def render_table(table: RecordTable, fmt: str) -> str:
    if fmt == "csv":
        return table_csv(table)
    if fmt == "html":
        return table_page(table)
    return table_markdown(table)


def reflective_account(a: CpdActivity, redactor: Redactor) -> str:
    """One CPD activity as a reflective account in the shape NMC revalidation asks for (Markdown), in our words."""
    missing = "_(not recorded)_"

    def text(value: str | None) -> str:
        shown = redactor.text(value)
        return md_escape(shown) if shown else missing

    return "\n".join(
        [
            "# Reflective account",
            "",
            f"Date: {a.held_on.isoformat()}. Time: {_hours(a.minutes)} hours. Redaction: {redactor.level.description}.",
            "",
            "## What the activity, feedback or experience was",
            "",
            text(a.activity),
            "",
            "## What I learned from it",
            "",
            text(a.learned),
            "",
            "## How I changed or improved my practice as a result",
            "",
            text(a.changed),
            "",
            "## How it relates to my professional code",
            "",
            text(a.standard),
            "",
            "*Written from my reflective journal. A reflective account names no one: check it before you share it.*",
            "",
        ]
    )


def cpd_list(items: Sequence[CpdActivity]) -> None:
    """The terminal listing: id, day, hours and the activity (stored text, made safe for the terminal), or how to
    log the first."""
    from rich.table import Table

    from reflect.render.console import message, out, safe

    if not items:
        message("No CPD logged yet: `reflect cpd add --hours 1.5 --activity ...`.")
        return

    table = Table("id", "date", "hours", "activity", "standard", box=None, pad_edge=False)
    for a in items:
        table.add_row(a.id[:8], a.held_on.isoformat(), f"{a.hours:.2f}", safe(a.activity), safe(a.standard))
    out().print(table)
