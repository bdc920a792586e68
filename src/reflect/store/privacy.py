"""The privacy side of the store: encryption (SQLCipher), backups, restore, purge, retention, deny/allow lists.

Like store.py, this is where SQL lives. File-level operations (encrypt, decrypt, re-key, restore) work on a closed
journal and always go through a temporary file in the journal's own folder that is verified before it atomically
replaces the journal, so an interruption leaves either the old journal or the new one, never half of each.
"""

from __future__ import annotations

import os
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from reflect.domain.dates import iso, now_utc
from reflect.domain.retention import add_years
from reflect.errors import JournalError, NotFound, ReflectError, UsageError
from reflect.privacy import keys

# How far long work has come: (done, total), total None when unknown. Callers draw it; the store only reports.
OnProgress = Callable[[int, int | None], None]
BACKUP_STEP = 1024  # pages copied between progress reports (4 MB at SQLite's default page size)


@contextmanager
def ticking(conn: Any, on_progress: OnProgress | None) -> Iterator[None]:
    """Report that one long statement (sqlcipher_export, VACUUM) is moving: SQLite calls back every so many
    virtual-machine steps; how many steps the statement needs is unknown, so the total is None."""
    if on_progress is None:
        yield
        return
    ticks = 0

    def tick() -> int:
        nonlocal ticks
        ticks += 1
        on_progress(ticks, None)
        return 0  # non-zero would interrupt the statement

    conn.set_progress_handler(tick, 100_000)
    try:
        yield
    finally:
        conn.set_progress_handler(None, 0)


def copy_pages(source: Any, target: Any, on_progress: OnProgress | None) -> None:
    """SQLite's online backup from `source` into `target`, reporting pages copied of the total."""
    if on_progress is None:
        source.backup(target)
        return
    source.backup(target, pages=BACKUP_STEP,
                  progress=lambda _status, remaining, total: on_progress(total - remaining, total))  # fmt: skip


def sql_literal(value: str) -> str:
    """A string as an SQL literal: PRAGMA key and ATTACH ... KEY take no bound parameters."""
    return "'" + value.replace("'", "''") + "'"


# --- opening encrypted files ---------------------------------------------------------------------------------------


def open_keyed(path: Path, passphrase: str | None) -> Any:
    """An sqlcipher3 connection to `path`, keyed (None: a plaintext file opened through SQLCipher)."""
    from reflect.store.connection import cipher_module

    sqlcipher3 = cipher_module()
    conn = sqlcipher3.connect(str(path), timeout=10.0)
    conn.execute("PRAGMA cipher_log_level = NONE")  # SQLCipher would otherwise log key errors to stderr
    if passphrase is not None:
        conn.execute(f"PRAGMA key = {sql_literal(passphrase)}")
    return conn


def _probe(conn: Any) -> bool:
    from reflect.store.connection import db_errors

    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchall()
    except db_errors():
        return False
    return True


def connect_encrypted(path: Path, passphrase: str | None = None) -> Any:
    """Unlock an encrypted journal (or backup): environment, file descriptor, keyring, then up to 3 prompts."""

    def try_open(value: str) -> Any:
        conn = open_keyed(path, value)
        if _probe(conn):
            return conn
        conn.close()
        return None

    return keys.unlock_with(path, try_open, passphrase)


def create_encrypted(path: Path, passphrase: str) -> None:
    """A new, empty, encrypted journal file (reflect's migrations fill it on first open), linked into place whole."""
    from reflect.store.journal_file import create_atomically

    def build(tmp: Path) -> None:
        conn = open_keyed(tmp, passphrase)
        try:
            from reflect.store.connection import APPLICATION_ID

            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")  # writes page 1: the file is encrypted from now
            conn.execute("PRAGMA journal_mode = WAL")
            conn.commit()
        finally:
            conn.close()

    if not create_atomically(path, build):
        raise ReflectError(f"a journal already exists at {path}.")
    keys.remember(path, passphrase)


def _precreate(path: Path) -> None:
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600))
    os.chmod(path, 0o600)


def table_counts(conn: Any) -> dict[str, int]:
    names = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]  # fmt: skip
    return {name: conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}


