"""The root command: global options and the wiring of sub-commands. Commands live in reflect/commands/."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Optional

import typer
from typer.core import TyperGroup

from reflect import __version__
from reflect.commands import admin, client, entries, packs, privacy, profile, search, transfer
from reflect.commands import patterns as patterns_cmd
from reflect.commands import supervision as supervision_cmd


class ReflectGroup(TyperGroup):
    """The single error boundary: domain errors become one `Error:` line and an exit status, never a traceback.

    It lives in the command group (not only in main()) so that tests through CliRunner see exactly what users see.
    """

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:  # type: ignore[override]
        # Undecodable bytes in argv become lone surrogates, which crash SQLite and printing: repair them first.
        from reflect.textsafe import repair_surrogates

        return super().parse_args(ctx, [repair_surrogates(a) for a in args])

    def invoke(self, ctx: typer.Context):  # type: ignore[override]
        from reflect.errors import debugging, report

        try:
            return super().invoke(ctx)
        except (typer.TyperException, typer.Exit, typer.Abort):
            raise  # Typer's own usage errors and exits keep their meaning
        except BrokenPipeError:
            raise
        except (Exception, KeyboardInterrupt) as exc:
            if debugging() and not isinstance(exc, KeyboardInterrupt):
                raise
            raise typer.Exit(report(exc)) from None


app = typer.Typer(
    name="reflect",
    cls=ReflectGroup,
    help="A private journal for reflecting on your own reactions after client sessions, and preparing supervision.",
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
        Optional[Path],
        typer.Option("--home", help="Use the journal in this folder (default: $REFLECT_HOME, else your data folder).",
                     show_default=False),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show full tracebacks (may include journal text).")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """A private journal for reflecting on your own reactions after client sessions, and preparing supervision."""
    from reflect import keys

    keys.forget()  # a passphrase unlocks one command, never the next one run in the same process (tests)
    if home is not None:
        os.environ["REFLECT_HOME"] = str(home.expanduser())
    if debug:
        os.environ["REFLECT_DEBUG"] = "1"


entries.register(app)
transfer.register(app)
search.register(app)
admin.register(app)
app.add_typer(packs.app, name="prompts")
app.add_typer(client.app, name="client")
app.add_typer(profile.app, name="profile")
patterns_cmd.register(app)
app.add_typer(supervision_cmd.app, name="supervision")
privacy.register(app)


def main() -> None:
    from reflect.errors import run

    run(lambda: app(prog_name="reflect"))
