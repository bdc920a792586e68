"""`reflect --help` (and `reflect` alone) from data written ahead (render/root_help.py): the data is what Typer's rich
help says today, laid out as Typer lays it out (from 20 to 200 columns, plain, coloured, NO_COLOR), pinned by golden
files, and in a real terminal it fills the width, in colour."""

from __future__ import annotations

import contextlib
import importlib.util
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from reflect.render.root_help import render, show

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden" / "root-help"
SCRIPT = Path(sys.executable).parent / "reflect"
SGR = re.compile(r"\x1b\[([0-9;]*)m")


def typers_own(width: int, terminal: bool) -> str:
    """What Typer 0.29's rich help prints for the root command `width` columns wide, to a terminal or not."""
    import typer
    from typer import rich_utils

    from reflect.cli import app

    group = typer.main.get_command(app)
    ctx = group.make_context("reflect", [], resilient_parsing=True)
    saved = rich_utils.MAX_WIDTH, rich_utils.FORCE_TERMINAL
    rich_utils.MAX_WIDTH, rich_utils.FORCE_TERMINAL = width, terminal
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            rich_utils.rich_format_help(obj=group, ctx=ctx, markup_mode="rich")
    finally:
        rich_utils.MAX_WIDTH, rich_utils.FORCE_TERMINAL = saved
    return out.getvalue()


def screen(text: str) -> list[list[tuple[str, tuple]]]:
    """What a terminal shows: each line's characters with their SGR attributes and colour, blank cells (a space with
    no underline or reverse) at the end of a line and blank lines at the end dropped."""
    lines = []
    for raw in text.split("\n"):
        attributes: dict[str, int] = {}
        cells: list[tuple[str, tuple]] = []
        for chunk, codes in zip(SGR.split(raw)[::2], [*SGR.findall(raw), None], strict=True):
            visible = tuple(sorted(attributes.items()))
            cells += [(ch, visible if ch != " " or {"4", "7"} & attributes.keys() else ()) for ch in chunk]
            for code in (codes or "0").split(";") if codes is not None else []:
                if code in ("", "0"):
                    attributes.clear()
                elif code in ("1", "2", "3", "4", "7", "9"):
                    attributes[code] = 1
                elif 30 <= int(code) <= 37 or 90 <= int(code) <= 97:
                    attributes["colour"] = int(code)
                else:
                    raise AssertionError(f"unexpected SGR {code} in {raw!r}")
        while cells and cells[-1] == (" ", ()):
            cells.pop()
        lines.append(cells)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def plain(lines: list[list[tuple[str, tuple]]]) -> str:
    return "\n".join("".join(ch for ch, _ in line) for line in lines)


def test_the_data_is_what_the_commands_say():
    """render/root_help_data.py is written by tools/root_help.py from the commands: a changed one-line help, panel or
    root option must be written again, so `reflect --help` never drifts from the commands."""
    spec = importlib.util.spec_from_file_location("root_help_tool", ROOT / "tools" / "root_help.py")
    assert spec and spec.loader
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    data = ROOT / "src" / "reflect" / "render" / "root_help_data.py"
    assert tool.generate() == data.read_text(encoding="utf-8"), "run: python tools/root_help.py"


def test_laid_out_as_typers_own_help_from_20_to_200_columns(monkeypatch):
    """Character for character and style for style, what Typer's rich help shows on a colour terminal; at every
    third width (Typer takes 50-80 ms a width: the sweep of every one takes 12 s)."""
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.delenv("NO_COLOR")
    widths = range(20, 201, 3)
    differ = [w for w in widths if screen(render(w, styled=True)) != screen(typers_own(w, terminal=True))]
    assert differ == []


@pytest.mark.parametrize("width", (60, 80, 100, 140))
def test_plain_and_no_color_as_typers_own(width, monkeypatch):
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("NO_COLOR", "1")  # attributes (bold, dim) stay, colours go: as rich does
    assert screen(render(width, styled=True, colour=False)) == screen(typers_own(width, terminal=True))
    assert render(width) == plain(screen(typers_own(width, terminal=False))) + "\n"
    assert "\x1b" not in render(width)


