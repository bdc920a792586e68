"""The journal's `sqlite_utils.Database`, imported only when something beyond plain SQL needs it, and the migration
stamp that lets an up-to-date journal open without it.

Why: importing sqlite_utils costs about 50 ms (it pulls in click, pluggy and dateutil), a quarter of a whole
`reflect list`, and the commands people run most (list, search, show, new) only ever run SQL. `LazyDatabase.execute()`
and `.query()` for SELECT behave as sqlite_utils 4's do (a write outside a transaction commits at once; a failed one
leaves no transaction open); every other attribute builds the real `Database` on first use and delegates to it, so
code written against sqlite_utils keeps working unchanged.

The stamp: migrations are checked through sqlite_utils, so `Journal.open` first compares `PRAGMA user_version` with a
checksum of migrations.py, and the number of applied migrations with the number it declares. Both equal means this
journal was last migrated by exactly this set of migrations, and there is nothing to check. Any difference (a new
migration, an older or newer reflect) takes the full sqlite_utils path, which stays the authority; it sets the stamp
again when the journal is up to date.
"""

from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlite_utils import Database

# sqlite_utils 4 leaves these to the caller (never auto-commits after them).
_TRANSACTION_CONTROL = {"BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE"}


def first_keyword(sql: str) -> str:
    """The statement's first keyword, upper-cased (leading blanks and -- or /* */ comments skipped)."""
    text = sql.lstrip("\ufeff; \t\r\n")
    while text.startswith(("--", "/*")):
        end = text.find("\n") + 1 if text.startswith("--") else text.find("*/") + 2
        if end <= 1:
            return ""
        text = text[end:].lstrip("; \t\r\n")
    word = []
    for ch in text:
        if not (ch.isalpha() or ch == "_"):
            break
        word.append(ch)
    return "".join(word).upper()


class LazyDatabase:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._real: Database | None = None

    @property
    def real(self) -> Database:
        if self._real is None:
            from sqlite_utils import Database

            self._real = Database(self.conn)
        return self._real

    def execute(self, sql: str, parameters: Sequence[Any] | dict[str, Any] | None = None) -> sqlite3.Cursor:
        if self._real is not None:
            return self._real.execute(sql, parameters)
        was_in_transaction = self.conn.in_transaction
        try:
            cursor = self.conn.execute(sql) if parameters is None else self.conn.execute(sql, parameters)
        except Exception:
            if not was_in_transaction and self.conn.in_transaction:
                self.conn.execute("ROLLBACK")  # the failed statement opened an implicit transaction: undo it
            raise
        if (
            not was_in_transaction
            and self.conn.in_transaction
            and cursor.description is None
            and first_keyword(sql) not in _TRANSACTION_CONTROL
        ):
            self.conn.execute("COMMIT")  # a write outside a transaction takes effect at once, as in sqlite_utils
        return cursor

    def query(self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None) -> Iterator[dict[str, Any]]:
        if self._real is not None or first_keyword(sql) != "SELECT":
            return self.real.query(sql, params)
        cursor = self.conn.execute(sql) if params is None else self.conn.execute(sql, params)
        keys = [d[0] for d in cursor.description]
        if len(set(keys)) != len(keys):  # sqlite_utils renames duplicate column names; let it (a SELECT can re-run)
            cursor.close()
            return self.real.query(sql, params)
        return (dict(zip(keys, row, strict=True)) for row in cursor)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)

    # Special methods are looked up on the type, never through __getattr__: delegate the ones Database has.
    def __getitem__(self, table_name: str) -> Any:
        return self.real[table_name]

    def __enter__(self) -> Database:
        return self.real.__enter__()

    def __exit__(self, *exc: Any) -> None:
        self.real.__exit__(*exc)


def real_database(db: Any) -> Database:
    """The sqlite_utils Database behind `db` (itself when it already is one)."""
    return db.real if isinstance(db, LazyDatabase) else db


@cache
def migrations_stamp() -> tuple[int, int] | None:
    """(checksum of migrations.py as a positive 31-bit int, number of migrations it declares), or None without source.

    The count lets `Journal.open` notice a journal whose migration records were changed by hand (or by a test
    recreating an older journal) even though its stamp still matches.
    """
    try:
        source = Path(__file__).with_name("migrations.py").read_bytes()
    except OSError:
        return None
    return (zlib.crc32(source) & 0x7FFFFFFF) or 1, source.count(b"\n@migrations(")
