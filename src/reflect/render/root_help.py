"""`reflect --help` without rich: the root help's data (root_help_data.py, generated from the commands) laid out as
Typer's rich help lays it out, for the terminal's width, in colour on a terminal, plain when piped.

Typer's rich help cost more than the rest of `reflect --help` together: importing rich, markdown-it and pygments
(~55 ms) and rendering (~27 ms), where Typer's own import is ~60 ms. The layout rules here are rich's (15.0), ported
for the few shapes the root help has: words wrapped as `rich._wrap.divide_line` wraps them (render/plain.py, which
`list` and `search` share), table columns sized as `rich.table.Table._calculate_column_widths` sizes them, panels
boxed as `rich.panel.Panel` boxes them.
tests/test_root_help.py holds the result against Typer's own rendering from 20 to 200 columns, plain, coloured and
under NO_COLOR. A sub-command's help (`reflect list --help`) is still Typer's.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from math import ceil
from typing import Any, TextIO

from reflect.render.plain import break_offsets, sgr

Run = tuple[str, str]  # (text, style in rich's words: "bold cyan", "" for none)
Line = list[Run]

MIN_WIDTH = 20  # narrower terminals get this layout, wrapped by the terminal (rich itself is no better there)
_TRAILING_SPACE = re.compile(r"\s+$")
_ROUNDED = "╭─╮│╰╯"  # rich's box.ROUNDED: top left, horizontal, top right, vertical, bottom left, bottom right
_ASCII = "+-+|++"  # rich's box.ASCII, for an output encoding without box-drawing characters


def show(stream: TextIO | None = None, environ: dict[str, str] | None = None) -> None:
    """Print the root help to `stream` (stdout), decided as Typer's rich console decided: the width from
    TERMINAL_WIDTH, COLUMNS or the terminal; styled on a terminal, with attributes but no colour under NO_COLOR."""
    stream = stream or sys.stdout
    if stream is None:  # started with stdout closed: nothing to show it on (as click.echo and rich do)
        return
    env = os.environ if environ is None else environ
    terminal = _is_terminal(stream, env)
    dumb = terminal and env.get("TERM", "").lower() in ("dumb", "unknown")
    styled = terminal and not dumb
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower()
    unicode = encoding.startswith("utf")
    text = render(_width(env, dumb), styled=styled, colour=styled and env.get("NO_COLOR", "") == "",
                  box=_ROUNDED if unicode else _ASCII)  # fmt: skip
    if not unicode:  # what the encoding cannot carry (an ellipsis) becomes "?", never an error
        text = text.encode(encoding, "replace").decode(encoding)
    stream.write(text)


def _is_terminal(stream: TextIO, env: Any) -> bool:
    if env.get("_TYPER_FORCE_DISABLE_TERMINAL"):  # Typer's own switches, as its help console read them
        return False
    if env.get("GITHUB_ACTIONS") or env.get("FORCE_COLOR") or env.get("PY_COLORS"):
        return True
    compatible = env.get("TTY_COMPATIBLE", "")  # then rich's
    if compatible in ("0", "1"):
        return compatible == "1"
    if env.get("FORCE_COLOR") is not None:
        return False  # FORCE_COLOR set, but empty: rich reads that as "not a terminal"
    try:
        return stream.isatty()
    except ValueError:  # closed
        return False


def _width(env: Any, dumb: bool) -> int:
    for name in ("TERMINAL_WIDTH", "COLUMNS"):  # Typer's, then rich's (which a dumb terminal's 80 would override)
        if env.get(name, "").isdigit() and int(env[name]):
            return max(MIN_WIDTH, int(env[name]))
    if dumb:
        return 80
    for descriptor in (0, 1, 2):  # as rich: a pipe into `less` still gets the terminal's width
        try:
            columns = os.get_terminal_size(descriptor).columns
        except (AttributeError, ValueError, OSError):
            continue
        return max(MIN_WIDTH, columns or 80)
    return 80


def render(width: int, *, styled: bool = False, colour: bool = True, box: str = _ROUNDED) -> str:
    """The root help laid out `width` columns wide; with SGR escapes if `styled` (colours too if `colour`)."""
    from reflect.render.root_help_data import BLOCKS

    width = max(MIN_WIDTH, width)
    lines: list[Line] = []
    blocks: Sequence[Any] = BLOCKS  # a literal of mixed shapes: the module's docstring says which
    for block in blocks:
        if block[0] == "text":
            lines += _text_block(block[1], block[2], width)
        else:
            lines += _panel(*block[1:], width=width, box=box)
    return "".join(_written(line, styled, colour) + "\n" for line in lines)


def _written(line: Line, styled: bool, colour: bool) -> str:
    """One line as the terminal gets it: trailing spaces dropped (they show nothing: no style here has a background)."""
    while line and not line[-1][0].strip():
        line = line[:-1]
    if not line:
        return ""
    line = [*line[:-1], (line[-1][0].rstrip(), line[-1][1])]
    if not styled:
        return "".join(text for text, _ in line)
    merged: Line = []
    for text, style in line:
        codes = sgr(style, colour) if text.strip() else ""  # a style on spaces shows nothing
        if merged and merged[-1][1] == codes:
            merged[-1] = (merged[-1][0] + text, codes)
        else:
            merged.append((text, codes))
    return "".join(f"\x1b[{codes}m{text}\x1b[0m" if codes else text for text, codes in merged)


# --- text: runs, wrapping ---------------------------------------------------------------------------------------------


def _runs(text: Any) -> tuple[str, list[str]]:
    """A text of the data (a string, or (text, style) runs) as its characters and each character's style."""
    if isinstance(text, str):
        return text, [""] * len(text)
    plain = "".join(part for part, _ in text)
    return plain, [style for part, style in text for _ in part]


