"""Opening the journal for a command: creating it on first use (asking about encryption when someone is at the
keyboard), then the per-journal privacy set-up every command gets."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from reflect.config import Paths
    from reflect.store.journal import Journal


def open_journal(create: bool = True) -> Journal:
    from reflect.config import paths
    from reflect.store.journal import Journal

    p = paths()
    if create and _first_run_in_a_terminal(p.journal):
        create_journal(p, encrypt=None)
    journal = Journal.open(p, create=create)
    _after_open(journal)
    return journal


def _first_run_in_a_terminal(journal_file: Path) -> bool:
    """No journal yet and someone at the keyboard: ask about encryption before the first entry, as `init` does.
    Scripts (no terminal) get a plain journal silently; `reflect init --encrypt` is theirs to run."""
    import sys

    from reflect.store.journal_file import check_path

    if check_path(journal_file):
        return False
    return sys.stdin.isatty() and sys.stderr.isatty()


def _after_open(journal: Journal) -> None:
    """Per-journal privacy set-up for this command: the user's identifier lists, and the once-only reminder that a
    closed client's retention period has ended."""
    import sys
    from datetime import date

    from reflect.domain.retention import retention_years_setting
    from reflect.errors import ReflectError

    deny, allow = journal.privacy_terms("deny"), journal.privacy_terms("allow")
    # The detector's regexes and word lists cost ~20 ms to import: a command that never scans text (list, search)
    # skips it. Until it is imported its lists are empty, so there is nothing to replace.
    if deny or allow or "reflect.privacy.identifiers" in sys.modules:
        from reflect.privacy import identifiers

        identifiers.use_lists(deny, allow)
    try:
        due = journal.retention_reminders_due(retention_years_setting(), date.today())
    except ReflectError:
        return  # a bad retention setting is reported by `reflect retention`, not by every command
    if due:
        from reflect.render import plural
        from reflect.render.console import message

        codes = ", ".join(r["client"] for r in due[:5]) + (" ..." if len(due) > 5 else "")
        message(
            f"Reminder: the retention period has ended for {plural(len(due), 'closed client')} ({codes}); "
            "`reflect retention` lists them, `reflect purge --client CODE` erases one."
        )


def create_journal(p: Paths, encrypt: bool | None) -> None:
    """Make a new journal; `encrypt=None` asks (only ever called with a terminal then). Used by `init` and by the
    first command run in a terminal before any journal exists, so that the choice to encrypt is never skipped."""
    from reflect.config import ensure_private_dir
    from reflect.privacy import keys
    from reflect.render.console import message
    from reflect.store.journal import Journal
    from reflect.store.privacy import create_encrypted

    if encrypt is None:
        from reflect.interview.asker import confirm

        message(f"Setting up your journal at {p.journal}.")
        message("Encryption protects the journal if this computer, a backup or a synced copy falls into other hands.")
        encrypt = confirm("Encrypt the journal with a passphrase? (recommended)", default=True)
    ensure_private_dir(p.home)
    if encrypt:
        from reflect.flows.passphrase import choose_passphrase

        passphrase = choose_passphrase(p)
        create_encrypted(p.journal, passphrase)
        if keys.save_to_keyring(p.journal, passphrase):
            message("The passphrase is saved in your system keyring.")
    with Journal.open(p) as journal:
        encrypted = journal.encrypted
    if encrypted:
        message(f"Created an encrypted journal at {p.journal}.")
        message("Keep the passphrase safe: without it the journal cannot be opened, by you or anyone.")
    else:
        message(f"Created a journal at {p.journal} (not encrypted; `reflect encrypt` can do it later).")


def sweep(journal: Path) -> None:
    """Run before any command opens the journal: remove a crash's temporary copies and say so once on stderr."""
    from reflect.store.journal_file import remove_leftovers

    removed = remove_leftovers(journal)
    if removed:
        from reflect.render.console import message

        what = "copy" if removed == 1 else "copies"
        message(f"Removed {removed} temporary {what} of the journal left by an interrupted conversion or restore.")


def require_terminal(what: str) -> None:
    """Never hang on a prompt: without a terminal, say what to do instead (exit 2)."""
    import sys

    from reflect.errors import UsageError

    if not sys.stdin.isatty():
        raise UsageError(f"{what} needs a terminal to ask questions; use --answers FILE (or - for stdin) instead.")
