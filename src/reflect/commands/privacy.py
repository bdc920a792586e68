"""Privacy commands: init, encrypt, decrypt, passphrase, doctor, backup, restore, purge, retention, privacy lists."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from reflect.commands import completers
from reflect.commands.common import JsonOpt, YesOpt, open_journal

if TYPE_CHECKING:
    pass


def _confirm(question: str, *, default: bool = False, what: str) -> bool:
    import sys

    from reflect.errors import UsageError

    if not sys.stdin.isatty():
        raise UsageError(f"{what} asks for confirmation; use --yes when there is no terminal.")
    from reflect.interview.asker import confirm

    return confirm(question, default=default)


def _paths():
    from reflect.config import paths

    return paths()


def init(
    encrypt: Annotated[
        bool | None,
        typer.Option(
            "--encrypt/--no-encrypt",
            help="Encrypt with a passphrase (recommended), or not; asked when neither is given.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Create your journal, encrypted with a passphrase if you choose (recommended)."""
    import sys

    from reflect.errors import ReflectError, UsageError
    from reflect.store.journal_file import check_path

    p = _paths()
    if check_path(p.journal):
        raise ReflectError(f"a journal already exists at {p.journal}.",
                           "`reflect encrypt` encrypts it; `reflect info` describes it.")  # fmt: skip
    if encrypt is None and not sys.stdin.isatty():
        raise UsageError("init asks whether to encrypt; use --encrypt or --no-encrypt when there is no terminal.")
    from reflect.flows.journal import create_journal

    create_journal(p, encrypt)


OldBackupsOpt = Annotated[
    str | None,
    typer.Option(
        "--old-backups",
        help="What to do with unencrypted backups made earlier: keep, encrypt (with the new passphrase) or remove. "
        "Asked in a terminal; kept (with a warning) otherwise.",
        show_default=False,
    ),
]


def encrypt(old_backups: OldBackupsOpt = None) -> None:
    """Encrypt the journal with a passphrase (SQLCipher); every entry is kept.

    Not to type the passphrase each time: the OS keyring (install reflect-journal[keyring], then keyring = true in
    config.toml; offered here when this computer has one), or a password manager through a file descriptor:
    REFLECT_PASSPHRASE_FD=3 reflect list 3< <(pass show reflect)."""
    from reflect.errors import NotFound, ReflectError, UsageError
    from reflect.privacy import keys
    from reflect.render.console import message
    from reflect.render.progress import progress
    from reflect.store.connection import is_encrypted
    from reflect.store.privacy import convert

    if old_backups not in (None, "keep", "encrypt", "remove"):
        raise UsageError("--old-backups takes keep, encrypt or remove.")
    p = _paths()
    if not p.journal.exists():
        raise NotFound(f"there is no journal at {p.journal} yet.", "`reflect init --encrypt` creates an encrypted one.")
    if is_encrypted(p.journal):
        raise ReflectError("the journal is already encrypted.", "`reflect passphrase` changes its passphrase.")
    with open_journal(create=False):
        pass  # checks what is at the path (never opens a FIFO), migrates and checks the journal before converting
    from reflect.flows.passphrase import choose_passphrase

    passphrase = choose_passphrase(p)
    with progress("Encrypting", unit="steps") as advance:
        result = convert(p.journal, old=None, new=passphrase, on_progress=advance)
    if keys.save_to_keyring(p.journal, passphrase):
        message("The passphrase is saved in your system keyring.")
    message(f"Encrypted the journal ({result.entries} entries). Keep the passphrase safe: it cannot be recovered.")
    _handle_plain_backups(p, old_backups, passphrase)


