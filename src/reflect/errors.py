"""The project's exceptions and the single error boundary.

Domain code raises these; `run()` is the only place that turns them into a one-line `Error:` on stderr and an exit
status. Messages are written by us, never built from entry text, so clinical content cannot leak into them.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable


class ReflectError(Exception):
    """A problem the user can fix; printed as one line, exit status 1."""

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class UsageError(ReflectError):
    """The command was called wrongly (bad option value, no terminal to prompt on): exit status 2."""

    exit_code = 2


class ValidationError(ReflectError):
    """An entry, answers file or import record broke the format; names the record and field, never its text."""


class NotFound(ReflectError):
    pass


class JournalError(ReflectError):
    """The journal file cannot be used (locked, damaged, wrong passphrase, newer schema)."""


def is_database_error(exc: BaseException) -> bool:
    """sqlite3.Error or sqlcipher3's own Error family (which is not a subclass of sqlite3's)."""
    import sqlite3

    if isinstance(exc, sqlite3.Error):
        return True
    cipher = sys.modules.get("sqlcipher3")
    return cipher is not None and isinstance(exc, cipher.Error)


def database_error_message(exc: BaseException) -> JournalError | None:
    """Map an sqlite3 / sqlcipher3 error to a one-line explanation (both libraries set sqlite_errorname)."""
    if not is_database_error(exc):
        return None
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc)
    if name.startswith("SQLITE_BUSY") or "database is locked" in text:
        return JournalError(
            "the journal is busy in another reflect window.", "Finish or close the other command and try again."
        )
    if name == "SQLITE_NOTADB" or "file is not a database" in text:
        return JournalError(
            "this file is not a readable reflect journal (or the passphrase is wrong).",
            "Check REFLECT_HOME and the passphrase; `reflect restore BACKUP` brings back a backup.",
        )
    if name.startswith("SQLITE_CORRUPT") or "malformed" in text:
        return JournalError(
            "the journal file is damaged.",
            "Run `reflect doctor`, then `reflect restore BACKUP` from your latest backup.",
        )
    if name.startswith("SQLITE_FULL") or "disk is full" in text or "database or disk is full" in text:
        return JournalError("the disk is full; nothing was saved.", "Free some space and try again.")
    if name.startswith("SQLITE_READONLY") or "readonly database" in text:
        return JournalError("the journal is read-only here.", "Check the permissions of the journal folder.")
    if name.startswith("SQLITE_CANTOPEN") or "unable to open database" in text:
        return JournalError("the journal cannot be opened.", "Check that its folder exists and is writable.")
    if name.startswith("SQLITE_IOERR") or "disk I/O error" in text:
        # A file-size limit (EFBIG) or a failing disk arrive here, not as SQLITE_FULL.
        return JournalError(
            "the disk reported an input/output error; nothing was saved.",
            "Check that the disk has free space and is still connected, then try again.",
        )
    return None


def one_line(text: str) -> str:
    """A message may quote what the user typed (a key, an id, a file name): show control and bidi characters as
    escapes, so it stays one line and cannot drive the terminal."""
    import unicodedata

    def shown(ch: str) -> str:
        bidi = "\u202a" <= ch <= "\u202e" or "\u2066" <= ch <= "\u2069"
        if bidi or unicodedata.category(ch) in ("Cc", "Cs"):
            return ch.encode("unicode_escape", "backslashreplace").decode("ascii")
        return ch

    return "".join(shown(ch) for ch in text)


def print_error(err: ReflectError) -> None:
    line = f"Error: {err.message}"
    if err.hint:
        line += f" {err.hint}"
    print(one_line(line), file=sys.stderr)


def debugging() -> bool:
    return os.environ.get("REFLECT_DEBUG") == "1" or "--debug" in sys.argv[1:]


def report(exc: BaseException) -> int:
    """Print one line for a failure and return the exit status. Never prints entry text."""
    if isinstance(exc, KeyboardInterrupt):  # a flow may say what became of the work (str(exc))
        said = str(exc) or "Interrupted. Anything you had answered is kept as a draft: `reflect resume`."
        print("\n" + said, file=sys.stderr)
        return 130
    if isinstance(exc, ReflectError):
        print_error(exc)
        return exc.exit_code
    if isinstance(exc, EOFError):
        print(
            "Error: the input ended before the questions were answered; your answers are kept as a draft.",
            file=sys.stderr,
        )
        return 1
    mapped = database_error_message(exc)
    if mapped is not None:
        print_error(mapped)
        return 1
    if isinstance(exc, OSError) and exc.errno is not None:
        # File-system trouble outside the database (exports, editors): errno text only, never content.
        print(
            f"Error: {exc.strerror or 'a file operation failed'}"
            + (f": {exc.filename}" if getattr(exc, "filename", None) else "")
            + ".",
            file=sys.stderr,
        )
        return 1
    # Only the exception's type: its message could quote journal content.
    print(
        f"Error: reflect hit an unexpected problem ({type(exc).__name__}). Run again with --debug for details.",
        file=sys.stderr,
    )
    return 1


def run(entry: Callable[[], object]) -> None:
    """Call the CLI; a broken pipe (`reflect list | head`) is not an error."""
    try:
        entry()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)
