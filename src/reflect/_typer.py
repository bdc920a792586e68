"""Two start-up costs of Typer 0.29 that reflect avoids without changing what a user sees.

1. Building every command. Typer turns each registered function into a command (reading its signature and type
   hints) before it runs any of them, and every command module must be imported first: about 40 ms for reflect's
   forty-odd commands. `LazyCommands` builds a command when it is looked up, so `reflect list` builds `list` alone;
   `reflect --help` builds none: it prints data that `root_help_blocks` (below) captured from Typer's own rich help
   when tools/root_help.py last ran, laid out by render/root_help.py without importing rich.
2. pydantic. Typer 0.29 coerces every parameter's value through a pydantic TypeAdapter, built on first use: importing
   pydantic and building the adapters costs 80-100 ms, a third of a whole `reflect list`. `install_direct_coercion`
   gives str, int, bool and Path parameters a coercion that returns at once the values that need no work (a str for a
   str, plain digits within range for an int, None for an option not given) and hands any other value to Typer's own
   coercion, so results and error messages stay Typer's.

A third, cosmetic patch sits here with them: `install_plain_help_types` makes `--help` show TEXT or INTEGER where
Typer 0.29 shows Python type names, and no type at all for flags.

All three reach into Typer internals (`get_runtime_param`, `get_command_from_info`): pyproject.toml pins Typer's minor
version, and tests/test_startup.py checks what these shortcuts promise.
"""

from __future__ import annotations

import importlib
import inspect
import re
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import typer
from typer._click.exceptions import NoArgsIsHelpError as NoArgsIsHelpError  # a group run alone (cli.py)
from typer._click.exceptions import UsageError as ClickUsageError  # noqa: F401 (cli.py's usage errors)
from typer.core import TyperGroup as TyperGroup  # cli.py's root group
from typer.models import TyperInfo

_DIGITS = re.compile(r"-?[0-9]{1,18}")  # what pydantic reads as int(value); longer or fancier forms go to Typer


def resolve(spec: str) -> Any:
    """The object a "package.module:attribute" spec names, importing its module."""
    module, _, attribute = spec.partition(":")
    return getattr(importlib.import_module(module), attribute)


class LazyCommands(MutableMapping[str, Any]):
    """A group's sub-commands by name, in help order; each is built from its spec when first looked up."""

    def __init__(self, specs: Mapping[str, str], build: Callable[[str, Any], Any]) -> None:
        self._specs = dict(specs)
        self._built: dict[str, Any] = {}
        self._build = build

    def __getitem__(self, name: str) -> Any:
        if name in self._built:
            return self._built[name]
        target = resolve(self._specs[name])  # KeyError for an unknown name, as a dict would
        command = self._built[name] = self._build(name, target)
        return command

    def __setitem__(self, name: str, command: Any) -> None:
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        if name not in self._built and name not in self._specs:
            raise KeyError(name)
        self._built.pop(name, None)
        self._specs.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        yield from self._specs
        yield from (name for name in self._built if name not in self._specs)

    def __len__(self) -> int:
        return len(self._specs.keys() | self._built.keys())

    def __contains__(self, name: object) -> bool:
        return name in self._specs or name in self._built


def prints_rich_help(command: Any) -> bool:
    """Whether Typer would print this command's help with rich (not with TYPER_USE_RICH=0 or markup mode None)."""
    from typer.core import HAS_RICH

    return bool(HAS_RICH and command.rich_markup_mode is not None)


class _DirectCoercion:
    """Typer's coercion of one parameter, minus pydantic for the values that need no coercion."""

    def __init__(self, param: Any, kind: type) -> None:
        self.descriptor = param.type_descriptor
        self.kind = kind
        self._typer: Any = None

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        if value is None:
            return None  # as Typer's RuntimeParam.coerce for a single-valued parameter
        info = self.descriptor.parameter_info
        if self.kind is str and type(value) is str:
            return value
        if self.kind is bool and type(value) is bool:
            return value
        if self.kind is int:
            number = int(value) if type(value) is str and _DIGITS.fullmatch(value) else value
            if type(number) is int and _within(number, info.min, info.max):
                return number
        if self.kind is Path and type(value) is str and value:
            from typer._param_types import coerce_cli_path

            # Typer converts the str with a pydantic TypeAdapter(Path), which is Path(value); the checks are Typer's.
            return coerce_cli_path(Path(value), info, path_type=Path, param=param, ctx=ctx)
        if self._typer is None:
            from typer._coercion import build_runtime_param

            self._typer = build_runtime_param(self.descriptor)
        return self._typer.coerce(value, param=param, ctx=ctx)


