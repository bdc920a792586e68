"""Privacy commands: init, encrypt, decrypt, passphrase, doctor, backup, restore, purge, retention, privacy lists."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from reflect.commands.common import JsonOpt, YesOpt, option
from reflect.flows import completion


def _paths():
    from reflect.config import paths

    return paths()


def init(
    encrypt: Annotated[
        bool | None,
        option(
            "--encrypt/--no-encrypt",
            help="Encrypt with a passphrase (recommended), or not; asked when neither is given.",
        ),
    ] = None,
) -> None:
    """Create your journal, encrypted with a passphrase if you choose (recommended)."""
    from reflect.flows import protection

    protection.init(_paths(), encrypt)


OldBackupsOpt = Annotated[
    str | None,
    option(
        "--old-backups",
        help="What to do with unencrypted backups made earlier: keep, encrypt (with the new passphrase) or remove. "
        "Asked in a terminal; kept (with a warning) otherwise.",
    ),
]


def encrypt(old_backups: OldBackupsOpt = None) -> None:
    """Encrypt the journal with a passphrase (SQLCipher); every entry is kept.

    Not to type the passphrase each time: the OS keyring (install reflect-journal[keyring], then keyring = true in
    config.toml; offered here when this computer has one), or a password manager through a file descriptor:
    REFLECT_PASSPHRASE_FD=3 reflect list 3< <(pass show reflect)."""
    from reflect.flows import protection

    protection.encrypt(_paths(), old_backups)


def decrypt(yes: YesOpt = False) -> None:
    """Remove the journal's encryption (it is then readable by anyone who can read the file)."""
    from reflect.flows import protection

    protection.decrypt(_paths(), yes)


def passphrase() -> None:
    """Change the passphrase of an encrypted journal (the journal is re-encrypted; every entry is kept)."""
    from reflect.flows import protection

    protection.change_passphrase(_paths())


def doctor(
    fix: Annotated[
        bool, typer.Option("--fix", help="Tighten loose permissions and remove leftover editor files.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Check the journal: integrity, encryption, permissions, and whether it sits in a synced or git folder."""
    from reflect.flows import doctor as checks
    from reflect.render.console import out, print_json

    results = checks.run(_paths(), fix=fix)
    if as_json:
        print_json([c.as_dict() for c in results])
    else:
        for c in results:
            out().print(f"{c.status:<8} {c.check}: {c.message}", soft_wrap=True)
    if any(c.status == "problem" for c in results):
        raise typer.Exit(1)


def backup(
    path: Annotated[
        Path | None,
        typer.Argument(
            help="Where to write the backup: a file, or a folder (default: the journal's backups/ folder).",
            show_default=False,
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Back up the journal (an encrypted journal gives a backup encrypted with the same passphrase)."""
    from reflect.flows import protection
    from reflect.render.console import print_json
    from reflect.render.protection import backup_done

    result = protection.backup(_paths(), path)
    print_json(result) if as_json else backup_done(result)


def restore(
    path: Annotated[Path, typer.Argument(help="The backup file to restore.", show_default=False)],
    yes: YesOpt = False,
) -> None:
    """Replace the journal with a backup, after checking the backup; the current journal is kept aside."""
    from reflect.flows import protection

    protection.restore(_paths(), path, yes)


def purge(
    client: Annotated[
        str | None,
        option(
            "--client",
            "-c",
            help="Delete everything about this client.",
            metavar="CODE",
            values=completion.client_codes,
        ),
    ] = None,
    before: Annotated[
        str | None,
        option(
            "--before", help="Delete every entry for sessions before this day.", metavar="DATE", values=completion.days
        ),
    ] = None,
    yes: YesOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Erase a client's entries (or all entries before a date) for good, including drafts and the search index."""
    from reflect.commands.common import client_option, parse_day_option
    from reflect.flows import protection
    from reflect.render.console import print_json
    from reflect.render.protection import purge_done

    p = _paths()
    done = protection.purge(p, client_option(client), parse_day_option(before, "--before"), yes)
    if done is not None:
        print_json(done[1]) if as_json else purge_done(p, *done)


def retention(
    as_json: JsonOpt = False,
    show_all: Annotated[bool, typer.Option("--all", help="Also list closed clients not yet due.")] = False,
) -> None:
    """List closed clients whose retention period has ended (records due for deletion)."""
    from reflect.flows.protection import retention_rows
    from reflect.render.console import print_json
    from reflect.render.protection import retention_view

    rows = retention_rows(show_all)
    print_json(rows) if as_json else retention_view(rows, show_all)


# --- privacy deny / allow lists ---------------------------------------------------------------------------------------

privacy_app = typer.Typer(help="Your own identifier lists: words to always flag (deny) or never flag (allow).",
                          no_args_is_help=True)  # fmt: skip
deny_app = typer.Typer(help="Names and places to always flag and mask (a school, an employer).", no_args_is_help=True)
allow_app = typer.Typer(help="Capitalised words the name detector should never flag.", no_args_is_help=True)
privacy_app.add_typer(deny_app, name="deny")
privacy_app.add_typer(allow_app, name="allow")

TermArg = Annotated[str, typer.Argument(help="A word or phrase.", show_default=False)]


def _list_terms(which: str, as_json: bool) -> None:
    from reflect.flows import identifier_lists
    from reflect.render.console import print_json
    from reflect.render.protection import list_terms

    terms = identifier_lists.terms(which)
    print_json(terms) if as_json else list_terms(which, terms)


def _add_term(which: str, value: str) -> None:
    from reflect.flows import identifier_lists
    from reflect.render.console import message

    added = identifier_lists.add(which, value)
    message(f"Added to the {which}-list." if added else f"Already on the {which}-list.")


def _remove_term(which: str, value: str) -> None:
    from reflect.flows import identifier_lists
    from reflect.render.console import message

    identifier_lists.remove(which, value)
    message(f"Removed from the {which}-list.")


@deny_app.command("add")
def deny_add(term: TermArg) -> None:
    """Always flag this word or phrase (case-insensitive) and mask it as [REDACTED] in exports."""
    _add_term("deny", term)


@deny_app.command("list")
def deny_list(as_json: JsonOpt = False) -> None:
    """Show the deny-list."""
    _list_terms("deny", as_json)


@deny_app.command("remove")
def deny_remove(term: TermArg) -> None:
    """Take a word or phrase off the deny-list."""
    _remove_term("deny", term)


@allow_app.command("add")
def allow_add(term: TermArg) -> None:
    """Never flag this capitalised word as a name (a theorist, your town's river, a service)."""
    _add_term("allow", term)


@allow_app.command("list")
def allow_list(as_json: JsonOpt = False) -> None:
    """Show the allow-list."""
    _list_terms("allow", as_json)


@allow_app.command("remove")
def allow_remove(term: TermArg) -> None:
    """Take a word off the allow-list."""
    _remove_term("allow", term)


@privacy_app.command("check")
def check(
    file: Annotated[
        str, typer.Argument(help="A text file to scan, or - for standard input.", show_default=False)
    ] = "-",
    as_json: JsonOpt = False,
) -> None:
    """Scan text for identifiers and show what would be masked (kind and masked context, never the text itself)."""
    from reflect.flows.identifier_lists import scan
    from reflect.render.console import print_json
    from reflect.render.protection import identifiers_found

    found = scan(file)
    print_json(found) if as_json else identifiers_found(found)
