"""Reading entries: by id or prefix, by filter (a page at a time, in constant memory), each with all its parts.

The Journal composes an `EntryReader`; migrations use one on their own (m030 indexes the entries written before search
existed), so reading entries never needs the whole Journal.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from collections.abc import Collection, Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Any

from reflect.domain import vocab
from reflect.domain.dates import day_bounds_utc, iso, stored_time
from reflect.domain.entry_filter import EntryFilter
from reflect.domain.models import Entry, Followup, Presentation, Rupture, SupervisionQuestion, Urge
from reflect.errors import JournalError, NotFound, UsageError

if TYPE_CHECKING:
    from sqlite_utils import Database

BATCH = 500  # rows per IN (...) query when loading children; well under SQLite's variable limit


class EntryReader:
    def __init__(self, db: Database) -> None:
        self.db = db

    def resolve_id(self, prefix: str) -> str:
        """A full id from a unique prefix of at least 6 characters (like git)."""
        value = prefix.strip().lower()
        if len(value) < 6 or not all(ch in "0123456789abcdef-" for ch in value):
            raise UsageError("an entry id needs at least 6 characters of its UUID (see `reflect list`).")
        rows = [r[0] for r in self.db.execute("SELECT id FROM entries WHERE id >= ? AND id < ? LIMIT 2",
                                              [value, value + "\uffff"])]  # fmt: skip
        if not rows:
            raise NotFound(f"no entry with id {value}.")
        if len(rows) > 1:
            raise UsageError(f"the id {value} matches more than one entry; give more characters.")
        return rows[0]

    def get_entry(self, entry_id: str) -> Entry:
        entries = self.load([entry_id])
        if not entries:
            raise NotFound(f"no entry with id {entry_id}.")
        return entries[0]

    def count_entries(self, flt: EntryFilter | None = None) -> int:
        where, params = where_clause(flt or EntryFilter())
        return self.db.execute(f"SELECT count(*) FROM entries e {where}", params).fetchone()[0]

    def entry_ids(self, flt: EntryFilter, *, newest_first: bool = True, offset: int = 0) -> list[str]:
        where, params = where_clause(flt)
        order = "DESC" if newest_first else "ASC"
        sql = f"SELECT e.id FROM entries e {where} ORDER BY e.session_at {order}, e.id {order}"
        if flt.limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [flt.limit, offset]
        return [row[0] for row in self.db.execute(sql, params)]

    def list_entries(self, flt: EntryFilter, *, newest_first: bool = True) -> list[Entry]:
        return self.load(self.entry_ids(flt, newest_first=newest_first))

    def iter_entries(self, flt: EntryFilter | None = None, *, newest_first: bool = False) -> Iterator[Entry]:
        """Every matching entry, oldest first by default, loaded a batch at a time (constant memory)."""
        flt = flt or EntryFilter()
        where, params = where_clause(flt)
        order = "DESC" if newest_first else "ASC"
        last: tuple[str, str] | None = None
        remaining = flt.limit
        while remaining is None or remaining > 0:
            page_where, page_params = where, list(params)
            if last is not None:  # keyset pagination: stable and O(page) however deep we are
                cmp = "<" if newest_first else ">"
                page_where += (" AND " if page_where else "WHERE ") + f"(e.session_at, e.id) {cmp} (?, ?)"
                page_params += list(last)
            size = BATCH if remaining is None else min(BATCH, remaining)
            # Whole rows in the page query: loading them again by id would seek every entry a second time.
            rows = self._rows(
                f"SELECT e.* FROM entries e {page_where} ORDER BY e.session_at {order}, e.id {order} LIMIT ?",
                [*page_params, size],
            )
            if not rows:
                return
            yield from self._build(rows).values()
            last = (rows[-1]["session_at"], rows[-1]["id"])
            if remaining is not None:
                remaining -= len(rows)

    def load(self, ids: list[str]) -> list[Entry]:
        """Entries by id, in the order given, each with all its parts (a fixed number of queries per batch)."""
        out: dict[str, Entry] = {}
        for start in range(0, len(ids), BATCH):
            chunk = ids[start : start + BATCH]
            rows = self._rows(f"SELECT * FROM entries WHERE id IN ({','.join('?' * len(chunk))})", chunk)
            out.update(self._build(rows))
        return [out[i] for i in ids if i in out]

    def _rows(self, sql: str, params: list[Any]) -> list[sqlite3.Row]:
        conn = self.db.conn
        cursor = conn.cursor()
        # By name like a dict, without building one per row (an export reads them all). The Row class of the driver
        # that made the connection: sqlite3's refuses an sqlcipher3 cursor (an encrypted journal).
        cursor.row_factory = sys.modules[type(conn).__module__].Row
        return cursor.execute(sql, params).fetchall()

    def _build(self, rows: list[sqlite3.Row]) -> dict[str, Entry]:
        """Entries from their rows, in the rows' order, with all their parts (a fixed number of queries)."""
        kids = self._children([row["id"] for row in rows])
        try:
            return {row["id"]: _entry(row, kids) for row in rows}
        except (ValueError, TypeError, KeyError):
            # A stored value we wrote ourselves no longer parses (a date, the answers JSON): the file was damaged
            # below SQLite's notice, e.g. cut short by a byte. Say so instead of "unexpected problem".
            raise JournalError(
                "an entry in the journal cannot be read: the file is damaged.",
                "Run `reflect doctor`, then `reflect restore BACKUP` from your latest backup.",
            ) from None

    def _children(self, ids: list[str]) -> dict[str, Any]:
        """Every child row of a batch of entries, grouped by entry (and rupture), a fixed number of queries."""
        marks = ",".join("?" * len(ids))

        def grouped(sql: str) -> dict[str, list[tuple]]:
            result: dict[str, list[tuple]] = {}
            for row in self.db.execute(sql.format(marks=marks), ids):
                result.setdefault(row[0], []).append(row[1:])
            return result

        events = grouped("SELECT entry_id, event FROM entry_events WHERE entry_id IN ({marks})")
        markers = grouped("SELECT entry_id, marker FROM entry_markers WHERE entry_id IN ({marks})")
        feelings = grouped("SELECT entry_id, feeling, rating FROM entry_feelings WHERE entry_id IN ({marks})")
        body = grouped("SELECT entry_id, sensation FROM entry_body WHERE entry_id IN ({marks})")
        urges = grouped("SELECT entry_id, urge, enacted FROM entry_urges WHERE entry_id IN ({marks})")
        pulls = grouped("SELECT entry_id, pull FROM entry_pulls WHERE entry_id IN ({marks})")
        triggers = grouped("SELECT entry_id, trigger FROM entry_triggers WHERE entry_id IN ({marks})")
        management = grouped("SELECT entry_id, factor FROM entry_management WHERE entry_id IN ({marks})")
        tags = grouped("SELECT entry_id, tag FROM entry_tags WHERE entry_id IN ({marks})")
        rupture_rows = grouped(
            "SELECT entry_id, id, type, trigger, intensity, metacommunication, resolved, note FROM ruptures "
            "WHERE entry_id IN ({marks}) ORDER BY entry_id, position"
        )
        rupture_markers: dict[int, list[str]] = {}
        rupture_strategies: dict[int, list[str]] = {}
        for row in self.db.execute(
            f"SELECT m.rupture_id, m.marker FROM rupture_markers m JOIN ruptures r ON r.id = m.rupture_id "
            f"WHERE r.entry_id IN ({marks})",
            ids,
        ):
            rupture_markers.setdefault(row[0], []).append(row[1])
        for row in self.db.execute(
            f"SELECT s.rupture_id, s.strategy FROM rupture_strategies s JOIN ruptures r ON r.id = s.rupture_id "
            f"WHERE r.entry_id IN ({marks})",
            ids,
        ):
            rupture_strategies.setdefault(row[0], []).append(row[1])
        questions = grouped(
            "SELECT entry_id, id, question, eye, want, status, status_at FROM supervision_questions "
            "WHERE entry_id IN ({marks}) ORDER BY entry_id, position"
        )

        return {
            "events": events, "markers": markers, "feelings": feelings, "body": body, "urges": urges, "pulls": pulls,
            "triggers": triggers, "management": management, "tags": tags, "ruptures": rupture_rows,
            "rupture_markers": rupture_markers, "rupture_strategies": rupture_strategies, "questions": questions,
        }  # fmt: skip

    def previous_entry(self, client: str, before: datetime) -> Entry | None:
        """The client's latest entry before a session (for the next-session experiment follow-up)."""
        row = self.db.execute(
            "SELECT id FROM entries WHERE client = ? AND session_at < ? ORDER BY session_at DESC LIMIT 1",
            [client, iso(before)],
        ).fetchone()
        return self.get_entry(row[0]) if row else None

    def tags(self) -> list[tuple[str, int]]:
        return [tuple(r) for r in self.db.execute("SELECT tag, count(*) FROM entry_tags GROUP BY tag ORDER BY tag")]