def _within(number: int, low: float | None, high: float | None) -> bool:
    return (low is None or number >= low) and (high is None or number <= high)


def _direct_kind(param: Any) -> type | None:
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is None or getattr(param, "multiple", False) or getattr(param, "nargs", 1) != 1:
        return None
    info = descriptor.parameter_info
    if descriptor.file_annotation is not None or info.parser is not None or descriptor.is_choice:
        return None
    annotation = descriptor.annotation
    if annotation in (str, bool):
        return annotation
    if annotation is int and not info.clamp:
        return int
    if annotation is Path and info.path_type is None:
        return Path
    return None


def install_direct_coercion() -> None:
    """Make every Typer parameter in this process use _DirectCoercion where it applies (idempotent).

    Hooked into Typer's own lazy `get_runtime_param`, so it also reaches the parameters Typer adds by itself (--help,
    --install-completion) and those of nested groups."""
    from typer.core import _TyperParameter

    typer_get_runtime_param = _TyperParameter.get_runtime_param
    if getattr(typer_get_runtime_param, "direct", False):
        return

    def get_runtime_param(self: Any) -> Any:
        if self._runtime_param is None:
            kind = _direct_kind(self)
            if kind is not None:
                self._runtime_param = _DirectCoercion(self, kind)
        return typer_get_runtime_param(self)

    get_runtime_param.direct = True  # type: ignore[attr-defined]
    _TyperParameter.get_runtime_param = get_runtime_param  # type: ignore[method-assign]


# How a value's type reads in `--help`: Typer 0.29 prints Python names (`<str>`) and gives flags a `<bool>` as if
# they took a value; the names a command-line user knows from other tools read better.
_HELP_TYPE_NAMES = {
    "<str>": "TEXT",
    "<int>": "INTEGER",
    "<float>": "NUMBER",
    "<path>": "PATH",
    "<int range>": "INTEGER",
    "<list[str]>": "TEXT",  # a repeatable option: each value is one TEXT
    "<list[path]>": "PATH",
}


def install_plain_help_types() -> None:
    """Flags show no value type in rich help (Typer's plain help already omits it); other types read as in Click.

    Options and arguments each have their own display_type_rich in Typer 0.29: both are wrapped."""
    from typer.core import TyperArgument, TyperOption

    for kind in (TyperOption, TyperArgument):
        if getattr(kind.display_type_rich, "plain", False):
            continue
        kind.display_type_rich = _plain_display_type(kind.display_type_rich)  # type: ignore[method-assign,assignment]


def _plain_display_type(typer_display_type_rich: Callable[[Any, Any], str | None]) -> Callable[[Any, Any], str | None]:
    def display_type_rich(self: Any, ctx: Any) -> str | None:
        if getattr(self, "is_flag", False) or getattr(self, "count", False):
            return None
        shown = typer_display_type_rich(self, ctx)
        if self.metavar is not None and getattr(self, "param_type_name", "") == "argument":
            return None  # the argument's column already shows its metavar (ID, CODE): no Python type beside it
        if shown is None or self.metavar is not None:
            return shown
        return _HELP_TYPE_NAMES.get(shown.lower() if shown.startswith("<list[") else shown, shown)

    display_type_rich.plain = True  # type: ignore[attr-defined]
    return display_type_rich


