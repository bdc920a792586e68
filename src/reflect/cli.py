"""The root command: global options and the wiring of sub-commands. Commands live in reflect/commands/."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any

import typer

from reflect import __version__
from reflect._typer import (
    ClickUsageError,
    LazyCommands,
    NoArgsIsHelpError,
    TyperGroup,
    build_command,
    install_direct_coercion,
    install_plain_help_types,
    prints_rich_help,
)

install_direct_coercion()
install_plain_help_types()

# Every sub-command, by help panel, in the order `reflect --help` lists them: name -> "module:function" (or a Typer
# app, for a group). A command's module is imported, and its command built, only when it runs (lazycli.py says why).
PANELS = {
    "Reflect": {
        "new": "reflect.commands.interview_cmds:new",
        "resume": "reflect.commands.interview_cmds:resume",
        "drafts": "reflect.commands.entries:drafts",
        "edit": "reflect.commands.interview_cmds:edit",
        "delete": "reflect.commands.entries:delete",
        "practice": "reflect.commands.practice:app",
    },
    "Look back": {
        "list": "reflect.commands.entries:list_entries",
        "show": "reflect.commands.entries:show",
        "search": "reflect.commands.search:search",
        "clients": "reflect.commands.entries:clients",
        "client": "reflect.commands.client:app",
        "patterns": "reflect.commands.patterns:patterns",
        "calendar": "reflect.commands.calendar:calendar",
    },
    "Supervision": {
        "supervision": "reflect.commands.supervision:app",
        "records": "reflect.commands.records:app",
        "cpd": "reflect.commands.cpd:app",
        "profile": "reflect.commands.profile:app",
    },
    "Import and export": {
        "export": "reflect.commands.transfer:export",
        "import": "reflect.commands.transfer:import_",
    },
    "Privacy and safekeeping": {
        "init": "reflect.commands.privacy:init",
        "encrypt": "reflect.commands.privacy:encrypt",
        "decrypt": "reflect.commands.privacy:decrypt",
        "passphrase": "reflect.commands.privacy:passphrase",
        "backup": "reflect.commands.privacy:backup",
        "restore": "reflect.commands.privacy:restore",
        "doctor": "reflect.commands.privacy:doctor",
        "purge": "reflect.commands.privacy:purge",
        "retention": "reflect.commands.privacy:retention",
        "privacy": "reflect.commands.privacy:privacy_app",
    },
    "Set-up": {
        "prompts": "reflect.commands.packs:app",
        "help": "reflect.commands.help:app",
        "info": "reflect.commands.admin:info",
        "demo": "reflect.commands.admin:demo",
    },
}
COMMANDS = {name: spec for commands in PANELS.values() for name, spec in commands.items()}
PANEL_OF = {name: panel for panel, commands in PANELS.items() for name in commands}


class ReflectGroup(TyperGroup):
    """The single error boundary: domain errors become one `Error:` line and an exit status, never a traceback.

    It lives in the command group (not only in main()) so that tests through CliRunner see exactly what users see.
    Its sub-commands are built on demand from COMMANDS.
    """

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        registered = self.commands  # any added with app.command() (none today) stay as built
        self.commands = LazyCommands(COMMANDS, _build)
        self.commands.update(registered)

    def list_commands(self, ctx: typer.Context) -> list[str]:  # type: ignore[override]
        return list(self.commands)  # names only: Typer's version builds every command to list them

    def format_help(self, ctx: typer.Context, formatter: Any) -> None:  # type: ignore[override]
        """`reflect --help` prints what Typer's rich help would, from data written ahead (render/root_help.py says
        why): no command is built and rich is not imported."""
        if not prints_rich_help(self):  # TYPER_USE_RICH=0: Click's plain help, as Typer would give it
            return super().format_help(ctx, formatter)
        from reflect.render.root_help import show

        show()

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:  # type: ignore[override]
        # Undecodable bytes in argv become lone surrogates, which crash SQLite and printing: repair them first.
        from reflect.domain.textsafe import repair_surrogates

        try:
            return super().parse_args(ctx, [repair_surrogates(a) for a in args])
        except ClickUsageError as exc:  # `reflect --bogus`: the root's own options
            raise usage_failure(exc) from None

    def invoke(self, ctx: typer.Context):  # type: ignore[override]
        from reflect.errors import debugging, report

        try:
            return super().invoke(ctx)
        except ClickUsageError as exc:  # an unknown command or option, a missing argument, a value of the wrong type
            raise usage_failure(exc) from None
        except (typer.TyperException, typer.Exit, typer.Abort):
            raise  # Typer's own usage errors and exits keep their meaning
        except BrokenPipeError:
            raise
        except (Exception, KeyboardInterrupt) as exc:
            if debugging() and not isinstance(exc, KeyboardInterrupt):
                raise
            raise typer.Exit(report(exc)) from None


def usage_failure(exc: ClickUsageError) -> typer.Exit:
    """A usage error as one `Error:` line pointing at the command's help (Typer would draw a box under a usage line),
    exit status 2. A group run alone shows its help instead, with the same status (Click's)."""
    from reflect.errors import UsageError, report

    if isinstance(exc, NoArgsIsHelpError):  # `reflect` or a group alone: its help, on stdout like --help's
        if exc.message:  # already printed, unless Click's plain help put it here
            typer.echo(exc.message)
        return typer.Exit(2)
    message = " ".join(exc.format_message().split())
    if not message.endswith((".", "?", "!")):
        message += "."
    where = exc.ctx.command_path if exc.ctx is not None else "reflect"
    return typer.Exit(report(UsageError(message, f"See `{where} --help`.")))


# What reflect is for, in two lines (a blank line between them: rich help joins single newlines).
HELP = (
    "After each client session, note what happened in you: feelings, pulls, urges, ruptures. Private, on this machine."
    "\n\n"
    "Over the weeks it shows what recurs, as questions for supervision. New? `reflect demo`, then `reflect help terms`."
)

app = typer.Typer(
    name="reflect",
    cls=ReflectGroup,
    help=HELP,
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,  # a Rich traceback could print journal text held in locals
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"reflect {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    home: Annotated[
        Path | None,
        typer.Option(
            "--home",
            help="Use the journal in this folder (default: $REFLECT_HOME, else your data folder).",
            show_default=False,
        ),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show full tracebacks (may include journal text).")] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bars during long work (messages still print).")
    ] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    from reflect.privacy import keys

    keys.forget()  # a passphrase unlocks one command, never the next one run in the same process (tests)
    if home is not None:
        os.environ["REFLECT_HOME"] = str(home.expanduser())
    if debug:
        os.environ["REFLECT_DEBUG"] = "1"
    if quiet:
        os.environ["REFLECT_QUIET"] = "1"
    from reflect.config import paths
    from reflect.flows.journal import sweep

    sweep(paths().journal)  # a killed conversion's temporary copy goes before anything opens the journal


def _build(name: str, target: Any) -> Any:
    """The sub-command `name`, as app.command(name) or app.add_typer(target, name=name) would have built it."""
    return build_command(app, name, target, PANEL_OF.get(name))


def main() -> None:
    from reflect.errors import run

    run(lambda: app(prog_name="reflect"))