def _line(plain: str, styles: Sequence[str], start: int, end: int) -> Line:
    line: Line = []
    for index in range(start, end):
        if line and line[-1][1] == styles[index]:
            line[-1] = (line[-1][0] + plain[index], styles[index])
        else:
            line.append((plain[index], styles[index]))
    return line


def _wrap(text: Any, width: int, overflow: str = "fold", no_wrap: bool = False) -> list[Line]:
    """A text's lines at `width`, as rich wraps a Text: at its own line breaks and between words; a line still too
    long is cut, ending in an ellipsis where the overflow is "ellipsis"."""
    plain, styles = _runs(text)
    lines: list[Line] = []
    start = 0
    for hard in plain.split("\n"):
        end = start + len(hard)
        cuts = [] if no_wrap else break_offsets(hard, width, fold=overflow == "fold")
        for left, right in zip([0, *cuts], [*cuts, len(hard)], strict=True):
            piece = hard[left:right]
            if len(piece) > width and not no_wrap and (space := _TRAILING_SPACE.search(piece)):
                right -= min(len(space.group()), len(piece) - width)  # rich's rstrip_end
            line = _line(plain, styles, start + left, start + right)
            lines.append(_truncate(line, width, overflow))
        start = end + 1
    return lines


def _truncate(line: Line, width: int, overflow: str) -> Line:
    plain, styles = _runs(line)
    if len(plain) <= width:
        return line
    if overflow != "ellipsis":
        return _line(plain, styles, 0, width)
    # rich keeps the spans where the ellipsis lands: it takes the style of the character it replaces
    return _line(plain[: width - 1] + "…", styles[: width - 1] + styles[width - 1 : width], 0, width)


def _pad(line: Line, width: int) -> Line:
    length = sum(len(text) for text, _ in line)
    return [*line, (" " * (width - length), "")] if length < width else line


# --- blocks -----------------------------------------------------------------------------------------------------------


def _text_block(padding: Sequence[int], texts: Sequence[Any], width: int) -> list[Line]:
    top, right, bottom, left = padding
    lines: list[Line] = [[] for _ in range(top)]
    for text in texts:
        lines += [[(" " * left, ""), *line] for line in _wrap(text, width - left - right)]
    return lines + [[] for _ in range(bottom)]


def _panel(title: Any, border: str, columns: Sequence[Any], rows: Sequence[Any], *, width: int, box: str) -> list[Line]:
    """A table in a box with its title in the top edge (rich's Panel, padding one space left and right)."""
    top_left, across, top_right, side, bottom_left, bottom_right = tuple(box)
    title_text, title_styles = _runs(title)
    heading = _truncate(_line(title_text, title_styles, 0, len(title_text)), width - 4, "crop")
    fill = width - 4 - sum(len(text) for text, _ in heading)
    lines: list[Line] = [[(top_left + across, border), *heading, (across * fill + across + top_right, border)]]
    for row in _table(columns, rows, width - 4):
        lines.append([(side, border), (" ", ""), *row, (" ", ""), (side, border)])
    return [*lines, [(bottom_left + across * (width - 2) + bottom_right, border)]]


def _table(columns: Sequence[Any], rows: Sequence[Any], width: int) -> list[Line]:
    """Rows of cells, each column as wide as rich's Table (expand=True, no box, one space between columns) makes it."""
    last = len(columns) - 1
    pads = [(0 if n == 0 else 1, 0 if n == last else 1) for n in range(len(columns))]
    cells = [[row[n] for row in rows] for n in range(len(columns))]
    widths = _column_widths(columns, cells, pads, width)
    lines: list[Line] = []
    for row in rows:
        rendered = []
        for n, ((_, no_wrap, _, _, overflow), (left, right)) in enumerate(zip(columns, pads, strict=True)):
            inner = widths[n] - left - right
            rendered.append([[(" " * left, ""), *_pad(line, inner), (" " * right, "")]
                             for line in _wrap(row[n], inner, overflow, no_wrap)])  # fmt: skip
        height = max(len(cell) for cell in rendered)
        for index in range(height):
            line: Line = []
            for n, cell in enumerate(rendered):
                line += cell[index] if index < len(cell) else [(" " * widths[n], "")]
            lines.append(line)
    return lines