def build_command(app: typer.Typer, name: str, target: Any, panel: str | None) -> Any:
    """The sub-command `name`, as app.command(name) or app.add_typer(target, name=name) would have built it."""
    from typer.main import get_command_from_info, get_group_from_info
    from typer.models import CommandInfo

    short, markup = app.pretty_exceptions_short, app.rich_markup_mode
    if isinstance(target, typer.Typer):
        return get_group_from_info(TyperInfo(target, name=name, rich_help_panel=panel),
                                   suggest_commands=app.suggest_commands, pretty_exceptions_short=short,
                                   rich_markup_mode=markup)  # fmt: skip
    return get_command_from_info(CommandInfo(name=name, callback=target, rich_help_panel=panel),
                                 pretty_exceptions_short=short, rich_markup_mode=markup)  # fmt: skip


# --- the command reference (docs/cli.md) -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ParamDoc:
    names: str  # "--client, -c" or the argument's name
    value: str | None  # what the value reads as (CODE, DATE, TEXT, INTEGER ...); None for a flag
    help: str
    default: str | None
    required: bool


@dataclass(frozen=True)
class CommandDoc:
    path: str  # "reflect client show"
    help: str
    arguments: tuple[ParamDoc, ...]
    options: tuple[ParamDoc, ...]


def _value_name(param: Any, ctx: Any) -> str | None:
    """What the value reads as in `--help` (install_plain_help_types): None for a flag."""
    if getattr(param, "is_flag", False) or getattr(param, "count", False):
        return None
    if param.metavar:
        return str(param.metavar)
    shown = param.display_type_rich(ctx)
    return None if shown is None else str(shown)


def _param_doc(param: Any, ctx: Any) -> ParamDoc:
    argument = getattr(param, "param_type_name", "") == "argument"
    names = str(param.metavar or param.name.upper()) if argument else ", ".join([*param.opts, *param.secondary_opts])
    value = None if argument and param.metavar else _value_name(param, ctx)  # an argument's metavar says it already
    default = param.default
    shown = None
    if not argument and param.show_default is not False and default not in (None, False, (), []):
        shown = str(default.value if hasattr(default, "value") else default)
    return ParamDoc(names, value, " ".join((param.help or "").split()), shown, bool(param.required))


def command_reference(app: typer.Typer) -> list[CommandDoc]:
    """Every command and sub-command, depth first in help order, with its arguments and options (not --help)."""
    from typer.main import get_command

    root = get_command(app)
    docs: list[CommandDoc] = []

    def walk(command: Any, path: str, ctx: Any) -> None:
        params = [p for p in command.params if p.name != "help" and not getattr(p, "hidden", False)]
        arguments = tuple(_param_doc(p, ctx) for p in params if getattr(p, "param_type_name", "") == "argument")
        options = tuple(_param_doc(p, ctx) for p in params if getattr(p, "param_type_name", "") != "argument")
        docs.append(CommandDoc(path, inspect.cleandoc(command.help or ""), arguments, options))
        for name in getattr(command, "commands", {}):
            sub = command.get_command(ctx, name)
            if sub is not None and not sub.hidden:
                walk(sub, f"{path} {name}", sub.make_context(name, [], parent=ctx, resilient_parsing=True))

    walk(root, "reflect", root.make_context("reflect", [], resilient_parsing=True))
    return docs


# --- the root help as data (render/root_help_data.py, written by tools/root_help.py) -------------------------------


