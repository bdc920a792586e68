"""The journal as a file: what may sit at its path, and the temporary copies that conversions and restores leave.

Store layer (file system only, no SQL). Three guarantees live here:
- nothing but a regular file (or a symlink to one) at the journal path is ever opened: a FIFO would block the open
  forever, a device or directory is not a journal (decided in SECURITY.md: a symlink is followed, and `doctor --fix`
  never changes permissions through one);
- a missing journal is never silently replaced by a new empty one while backups show there was one, and an empty
  (zero-byte) file is reported, untouched;
- the temporary copies made by encrypt, decrypt, passphrase and restore are owner-only, locked by the process that
  is writing them, and removed by the next command after a crash (a locked copy belongs to a running conversion and
  is left alone).
"""

from __future__ import annotations

import fcntl
import os
import signal
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from reflect.errors import JournalError, ReflectError

# Suffixes of temporary copies beside the journal: `.journal.db.<8 hex>.converting` and so on.
TEMPORARY_KINDS = ("converting", "restoring", "creating")
_SIDECARS = ("-wal", "-shm", "-journal")


# --- what is at the journal path ----------------------------------------------------------------------------------


def _kind(mode: int) -> str | None:
    """A file type that is not a journal, in words (None: a regular file)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def backups_of(journal: Path) -> list[Path]:
    """Backups (and pre-restore copies) in the journal's backups folder, newest last."""
    folder = journal.parent / "backups"
    try:
        found = [f for f in folder.glob("journal-*.db") if f.is_file()]
    except OSError:
        return []
    return sorted(found, key=lambda f: f.stat().st_mtime)


def check_path(journal: Path) -> bool:
    """Raise a JournalError when the journal path holds something that must not be opened or replaced; return
    whether a journal file exists (False: none, and nothing suggests one was lost, so one may be created)."""
    try:
        info = journal.stat()  # follows a symlink: its target is what SQLite would open
    except (FileNotFoundError, NotADirectoryError):  # (a file above it: the folder cannot be made, said later)
        if journal.is_symlink():
            raise JournalError(f"{journal} is a symbolic link to a file that does not exist; nothing was opened.",
                               "Point the link at the journal, or remove it.") from None  # fmt: skip
        backups = backups_of(journal)
        if backups:
            raise JournalError(
                f"there is no journal at {journal}, but its folder holds backups, so one existed; "
                "no new journal was created.",
                f"Bring it back with `reflect restore {backups[-1]}`.",
            ) from None
        return False
    except OSError as exc:
        raise JournalError(f"cannot read the journal at {journal} ({exc.strerror}).") from None
    kind = _kind(info.st_mode)
    if kind is not None:
        raise JournalError(f"{journal} is {kind}, not a journal file; nothing was opened.",
                           "Move it away; reflect never opens anything but a regular file there.")  # fmt: skip
    if info.st_size == 0:
        raise JournalError(
            f"the journal at {journal} is an empty file (0 bytes); it was left untouched.",
            "Restore a backup (`reflect restore BACKUP`), or remove the empty file to start a new journal.",
        )
    return True


# --- temporary copies -----------------------------------------------------------------------------------------------


def temporary_name(journal: Path, kind: str) -> Path:
    import uuid

    return journal.with_name(f".{journal.name}.{uuid.uuid4().hex[:8]}.{kind}")


@contextmanager
def temporary_copy(journal: Path, kind: str) -> Iterator[Path]:
    """A new owner-only, empty file beside the journal, locked (flock) for as long as the block runs so that another
    reflect command does not take it for a crash's leftover; removed with its SQLite side files afterwards unless the
    block renamed it into place."""
    path = temporary_name(journal, kind)
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY | os.O_NOFOLLOW, 0o600)
    try:
        os.fchmod(fd, 0o600)  # whatever the umask
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield path
    finally:
        remove_with_sidecars(path)
        os.close(fd)