def _handle_plain_backups(p: Any, choice: str | None, passphrase: str) -> None:
    """Backups made before `encrypt` still hold every entry in plaintext: say so, and encrypt or remove them when
    asked (--old-backups, or a question in a terminal)."""
    import sys

    from reflect.render import plural
    from reflect.render.console import message
    from reflect.store.connection import is_encrypted
    from reflect.store.privacy import convert, zero_fill_and_remove

    if not p.backups.is_dir():
        return
    plain = sorted(f for f in p.backups.iterdir() if f.is_file() and f.suffix == ".db" and not is_encrypted(f))
    if not plain:
        return
    are, they = ("is", "it holds") if len(plain) == 1 else ("are", "they hold")
    message(f"{plural(len(plain), 'older backup')} in {p.backups} {are} not encrypted: {they} every entry in "
            "readable form.")  # fmt: skip
    if choice is None and sys.stdin.isatty() and sys.stderr.isatty():
        from reflect.interview.asker import Choice, QuestionaryAsker

        choice = QuestionaryAsker().select(f"What should happen to {'it' if len(plain) == 1 else 'them'}?", [
            Choice("encrypt", "Encrypt with the new passphrase"),
            Choice("remove", "Remove (then make a new backup: `reflect backup`)"),
            Choice("keep", "Keep unchanged")])  # fmt: skip
    if choice == "encrypt":
        for f in plain:
            convert(f, old=None, new=passphrase)
        message(f"Encrypted {plural(len(plain), 'older backup')} with the new passphrase.")
    elif choice == "remove":
        for f in plain:
            zero_fill_and_remove(f)
        message(f"Removed {plural(len(plain), 'older backup')}; `reflect backup` makes an encrypted one.")
    else:
        them = "it" if len(plain) == 1 else "them"
        message(f"Kept {them}; delete {them} once you have a new, encrypted backup (`reflect backup`).")


def decrypt(yes: YesOpt = False) -> None:
    """Remove the journal's encryption (it is then readable by anyone who can read the file)."""
    from reflect.errors import ReflectError
    from reflect.privacy import keys
    from reflect.render.console import message
    from reflect.render.progress import progress
    from reflect.store.connection import is_encrypted
    from reflect.store.privacy import convert

    p = _paths()
    if not p.journal.exists() or not is_encrypted(p.journal):
        raise ReflectError("the journal is not encrypted.")
    with open_journal(create=False):
        pass  # unlocks (the passphrase is checked here) and migrates
    if not yes and not _confirm("Store the journal without encryption?", what="decrypt"):
        message("Nothing changed.")
        return
    with progress("Decrypting", unit="steps") as advance:
        result = convert(p.journal, old=keys.cached(p.journal), new=None, on_progress=advance)
    message(f"The journal is no longer encrypted ({result.entries} entries). `reflect encrypt` encrypts it again.")


def passphrase() -> None:
    """Change the passphrase of an encrypted journal (the journal is re-encrypted; every entry is kept)."""
    from reflect.errors import ReflectError
    from reflect.privacy import keys
    from reflect.render.console import message
    from reflect.render.progress import progress
    from reflect.store.connection import is_encrypted
    from reflect.store.privacy import convert

    p = _paths()
    if not p.journal.exists() or not is_encrypted(p.journal):
        raise ReflectError("the journal is not encrypted.", "`reflect encrypt` sets a passphrase.")
    with open_journal(create=False):
        pass  # the current passphrase is checked here
    old = keys.cached(p.journal)
    new = keys.new_passphrase(env="REFLECT_NEW_PASSPHRASE")
    with progress("Re-encrypting", unit="steps") as advance:
        result = convert(p.journal, old=old, new=new, on_progress=advance)
    if keys.save_to_keyring(p.journal, new):
        message("The keyring holds the new passphrase.")
    message(f"Changed the passphrase ({result.entries} entries re-encrypted). Older backups keep the old passphrase.")


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
    from reflect.config import ensure_private_dir
    from reflect.errors import ReflectError
    from reflect.render.console import message, print_json
    from reflect.render.progress import progress
    from reflect.store.privacy import backup_name

    p = _paths()
    if path is None:
        dest = ensure_private_dir(p.backups) / backup_name()
    else:
        path = path.expanduser()
        dest = path / backup_name() if path.is_dir() else path
        if not dest.parent.is_dir():
            raise ReflectError(f"the folder {dest.parent} does not exist.")
        if dest.exists():
            raise ReflectError(f"{dest} already exists; choose another name.")
    with open_journal(create=False) as journal, progress("Backing up", unit="pages") as advance:
        entries = journal.backup_to(dest, on_progress=advance)
        encrypted = journal.encrypted
    if as_json:
        print_json({"path": str(dest), "entries": entries, "encrypted": encrypted})
        return
    message(f"Backed up {entries} entries to {dest}" + (" (encrypted)." if encrypted else "."))
    if not encrypted:
        message("This backup is not encrypted: keep it as private as the journal (`reflect encrypt` protects both).")