def _measure(column: Any, cells: Sequence[Any], pad: tuple[int, int], width: int) -> tuple[int, int]:
    """The narrowest and widest a column can be, at most `width` (rich's _measure_column over its padded cells)."""
    if width < 1:
        return 0, 0
    padding = sum(pad)
    fixed, _, _, fills, _ = column
    if fixed is not None:
        return min(fixed + padding, width), min(fixed + padding, width)
    minimums, maximums = [], []
    for cell in cells:
        if width - padding < 1:
            low, high = width, width
        else:
            if fills:  # a rich Columns has no measure of its own: as wide as it is let be
                low, high = 0, width
            else:
                plain = _runs(cell)[0]
                high = max((len(line) for line in plain.splitlines()), default=0)
                low = max((len(word) for word in plain.split()), default=high)
                low, high = _measured(low, high, width)
            low, high = min(low + padding, width), min(high + padding, width)
        low, high = _measured(low, high, width)
        minimums.append(low)
        maximums.append(high)
    return min(max(minimums, default=1), width), min(max(maximums, default=width), width)


def _measured(low: int, high: int, width: int) -> tuple[int, int]:
    """rich's Measurement.get: normalised, at most `width`, nothing if under one cell."""
    low = max(0, min(max(0, low), high))
    low, high = min(low, width), min(max(0, max(low, high)), width)
    return (0, 0) if high < 1 else (max(0, min(low, high)), high)


def _column_widths(columns: Sequence[Any], cells: Sequence[Any], pads: Sequence[Any], width: int) -> list[int]:
    """rich's _calculate_column_widths for an expanding table, to the letter (the stale total included)."""
    ranges = [_measure(c, cells[n], pads[n], width) for n, c in enumerate(columns)]
    widths = [high or 1 for _, high in ranges]
    flexible = [ratio is not None for _, _, ratio, _, _ in columns]
    if any(ratio for _, _, ratio, _, _ in columns):
        fixed = [0 if flex else high for (_, high), flex in zip(ranges, flexible, strict=True)]
        minimums = [(c[0] or 1) + sum(pads[n]) for n, c in enumerate(columns) if flexible[n]]
        shares = iter(_distribute(width - sum(fixed), [c[2] or 0 for c in columns if c[2] is not None], minimums))
        widths = [fixed[n] + next(shares) if flexible[n] else w for n, w in enumerate(widths)]
    table_width = sum(widths)
    if table_width > width:
        wrapable = [fixed is None and not no_wrap for fixed, no_wrap, _, _, _ in columns]
        widths = _collapse(widths, wrapable, width)
        table_width = sum(widths)
        if table_width > width:  # last resort: every column narrower
            widths = _reduce(table_width - width, [1] * len(widths), widths, widths)
            table_width = sum(widths)
        widths = [_measure(c, cells[n], pads[n], widths[n])[1] or 0 for n, c in enumerate(columns)]
    if table_width < width:
        widths = [w + extra for w, extra in zip(widths, _distribute(width - table_width, widths), strict=True)]
    return widths


def _collapse(widths: list[int], wrapable: list[bool], width: int) -> list[int]:
    """Narrow the widest wrapable columns first until the table fits (rich's _collapse_widths)."""
    excess = sum(widths) - width
    if not any(wrapable):
        return widths
    while sum(widths) and excess > 0:
        widest = max(w for w, wraps in zip(widths, wrapable, strict=True) if wraps)
        next_widest = max((w if wraps and w != widest else 0) for w, wraps in zip(widths, wrapable, strict=True))
        ratios = [1 if (w == widest and wraps) else 0 for w, wraps in zip(widths, wrapable, strict=True)]
        if not any(ratios) or not widest - next_widest:
            break
        widths = _reduce(excess, ratios, [min(excess, widest - next_widest)] * len(widths), widths)
        excess = sum(widths) - width
    return widths


def _reduce(total: int, ratios: list[int], maximums: list[int], values: list[int]) -> list[int]:
    """rich's ratio_reduce: take `total` from `values` in proportion to `ratios`, at most `maximums` each."""
    ratios = [ratio if most else 0 for ratio, most in zip(ratios, maximums, strict=True)]
    total_ratio = sum(ratios)
    if not total_ratio:
        return values[:]
    result = []
    for ratio, most, value in zip(ratios, maximums, values, strict=True):
        if ratio and total_ratio > 0:
            taken = min(most, round(ratio * total / total_ratio))
            result.append(value - taken)
            total -= taken
            total_ratio -= ratio
        else:
            result.append(value)
    return result


def _distribute(total: int, ratios: list[int], minimums: list[int] | None = None) -> list[int]:
    """rich's ratio_distribute: split `total` in proportion to `ratios`, each at least its minimum."""
    if minimums:
        ratios = [ratio if least else 0 for ratio, least in zip(ratios, minimums, strict=True)]
    total_ratio = sum(ratios)
    shares = []
    for ratio, least in zip(ratios, minimums or [0] * len(ratios), strict=True):
        share = max(least, ceil(ratio * total / total_ratio)) if total_ratio > 0 else total
        shares.append(share)
        total_ratio -= ratio
        total -= share
    return shares
