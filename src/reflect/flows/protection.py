"""Keeping the journal safe: encrypting it, changing or removing its passphrase, backing it up and restoring it,
erasing a client's records for good and finding the records due for deletion. The commands in
`commands/privacy.py` parse options and call these."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from reflect.flows.journal import open_journal
from reflect.render.formatting import entry_count

if TYPE_CHECKING:
    from datetime import date

    from reflect.config import Paths


def confirm(question: str, *, default: bool = False, what: str) -> bool:
    """Ask before something that cannot be undone; without a terminal, say to use --yes (exit 2) instead of
    hanging."""
    import sys

    from reflect.errors import UsageError

    if not sys.stdin.isatty():
        raise UsageError(f"{what} asks for confirmation; use --yes when there is no terminal.")
    from reflect.interview.asker import confirm as ask

    return ask(question, default=default)


def init(p: Paths, encrypt: bool | None) -> None:
    import sys

    from reflect.errors import ReflectError, UsageError
    from reflect.store.journal_file import check_path

    if check_path(p.journal):
        raise ReflectError(f"a journal already exists at {p.journal}.",
                           "`reflect encrypt` encrypts it; `reflect info` describes it.")  # fmt: skip
    if encrypt is None and not sys.stdin.isatty():
        raise UsageError("init asks whether to encrypt; use --encrypt or --no-encrypt when there is no terminal.")
    from reflect.flows.journal import create_journal

    create_journal(p, encrypt)


def encrypt(p: Paths, old_backups: str | None) -> None:
    from reflect.errors import NotFound, ReflectError, UsageError
    from reflect.privacy import keys
    from reflect.render.console import message
    from reflect.render.progress import progress
    from reflect.store.connection import is_encrypted
    from reflect.store.privacy import convert

    if old_backups not in (None, "keep", "encrypt", "remove"):
        raise UsageError("--old-backups takes keep, encrypt or remove.")
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
    message(f"Encrypted the journal ({entry_count(result.entries)}). Keep the passphrase safe: it cannot be recovered.")
    _handle_plain_backups(p, old_backups, passphrase)


def _handle_plain_backups(p: Paths, choice: str | None, passphrase: str) -> None:
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


def decrypt(p: Paths, yes: bool) -> None:
    from reflect.errors import ReflectError
    from reflect.privacy import keys
    from reflect.render.console import message
    from reflect.render.progress import progress
    from reflect.store.connection import is_encrypted
    from reflect.store.privacy import convert

    if not p.journal.exists() or not is_encrypted(p.journal):
        raise ReflectError("the journal is not encrypted.")
    with open_journal(create=False):
        pass  # unlocks (the passphrase is checked here) and migrates
    if not yes and not confirm("Store the journal without encryption?", what="decrypt"):
        message("Nothing changed.")
        return
    with progress("Decrypting", unit="steps") as advance:
        result = convert(p.journal, old=keys.cached(p.journal), new=None, on_progress=advance)
    message(f"The journal is no longer encrypted ({entry_count(result.entries)}). `reflect encrypt` encrypts it again.")


def change_passphrase(p: Paths) -> None:
    from reflect.errors import ReflectError
    from reflect.privacy import keys
    from reflect.render.console import message
    from reflect.render.progress import progress
    from reflect.store.connection import is_encrypted
    from reflect.store.privacy import convert

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
    message(
        f"Changed the passphrase ({entry_count(result.entries)} re-encrypted). Older backups keep the old passphrase."
    )


def backup(p: Paths, path: Path | None) -> dict[str, Any]:
    """Copy the journal to `path` (a file or a folder; default the backups folder): where it went, how many
    entries, whether encrypted."""
    from reflect.config import ensure_private_dir
    from reflect.errors import ReflectError
    from reflect.render.progress import progress
    from reflect.store.privacy import backup_name

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
    return {"path": str(dest), "entries": entries, "encrypted": encrypted}


def restore(p: Paths, path: Path, yes: bool) -> None:
    from reflect.render.console import message
    from reflect.render.progress import progress
    from reflect.store.privacy import restore as do_restore

    if (
        not yes
        and p.journal.exists()
        and not confirm(
            f"Replace the journal with {path.name}? (the current one is kept in {p.backups})", what="restore"
        )
    ):
        message("Nothing changed.")
        return
    _fold_crashed_wal(p)
    with progress("Restoring", unit="pages") as advance:
        result = do_restore(p.journal, p.backups, path, on_progress=advance)
    message(f"Restored {entry_count(result['entries'])} from {path}.")
    if not result["encrypted"]:
        message("The restored journal is not encrypted; `reflect encrypt` protects it with a passphrase.")
    else:  # a passphrase changed since the backup was made does not carry over: say which one opens it now
        message("The restored journal opens with the passphrase this backup was made with, even if you changed the "
                "passphrase since; `reflect passphrase` changes it.")  # fmt: skip
    if result["aside"]:
        message(f"The previous journal is kept at {result['aside']}.")


def _fold_crashed_wal(p: Paths) -> None:
    """A WAL left by a crashed command holds committed entries not yet in journal.db: fold them in (unlocking an
    encrypted journal for it) so that the copy set aside before a restore is whole. Without the passphrase the WAL
    is set aside with the copy instead (store_privacy._set_aside)."""
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


def purge(p: Paths, code: str | None, day: date | None, yes: bool) -> tuple[str, dict[str, Any]] | None:
    """Erase a client's records, or every entry before a day, after saying what goes and asking: what was erased
    (in words) and the store's result, or None when nothing was erased."""
    from reflect.render.console import message
    from reflect.render.progress import progress

    with open_journal(create=False) as journal:
        preview = journal.purge_preview(client=code, before=day)
        what = f"client {code}" if code else f"sessions before {day}"
        practice = preview.get("practice_attempts", 0)
        if preview["entries"] == 0 and preview["drafts"] == 0 and practice == 0 and not code:
            message(f"Nothing to purge: no entries, drafts or practice attempts for {what}.")
            return None
        from reflect.render.formatting import plural

        parts = [entry_count(preview["entries"]), plural(preview["supervision_questions"], "supervision question"),
                 plural(preview["drafts"], "draft")]  # fmt: skip
        if practice:
            parts.append(plural(practice, "practice attempt"))
        summary = ", ".join(parts[:-1]) + " and " + parts[-1]
        if not yes and not confirm(f"Erase {summary} for {what}? This cannot be undone.", what="purge"):
            message("Nothing deleted.")
            return None
        with progress("Erasing", unit="steps") as advance:
            return f"{summary} for {what}", journal.purge(client=code, before=day, on_progress=advance)


def retention_rows(show_all: bool) -> list[dict[str, Any]]:
    """Closed clients whose retention period has ended (with --all, every closed client)."""
    from datetime import date

    from reflect.domain.retention import retention_years_setting

    years = retention_years_setting()
    with open_journal() as journal:
        rows = journal.retention(years, date.today())
    return rows if show_all else [r for r in rows if r["due"]]