def restore(
    path: Annotated[Path, typer.Argument(help="The backup file to restore.", show_default=False)],
    yes: YesOpt = False,
) -> None:
    """Replace the journal with a backup, after checking the backup; the current journal is kept aside."""
    from reflect.render.console import message
    from reflect.render.progress import progress
    from reflect.store.privacy import restore as do_restore

    p = _paths()
    if (
        not yes
        and p.journal.exists()
        and not _confirm(
            f"Replace the journal with {path.name}? (the current one is kept in {p.backups})", what="restore"
        )
    ):
        message("Nothing changed.")
        return
    _fold_crashed_wal(p)
    with progress("Restoring", unit="pages") as advance:
        result = do_restore(p.journal, p.backups, path, on_progress=advance)
    message(f"Restored {result['entries']} entries from {path}.")
    if not result["encrypted"]:
        message("The restored journal is not encrypted; `reflect encrypt` protects it with a passphrase.")
    else:  # a passphrase changed since the backup was made does not carry over: say which one opens it now
        message("The restored journal opens with the passphrase this backup was made with, even if you changed the "
                "passphrase since; `reflect passphrase` changes it.")  # fmt: skip
    if result["aside"]:
        message(f"The previous journal is kept at {result['aside']}.")


def _fold_crashed_wal(p: Any) -> None:
    """A WAL left by a crashed command holds committed entries not yet in journal.db: fold them in (unlocking an
    encrypted journal for it) so that the copy set aside before a restore is whole. Without the passphrase the WAL
    is set aside with the copy instead (store_privacy._set_aside)."""
    from pathlib import Path

    from reflect.errors import ReflectError
    from reflect.privacy import keys
    from reflect.store.connection import is_encrypted
    from reflect.store.privacy import connect_encrypted, fold_wal

    wal = Path(str(p.journal) + "-wal")
    if not p.journal.exists() or not wal.exists() or wal.stat().st_size == 0:
        return
    if is_encrypted(p.journal):
        try:
            connect_encrypted(p.journal).close()
        except ReflectError:
            return
    fold_wal(p.journal, keys.cached(p.journal))


