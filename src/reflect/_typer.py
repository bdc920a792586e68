"""Two start-up costs of Typer 0.29 that reflect avoids without changing what a user sees.

1. Building every command. Typer turns each registered function into a command (reading its signature and type
   hints) before it runs any of them, and every command module must be imported first: about 40 ms for reflect's
   forty-odd commands. `LazyCommands` builds a command when it is looked up, so `reflect list` builds `list` alone;
   `reflect --help` lists the commands from their help texts without building them.
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
from typer._click.exceptions import UsageError as ClickUsageError  # noqa: F401 (cli.py's usage errors)
from typer.core import TyperCommand
from typer.core import TyperGroup as TyperGroup  # cli.py's root group
from typer.main import solve_typer_info_defaults
from typer.models import TyperInfo

_DIGITS = re.compile(r"-?[0-9]{1,18}")  # what pydantic reads as int(value); longer or fancier forms go to Typer


def resolve(spec: str) -> Any:
    """The object a "package.module:attribute" spec names, importing its module."""
    module, _, attribute = spec.partition(":")
    return getattr(importlib.import_module(module), attribute)


class LazyCommands(MutableMapping[str, Any]):
    """A group's sub-commands by name, in help order; each is built from its spec when first looked up.

    `summaries` (set while the group's help is printed) returns instead a command that carries only the name and help
    text Typer would give the real one: enough for the list of commands, and no signature is read.
    """

    def __init__(self, specs: Mapping[str, str], build: Callable[[str, Any], Any], markup_mode: Any,
                 panels: Mapping[str, str] | None = None) -> None:  # fmt: skip
        self._specs = dict(specs)
        self._panels = dict(panels or {})  # name -> the help panel it is listed under
        self._built: dict[str, Any] = {}
        self._build = build
        self._markup_mode = markup_mode
        self.summaries = False

    def __getitem__(self, name: str) -> Any:
        if name in self._built:
            return self._built[name]
        target = resolve(self._specs[name])  # KeyError for an unknown name, as a dict would
        if self.summaries:
            return self._summary(name, target)
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

    def _summary(self, name: str, target: Any) -> TyperCommand:
        if isinstance(target, typer.Typer):  # as typer.main.get_group_from_info resolves a sub-app's help
            info = solve_typer_info_defaults(TyperInfo(target, name=name))
            return TyperCommand(name, help=info.help, short_help=info.short_help, hidden=info.hidden,
                                deprecated=info.deprecated,
                                rich_help_panel=self._panels.get(name) or info.rich_help_panel,
                                rich_markup_mode=self._markup_mode)  # fmt: skip
        return TyperCommand(
            name,
            help=inspect.getdoc(target),
            rich_help_panel=self._panels.get(name),
            rich_markup_mode=self._markup_mode,
        )


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
