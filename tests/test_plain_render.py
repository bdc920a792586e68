"""render/plain.py lays out `list` and `search` without rich, and must lay them out exactly as rich does: the same
line breaks, the same folded words, the same columns, the same styles on the same characters. Rich itself is the
oracle here, over generated text and widths."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.table import Table
from rich.text import Text

from reflect.render.entry_list import LIST_COLUMNS, LIST_PREFIXES, SUMMARY, record_lines
from reflect.render.fit import stacked
from reflect.render.plain import (
    Span,
    cell_len,
    styles_on,
    table_lines,
    terminal_width,
    wrap,
    write_lines,
)

# Letters, spaces and the punctuation summaries hold, accents, a combining mark, wide (CJK) characters and tabs.
ALPHABET = st.sampled_from(list("abcdefghij ABC    ,|/-.:;é") + ["\u0301", "漢", "字", "ア", "\t"])
words = st.text(alphabet=ALPHABET, max_size=90)


def rich_lines(renderable: object, width: int) -> list[str]:
    console = Console(file=io.StringIO(), width=width, color_system=None, highlight=False, markup=False)
    console.print(renderable)
    return [line.rstrip(" ") for line in console.file.getvalue().split("\n")[:-1]]  # type: ignore[attr-defined]


def plain(lines: list[list[Span]]) -> list[str]:
    return ["".join(span.text for span in line) for line in lines]


@settings(max_examples=300)
@given(text=words, width=st.integers(min_value=2, max_value=50))
def test_wrapping_breaks_and_folds_as_rich_does(text: str, width: int):
    assert plain(wrap([Span(text)], width)) == rich_lines(Text(text), width)


@settings(max_examples=150)
@given(parts=st.lists(st.tuples(words, st.sampled_from(["", "bold", "dim", "bold reverse"])), max_size=5),
       width=st.integers(min_value=4, max_value=40))  # fmt: skip
def test_styles_stay_on_their_characters_across_breaks(parts: list[tuple[str, str]], width: int):
    ours = [
        [(char, span.style) for span in line for char in span.text] for line in wrap([Span(*p) for p in parts], width)
    ]
    text = Text()
    for part, style in parts:
        text.append(part, style=style)
    console = Console(file=io.StringIO(), width=width)
    theirs = []
    for line in text.wrap(console, width, tab_size=8):
        line.rstrip()
        theirs.append([(char, str(line.get_style_at_offset(console, i)) or "") for i, char in enumerate(line.plain)])
    assert [[(c, s) for c, s in line] for line in ours] == [
        [(c, "" if s == "none" else s) for c, s in line] for line in theirs
    ]


code = st.text(alphabet=st.sampled_from("ABCDEFGHJK0123456789-"), min_size=1, max_size=16)  # CLIENT_CODE
summary = st.lists(st.sampled_from(["worried 3", "calm 2", "special/over-involved", "|", "parental/protective",
                                    "overwhelmed 4", "a-very-long-word-without-any-spaces-in-it-at-all"]),
                   max_size=8).map(", ".join)  # fmt: skip
row = st.tuples(st.just("d82cc8b8"), st.just("2026-12-05 17:00"), code, st.sampled_from(["", "3", "50", "1200"]),
                st.sampled_from(["", "0", "7", "10"]), summary, st.sampled_from(["", "⚑", "R", "⚑RS"]))  # fmt: skip


def rich_list_table(rows: list[tuple[str, ...]]) -> Table:
    """The list as it was drawn with rich before render/plain.py."""
    table = Table(box=None, pad_edge=False, header_style="bold", expand=False)
    for column in LIST_COLUMNS:
        table.add_column(column.header, no_wrap=not column.wrap, min_width=column.min_width, style=column.style,
                         justify="right" if column.right else "left", overflow="fold",
                         ratio=1 if column.wrap else None)  # fmt: skip
    for cells in rows:
        table.add_row(*cells)
    return table


@settings(max_examples=150)
@given(rows=st.lists(row, min_size=1, max_size=6), width=st.integers(min_value=80, max_value=160))
def test_the_list_table_has_rich_columns(rows: list[tuple[str, ...]], width: int):
    assert plain(table_lines(LIST_COLUMNS, rows, width)) == rich_lines(rich_list_table(rows), width)


@settings(max_examples=100)
@given(rows=st.lists(row, min_size=1, max_size=4), width=st.integers(min_value=30, max_value=79))
def test_the_narrow_list_is_rich_stacked_records(rows: list[tuple[str, ...]], width: int):
    from rich.console import Group

    ours = [text for cells in rows for text in plain(record_lines(cells, width))]
    assert ours == rich_lines(Group(*stacked(LIST_PREFIXES, rows, body=SUMMARY)), width)


def test_cell_lengths_count_wide_and_combining_characters():
    assert [cell_len(t) for t in ("abc", "漢字", "e\u0301", "⚑", "")] == [3, 4, 1, 1, 0]


def test_width_comes_from_columns_then_the_terminal_else_80(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("COLUMNS", "132")
    assert terminal_width() == 132
    monkeypatch.delenv("COLUMNS")
    monkeypatch.setattr("os.get_terminal_size", lambda fd: (_ for _ in ()).throw(OSError()))
    assert terminal_width() == 80
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.setenv("COLUMNS", "132")
    assert terminal_width() == 80


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_styles_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("NO_COLOR", "1")  # colours only: bold and dim stay, as with rich
    line = [Span("d82cc8b8", "dim"), Span("  "), Span("fear", "bold reverse")]
    tty, pipe = Tty(), io.StringIO()
    write_lines([line, []], tty)
    write_lines([line, []], pipe)
    assert tty.getvalue() == "\x1b[2md82cc8b8\x1b[0m  \x1b[1;7mfear\x1b[0m\n\n"
    assert pipe.getvalue() == "d82cc8b8  fear\n\n"
    monkeypatch.setenv("TERM", "dumb")
    assert not styles_on(tty)
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert styles_on(pipe)
