"""Full-text search: the FTS5 index `entries_fts` and the queries over it (a mixin of `store.Journal`).

Design, and why it is not triggers:
- One FTS5 row per entry, holding every free-text field in its own column. `private` holds `resonance` and private
  free answers; a search without --include-private puts a column filter on the query that leaves it out, and its
  snippets are only ever computed from the public columns.
- The row is written by `_index_entry()` inside `Journal._insert_entry()` and removed by `_unindex_entry()` inside
  `Journal._delete_children()`. Every way an entry is written or removed (save, edit, delete, import, finishing a
  draft) passes through those two, in the caller's transaction, so the index commits or rolls back with the entry.
  Triggers were the alternative, and worse here: an entry's text lives in three tables (entries, ruptures,
  supervision_questions) and is written as one entry plus child rows, so child triggers would re-index an entry once per
  child row; which free answers are private is known only from the prompt packs (Python, not SQL); and sqlite-utils'
  `transform()` silently drops triggers (tech notes), after which new rows would go unindexed without any error.
- FTS rows are keyed by `search_docs.docid`, an INTEGER PRIMARY KEY mapped to the entry's UUID. The `entries` table has
  a TEXT key, and its implicit rowid may be renumbered by VACUUM; an explicit INTEGER PRIMARY KEY never is.
- Code that changes an entry's free text without going through `_insert_entry` must call `_index_entry` itself;
  `search_index_problems()` (used by the tests, and available to `doctor`) finds any drift, and
  `rebuild_search_index()` repairs it.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reflect.errors import JournalError, UsageError
from reflect.store.entries import where_clause

if TYPE_CHECKING:
    from sqlite_utils import Database

    from reflect.domain.entry_filter import EntryFilter
    from reflect.domain.models import Entry
    from reflect.domain.search_hits import SearchHit
    from reflect.privacy.private_answers import AnswerPrivacy

# Column order of entries_fts (the migration creates them in this order; snippet() addresses them by position).
FTS_COLUMNS = ("observed", "interpretation", "experiment", "notes", "supervision", "answers", "private")
PUBLIC_COLUMNS = FTS_COLUMNS[:-1]
# Sentinels around highlighted words in snippets: control characters, which clean_text() strips from stored text, so
# they can only come from snippet() itself.
SNIPPET_TOKENS = 12
INSERT_FTS = f"INSERT INTO entries_fts (rowid, {', '.join(FTS_COLUMNS)}) VALUES (?{', ?' * len(FTS_COLUMNS)})"


def index_entry(conn: sqlite3.Connection, entry: Entry, privacy: AnswerPrivacy) -> None:
    """Add one entry's search row (its old row, if any, must be gone)."""
    docid = conn.execute("INSERT INTO search_docs (entry_id) VALUES (?)", [entry.id]).lastrowid
    conn.execute(INSERT_FTS, [docid, *entry_search_text(entry, privacy)])


def fts5_available(conn: sqlite3.Connection) -> bool:
    try:
        if conn.execute("SELECT sqlite_compileoption_used('ENABLE_FTS5')").fetchone()[0]:
            return True
        conn.execute("CREATE VIRTUAL TABLE temp.reflect_fts5_probe USING fts5(x)")
        conn.execute("DROP TABLE temp.reflect_fts5_probe")
        return True
    except sqlite3.Error:
        return False


def require_fts5(conn: sqlite3.Connection) -> None:
    if not fts5_available(conn):
        raise JournalError(
            "this Python's SQLite was built without FTS5, which reflect needs for search.",
            "Use a Python whose sqlite3 module has FTS5 (python.org and most Linux builds do).",
        )


def create_search_index(db: Database) -> None:
    """DDL for the index (called by migration m030)."""
    db.execute("CREATE TABLE search_docs (docid INTEGER PRIMARY KEY, entry_id TEXT NOT NULL UNIQUE)")
    columns = ", ".join(FTS_COLUMNS)
    # porter: 'rescue' finds 'rescuing'; remove_diacritics: 'naive' finds 'naïve'.
    db.execute(
        f"CREATE VIRTUAL TABLE entries_fts USING fts5({columns}, tokenize = 'porter unicode61 remove_diacritics 2')"
    )