def _remove_sidecars(path: Path) -> None:
    for suffix in ("-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)


@dataclass
class Conversion:
    tables: int
    entries: int


def convert(path: Path, *, old: str | None, new: str | None, on_progress: OnProgress | None = None) -> Conversion:
    """Copy the (closed) journal into a file keyed with `new` (None: plaintext) via sqlcipher_export, verify that
    every table has the same number of rows and passes integrity_check, then swap it in atomically.

    The copy is owner-only and locked while it is written (journal_file.temporary_copy); Ctrl-C, SIGTERM and SIGHUP
    remove it and leave the journal as it was (journal_file.interruptible); after a SIGKILL the next command removes it.
    When the old file was plaintext, its blocks are overwritten with zeros after the swap (best effort: SSDs and
    copy-on-write file systems may keep old blocks; SECURITY.md says so)."""
    from reflect.store.journal_file import interruptible, temporary_copy

    with interruptible() as signals, temporary_copy(path, "converting") as tmp:
        before = _export(path, tmp, old=old, new=new, on_progress=on_progress)
        target = open_keyed(tmp, new) if new is not None else sqlite3.connect(str(tmp))
        try:
            after = table_counts(target)
            problems = [r[0] for r in target.execute("PRAGMA integrity_check")]
            target.execute("PRAGMA journal_mode = WAL")
        finally:
            target.close()
        if after != before or problems != ["ok"]:
            raise JournalError("the converted copy did not match the journal; nothing was changed.")
        with signals.critical():
            old_fd = os.open(path, os.O_RDWR) if old is None else None
            try:
                os.replace(tmp, path)
                _remove_sidecars(path)
                if old_fd is not None:
                    _zero_fill(old_fd)
            finally:
                if old_fd is not None:
                    os.close(old_fd)
            if new is None:
                keys.forget()
            else:
                keys.remember(path, new)
    return Conversion(tables=len(after), entries=after.get("entries", 0))


def _export(
    path: Path, tmp: Path, *, old: str | None, new: str | None, on_progress: OnProgress | None = None
) -> dict[str, int]:
    """sqlcipher_export the journal into the empty file `tmp`; the journal's row counts per table."""
    from reflect.store.connection import APPLICATION_ID, db_errors

    source = open_keyed(path, old)
    try:
        if not _probe(source):
            raise keys.wrong_passphrase()
        source.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        before = table_counts(source)
        source.execute(f"ATTACH DATABASE {sql_literal(str(tmp))} AS target KEY {sql_literal(new or '')}")
        with ticking(source, on_progress):
            source.execute("SELECT sqlcipher_export('target')")
        source.execute(f"PRAGMA target.application_id = {APPLICATION_ID}")  # sqlcipher_export does not copy it
        source.execute("DETACH DATABASE target")
    except db_errors() as exc:
        from reflect.errors import database_error_message

        raise (database_error_message(exc) or JournalError("the journal could not be converted.")) from None
    finally:
        source.close()
    return before


def zero_fill_and_remove(path: Path) -> None:
    """Overwrite a plaintext file with zeros, then remove it and its side files (best effort, as for conversions)."""
    from reflect.store.journal_file import remove_with_sidecars

    fd = os.open(path, os.O_RDWR | os.O_NOFOLLOW)
    try:
        _zero_fill(fd)
    finally:
        os.close(fd)
    remove_with_sidecars(path)


def _zero_fill(fd: int) -> None:
    size = os.fstat(fd).st_size
    block = b"\0" * 65536
    os.lseek(fd, 0, os.SEEK_SET)
    written = 0
    while written < size:
        written += os.write(fd, block[: min(len(block), size - written)])
    os.fsync(fd)


# --- backup and restore --------------------------------------------------------------------------------------------


def backup_name(now: datetime | None = None) -> str:
    return f"journal-{(now or datetime.now()).strftime('%Y%m%d-%H%M%S')}.db"


def _connect_file(path: Path, passphrase: str | None) -> Any:
    return open_keyed(path, passphrase) if passphrase is not None else sqlite3.connect(str(path))


def check_journal_file(conn: Any) -> list[str]:
    """Why a database is not a usable reflect journal (empty list: it is one)."""
    from reflect.store.migrations import migrations

    problems = [r[0] for r in conn.execute("PRAGMA integrity_check")]
    if problems != ["ok"]:
        return [f"integrity check failed ({len(problems)} problem{'s' if len(problems) != 1 else ''})"]
    from reflect.store.connection import APPLICATION_ID

    if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
        return ["it is not a reflect journal"]
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "_sqlite_migrations" not in names or "entries" not in names:
        return ["it is not a reflect journal"]
    known = {m.name for m in migrations._migrations}
    applied = {r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations")}
    if applied - known:
        return ["it was written by a newer version of reflect"]
    return []


def _set_aside(journal_path: Path, backups: Path) -> Path:
    """Keep the current journal as backups/journal-before-restore-*.db while it stays in place: a hard link (a copy
    where links are not possible). Its WAL, if one is left (the command folds it in first when it can), moves with
    it, because a WAL beside the restored file would be replayed into it."""
    import shutil

    from reflect.config import ensure_private_dir

    ensure_private_dir(backups)
    stem = f"journal-before-restore-{datetime.now().strftime('%Y%m%d-%H%M%S')}"
    aside = backups / f"{stem}.db"
    n = 1
    while aside.exists():
        n += 1
        aside = backups / f"{stem}-{n}.db"
    try:
        os.link(journal_path, aside)
    except OSError:
        shutil.copyfile(journal_path, aside)
        os.chmod(aside, 0o600)
    wal = Path(str(journal_path) + "-wal")
    if wal.exists():
        os.replace(wal, Path(str(aside) + "-wal"))
    return aside


def fold_wal(journal_path: Path, passphrase: str | None) -> None:
    """Checkpoint a WAL left by a crashed command into the journal (closing the last connection removes it)."""
    wal = Path(str(journal_path) + "-wal")
    if not wal.exists() or wal.stat().st_size == 0:
        return
    conn = _connect_file(journal_path, passphrase)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def restore(journal_path: Path, backups: Path, source: Path, on_progress: OnProgress | None = None) -> dict[str, Any]:
    """Replace the journal with a backup after checking it (integrity, a reflect journal, opens with its passphrase).
    The current journal (with its WAL) is moved aside into the backups folder, never deleted."""
    from reflect.config import ensure_private_dir
    from reflect.store.connection import db_errors, is_encrypted

    source = source.expanduser()
    if not source.is_file():
        raise NotFound(f"no backup file at {source}.")
    if source.resolve() == journal_path.resolve():
        raise UsageError("that is the journal itself; choose a backup file.")
    passphrase = None
    try:
        if is_encrypted(source):
            conn = connect_encrypted(source)
            passphrase = keys.cached(source)
        else:
            conn = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            problems = check_journal_file(conn)
            entries = 0 if problems else conn.execute("SELECT count(*) FROM entries").fetchone()[0]
        finally:
            conn.close()
    except db_errors():
        problems = ["it is not a readable SQLite database"]
    if problems:
        raise JournalError(f"{source.name} cannot be restored: {problems[0]}. The journal was not changed.")
    ensure_private_dir(journal_path.parent)
    from reflect.store.journal_file import interruptible, temporary_copy

    aside = None
    with interruptible() as signals, temporary_copy(journal_path, "restoring") as tmp:
        src = _connect_file(source, passphrase)
        dst = _connect_file(tmp, passphrase)
        try:
            copy_pages(src, dst, on_progress)
            if check_journal_file(dst):
                raise JournalError("the restored copy did not verify; the journal was not changed.")
            dst.execute("PRAGMA journal_mode = WAL")
        finally:
            src.close()
            dst.close()
        with signals.critical():
            if journal_path.exists():
                aside = _set_aside(journal_path, backups)
            os.replace(tmp, journal_path)  # the one step that changes the journal: there is always a journal.db
            Path(str(journal_path) + "-shm").unlink(missing_ok=True)
    if passphrase is not None:
        keys.remember(journal_path, passphrase)
    return {"entries": entries, "aside": str(aside) if aside else None, "encrypted": passphrase is not None}


class PrivacyStore:
    """Mixed into `store.Journal`: methods use self.db and self.path."""

    db: Any
    path: Path

    @property
    def encrypted(self) -> bool:
        return not isinstance(self.db.conn, sqlite3.Connection)

    # --- backup ------------------------------------------------------------------------------------------------------

    def backup_to(self, dest: Path, on_progress: OnProgress | None = None) -> int:
        """Copy the journal with SQLite's backup API (uncheckpointed WAL changes included) to a 0600 file. An
        encrypted journal gives a backup encrypted with the same passphrase. Returns the number of entries."""
        passphrase = keys.cached(self.path) if self.encrypted else None
        if self.encrypted and passphrase is None:
            raise JournalError("cannot back up: the journal's passphrase is not known in this process.")
        tmp = dest.with_name(f".{dest.name}.{uuid.uuid4().hex[:8]}.part")
        _precreate(tmp)
        try:
            target = _connect_file(tmp, passphrase)
            try:
                copy_pages(self.db.conn, target, on_progress)
                problems = check_journal_file(target)
                entries = target.execute("SELECT count(*) FROM entries").fetchone()[0]
            finally:
                target.close()
            if problems:
                raise JournalError(f"the backup could not be verified ({problems[0]}); nothing was written.")
            os.replace(tmp, dest)
            os.chmod(dest, 0o600)
        finally:
            tmp.unlink(missing_ok=True)
            _remove_sidecars(tmp)
        return entries

    # --- deny and allow lists ----------------------------------------------------------------------------------------

    def privacy_terms(self, which: str) -> list[str]:
        return [r[0] for r in self.db.execute(
            "SELECT term FROM privacy_terms WHERE list = ? ORDER BY term COLLATE NOCASE", [which])]  # fmt: skip

    def add_privacy_term(self, which: str, term: str) -> bool:
        cursor = self.db.execute(
            "INSERT INTO privacy_terms (list, term, added_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            [which, term, iso(now_utc())],
        )
        self.db.conn.commit()
        return cursor.rowcount > 0

    def remove_privacy_term(self, which: str, term: str) -> bool:
        cursor = self.db.execute("DELETE FROM privacy_terms WHERE list = ? AND term = ? COLLATE NOCASE", [which, term])
        self.db.conn.commit()
        return cursor.rowcount > 0

    # --- closing clients and retention -------------------------------------------------------------------------------

    def _require_client(self, code: str) -> None:
        if self.db.execute("SELECT 1 FROM clients WHERE code = ?", [code]).fetchone() is None:
            raise NotFound(f"there is no client {code} in the journal.", "`reflect clients` lists them.")

    def close_client(self, code: str, on: date, years: int | None = None) -> None:
        with self.write():  # type: ignore[attr-defined]
            self._require_client(code)
            self.db.execute("UPDATE clients SET closed_on = ?, retention_years = coalesce(?, retention_years) "
                            "WHERE code = ?", [on.isoformat(), years, code])  # fmt: skip

    def reopen_client(self, code: str) -> None:
        with self.write():  # type: ignore[attr-defined]
            self._require_client(code)
            self.db.execute("UPDATE clients SET closed_on = NULL WHERE code = ?", [code])

    def retention(self, default_years: int, today: date, *, count_entries: bool = True) -> list[dict[str, Any]]:
        """Every closed client with the day its records are due for deletion, soonest first, and how many entries each
        still has (None when not `count_entries`: the check every command makes needs no counts)."""
        # count(*) over the covering index entries_by_client; count(e.id) read every closed client's entry rows.
        sessions = "(SELECT count(*) FROM entries e WHERE e.client = c.code)" if count_entries else "NULL"
        rows = self.db.execute(
            f"SELECT c.code, c.closed_on, c.retention_years, {sessions} FROM clients c WHERE c.closed_on IS NOT NULL"
        ).fetchall()
        result = []
        for code, closed_on, years, sessions in rows:
            keep = years if years is not None else default_years
            closed = date.fromisoformat(closed_on)
            due = add_years(closed, keep)
            result.append({"client": code, "closed_on": closed.isoformat(), "retention_years": keep,
                           "due_on": due.isoformat(), "due": due <= today, "entries": sessions})  # fmt: skip
        return sorted(result, key=lambda r: (r["due_on"], r["client"]))

    def retention_reminders_due(self, default_years: int, today: date) -> list[dict[str, Any]]:
        """Overdue clients not reminded of yet; they are marked as reminded (the reminder is shown once)."""
        due = [r for r in self.retention(default_years, today, count_entries=False) if r["due"]]
        if not due:
            return []
        reminded = {(r[0], r[1]) for r in self.db.execute("SELECT client, due_on FROM retention_reminders")}
        fresh = [r for r in due if (r["client"], r["due_on"]) not in reminded]
        if fresh:
            with self.write():  # type: ignore[attr-defined]
                self.db.conn.executemany(
                    "INSERT OR IGNORE INTO retention_reminders (client, due_on, reminded_at) VALUES (?, ?, ?)",
                    [(r["client"], r["due_on"], iso(now_utc())) for r in fresh],
                )
        return fresh

    # --- purge -------------------------------------------------------------------------------------------------------

    def purge_preview(self, *, client: str | None = None, before: date | None = None) -> dict[str, int]:
        where, params = self._purge_where(client, before)
        entries = self.db.execute(f"SELECT count(*) FROM entries WHERE {where}", params).fetchone()[0]
        questions = self.db.execute(
            f"SELECT count(*) FROM supervision_questions WHERE entry_id IN (SELECT id FROM entries WHERE {where})",
            params,
        ).fetchone()[0]
        counts = {"entries": entries, "supervision_questions": questions,
                  "drafts": self._purge_draft_count(client, before, where, params)}  # fmt: skip
        if before is not None:  # practice attempts hold no client data: only an era's purge (--before) erases them
            counts["practice_attempts"] = self.practice.practice_before_count(params[0])  # type: ignore[attr-defined]
        return counts

    def _purge_where(self, client: str | None, before: date | None) -> tuple[str, list[Any]]:
        from reflect.domain.dates import local_day_start_utc

        if (client is None) == (before is None):
            raise UsageError("purge needs exactly one of --client CODE or --before DATE.")
        if client is not None:
            self._require_client(client)
            return "client = ?", [client]
        assert before is not None
        return "session_at < ?", [local_day_start_utc(before)]

    def _purge_draft_count(self, client: str | None, before: date | None, where: str, params: list[Any]) -> int:
        sql = f"SELECT count(*) FROM drafts WHERE entry_id IN (SELECT id FROM entries WHERE {where})"
        extra: list[Any] = []
        if client is not None:
            sql += " OR client = ?"
            extra = [client]
        elif before is not None:
            from reflect.domain.dates import local_day_start_utc

            sql += " OR updated_at < ?"
            extra = [local_day_start_utc(before)]
        return self.db.execute(sql, params + extra).fetchone()[0]

    def purge(
        self, *, client: str | None = None, before: date | None = None, on_progress: OnProgress | None = None
    ) -> dict[str, Any]:
        """Delete every trace of a client's (or an era's) entries, leave a content-free tombstone, then reclaim the
        freed pages (secure_delete is on; VACUUM rebuilds the file; the WAL is checkpointed and truncated) so the
        purged text is not left in the raw bytes of the journal or its WAL."""

        where, params = self._purge_where(client, before)
        counts = self.purge_preview(client=client, before=before)
        with ticking(self.db.conn, on_progress):
            self._purge(client, before, where, params, counts)
            counts["wal_cleared"] = self.reclaim_space()
        return counts

    def _purge(
        self, client: str | None, before: date | None, where: str, params: list[Any], counts: dict[str, Any]
    ) -> None:
        from reflect.domain.dates import local_day_start_utc

        with self.write():  # type: ignore[attr-defined]
            db = self.db
            db.execute("CREATE TEMP TABLE IF NOT EXISTS purge_entries (id TEXT PRIMARY KEY)")
            db.execute("CREATE TEMP TABLE IF NOT EXISTS purge_clients (code TEXT PRIMARY KEY)")
            db.execute("DELETE FROM temp.purge_entries")
            db.execute("DELETE FROM temp.purge_clients")
            db.execute(f"INSERT INTO temp.purge_entries SELECT id FROM entries WHERE {where}", params)
            # Other features' tables that hang off an entry, a supervision question or a client: found by column name
            # so that purge stays complete as the schema grows.
            # The full-text index is keyed by search_docs.docid, not entry_id: its rows go first, while the mapping
            # still says which they are.
            db.execute("""DELETE FROM entries_fts WHERE rowid IN (SELECT docid FROM search_docs
                          WHERE entry_id IN (SELECT id FROM temp.purge_entries))""")
            tables = self._user_tables()
            question_ids = "SELECT id FROM supervision_questions WHERE entry_id IN (SELECT id FROM temp.purge_entries)"
            for table, columns in tables.items():
                if table != "supervision_questions" and "question_id" in columns:
                    db.execute(f'DELETE FROM "{table}" WHERE question_id IN ({question_ids})')
            ruptures = "SELECT id FROM ruptures WHERE entry_id IN (SELECT id FROM temp.purge_entries)"
            for table, columns in tables.items():
                if "rupture_id" in columns:
                    db.execute(f'DELETE FROM "{table}" WHERE rupture_id IN ({ruptures})')
            for table, columns in tables.items():
                if "entry_id" in columns and table not in ("entries",):
                    db.execute(f'DELETE FROM "{table}" WHERE entry_id IN (SELECT id FROM temp.purge_entries)')
            if client is not None:
                db.execute("DELETE FROM drafts WHERE client = ?", [client])
            elif before is not None:
                db.execute("DELETE FROM drafts WHERE updated_at < ?", [local_day_start_utc(before)])
            db.execute("DELETE FROM entries WHERE id IN (SELECT id FROM temp.purge_entries)")
            if before is not None:
                self.practice.delete_practice_before(local_day_start_utc(before))  # type: ignore[attr-defined]
            if client is not None:
                db.execute("INSERT INTO temp.purge_clients VALUES (?)", [client])
            else:  # clients left with nothing: their code and retention data go too
                db.execute("""INSERT INTO temp.purge_clients SELECT code FROM clients c
                              WHERE NOT EXISTS (SELECT 1 FROM entries e WHERE e.client = c.code)
                                AND NOT EXISTS (SELECT 1 FROM drafts d WHERE d.client = c.code)""")
            for table, columns in tables.items():
                for column in ("client", "client_code"):
                    if column in columns and table != "clients":
                        db.execute(f'DELETE FROM "{table}" WHERE "{column}" IN (SELECT code FROM temp.purge_clients)')
            db.execute("DELETE FROM clients WHERE code IN (SELECT code FROM temp.purge_clients)")
            self._refresh_search_index()
            db.execute(
                """INSERT INTO purges (purged_at, scope, before, entries, drafts, supervision_questions,
                                      practice_attempts) VALUES (?, ?, ?, ?, ?, ?, ?)""",
                [iso(now_utc()), "client" if client else "before", before.isoformat() if before else None,
                 counts["entries"], counts["drafts"], counts["supervision_questions"],
                 counts.get("practice_attempts", 0)],
            )  # fmt: skip
            db.execute("DROP TABLE temp.purge_entries")
            db.execute("DROP TABLE temp.purge_clients")

    def _user_tables(self) -> dict[str, set[str]]:
        rows = self.db.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchall()
        virtual = {name for name, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL")}
        shadow = {name for name, _ in rows for v in virtual if name != v and name.startswith(v + "_")}
        result: dict[str, set[str]] = {}
        for name, _ in rows:
            if name in shadow or name in virtual:
                continue  # the full-text index is cleared by its own key (purge) and optimised
            result[name] = {r[1] for r in self.db.execute(f'PRAGMA table_info("{name}")')}
        return result

    def _refresh_search_index(self) -> None:
        """Merge the full-text index into one segment, so purged entries' tokens are dropped, not just marked deleted
        (their pages are then overwritten: secure_delete is on)."""
        self.db.execute("INSERT INTO entries_fts(entries_fts) VALUES('optimize')")

    def reclaim_space(self) -> bool:
        """VACUUM and truncate the WAL; False when another connection kept the WAL from being cleared."""
        self.db.execute("PRAGMA secure_delete = ON")
        self.db.execute("VACUUM")
        busy = self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        return busy == 0

    def tombstones(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self.db.query("SELECT * FROM purges ORDER BY id")]