def purge(
    client: Annotated[
        str | None,
        typer.Option(
            "--client",
            "-c",
            help="Delete everything about this client.",
            show_default=False,
            metavar="CODE",
            autocompletion=completers.client_codes,
        ),
    ] = None,
    before: Annotated[
        str | None,
        typer.Option(
            "--before",
            help="Delete every entry for sessions before this day.",
            show_default=False,
            metavar="DATE",
            autocompletion=completers.days,
        ),
    ] = None,
    yes: YesOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Erase a client's entries (or all entries before a date) for good, including drafts and the search index."""
    from reflect.commands.common import client_option, parse_day_option
    from reflect.render.console import message, print_json
    from reflect.render.progress import progress

    code = client_option(client)
    day = parse_day_option(before, "--before")
    with open_journal(create=False) as journal:
        preview = journal.purge_preview(client=code, before=day)
        what = f"client {code}" if code else f"sessions before {day}"
        practice = preview.get("practice_attempts", 0)
        if preview["entries"] == 0 and preview["drafts"] == 0 and practice == 0 and not code:
            message(f"Nothing to purge: no entries, drafts or practice attempts for {what}.")
            return
        parts = [f"{preview['entries']} entries", f"{preview['supervision_questions']} supervision questions",
                 f"{preview['drafts']} drafts"]  # fmt: skip
        if practice:
            parts.append(f"{practice} practice attempts")
        summary = ", ".join(parts[:-1]) + " and " + parts[-1]
        if not yes and not _confirm(f"Erase {summary} for {what}? This cannot be undone.", what="purge"):
            message("Nothing deleted.")
            return
        with progress("Erasing", unit="steps") as advance:
            result = journal.purge(client=code, before=day, on_progress=advance)
    if as_json:
        print_json(result)
        return
    message(f"Erased {summary} for {what}; the freed space was overwritten.")
    if not result["wal_cleared"]:
        message("Another reflect window has the journal open: close it so the journal's log is cleared too.")
    p = _paths()
    if p.backups.is_dir() and any(p.backups.iterdir()):
        message(f"Backups in {p.backups} made before now still contain what was erased; delete them if they must go.")


def retention(
    as_json: JsonOpt = False,
    show_all: Annotated[bool, typer.Option("--all", help="Also list closed clients not yet due.")] = False,
) -> None:
    """List closed clients whose retention period has ended (records due for deletion)."""
    from datetime import date

    from rich.table import Table

    from reflect.render.console import message, out, print_json
    from reflect.store.privacy import retention_years_setting

    years = retention_years_setting()
    with open_journal() as journal:
        rows = journal.retention(years, date.today())
    if not show_all:
        rows = [r for r in rows if r["due"]]
    if as_json:
        print_json(rows)
        return
    if not rows:
        message("No records are due for deletion." + ("" if show_all else " (--all lists every closed client.)"))
        return
    table = Table(box=None, pad_edge=False, header_style="bold")
    for col in ("client", "closed", "keep (years)", "due", "entries"):
        table.add_column(col)
    for r in rows:
        table.add_row(r["client"], r["closed_on"], str(r["retention_years"]),
                      r["due_on"] + ("  due" if r["due"] else ""), str(r["entries"]))  # fmt: skip
    out().print(table)
    if any(r["due"] for r in rows):
        message("`reflect purge --client CODE` erases a client's records for good.")


# --- privacy deny / allow lists ---------------------------------------------------------------------------------------

privacy_app = typer.Typer(help="Your own identifier lists: words to always flag (deny) or never flag (allow).",
                          no_args_is_help=True)  # fmt: skip
deny_app = typer.Typer(help="Names and places to always flag and mask (a school, an employer).", no_args_is_help=True)
allow_app = typer.Typer(help="Capitalised words the name detector should never flag.", no_args_is_help=True)
privacy_app.add_typer(deny_app, name="deny")
privacy_app.add_typer(allow_app, name="allow")

TermArg = Annotated[str, typer.Argument(help="A word or phrase.", show_default=False)]


def _term(value: str) -> str:
    from reflect.domain.textsafe import clean_text
    from reflect.errors import UsageError

    term = " ".join(clean_text(value).split())
    if not term or len(term) > 200:
        raise UsageError("give a word or phrase of 1 to 200 characters.")
    return term


def _list_terms(which: str, as_json: bool) -> None:
    from reflect.render.console import message, out, print_json, safe

    with open_journal() as journal:
        terms = journal.privacy_terms(which)
    if as_json:
        print_json(terms)
    elif not terms:
        message(f"The {which}-list is empty.")
    else:
        for term in terms:
            out().print(safe(term))


def _add_term(which: str, value: str) -> None:
    from reflect.render.console import message

    term = _term(value)
    if which == "allow" and " " in term:
        from reflect.errors import UsageError

        raise UsageError("the allow-list takes single words (the name detector looks at one word at a time).")
    with open_journal() as journal:
        added = journal.add_privacy_term(which, term)
    message(f"Added to the {which}-list." if added else f"Already on the {which}-list.")


def _remove_term(which: str, value: str) -> None:
    from reflect.errors import NotFound
    from reflect.render.console import message

    with open_journal() as journal:
        if not journal.remove_privacy_term(which, _term(value)):
            raise NotFound(f"that is not on the {which}-list.")
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
    from reflect.io.transfer import open_input
    from reflect.privacy import identifiers
    from reflect.render.console import message, out, print_json, safe

    with open_journal():  # sets the journal's deny/allow lists
        pass
    if file == "-":
        import sys

        text = sys.stdin.read()
    else:
        with open_input(file) as fh:
            text = fh.read()
    found = [{"kind": m.kind, "context": identifiers.context(text, m)} for m in identifiers.find(text)]
    if as_json:
        print_json(found)
        return
    if not found:
        message("No identifiers found.")
        return
    for f in found:
        out().print(safe(f"{f['kind']:<9} {f['context']}"))
