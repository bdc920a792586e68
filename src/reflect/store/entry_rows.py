"""An entry as table rows, gathered by statement so that many entries are written with one `executemany` each.

Saving one entry and importing 100,000 go through the same rows: `Journal._insert_entry` writes a batch of one, and
`Journal.import_entries` batches of `BATCH` new entries. Per-statement overhead (sqlite3's execute, a Python call per
row) was most of an import's time beside SQLite's own work; grouped, it is paid once per batch and table.

Ruptures and search rows need integer keys their child rows refer to. Inside the write transaction the next key is
max + 1, which is also what SQLite itself picks for an INTEGER PRIMARY KEY, so the batch numbers them itself.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from reflect.domain import vocab
from reflect.domain.dates import iso
from reflect.errors import ValidationError

if TYPE_CHECKING:
    from reflect.domain.models import Entry

BATCH = 500  # entries per batch on import: the gain levels off above a few hundred; memory stays a few MB

INSERT_ENTRY = """INSERT INTO entries (id, client, session_at, session_number, modality, pack, pattern, confidence,
       observed, interpretation, intensity, resonance, stance, experiment, followup_tried, followup_note,
       flagged, answers, created_at, updated_at)
   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"""
INSERT_RUPTURE = """INSERT INTO ruptures (id, entry_id, position, type, trigger, intensity, metacommunication, resolved,
       note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"""
INSERT_QUESTION = """INSERT INTO supervision_questions (id, entry_id, position, question, eye, want, status, status_at)
   VALUES (?, ?, ?, ?, ?, ?, ?, ?)"""
INSERT_CLIENT = "INSERT INTO clients (code, created_at) VALUES (?, ?) ON CONFLICT(code) DO NOTHING"
INSERT_SEARCH_DOC = "INSERT INTO search_docs (docid, entry_id) VALUES (?, ?)"
# Child tables whose rows are (entry id, value), by the Entry attribute that holds the values.
_PAIRS = {
    "events": "entry_events", "body": "entry_body", "pulls": "entry_pulls", "triggers": "entry_triggers",
    "management": "entry_management", "tags": "entry_tags",
}  # fmt: skip


class EntryRows:
    """Rows of one or more entries, by statement, in the order they must be written."""

    def __init__(self, facts_sql: str, fts_sql: str) -> None:
        self.facts_sql = facts_sql
        self.fts_sql = fts_sql
        self.rows: dict[str, list[Any]] = defaultdict(list)
        self.ruptures: list[tuple[Any, ...]] = []  # (entry id, position, rupture) until keys are given
        self.search: list[tuple[str, tuple[str, ...]]] = []
        self.question_ids: dict[str, str] = {}  # question id -> entry id, to refuse one reused within the batch

    def __len__(self) -> int:
        return len(self.rows[INSERT_ENTRY])

    def add(self, e: Entry, created_at: str, facts: list[Any], search_text: tuple[str, ...]) -> None:
        """One entry's rows; `created_at` is the client's, should this entry be its first."""
        p = e.presentation
        rows = self.rows
        rows[INSERT_CLIENT].append((e.client, created_at))
        rows[INSERT_ENTRY].append((
            e.id, e.client, iso(e.session_at), e.session_number, e.modality, e.pack, p.pattern if p else None,
            p.confidence if p else None, e.observed, e.interpretation, e.intensity, e.resonance, e.stance,
            e.experiment, e.experiment_followup.tried if e.experiment_followup else None,
            e.experiment_followup.note if e.experiment_followup else None, int(e.flagged),
            json.dumps(dict(e.answers), ensure_ascii=False), iso(e.created_at), iso(e.updated_at),
        ))  # fmt: skip
        for attribute, table in _PAIRS.items():
            values = getattr(e, attribute)
            if values:
                rows[f"INSERT INTO {table} VALUES (?, ?)"].extend((e.id, v) for v in values)
        if p and p.markers:
            rows["INSERT INTO entry_markers VALUES (?, ?)"].extend((e.id, m) for m in p.markers)
        if e.feelings:
            rows["INSERT INTO entry_feelings VALUES (?, ?, ?, ?)"].extend(
                (e.id, w, vocab.feeling_family(w), r) for w, r in e.feelings.items()
            )
        if e.urges:
            rows["INSERT INTO entry_urges VALUES (?, ?, ?)"].extend((e.id, u.urge, int(u.enacted)) for u in e.urges)
        self.ruptures.extend((e.id, position, r) for position, r in enumerate(e.ruptures))
        for i, q in enumerate(e.supervision):
            if self.question_ids.setdefault(q.id, e.id) != e.id:
                raise _question_taken(e.id, i)
            rows[INSERT_QUESTION].append(
                (q.id, e.id, i, q.question, q.eye, q.want, q.status, iso(q.status_at) if q.status_at else None)
            )
        rows[self.facts_sql].append(facts)
        self.search.append((e.id, search_text))

    def write(self, conn: sqlite3.Connection) -> None:
        """Insert every row gathered (inside the caller's transaction); a question id another entry holds is refused."""
        self._check_question_ids(conn)
        if self.ruptures:
            next_id = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM ruptures").fetchone()[0]
            for rid, (entry_id, position, r) in enumerate(self.ruptures, next_id):
                self.rows[INSERT_RUPTURE].append((rid, entry_id, position, r.type, r.trigger, r.intensity,
                                                  int(r.metacommunication), r.resolved, r.note))  # fmt: skip
                self.rows["INSERT INTO rupture_markers VALUES (?, ?)"].extend((rid, m) for m in r.markers)
                self.rows["INSERT INTO rupture_strategies VALUES (?, ?)"].extend((rid, s) for s in r.strategies)
        if self.search:
            next_doc = conn.execute("SELECT coalesce(max(docid), 0) + 1 FROM search_docs").fetchone()[0]
            numbered = list(enumerate(self.search, next_doc))
            self.rows[INSERT_SEARCH_DOC] = [(docid, entry_id) for docid, (entry_id, _) in numbered]
            self.rows[self.fts_sql] = [(docid, *text) for docid, (_, text) in numbered]
        # Parents before children: entries before the rows that name them, ruptures before their markers.
        for sql, rows in self.rows.items():
            if rows:
                conn.executemany(sql, rows)

    def _check_question_ids(self, conn: sqlite3.Connection) -> None:
        """Question ids are unique across the journal; a file that reuses another entry's is bad input, not a crash."""
        ids = list(self.question_ids)
        for start in range(0, len(ids), 500):  # SQLite's limit on bound parameters is 999 in older builds
            chunk = ids[start : start + 500]
            for qid, holder in conn.execute(
                f"SELECT id, entry_id FROM supervision_questions WHERE id IN ({','.join('?' * len(chunk))})", chunk
            ):
                if holder != self.question_ids[qid]:
                    entry_id = self.question_ids[qid]
                    position = next(r[2] for r in self.rows[INSERT_QUESTION] if r[0] == qid)
                    raise _question_taken(entry_id, position)


def _question_taken(entry_id: str, position: int) -> ValidationError:
    return ValidationError(f"entry {entry_id}: field 'supervision[{position}].id' is already used by a question of "
                           "another entry; leave it out to get a new one.")  # fmt: skip
