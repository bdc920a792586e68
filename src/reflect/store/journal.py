"""The journal store: the only module that talks SQL.

`Journal` wraps a `sqlite_utils.Database`, applies migrations on open, and turns rows into `models.Entry` and back.
Writes that read first run under BEGIN IMMEDIATE (see `write()`): in WAL mode a deferred transaction that reads and
then writes fails at once with SQLITE_BUSY_SNAPSHOT when another process committed in between.
"""

from __future__ import annotations

import json
import os
import sqlite3
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from reflect.config import Paths, ensure_private_dir
from reflect.domain.dates import iso, now_utc, stored_time
from reflect.domain.entry_filter import EntryFilter
from reflect.domain.models import Entry
from reflect.errors import JournalError, NotFound, UsageError, ValidationError
from reflect.store.casework import CaseworkStore
from reflect.store.connection import APPLICATION_ID, db_errors, is_encrypted
from reflect.store.entries import EntryReader
from reflect.store.lazydb import LazyDatabase, migrations_stamp, real_database
from reflect.store.privacy import PrivacyStore
from reflect.store.search import SearchMixin, entry_search_text, require_fts5
from reflect.store.supervision import SupervisionStore

if TYPE_CHECKING:
    from sqlite_utils import Database

    from reflect.store.charts import ChartQueries
    from reflect.store.entry_rows import EntryRows
    from reflect.store.patterns import PatternQueries
    from reflect.store.practice import PracticeQueries
    from reflect.store.records import RecordsQueries
    from reflect.store.trends import TrendQueries


def connect(path: Path) -> sqlite3.Connection:
    if is_encrypted(path):
        from reflect.store.privacy import connect_encrypted

        return connect_encrypted(path)
    conn = sqlite3.connect(str(path), timeout=10.0)
    conn.row_factory = None
    return conn


@dataclass
class Draft:
    id: str
    pack: str
    state: dict[str, Any]
    created_at: datetime
    updated_at: datetime
    client: str | None = None
    entry_id: str | None = None  # set when the draft edits an existing entry
    saved: bool = True  # False until the first save_draft of a draft made with save=False


@dataclass
class ImportCounts:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    conflicting: int = 0
    conflicts: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, int]:
        return {k: getattr(self, k) for k in ("added", "updated", "unchanged", "conflicting")}