@pytest.mark.parametrize("width", (60, 80, 100, 140))
def test_golden(cli, width):
    """The whole output of `reflect --help`, piped, at four widths (REFLECT_UPDATE_GOLDEN=1 rewrites them)."""
    result = cli("--help", env={"COLUMNS": str(width)})
    assert result.exit_code == 0 and result.stderr == ""
    golden = GOLDEN / f"help-{width}.txt"
    if os.environ.get("REFLECT_UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == golden.read_text(encoding="utf-8")
    assert max(len(line) for line in result.stdout.splitlines()) == width  # the boxes fill the width


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("no_color", ("", "1"))
def test_golden_on_a_terminal(no_color):
    out = Terminal()
    show(out, {"COLUMNS": "80", "TERM": "xterm-256color", "NO_COLOR": no_color})
    golden = GOLDEN / f"terminal-80{'-no-color' if no_color else ''}.txt"
    if os.environ.get("REFLECT_UPDATE_GOLDEN"):
        golden.write_text(out.getvalue(), encoding="utf-8")
    text = out.getvalue()
    assert text == golden.read_text(encoding="utf-8")
    if no_color:
        assert "\x1b[1m--home\x1b[0m" in text and "36m" not in text  # bold stays, cyan goes (as rich does)
    else:
        assert "\x1b[1;36m--home\x1b[0m" in text and "\x1b[2m╭─ Options" in text


@pytest.mark.parametrize(("env", "styled", "width"), [
    ({"COLUMNS": "72"}, True, 72),
    ({"COLUMNS": "72", "TERMINAL_WIDTH": "90"}, True, 90),  # Typer's own width setting wins, as it did
    ({"COLUMNS": "72", "TERM": "dumb"}, False, 72),
    ({"COLUMNS": "72", "TTY_COMPATIBLE": "0"}, False, 72),
    ({"COLUMNS": "72", "FORCE_COLOR": ""}, False, 72),
    ({"COLUMNS": "5"}, True, 20),  # narrower than anything readable: laid out at 20, the terminal wraps it
])  # fmt: skip
def test_a_terminal_decides_width_and_style(env, styled, width):
    out = Terminal()
    show(out, env)
    assert out.getvalue() == render(width, styled=styled)


def test_piped_is_plain_unless_colour_is_forced():
    out = io.StringIO()
    show(out, {"COLUMNS": "70"})
    assert out.getvalue() == render(70)
    show(forced := io.StringIO(), {"COLUMNS": "70", "FORCE_COLOR": "1"})
    assert forced.getvalue() == render(70, styled=True)


def test_an_encoding_without_box_drawing_gets_rich_ascii_box():
    stream = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    show(stream, {"COLUMNS": "40"})
    stream.flush()
    text = stream.buffer.getvalue().decode("ascii")  # type: ignore[attr-defined]
    assert "+- Options ---" in text and "\n| --home " in text and "╭" not in text
    assert "?" in text  # an ellipsis where a word is cut, as the encoding allows


def test_reflect_alone_shows_the_same_help_and_nothing_on_stderr(cli):
    alone = cli(env={"COLUMNS": "90"})
    assert alone.exit_code == 2  # Click's status for a group run without a command
    assert alone.stderr == ""  # no `Error: .` under the help
    assert alone.stdout + "\n" == cli("--help", env={"COLUMNS": "90"}).stdout


def test_a_group_alone_shows_its_help_without_an_error_line(cli):
    result = cli("supervision", env={"COLUMNS": "90"})
    assert result.exit_code == 2 and result.stderr == ""
    assert "Usage: reflect supervision" in result.stdout and "prep" in result.stdout


def test_the_glossary_command_and_sub_command_help_are_typers(cli):
    assert "seven eyes" in cli("help", "terms", env={"COLUMNS": "200"}).stdout
    text = cli("list", "--help", env={"COLUMNS": "100"}).stdout
    assert "Usage: reflect list [OPTIONS]" in text and "╭─ Options" in text and "--client" in text


def test_every_command_is_listed_once_under_its_panel_in_order(cli):
    from reflect.cli import PANELS

    text = cli("--help", env={"COLUMNS": "120"}).stdout
    panels = re.findall(r"^╭─ (.+?) ─", text, re.M)
    assert panels == ["Options", *PANELS]
    listed = re.findall(r"^│ ([a-z]+) {2,}\S", text.split("╭─ Reflect")[1], re.M)
    assert listed == [name for commands in PANELS.values() for name in commands]


@pytest.mark.skipif(not SCRIPT.exists() or sys.platform == "win32", reason="needs the installed console script")
def test_plain_click_help_when_typer_is_told_not_to_use_rich(tmp_path):
    env = {**os.environ, "TYPER_USE_RICH": "0", "COLUMNS": "100", "REFLECT_HOME": str(tmp_path)}
    result = subprocess.run([str(SCRIPT), "--help"], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert "╭" not in result.stdout and "Commands:" in result.stdout and "  supervision" in result.stdout


@pytest.mark.skipif(not SCRIPT.exists() or sys.platform == "win32", reason="needs the installed console script")
def test_a_closed_stdout_is_no_error(tmp_path):
    """Started with stdout closed (`reflect --help >&-`), as rich and click.echo do: nothing shown, no traceback."""
    env = {**os.environ, "REFLECT_HOME": str(tmp_path)}
    result = subprocess.run([str(SCRIPT), "--help"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            env=env, preexec_fn=lambda: os.close(1))  # fmt: skip
    assert (result.returncode, result.stderr) == (0, "")


@pytest.mark.pty
@pytest.mark.skipif(not SCRIPT.exists() or sys.platform == "win32", reason="needs the installed console script")
@pytest.mark.parametrize("no_color", ("", "1"))
def test_in_a_real_terminal_it_fills_the_width_in_colour(tmp_path, no_color):
    pexpect = pytest.importorskip("pexpect")
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR")}
    env |= {"REFLECT_HOME": str(tmp_path), "TERM": "xterm-256color", "NO_COLOR": no_color}
    child = pexpect.spawn(str(SCRIPT), ["--help"], env=env, encoding="utf-8", timeout=15, dimensions=(50, 93))
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    shown = child.before.replace("\r\n", "\n")
    assert shown == render(93, styled=True, colour=not no_color) + "\n"