def root_help_blocks(app: typer.Typer) -> list[tuple[Any, ...]]:
    """What Typer's rich help prints for the root command, as plain data for `render/root_help.py` to lay out.

    Typer's own renderer runs with every command built, and what it would print is captured instead: each piece of
    text becomes (text, style) runs with Typer's styles resolved ("bold cyan"). In print order:
    ("text", (top, right, bottom, left), texts): texts stacked and wrapped inside the padding;
    ("panel", title, border style, columns, rows): a rounded box around a table; each column is (fixed width or None,
    no_wrap, ratio or None, fills, overflow), where a column that `fills` measures as wide as the space it is given.
    A shape the renderer does not know raises here, so that it is taught before the data can say it."""
    from rich.align import Align
    from rich.cells import cell_len
    from rich.columns import Columns
    from rich.console import Group
    from rich.padding import Padding
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text
    from typer import rich_utils

    console = rich_utils._get_rich_console()  # Typer's theme: the highlighter's style names resolve through it
    printed: list[tuple[Any, str]] = []

    class Capture:
        def print(self, renderable: Any, *, style: str = "", **_: Any) -> None:
            printed.append((renderable, style))

    group = typer.main.get_command(app)
    ctx = group.make_context(app.info.name or "reflect", [], resilient_parsing=True)
    making_console = rich_utils._get_rich_console
    rich_utils._get_rich_console = lambda stderr=False: Capture()  # type: ignore[assignment,misc,return-value]
    try:
        rich_utils.rich_format_help(obj=group, ctx=ctx, markup_mode=app.rich_markup_mode)  # type: ignore[arg-type]
    finally:
        rich_utils._get_rich_console = making_console

    def runs(text: Any, base: str = "") -> tuple[tuple[str, str], ...]:
        if not isinstance(text, Text):
            raise TypeError(f"the root help's renderer lays out text, not {type(text).__name__}")
        if cell_len(text.plain.replace("\n", "")) != len(text.plain.replace("\n", "")):
            raise ValueError(f"{text.plain!r}: the root help's renderer counts one cell per character")
        out: list[tuple[str, str]] = []
        under = console.get_style(base or "none") + console.get_style(text.style or "none")  # render() skips it alone
        for segment in text.render(console):
            style = str(under + segment.style if segment.style else under)
            style = "" if style == "none" else style
            if out and out[-1][1] == style:
                out[-1] = (out[-1][0] + segment.text, style)
            elif segment.text:
                out.append((segment.text, style))
        return tuple(out)

    def texts(renderable: Any) -> tuple[Any, ...]:
        if isinstance(renderable, Align) and renderable.align == "left":
            return texts(renderable.renderable)
        if isinstance(renderable, Group):
            return tuple(t for part in renderable.renderables for t in texts(part))
        return (runs(renderable),)

    def unwrap(renderable: Any) -> tuple[Any, bool]:
        """A cell's text, and whether it fills its column (a rich Columns of one item)."""
        if not isinstance(renderable, Columns):
            return renderable, False
        if len(renderable.renderables) != 1:
            raise TypeError("the root help's renderer lays out one item per option's help (no [default: ...] beside)")
        return renderable.renderables[0], True

    def panel(box: Any) -> tuple[Any, ...]:
        table = box.renderable
        if not (isinstance(table, Table) and box.expand and box.padding == (0, 1) and box.title_align == "left"
                and box.subtitle is None and box.width is None and table.box is None and table.expand
                and not table.show_header and not table.pad_edge and table.padding == (0, 1, 0, 1)
                and not table.collapse_padding and not table.row_styles and not table.leading
                and not table.show_lines):  # fmt: skip
            raise TypeError("Typer's help panel has changed shape: teach render/root_help.py first")
        title = box._title
        title.stylize_before(box.border_style)
        columns, grid = [], []
        for column in table.columns:
            if column.justify != "left" or column.vertical != "top" or column.min_width or column.max_width:
                raise TypeError("Typer's help table has changed shape: teach render/root_help.py first")
            cells = [unwrap(c) for c in column._cells]
            fills = {fills for _, fills in cells}
            overflows = {text.overflow or column.overflow for text, _ in cells}
            if len(fills) > 1 or len(overflows) > 1:
                raise TypeError("a help table's column mixes kinds of cell: teach render/root_help.py first")
            columns.append((column.width, column.no_wrap, column.ratio, fills.pop(), overflows.pop()))
            grid.append([runs(text, str(column.style or "")) for text, _ in cells])
        return ("panel", runs(title), str(box.border_style), tuple(columns), tuple(zip(*grid, strict=True)))

    blocks: list[tuple[Any, ...]] = []
    for renderable, style in printed:
        if isinstance(renderable, Panel):
            blocks.append(panel(renderable))
        elif isinstance(renderable, Padding):
            inner = renderable.renderable
            stacked = (runs(inner, style),) if style else texts(inner)
            blocks.append(("text", (renderable.top, renderable.right, renderable.bottom, renderable.left), stacked))
        else:
            raise TypeError(f"Typer's root help printed a {type(renderable).__name__}: teach render/root_help.py")
    return blocks