def where_clause(flt: EntryFilter) -> tuple[str, list[Any]]:
    """The WHERE clause (over `entries e`) and its parameters for a filter."""
    clauses, params = [], []
    if flt.client:
        clauses.append("e.client = ?")
        params.append(flt.client)
    days, day_params = session_days(flt, "e.session_at")
    clauses += days
    params += day_params
    if flt.tag:
        clauses.append("e.id IN (SELECT entry_id FROM entry_tags WHERE tag = ?)")
        params.append(flt.tag.lstrip("#").lower())
    if flt.flagged:
        clauses.append("e.flagged = 1")
    if flt.ids is not None:
        clauses.append(f"e.id IN ({','.join('?' * len(flt.ids))})")
        params.extend(flt.ids)
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params


def _ordered(kind: str, values: list[tuple]) -> tuple[str, ...]:
    return _present(kind, [v[0] for v in values])


def _entry(row: Any, kids: dict[str, Any]) -> Entry:
    eid = row["id"]
    feeling_map = {w: r for w, r in kids["feelings"].get(eid, [])}
    urge_map = {u: bool(x) for u, x in kids["urges"].get(eid, [])}
    presentation = None
    if row["pattern"]:
        markers = _ordered("marker", kids["markers"].get(eid, []))
        presentation = Presentation(row["pattern"], row["confidence"], markers)
    return Entry(
        id=eid,
        client=row["client"],
        session_at=stored_time(row["session_at"]),
        created_at=stored_time(row["created_at"]),
        updated_at=stored_time(row["updated_at"]),
        session_number=row["session_number"],
        modality=row["modality"],
        pack=row["pack"],
        events=_ordered("event", kids["events"].get(eid, [])),
        presentation=presentation,
        observed=row["observed"],
        interpretation=row["interpretation"],
        feelings={w: feeling_map[w] for w in _present("feeling", feeling_map)},
        body=_ordered("body", kids["body"].get(eid, [])),
        urges=tuple(Urge(u, urge_map[u]) for u in _present("urge", urge_map)),
        pulls=_ordered("pull", kids["pulls"].get(eid, [])),
        intensity=row["intensity"],
        triggers=_ordered("trigger", kids["triggers"].get(eid, [])),
        resonance=row["resonance"],
        stance=row["stance"],
        management=_ordered("management", kids["management"].get(eid, [])),
        ruptures=tuple(
            Rupture(
                type=r[1],
                markers=_present("rupture_marker", kids["rupture_markers"].get(r[0], [])),
                trigger=r[2],
                intensity=r[3],
                strategies=_present("strategy", kids["rupture_strategies"].get(r[0], [])),
                metacommunication=bool(r[4]),
                resolved=r[5],
                note=r[6],
            )
            for r in kids["ruptures"].get(eid, [])
        ),
        experiment=row["experiment"],
        experiment_followup=Followup(row["followup_tried"], row["followup_note"]) if row["followup_tried"] else None,
        supervision=tuple(
            SupervisionQuestion(
                id=q[0],
                question=q[1],
                eye=q[2],
                want=q[3],
                status=q[4],
                status_at=stored_time(q[5]) if q[5] else None,
            )  # fmt: skip
            for q in kids["questions"].get(eid, [])
        ),
        tags=tuple(sorted(t[0] for t in kids["tags"].get(eid, []))),
        flagged=bool(row["flagged"]),
        answers=json.loads(row["answers"] or "{}"),
    )


def _present(kind: str, slugs: Collection[str]) -> tuple[str, ...]:
    """The slugs present, in vocabulary order (a slug the vocabulary no longer has is left out, as it always was)."""
    if not slugs:
        return ()
    order = vocab.positions(kind)
    if len(slugs) == 1:  # most lists hold one slug or none: no set, no sort (an export builds ~8 lists an entry)
        (slug,) = slugs
        return (slug,) if slug in order else ()
    return tuple(sorted({s for s in slugs if s in order}, key=order.__getitem__))


def session_days(flt: EntryFilter, column: str) -> tuple[list[str], list[Any]]:
    """The conditions on `column` (a stored session time) for a filter's local days, since and until inclusive."""
    start, end = day_bounds_utc(flt.since, flt.until)
    clauses = [f"{column} >= ?"] * (start is not None) + [f"{column} < ?"] * (end is not None)
    return clauses, [bound for bound in (start, end) if bound is not None]
