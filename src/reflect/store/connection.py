"""The journal file itself: telling a reflect journal and an encrypted one apart, and which errors mean "a database
problem" for sqlite3 and, once an encrypted journal has been opened, for sqlcipher3 too."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

from reflect.errors import JournalError

APPLICATION_ID = 0x52464C54  # "RFLT" (as set by migration m001): tells a reflect journal from any other SQLite file
SQLITE_MAGIC = b"SQLite format 3\x00"


def db_errors() -> tuple[type[BaseException], ...]:
    """Both sqlite3 and sqlcipher3 raise their own DatabaseError family; code that catches "a database problem" catches
    these. sqlcipher3's family counts once it is imported (only encrypted journals import it)."""
    sqlcipher3 = sys.modules.get("sqlcipher3")
    return (sqlite3.Error,) if sqlcipher3 is None else (sqlite3.Error, sqlcipher3.Error)


def is_encrypted(path: Path) -> bool:
    """An SQLCipher file: not empty, no plain SQLite header, and whole pages (a text file or a truncated journal is
    left to SQLite, which reports it as "not a database" without asking for a passphrase)."""
    import os
    import stat

    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO must not block the open
    except OSError:
        return False
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return False
        size = info.st_size
        header = fh.read(16)
    return size >= 512 and size % 512 == 0 and header != SQLITE_MAGIC


def cipher_module():
    """Import sqlcipher3 (only encrypted journals need it)."""
    try:
        import sqlcipher3
    except ImportError:
        raise JournalError("this journal is encrypted, but the sqlcipher3 package is not installed.",
                           "Reinstall reflect with its dependencies.") from None  # fmt: skip
    return sqlcipher3