def entry_search_text(entry: Entry, privacy: AnswerPrivacy) -> tuple[str, ...]:
    """The values of FTS_COLUMNS for one entry."""
    from reflect.privacy.private_answers import answer_text

    public, private = privacy.split(entry)
    notes = [entry.experiment_followup.note] if entry.experiment_followup and entry.experiment_followup.note else []
    notes += [r.note for r in entry.ruptures if r.note]
    private_text = [entry.resonance] if entry.resonance else []
    if private:
        private_text.append(answer_text(private))
    return (
        entry.observed or "",
        entry.interpretation or "",
        entry.experiment or "",
        "\n".join(notes),
        "\n".join(q.question for q in entry.supervision),
        answer_text(public),
        "\n".join(private_text),
    )


class SearchMixin:
    db: Database
    path: Path

    # --- keeping the index in step ----------------------------------------------------------------------------------

    @property
    def _answer_privacy(self) -> AnswerPrivacy:
        cached = getattr(self, "_answer_privacy_cache", None)
        if cached is None:
            from reflect.privacy.private_answers import AnswerPrivacy

            cached = AnswerPrivacy(self.path.parent / "prompts")
            self._answer_privacy_cache = cached
        return cached

    def _index_entry(self, entry: Entry) -> None:
        index_entry(self.db.conn, entry, self._answer_privacy)

    def _unindex_entry(self, entry_id: str) -> None:
        conn = self.db.conn
        row = conn.execute("SELECT docid FROM search_docs WHERE entry_id = ?", [entry_id]).fetchone()
        if row is None:
            return
        conn.execute("DELETE FROM entries_fts WHERE rowid = ?", [row[0]])
        conn.execute("DELETE FROM search_docs WHERE docid = ?", [row[0]])

    def rebuild_search_index(self) -> int:
        """Re-create every FTS row from the entries (after a repair, or to fix drift); returns the entries indexed."""
        from reflect.domain.entry_filter import EntryFilter

        with self.write():  # type: ignore[attr-defined]
            self.db.execute("DELETE FROM entries_fts")
            self.db.execute("DELETE FROM search_docs")
            count = 0
            for entry in self.iter_entries(EntryFilter()):  # type: ignore[attr-defined]
                self._index_entry(entry)
                count += 1
        return count

    def search_index_problems(self) -> list[str]:
        """Differences between the index and what the entries say it should hold (empty when in step)."""
        from reflect.domain.entry_filter import EntryFilter
        from reflect.store.connection import db_errors

        try:
            self.db.execute("INSERT INTO entries_fts(entries_fts) VALUES('integrity-check')")
        except db_errors() as exc:
            return [f"the search index is damaged ({getattr(exc, 'sqlite_errorname', 'error')})"]
        problems: list[str] = []
        indexed: dict[str, tuple[Any, ...]] = {}
        for row in self.db.execute(
            f"SELECT d.entry_id, {', '.join('f.' + c for c in FTS_COLUMNS)} "
            "FROM search_docs d LEFT JOIN entries_fts f ON f.rowid = d.docid"
        ):
            indexed[row[0]] = tuple(row[1:])
        orphans = self.db.execute(
            "SELECT count(*) FROM entries_fts WHERE rowid NOT IN (SELECT docid FROM search_docs)"
        ).fetchone()[0]
        if orphans:
            problems.append(f"{orphans} search rows belong to no entry")
        for entry in self.iter_entries(EntryFilter()):  # type: ignore[attr-defined]
            have = indexed.pop(entry.id, None)
            if have is None:
                problems.append(f"entry {entry.id} is not in the search index")
            elif have != entry_search_text(entry, self._answer_privacy):
                problems.append(f"entry {entry.id} is indexed with out-of-date text")
        problems += [f"the search index has a row for missing entry {eid}" for eid in indexed]
        return problems

    # --- searching --------------------------------------------------------------------------------------------------

    def search(
        self, query: str, flt: EntryFilter, *, include_private: bool = False, limit: int = 20
    ) -> tuple[list[SearchHit], int]:
        """The best `limit` matches for a user's query (bm25), with snippets, and the total number of matches."""
        from reflect.domain.search_query import fts_expression

        expr = fts_expression(query)
        if not include_private:
            expr = "{" + " ".join(PUBLIC_COLUMNS) + "} : (" + expr + ")"
        where, params = where_clause(flt)
        try:
            if where:
                filters = where.replace("WHERE ", "AND ", 1)
                base = (
                    "FROM entries_fts JOIN search_docs d ON d.docid = entries_fts.rowid "
                    f"JOIN entries e ON e.id = d.entry_id WHERE entries_fts MATCH ? {filters}"
                )
                total = self.db.execute(f"SELECT count(*) {base}", [expr, *params]).fetchone()[0]
                top = self.db.execute(
                    f"SELECT entries_fts.rowid, d.entry_id, bm25(entries_fts) AS score {base} "
                    "ORDER BY score, e.session_at DESC LIMIT ?",
                    [expr, *params, limit],
                ).fetchall()
            else:
                # No filters: count and rank inside the FTS index alone, then look up only the rows shown. Joining
                # every match to its entry first made a word found in most entries several times slower.
                total = self.db.execute(
                    "SELECT count(*) FROM entries_fts WHERE entries_fts MATCH ?", [expr]
                ).fetchone()[0]
                ranked = self.db.execute(
                    "SELECT rowid, bm25(entries_fts) AS score FROM entries_fts WHERE entries_fts MATCH ? "
                    "ORDER BY score, rowid DESC LIMIT ?",
                    [expr, limit],
                ).fetchall()
                ids = (
                    dict(
                        self.db.execute(
                            f"SELECT docid, entry_id FROM search_docs WHERE docid IN ({','.join('?' * len(ranked))})",
                            [r[0] for r in ranked],
                        ).fetchall()
                    )
                    if ranked
                    else {}
                )
                top = [(docid, ids[docid], score) for docid, score in ranked if docid in ids]
            # Snippets only for the rows shown.
            snippets = self._snippets(expr, [r[0] for r in top], include_private)
        except sqlite3.OperationalError as exc:
            # fts_expression() only emits valid syntax; this is a last line of defence, and never shows the query.
            from reflect.errors import database_error_message

            if database_error_message(exc) is not None:
                raise  # locked, damaged, ...: the error boundary explains those
            raise UsageError("the search could not be understood; put unusual words in double quotes.") from None
        from reflect.domain.search_hits import SearchHit

        hits = [SearchHit(eid, score, *snippets.get(docid, ("", ""))) for docid, eid, score in top]
        return hits, total

    def _snippets(self, expr: str, docids: list[int], include_private: bool) -> dict[int, tuple[str, str]]:
        if not docids:
            return {}
        columns = FTS_COLUMNS if include_private else PUBLIC_COLUMNS
        calls = ", ".join(f"snippet(entries_fts, {FTS_COLUMNS.index(c)}, ?, ?, ?, {SNIPPET_TOKENS})" for c in columns)
        from reflect.domain.search_hits import ELLIPSIS, HIGHLIGHT_END, HIGHLIGHT_START

        args: list[Any] = [HIGHLIGHT_START, HIGHLIGHT_END, ELLIPSIS] * len(columns)
        rows = self.db.execute(
            f"SELECT rowid, {calls} FROM entries_fts WHERE entries_fts MATCH ? "
            f"AND rowid IN ({','.join('?' * len(docids))})",
            [*args, expr, *docids],
        ).fetchall()
        result: dict[int, tuple[str, str]] = {}
        for row in rows:
            # The column with the most highlighted words gives the snippet; ties go to the earlier (more central) one.
            best = max(range(len(columns)), key=lambda i: (row[1 + i].count(HIGHLIGHT_START), -i))
            text = row[1 + best]
            if HIGHLIGHT_START not in text:
                text = ""
            result[row[0]] = (columns[best], _tidy(text))
        return result


_SPACES = re.compile(r"\s+")


def _tidy(snippet: str) -> str:
    """One line: the snippet is shown under the entry's header, so its own line breaks only waste rows."""
    return _SPACES.sub(" ", snippet).strip()