class Journal(CaseworkStore, SupervisionStore, PrivacyStore, SearchMixin):
    """One open journal. Its parts are repositories (`journal.entries`, `journal.patterns`, ...), each built, and
    its module imported, the first time it is used: `reflect list` never loads the pattern tallies, the practice
    vignettes or the chart rows (start-up is most of a short command's time; docs/architecture.md)."""

    def __init__(self, db: Database, path: Path) -> None:
        self.db = db
        self.path = path
        self.entries = EntryReader(db)

    @cached_property
    def patterns(self) -> PatternQueries:
        from reflect.store.patterns import PatternQueries

        return PatternQueries(self.db, self.write, self.supervision_questions)

    @cached_property
    def trends(self) -> TrendQueries:
        from reflect.store.trends import TrendQueries

        return TrendQueries(self.db)

    @cached_property
    def charts(self) -> ChartQueries:
        from reflect.store.charts import ChartQueries

        return ChartQueries(self.db)

    @cached_property
    def records(self) -> RecordsQueries:
        from reflect.store.records import RecordsQueries

        return RecordsQueries(self.db, self.write)

    @cached_property
    def practice(self) -> PracticeQueries:
        from reflect.store.practice import PracticeQueries

        return PracticeQueries(self.db, self.write)

    # --- opening ----------------------------------------------------------------------------------------------------

    @classmethod
    def open(cls, paths: Paths, *, create: bool = True) -> Journal:
        os.umask(0o077)  # every file we create (db, -wal, -shm, exports) is owner-only
        path = paths.journal
        from reflect.store.journal_file import check_path, create_atomically

        if not check_path(path):  # a FIFO, folder, empty file or a lost journal is an error here, never opened
            if not create:
                raise NotFound(f"there is no journal at {path} yet.", "Run `reflect new` to write the first entry.")
            ensure_private_dir(paths.home)
            try:
                create_atomically(path, _new_plain_journal)  # False: a concurrent first run made it; use that one
            except OSError as exc:
                raise JournalError(f"cannot create the journal at {path} ({exc.strerror}).") from None
        elif not os.access(path.parent, os.W_OK) or not os.access(path, os.R_OK):
            raise JournalError(
                f"cannot use the journal at {path}: its folder or file is not writable.",
                "Check the permissions of the journal folder.",
            )
        conn = connect(path)
        # sqlite_utils is imported only if something needs more than SQL (lazydb.py says why).
        journal = cls(cast("Database", LazyDatabase(conn)), path)
        journal._configure()
        require_fts5(conn)
        journal._migrate()
        return journal

    def _configure(self) -> None:
        try:
            self.db.execute("SELECT count(*) FROM sqlite_master").fetchall()  # raises here for a foreign or bad file
            app_id = self.db.execute("PRAGMA application_id").fetchone()[0]
        except db_errors() as exc:
            from reflect.errors import database_error_message

            if isinstance(self.db.conn, sqlite3.Connection) and getattr(exc, "sqlite_errorname", "") == "SQLITE_NOTADB":
                # Opened without a passphrase: a passphrase cannot be what is wrong.
                hint = "Check REFLECT_HOME; `reflect restore BACKUP` brings back a backup."
                raise JournalError(f"{self.path} is not a reflect journal (not an SQLite database).", hint) from None
            raise (database_error_message(exc) or JournalError("the journal cannot be read.")) from None
        if app_id not in (0, APPLICATION_ID) or (app_id == 0 and self._has_foreign_tables()):
            raise JournalError(f"{self.path} is an SQLite database, but not a reflect journal.")
        # temp_store=MEMORY: sorts and VACUUM never spill journal content into plaintext files in /tmp.
        # recursive_triggers=ON, as sqlite_utils sets it whenever it is loaded: a row that INSERT OR REPLACE replaces
        # fires its delete triggers in every process, so the counts triggers keep (m051, m070, m071) never drift.
        for pragma in (
            "foreign_keys=ON",
            "recursive_triggers=ON",
            "busy_timeout=10000",
            "synchronous=NORMAL",
            "secure_delete=ON",
            "temp_store=MEMORY",
        ):
            self.db.execute(f"PRAGMA {pragma}")
        if self.db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            self.db.execute("PRAGMA journal_mode=WAL")

    def _has_foreign_tables(self) -> bool:
        names = set(self.db.table_names())
        return bool(names) and "_sqlite_migrations" not in names

    def _migrate(self) -> None:
        stamp = migrations_stamp()
        if stamp is not None and self.db.execute("PRAGMA user_version").fetchone()[0] == stamp[0]:
            applied_count = self.db.execute(
                "SELECT count(*) FROM _sqlite_migrations WHERE migration_set = 'reflect'"
            ).fetchone()[0]
            if applied_count == stamp[1]:
                return  # last migrated by exactly these migrations: nothing to check (lazydb.py)
        from reflect.store.migrations import migrations

        db = real_database(self.db)
        known = {m.name for m in migrations._migrations}
        applied = {m.name for m in migrations.applied(db)}
        if applied - known:
            raise JournalError("this journal was written by a newer version of reflect.", "Upgrade reflect to open it.")
        # IMMEDIATE: two first-runs at once must not both apply the same migration.
        try:
            with self.write():
                if migrations.pending(db):
                    migrations.apply(db)
                if stamp is not None:
                    self.db.execute(f"PRAGMA user_version = {int(stamp[0])}")
        except db_errors() as exc:
            # Rolled back, so the file is as it was. A damaged migrations table makes an old journal look new
            # ("table clients already exists"): that is damage, not "an unexpected problem".
            from reflect.errors import database_error_message

            raise (
                database_error_message(exc)
                or JournalError(
                    "the journal could not be brought up to date for this version of reflect; nothing was changed.",
                    "Run `reflect doctor`, then `reflect restore BACKUP` from your latest backup if it reports damage.",
                )
            ) from None

    def close(self) -> None:
        self.db.conn.close()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def write(self) -> Iterator[None]:
        """One atomic write: BEGIN IMMEDIATE ... COMMIT, rolled back on any exception."""
        conn = self.db.conn
        if conn.in_transaction:  # nested: a savepoint, as sqlite_utils' atomic() makes, without importing it
            # One name serves every level: SQLite's ROLLBACK TO and RELEASE act on the newest savepoint of that name.
            conn.execute("SAVEPOINT reflect_write")
            try:
                yield
            except BaseException:
                if conn.in_transaction:  # a RAISE(ROLLBACK) trigger may already have ended the whole transaction
                    conn.execute("ROLLBACK TO SAVEPOINT reflect_write")
                    conn.execute("RELEASE SAVEPOINT reflect_write")
                raise
            else:
                conn.execute("RELEASE SAVEPOINT reflect_write")
            return
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.conn.rollback()
            raise
        else:
            self.db.conn.commit()

    def schema_version(self) -> str:
        from reflect.store.migrations import migrations

        applied = migrations.applied(real_database(self.db))
        return applied[-1].name if applied else "none"

    # --- clients ----------------------------------------------------------------------------------------------------

    def ensure_client(self, code: str) -> None:
        self.db.execute(
            "INSERT INTO clients (code, created_at) VALUES (?, ?) ON CONFLICT(code) DO NOTHING", [code, iso(now_utc())]
        )

    def client_codes(self) -> list[str]:
        return [row[0] for row in self.db.execute("SELECT code FROM clients ORDER BY code")]

    def clients_summary(self) -> list[dict[str, Any]]:
        sql = """
            SELECT c.code AS client, count(e.id) AS sessions, min(e.session_at) AS first_session,
                   max(e.session_at) AS last_session, c.closed_on AS closed_on
            FROM clients c LEFT JOIN entries e ON e.client = c.code
            GROUP BY c.code ORDER BY max(e.session_at) DESC, c.code
        """
        return [dict(row) for row in self.db.query(sql)]

    def open_clients_by_recency(self) -> list[str]:
        """The codes of clients not closed, the latest session first (then by code): what the interview offers. One
        index search per client (entries_by_client), never a scan of every entry as clients_summary's counts need."""
        sql = """
            SELECT code FROM clients WHERE closed_on IS NULL
            ORDER BY (SELECT max(session_at) FROM entries WHERE client = code) DESC, code
        """
        return [row[0] for row in self.db.execute(sql)]

    def next_session_number(self, client: str) -> int:
        row = self.db.execute(
            "SELECT coalesce(max(session_number), count(*), 0) FROM entries WHERE client = ?", [client]
        ).fetchone()
        return int(row[0] or 0) + 1

    # --- entries: writing -------------------------------------------------------------------------------------------

    def save_entry(self, entry: Entry) -> None:
        """Insert or replace one entry and all its parts, atomically."""
        with self.write():
            self.ensure_client(entry.client)
            self._delete_children(entry.id)
            self.db.execute("DELETE FROM entries WHERE id = ?", [entry.id])
            self._insert_entry(entry)

    def _insert_entry(self, e: Entry) -> None:
        rows = self._entry_rows()
        rows.add(e, iso(now_utc()), self._facts_row(e), entry_search_text(e, self._answer_privacy))
        rows.write(self.db.conn)

    def _entry_rows(self) -> EntryRows:
        from reflect.store.entry_rows import EntryRows
        from reflect.store.facts import FACTS_SQL
        from reflect.store.search import INSERT_FTS

        return EntryRows(FACTS_SQL, INSERT_FTS)

    def _facts_row(self, e: Entry) -> list[Any]:
        """The values of FACTS_SQL for one entry, written with the entry (the pattern analysis reads them)."""
        from reflect.store.facts import facts_row

        return facts_row(e)

    def _delete_children(self, entry_id: str) -> None:
        # ON DELETE CASCADE would do this, but only with foreign_keys=ON; be explicit so it never depends on a pragma.
        self._unindex_entry(entry_id)
        self.db.execute(
            "DELETE FROM rupture_markers WHERE rupture_id IN (SELECT id FROM ruptures WHERE entry_id = ?)", [entry_id]
        )
        self.db.execute(
            "DELETE FROM rupture_strategies WHERE rupture_id IN (SELECT id FROM ruptures WHERE entry_id = ?)",
            [entry_id],
        )
        for table in CHILD_TABLES:
            self.db.execute(f"DELETE FROM {table} WHERE entry_id = ?", [entry_id])

    def delete_entry(self, entry_id: str) -> None:
        with self.write():
            self._delete_children(entry_id)
            self.db.execute("DELETE FROM drafts WHERE entry_id = ?", [entry_id])
            self.db.execute("DELETE FROM entries WHERE id = ?", [entry_id])

    # --- entries: reading (store/entries.py) ------------------------------------------------------------------------

    def resolve_id(self, prefix: str) -> str:
        return self.entries.resolve_id(prefix)

    def get_entry(self, entry_id: str) -> Entry:
        return self.entries.get_entry(entry_id)

    def load_entries(self, ids: list[str]) -> list[Entry]:
        return self.entries.load(ids)

    def count_entries(self, flt: EntryFilter | None = None) -> int:
        return self.entries.count_entries(flt)

    def entry_ids(self, flt: EntryFilter, *, newest_first: bool = True, offset: int = 0) -> list[str]:
        return self.entries.entry_ids(flt, newest_first=newest_first, offset=offset)

    def list_entries(self, flt: EntryFilter, *, newest_first: bool = True) -> list[Entry]:
        return self.entries.list_entries(flt, newest_first=newest_first)

    def iter_entries(self, flt: EntryFilter | None = None, *, newest_first: bool = False) -> Iterator[Entry]:
        return self.entries.iter_entries(flt, newest_first=newest_first)

    def previous_entry(self, client: str, before: datetime) -> Entry | None:
        return self.entries.previous_entry(client, before)

    def entry_at(self, client: str, session_at: datetime, *, other_than: str | None = None) -> str | None:
        """The id of an entry already written for this client at this session time (a second one is likely a slip)."""
        row = self.db.execute(
            "SELECT id FROM entries WHERE client = ? AND session_at = ? AND id IS NOT ? ORDER BY id LIMIT 1",
            [client, iso(session_at), other_than],
        ).fetchone()
        return row[0] if row else None

    def tags(self) -> list[tuple[str, int]]:
        return self.entries.tags()

    # --- periods and trends (store/trends.py) -----------------------------------------------------------------------

    def period_summary(self, flt: EntryFilter) -> tuple[int, int, date | None, date | None]:
        return self.trends.period_summary(flt)

    def recent_clients(self, flt: EntryFilter, limit: int) -> list[str]:
        return self.trends.recent_clients(flt, limit)

    def pull_grid(
        self, clients: list[str], flt: EntryFilter, last: int = 12
    ) -> dict[str, list[tuple[int | None, set[str]]]]:
        return self.trends.pull_grid(clients, flt, last)

    def intensity_by_week(self, flt: EntryFilter) -> list[tuple[date, int, float | None]]:
        return self.trends.intensity_by_week(flt)

    def recent_intensity(self, client: str, flt: EntryFilter, last: int = 12) -> list[int | None]:
        return self.trends.recent_intensity(client, flt, last)

    # --- drafts -----------------------------------------------------------------------------------------------------

    def new_draft(self, pack: str, *, client: str | None = None, entry_id: str | None = None,
                  state: dict[str, Any] | None = None, save: bool = True) -> Draft:  # fmt: skip
        """A new draft; with save=False it is written by its first save_draft (the first answer), so an interview
        stopped before any answer leaves nothing behind."""
        now = now_utc()
        draft = Draft(str(uuid.uuid4()), pack, state or {}, now, now, client, entry_id, saved=save)
        if not save:
            return draft
        self.db.execute(
            "INSERT INTO drafts (id, entry_id, pack, client, state, created_at, updated_at) VALUES (?,?,?,?,?,?,?)",
            [draft.id, entry_id, pack, client, _dump(draft.state), iso(now), iso(now)],
        )
        return draft

    def save_draft(self, draft: Draft) -> None:
        """Persist a draft's state (the first time, the draft itself); autocommitted on its own so an answer is on
        disk the moment it is given."""
        draft.updated_at = now_utc()
        self.db.execute(
            "INSERT INTO drafts (id, entry_id, pack, client, state, created_at, updated_at) VALUES (?,?,?,?,?,?,?) "
            "ON CONFLICT (id) DO UPDATE SET state = excluded.state, client = excluded.client, pack = excluded.pack, "
            "updated_at = excluded.updated_at",
            [draft.id, draft.entry_id, draft.pack, draft.client, _dump(draft.state), iso(draft.created_at),
             iso(draft.updated_at)],
        )  # fmt: skip
        draft.saved = True

    def drafts(self) -> list[Draft]:
        return [_draft(row) for row in self.db.query("SELECT * FROM drafts ORDER BY updated_at DESC")]

    def get_draft(self, prefix: str) -> Draft:
        value = prefix.strip().lower()
        if len(value) < 4:
            raise UsageError("a draft id needs at least 4 characters (see `reflect drafts`).")
        rows = list(self.db.query("SELECT * FROM drafts WHERE id >= ? AND id < ? LIMIT 2", [value, value + "\uffff"]))
        if not rows:
            raise NotFound(f"no draft with id {value}.")
        if len(rows) > 1:
            raise UsageError(f"the id {value} matches more than one draft; give more characters.")
        return _draft(rows[0])

    def delete_draft(self, draft_id: str) -> None:
        self.db.execute("DELETE FROM drafts WHERE id = ?", [draft_id])

    def finish_draft(self, draft: Draft, entry: Entry) -> None:
        """Save the entry and drop its draft in one transaction: never both, never neither."""
        with self.write():
            self.save_entry(entry)
            self.delete_draft(draft.id)

    # --- import -----------------------------------------------------------------------------------------------------

    def import_entries(
        self, entries: Iterable[Entry], *, event_groups: dict[str, tuple[str, ...]] | None = None
    ) -> ImportCounts:
        """Merge entries by id in one transaction: a newer updated_at wins; an error anywhere writes nothing.

        New entries, the bulk of most imports, are written in batches (store.entry_rows). An entry already in the
        journal is merged on its own. Two entries of one file with the same id are refused (`entries` is numbered as
        the file's entries). With the pattern report's `event_groups`, the kept per-client pattern results of the
        clients written are recomputed in the same transaction (PatternQueries.refresh_kept_results)."""
        from reflect.store.entry_rows import BATCH

        counts = ImportCounts()
        pending: dict[str, tuple[int, Entry]] = {}  # id -> (its number in the file, the entry)
        now = iso(now_utc())
        conn = self.db.conn

        def flush() -> None:
            ids = list(pending)
            marks = ",".join("?" * len(ids))
            for found, earlier in conn.execute(f"SELECT id, number FROM import_ids WHERE id IN ({marks})", ids):
                raise _used_twice(pending[found][0], found, earlier)
            conn.executemany("INSERT INTO import_ids (id, number) VALUES (?, ?)",
                             [(i, number) for i, (number, _) in pending.items()])  # fmt: skip
            taken = {r[0] for r in conn.execute(f"SELECT id FROM entries WHERE id IN ({marks})", ids)}
            rows = self._entry_rows()
            for _, entry in pending.values():
                if entry.id not in taken:
                    rows.add(entry, now, self._facts_row(entry), entry_search_text(entry, self._answer_privacy))
            rows.write(conn)
            counts.added += len(rows)
            for _, entry in pending.values():
                if entry.id in taken:
                    self._merge_entry(entry, counts)
            pending.clear()

        with self.write():
            # Which entry of the file first used each id, kept in the journal's own file for the length of the
            # transaction and dropped before it commits: held in Python (or in a TEMP table, which temp_store=MEMORY
            # keeps in memory) it grew with the file, 13 MB at 100,000 entries.
            conn.execute("CREATE TABLE import_ids (id TEXT PRIMARY KEY, number INTEGER NOT NULL) WITHOUT ROWID")
            for number, entry in enumerate(entries, 1):
                if entry.id in pending:
                    raise _used_twice(number, entry.id, pending[entry.id][0])
                pending[entry.id] = (number, entry)
                if len(pending) >= BATCH:
                    flush()
            if pending:
                flush()
            conn.execute("DROP TABLE import_ids")
            if event_groups is not None and (counts.added or counts.updated):
                self.patterns.refresh_kept_results(event_groups)
        return counts

    def _merge_entry(self, entry: Entry, counts: ImportCounts) -> None:
        """An imported entry whose id is in the journal already: a newer updated_at wins; older or tied is a clash."""
        from reflect.domain.models import entry_to_dict

        existing = self.get_entry(entry.id)
        if entry_to_dict(existing) == entry_to_dict(entry):
            counts.unchanged += 1
        elif entry.updated_at > existing.updated_at:
            self.ensure_client(entry.client)
            self._delete_children(entry.id)
            self.db.execute("DELETE FROM entries WHERE id = ?", [entry.id])
            self._insert_entry(entry)
            counts.updated += 1
        else:
            counts.conflicting += 1  # ours is as new or newer: keep it, report the clash
            counts.conflicts.append(entry.id)

    # --- facts about the journal ------------------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        one = lambda sql: self.db.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "entries": one("SELECT count(*) FROM entries"),
            "clients": one("SELECT count(*) FROM clients"),
            "drafts": one("SELECT count(*) FROM drafts"),
            "open_supervision_questions": one("SELECT count(*) FROM supervision_questions WHERE status = 'open'"),
        }

    def integrity_problems(self) -> list[str]:
        rows = [r[0] for r in self.db.execute("PRAGMA integrity_check")]
        return [] if rows == ["ok"] else rows


CHILD_TABLES = (
    "entry_events", "entry_markers", "entry_feelings", "entry_body", "entry_urges", "entry_pulls", "entry_triggers",
    "entry_management", "entry_tags", "ruptures", "supervision_questions", "entry_facts",
)  # fmt: skip


def _used_twice(number: int, entry_id: str, earlier: int) -> ValidationError:
    # Not an edit of a journal entry: two records of one file claim one id.
    return ValidationError(f"entry {number}: id {entry_id} is already used by entry {earlier} of this file; each entry "
                           "needs its own id. Nothing was imported.")  # fmt: skip


def _dump(state: dict[str, Any]) -> str:
    return json.dumps(state, ensure_ascii=False, default=str)


def _draft(row: dict[str, Any]) -> Draft:
    return Draft(
        id=row["id"],
        pack=row["pack"],
        state=json.loads(row["state"]),
        created_at=stored_time(row["created_at"]),
        updated_at=stored_time(row["updated_at"]),
        client=row["client"],
        entry_id=row["entry_id"],
    )


def _new_plain_journal(path: Path) -> None:
    conn = sqlite3.connect(str(path))
    try:
        conn.execute("PRAGMA journal_mode = WAL")  # writes the header: the file is never an empty journal
    finally:
        conn.close()
