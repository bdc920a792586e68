"""Styled lines and simple tables written without rich, laid out exactly as rich lays them out.

`reflect list` and `reflect search` are the commands run most, and rich's console and table cost them about 20 ms of
imports and 10 ms of layout for a view that is only lines of words: half of what they add to Python's start-up. The
rules here are rich's (word wrapping and folding from `rich._wrap.divide_line`, column widths from
`rich.table.Table._calculate_column_widths` for tables whose only shrinkable column is the last wide one, terminal
width and styling from `rich.console.Console`); tests/test_plain_render.py holds them to rich's own output.
"""

from __future__ import annotations

import os
import re
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TextIO

_WORD = re.compile(r"\s*\S+\s*")  # a word with the spaces around it, as rich divides a line
NARROW = 80  # below this many columns, wide tables are stacked: one record per block
# SGR parameters of the text attributes and colours, as rich writes them.
SGR = {"bold": "1", "dim": "2", "italic": "3", "underline": "4", "blink": "5", "reverse": "7", "strike": "9"}
COLOURS = {name: str(30 + n) for n, name in enumerate("black red green yellow blue magenta cyan white".split())}
COLOURS |= {f"bright_{name}": str(60 + int(code)) for name, code in COLOURS.items()}


def cell_len(text: str) -> int:
    """Terminal cells `text` takes: two for a wide (East Asian) character, none for a combining mark."""
    if text.isascii():
        return len(text)
    return sum(_char_cells(c) for c in text)


def _char_cells(char: str) -> int:
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _chop(text: str, width: int) -> list[str]:
    """`text` cut into pieces of at most `width` cells (a word too long for any line is folded)."""
    pieces: list[str] = []
    start = size = 0
    for i, char in enumerate(text):
        cells = _char_cells(char)
        if size + cells > width and i > start:
            pieces.append(text[start:i])
            start, size = i, 0
        size += cells
    if size or start < len(text):
        pieces.append(text[start:])
    return pieces


def break_offsets(text: str, width: int, fold: bool = True) -> list[int]:
    """Where a line of `text` breaks to fit `width`: at word starts, or, if `fold`, inside a word longer than a line
    (else that word stays whole on its own line, for the caller to cut)."""
    breaks: list[int] = []
    offset = 0  # cells used on the current line
    for match in _WORD.finditer(text):
        start, word = match.start(), match.group()
        length = cell_len(word.rstrip())
        if width - offset >= length:
            offset += cell_len(word)
        elif length > width and fold:
            pieces = _chop(word, width)
            for n, piece in enumerate(pieces):
                if start:
                    breaks.append(start)
                if n == len(pieces) - 1:
                    offset = cell_len(piece)
                else:
                    start += len(piece)
        elif length > width:
            if start:
                breaks.append(start)
            offset = cell_len(word)
        elif offset and start:
            breaks.append(start)
            offset = cell_len(word)
    return breaks


@dataclass(frozen=True)
class Span:
    text: str
    style: str = ""


Line = Sequence[Span]


def wrap(line: Line, width: int) -> list[list[Span]]:
    """One styled line as the lines it takes at `width` cells; a newline in it starts a new line, as in rich."""
    if any("\t" in span.text for span in line):
        line = _expand_tabs(line)
    plain = "".join(span.text for span in line)
    out: list[list[Span]] = []
    position = 0
    for paragraph in plain.split("\n"):
        cuts = [0, *break_offsets(paragraph, width), len(paragraph)]
        for a, b in zip(cuts, cuts[1:], strict=False):
            out.append(_slice(line, position + a, position + b))
        position += len(paragraph) + 1
    return out


def _expand_tabs(line: Line, size: int = 8) -> list[Span]:
    """Tabs as the spaces to the next multiple of `size` cells, counted from each line's start (rich's rule)."""
    spans, column = [], 0
    for span in line:
        text = []
        for char in span.text:
            if char == "\t":
                text.append(" " * (size - column % size))
                column += size - column % size
            else:
                text.append(char)
                column = 0 if char == "\n" else column + _char_cells(char)
        spans.append(Span("".join(text), span.style))
    return spans


def _slice(line: Line, start: int, end: int) -> list[Span]:
    """The spans of `line` between two offsets of its plain text, trailing spaces dropped."""
    pieces: list[Span] = []
    at = 0
    for span in line:
        a, b = max(start, at), min(end, at + len(span.text))
        if a < b:
            pieces.append(Span(span.text[a - at : b - at], span.style))
        at += len(span.text)
    while pieces and not pieces[-1].text.rstrip(" "):
        pieces.pop()
    if pieces:
        pieces[-1] = Span(pieces[-1].text.rstrip(" "), pieces[-1].style)
    return pieces