def create_atomically(journal: Path, build: Callable[[Path], None]) -> bool:
    """Make a new journal file with `build` in a temporary copy, then link it into place in one step, so that no
    other command ever sees a half-made (empty) journal. False: another process created the journal first."""
    with temporary_copy(journal, "creating") as tmp:
        build(tmp)
        try:
            os.link(tmp, journal)
        except FileExistsError:
            return False
    return True


def remove_with_sidecars(path: Path) -> None:
    for suffix in ("", *_SIDECARS):
        Path(str(path) + suffix).unlink(missing_ok=True)


def _is_temporary(name: str, prefix: str) -> bool:
    if not name.startswith(prefix):
        return False
    for side in _SIDECARS:
        name = name.removesuffix(side)
    return name.rsplit(".", 1)[-1] in TEMPORARY_KINDS


def leftovers(journal: Path) -> list[Path]:
    """Temporary copies beside the journal, and of backups in its backups folder (`encrypt --old-backups encrypt`),
    that no running reflect process holds: a crash's, or a SIGKILL's."""
    found = []
    for folder, prefix in ((journal.parent, f".{journal.name}."), (journal.parent / "backups", ".journal-")):
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            continue
        for name in names:
            if not _is_temporary(name, prefix):
                continue
            path = folder / name
            main = Path(str(path).removesuffix("-wal").removesuffix("-shm").removesuffix("-journal"))
            if not _in_use(main):
                found.append(path)
    return found


def _in_use(path: Path) -> bool:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return False  # gone (a side file whose copy was removed) or not openable: not held by anyone
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return False
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def remove_leftovers(journal: Path) -> int:
    """Remove what `leftovers` finds; return how many copies (side files not counted) were removed."""
    removed = 0
    for path in leftovers(journal):
        try:
            if not path.is_symlink() and path.is_file():
                path.unlink()
                removed += not path.name.endswith(_SIDECARS)
        except FileNotFoundError:
            continue
    return removed


# --- signals during a conversion ------------------------------------------------------------------------------------


class ConversionInterrupted(ReflectError):
    """A conversion stopped by Ctrl-C, SIGTERM or SIGHUP; its temporary copy has been removed."""

    def __init__(self, signum: int, *, finished: bool) -> None:
        self.exit_code = 128 + signum
        if finished:
            super().__init__("interrupted, but only after the conversion had finished: the journal is converted.")
        else:
            super().__init__("interrupted: the journal was not changed, and its temporary copy was removed.")


class _Stop(BaseException):
    def __init__(self, signum: int) -> None:
        self.signum = signum


@contextmanager
def interruptible(what: str = "conversion") -> Iterator[_Deferral]:
    """Turn Ctrl-C, SIGTERM and SIGHUP into an exception inside the block, so that cleanup (`finally`) runs, and
    report them as a ConversionInterrupted. Inside `deferral.critical()` (the atomic swap and what must follow it)
    a signal waits until the critical part is over."""
    deferral = _Deferral()
    handled = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    previous = {s: signal.getsignal(s) for s in handled}
    for s in handled:
        signal.signal(s, deferral.handle)
    try:
        yield deferral
    except (_Stop, KeyboardInterrupt) as exc:
        signum = exc.signum if isinstance(exc, _Stop) else signal.SIGINT
        raise ConversionInterrupted(int(signum), finished=deferral.finished) from None
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
    if deferral.pending is not None:
        raise ConversionInterrupted(deferral.pending, finished=True)


class _Deferral:
    def __init__(self) -> None:
        self.in_critical = False
        self.finished = False
        self.stopping = False
        self.pending: int | None = None

    def handle(self, signum: int, _frame: object) -> None:
        if self.in_critical or self.finished or self.stopping:  # a second signal must not cut the cleanup short
            self.pending = self.pending or signum
            return
        self.stopping = True
        raise _Stop(signum)

    @contextmanager
    def critical(self) -> Iterator[None]:
        self.in_critical = True
        try:
            yield
            self.finished = True
        finally:
            self.in_critical = False
