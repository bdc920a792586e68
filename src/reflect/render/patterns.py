"""The terminal pattern report: findings grouped by client and by kind, a grid of pulls across each client's last
sessions, and intensity sparklines. Everything reads under NO_COLOR: grid cells carry a glyph, not only a colour."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from reflect.analysis.pattern_terms import FOOTER, KIND_TITLES, KINDS
from reflect.analysis.stats import Finding, Thresholds
from reflect.domain import vocab
from reflect.render.console import safe
from reflect.render.fit import hanging

BLOCKS = "▁▂▃▄▅▆▇█"
SPARK_WEEKS = 40
PULL_STYLES = {
    "overwhelmed-disorganized": "red",
    "helpless-inadequate": "yellow",
    "positive": "green",
    "special-overinvolved": "magenta",
    "sexualized": "bright_magenta",
    "disengaged": "blue",
    "parental-protective": "cyan",
    "criticized-mistreated": "bright_red",
    "hostile-angry": "red3",
    "idealized": "bright_cyan",
}


@dataclass
class ClientView:
    code: str
    sessions: int
    pattern: str | None
    grid: list[tuple[int | None, set[str]]] = field(default_factory=list)  # last sessions: number, pulls
    recent_intensity: list[int | None] = field(default_factory=list)


@dataclass
class PatternReport:
    findings: list[Finding]
    thresholds: Thresholds
    sessions: int
    clients_in_period: int
    period: str  # "2026-03-01 to 2026-03-31", or "all entries"
    clients: list[ClientView]
    weekly_intensity: list[float | None]  # mean per week, oldest first
    more_clients: int = 0  # clients in the period not shown one by one
    focal_client: str | None = None  # --client


def sparkline(values: Sequence[float | int | None], high: float = 10.0) -> str:
    """One block per value on a 0..high scale; a gap where there is no value."""
    out = []
    for v in values:
        if v is None:
            out.append(" ")
        else:
            out.append(BLOCKS[max(0, min(len(BLOCKS) - 1, round(float(v) / high * (len(BLOCKS) - 1))))])
    return "".join(out)


def _spark_line(label: str, values: Sequence[float | int | None], unit: str) -> RenderableType:
    """The label and sparkline, then the figures, which wrap under themselves on a narrow terminal."""
    present = [v for v in values if v is not None]
    line = Text(f"{label} ", style="bold")
    line.append(sparkline(values), style="cyan")
    if not present:
        return line
    line.append("  ")
    figures = f"{unit}: first {present[0]:.1f}, latest {present[-1]:.1f}, range {min(present):.0f}-{max(present):.0f}"
    return hanging(line, Text(figures, style="dim"))


def pull_grid(view: ClientView) -> Table | None:
    """Rows: the pulls logged in the client's last sessions; columns: those sessions. ● logged, · not."""
    if not view.grid:
        return None
    logged = [p for p in vocab.slugs("pull") if any(p in pulls for _, pulls in view.grid)]
    if not logged:
        return None
    table = Table(box=None, pad_edge=False, show_edge=False, header_style="dim", padding=(0, 1, 0, 0))
    table.add_column("pull (last sessions)", no_wrap=True)
    for number, _ in view.grid:
        table.add_column(f"{number}" if number is not None else "?", justify="center", no_wrap=True)
    table.add_column("", justify="right", no_wrap=True, style="dim")
    for pull in logged:
        cells = [
            Text("●", style=PULL_STYLES.get(pull, "magenta")) if pull in pulls else Text("·", style="dim")
            for _, pulls in view.grid
        ]
        count = sum(1 for _, pulls in view.grid if pull in pulls)
        table.add_row(Text(vocab.pull_name(pull)), *cells, f"{count}/{len(view.grid)}")
    return table


def _findings_by_kind(findings: Sequence[Finding]) -> list[RenderableType]:
    parts: list[RenderableType] = []
    for kind in KINDS:
        items = [f for f in findings if f.kind == kind]
        if not items:
            continue
        parts.append(Text(f"  {KIND_TITLES[kind]}", style="bold"))
        grid = Table.grid(padding=(0, 1, 0, 0))  # a hanging indent: wrapped lines stay under their bullet
        grid.add_column(width=5, justify="right", no_wrap=True)
        grid.add_column(overflow="fold")
        for f in items:
            grid.add_row("•", safe(f.text))
        parts.append(grid)
    return parts


def patterns_view(report: PatternReport) -> Group:
    parts: list[RenderableType] = []
    head = Text("Patterns", style="bold")
    head.append(
        f" · {report.sessions} session{'s' if report.sessions != 1 else ''}, "
        f"{report.clients_in_period} client{'s' if report.clients_in_period != 1 else ''} · {report.period}"
    )
    parts += [
        head,
        Text("Prompts for reflection, not conclusions: each line is something to wonder about.", style="dim"),
    ]

    caseload = [f for f in report.findings if f.client is None]
    rated_weeks = any(v is not None for v in report.weekly_intensity)  # no intensity given: no empty line for it
    if caseload or rated_weeks:
        heading = "OVER THE PERIOD" if report.focal_client else "ACROSS YOUR CASELOAD"
        parts += [Text(""), Text(heading, style="bold cyan")]
        if rated_weeks:
            weeks = report.weekly_intensity[-SPARK_WEEKS:]  # a long journal: the latest weeks fit on one line
            label = (
                "  Intensity by week"
                if len(weeks) == len(report.weekly_intensity)
                else (f"  Intensity, last {len(weeks)} weeks")
            )
            parts.append(_spark_line(label, weeks, "mean 0-10"))
        parts += _findings_by_kind(caseload)

    for view in report.clients:
        mine = [f for f in report.findings if f.client == view.code]
        parts.append(Text(""))
        title = Text(view.code, style="bold cyan")
        bits = [f"{view.sessions} session{'s' if view.sessions != 1 else ''}"]
        if view.pattern:
            # The clinician's coding, never a statement about the client.
            bits.insert(0, "you coded " + vocab.label("pattern", view.pattern).split(":")[0].lower())
        title.append(" · " + " · ".join(bits), style="cyan")
        parts.append(title)
        if any(v is not None for v in view.recent_intensity):
            parts.append(_spark_line("  Intensity, last sessions", view.recent_intensity, "0-10"))
        grid = pull_grid(view)
        if grid is not None:
            parts.append(Group(Text(""), _indent(grid)))
        if mine:
            parts += _findings_by_kind(mine)
        else:
            parts.append(Text("  Nothing passes the thresholds for this client in this period.", style="dim"))

    parts.append(Text(""))
    if report.more_clients:
        parts.append(
            Text(
                f"{report.more_clients} more client{'s' if report.more_clients != 1 else ''} seen in this period are "
                "not shown one by one: --client CODE shows one, --json lists every client's findings.",
                style="dim",
            )
        )
    parts.append(Text(FOOTER, style="bold"))
    parts.append(Text(report.thresholds.footer(), style="dim"))
    return Group(*parts)


def _indent(table: Table) -> RenderableType:
    from rich.padding import Padding

    return Padding(table, (0, 0, 0, 2))


def print_findings_json(findings: Sequence[Finding]) -> None:
    """The findings as a JSON list, written one at a time (a large journal has thousands, with their entry ids)."""
    import json
    import sys

    if not findings:
        sys.stdout.write("[]\n")
        return
    for i, f in enumerate(findings):
        sys.stdout.write("[\n" if i == 0 else ",\n")
        sys.stdout.write(json.dumps(f.as_dict(), ensure_ascii=False))
    sys.stdout.write("\n]\n")
    sys.stdout.flush()
