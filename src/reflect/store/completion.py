"""The journal's own values for shell completion: client codes, entry ids, tags, supervision questions and drafts.

Completion runs on every Tab press, so reading for it is quick, silent and harmless: the journal is opened read-only,
never created or migrated, and never asks for a passphrase (an encrypted journal is read only when the keyring holds
its passphrase). Any problem (no journal yet, an older schema, a locked or foreign file) means "nothing to offer":
a message would land in the middle of the shell's command line.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from reflect.store.connection import db_errors, is_encrypted


def _open_read_only(path: Path) -> Any | None:
    if not path.is_file():
        return None
    if not is_encrypted(path):
        return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=0.5)
    from reflect.privacy import keys

    passphrase = keys.from_keyring(path)  # the keyring or nothing: completion never prompts
    if not passphrase:
        return None
    try:
        import sqlcipher3
    except ImportError:
        return None
    conn = sqlcipher3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=0.5)
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute("PRAGMA key = '" + passphrase.replace("'", "''") + "'")
    return conn


@contextmanager
def reading(path: Path) -> Iterator[Any | None]:
    """A read-only connection to the journal at `path`, or None when it cannot be read without asking anything."""
    try:
        conn = _open_read_only(path)
    except (OSError, *db_errors()):
        conn = None
    try:
        yield conn
    finally:
        if conn is not None:
            with suppress(Exception):
                conn.close()


def _rows(conn: Any, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if conn is None:
        return []
    try:
        return [tuple(row) for row in conn.execute(sql, params).fetchall()]
    except db_errors():  # a wrong keyring passphrase, an older schema, a busy file: nothing to offer
        return []


def _id_range(prefix: str) -> tuple[str, str]:
    """The ids starting with `prefix` as a range the primary key's index answers (ids are lower-case)."""
    low = prefix.strip().lower()
    return low, low + "\uffff"


def clients(conn: Any) -> list[tuple[str, int, str | None]]:
    """(code, number of entries, last session time) for every client, the most recently seen first."""
    return _rows(  # type: ignore[return-value]
        conn,
        "SELECT c.code, count(e.id), max(e.session_at) FROM clients c LEFT JOIN entries e ON e.client = c.code "
        "GROUP BY c.code ORDER BY max(e.session_at) IS NULL, max(e.session_at) DESC, c.code",
    )


def entries(conn: Any, prefix: str, limit: int) -> list[tuple[str, str, str]]:
    """(id, client, session time) of the entries whose id starts with `prefix`, the latest first."""
    low, high = _id_range(prefix)
    return _rows(  # type: ignore[return-value]
        conn, "SELECT id, client, session_at FROM entries WHERE id >= ? AND id < ? ORDER BY session_at DESC LIMIT ?",
        (low, high, limit),
    )  # fmt: skip


def tags(conn: Any) -> list[tuple[str, int]]:
    """(tag, number of entries) for every tag in use, the most used first."""
    return _rows(conn, "SELECT tag, count(*) FROM entry_tags GROUP BY tag ORDER BY count(*) DESC, tag")  # type: ignore[return-value]


def questions(conn: Any, prefix: str, limit: int) -> list[tuple[str, str, str, str]]:
    """(id, status, client, session time) of the supervision questions whose id starts with `prefix`, open ones and
    the latest first."""
    low, high = _id_range(prefix)
    return _rows(  # type: ignore[return-value]
        conn,
        "SELECT q.id, q.status, e.client, e.session_at FROM supervision_questions q "
        "JOIN entries e ON e.id = q.entry_id WHERE q.id >= ? AND q.id < ? "
        "ORDER BY q.status != 'open', e.session_at DESC LIMIT ?",
        (low, high, limit),
    )


def drafts(conn: Any) -> list[tuple[str, str | None, str, str]]:
    """(id, client, pack, last saved) of every draft, the latest first."""
    return _rows(conn, "SELECT id, client, pack, updated_at FROM drafts ORDER BY updated_at DESC")  # type: ignore[return-value]