@dataclass(frozen=True)
class Column:
    header: str
    min_width: int = 0
    right: bool = False  # aligned right (numbers)
    wrap: bool = False  # the one column that shrinks to fit, its words wrapped under themselves
    style: str = ""


def table_lines(columns: Sequence[Column], rows: Sequence[Sequence[str]], width: int) -> list[list[Span]]:
    """A borderless table, header in bold, two spaces between columns, as rich's `Table(box=None, pad_edge=False)`
    draws it at `width`: every column as wide as its widest cell (at least its minimum), and when the whole is wider
    than the terminal the wrapping column gives up the difference."""
    pads = [(0 if i == 0 else 1) + (0 if i == len(columns) - 1 else 1) for i in range(len(columns))]
    widths = []
    for i, column in enumerate(columns):
        natural = max([cell_len(column.header), *(cell_len(row[i]) for row in rows)])
        widths.append(max(natural or 1, column.min_width) + pads[i])
    excess = sum(widths) - width
    for i, column in enumerate(columns):
        if excess > 0 and column.wrap:
            cut = min(excess, widths[i] - pads[i] - 1)
            widths[i] -= cut
            excess -= cut
    lines: list[list[Span]] = []
    for r, row in enumerate([[c.header for c in columns], *rows]):
        cells = []
        for i, column in enumerate(columns):
            inner = widths[i] - pads[i]
            style = "bold" if r == 0 else column.style
            cells.append(wrap([Span(row[i], style)], inner) if column.wrap else [[Span(row[i], style)]])
        for k in range(max(len(c) for c in cells)):
            spans: list[Span] = []
            for i, column in enumerate(columns):
                part = cells[i][k] if k < len(cells[i]) else []
                inner = widths[i] - pads[i]
                gap = inner - sum(cell_len(s.text) for s in part)
                if i:
                    spans.append(Span(" "))
                if column.right:
                    spans += [Span(" " * gap), *part]
                else:
                    spans += [*part, Span(" " * gap)]
                if i < len(columns) - 1:
                    spans.append(Span(" "))
            lines.append(_slice(spans, 0, sum(len(s.text) for s in spans)))
    return lines


def hanging_lines(lead: str, body: Line, width: int) -> list[list[Span]]:
    """`lead`, then `body` wrapped with each continuation line under its first word (rich's two-column grid)."""
    indent = cell_len(lead)
    return [[Span(lead if n == 0 else " " * indent), *part] for n, part in enumerate(wrap(body, width - indent))]


def terminal_width() -> int:
    """Columns of the terminal, as rich's console reads them: $COLUMNS, else the first of stdin, stdout and stderr
    that is a terminal, else 80."""
    if os.environ.get("TERM", "").lower() in ("dumb", "unknown"):
        return 80
    width = None
    for fd in (0, 1, 2):
        try:
            width = os.get_terminal_size(fd).columns
        except (AttributeError, ValueError, OSError):
            continue
        break
    columns = os.environ.get("COLUMNS")
    if columns is not None and columns.isdigit():
        width = int(columns)
    return width or 80


def styles_on(stream: TextIO) -> bool:
    """Whether styles are drawn: on a terminal, or when FORCE_COLOR asks, never on a dumb one. NO_COLOR removes
    colours only (rich keeps bold and dim; these views use nothing else)."""
    if os.environ.get("TERM", "").lower() in ("dumb", "unknown"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def sgr(style: str, colour: bool = True) -> str:
    """The SGR parameters of a style as rich writes them ("bold cyan" -> "1;36"), without colours if not `colour`.

    Raises ValueError for a word it does not know: tools/root_help.py checks every style the root help writes."""
    unknown = [word for word in style.split() if word not in SGR and word not in COLOURS]
    if unknown:
        raise ValueError(f"cannot show the style {style!r}")
    attributes = sorted(SGR[word] for word in style.split() if word in SGR)
    colours = [COLOURS[word] for word in style.split() if word in COLOURS and colour]
    return ";".join(attributes + colours)  # rich's order: attributes, then the colour


def write_lines(lines: Sequence[Line], stream: TextIO | None = None) -> None:
    """Write styled lines to stdout (or `stream`), with the terminal's styles only where they are drawn."""
    target = stream or sys.stdout
    styled = styles_on(target)
    chunks = []
    for line in lines:
        for span in line:
            codes = sgr(span.style) if styled else ""
            chunks.append(f"\x1b[{codes}m{span.text}\x1b[0m" if codes and span.text else span.text)
        chunks.append("\n")
    target.write("".join(chunks))
    target.flush()
