"""SQL for supervision: meetings, question statuses, and the questions list. A mixin on `store.Journal`."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from reflect.domain.dates import iso, now_utc
from reflect.errors import NotFound, UsageError

if TYPE_CHECKING:
    from sqlite_utils import Database

    from reflect.domain.rows import PrepSession
    from reflect.domain.supervision import Action, Meeting, QuestionOutcome


_QUESTIONS = """
    SELECT q.id, q.entry_id, e.client, e.session_number, e.session_at, q.question, q.eye, q.want, q.status, q.status_at,
           CASE WHEN q.status = 'open' AND q.status_at IS NOT NULL THEN q.status_at ELSE e.created_at END AS asked_at
    FROM supervision_questions q JOIN entries e ON e.id = q.entry_id"""


def _chunks(ids: Iterable[str], size: int = 500) -> list[list[str]]:
    """Distinct ids in lists short enough to bind (SQLite's limit is 999 variables in older builds)."""
    unique = list(dict.fromkeys(ids))
    return [unique[i : i + size] for i in range(0, len(unique), size)]


class SupervisionStore:
    db: Database

    if TYPE_CHECKING:  # provided by Journal

        def write(self) -> Any: ...

    # --- questions ------------------------------------------------------------------------------------------------

    def resolve_question_id(self, prefix: str) -> str:
        """A supervision question's full id from a unique prefix of 4+ characters (as `supervision questions` shows)."""
        value = prefix.strip().lower()
        if len(value) < 4 or not all(ch in "0123456789abcdef-" for ch in value):
            raise UsageError(f"{prefix[:40]!r} is not a question id; `reflect supervision questions` lists them.")
        rows = self.db.execute(
            "SELECT id FROM supervision_questions WHERE id >= ? AND id < ? LIMIT 2", [value, value + "\uffff"]
        ).fetchall()
        if not rows:
            raise NotFound(f"no supervision question with id {value}.")
        if len(rows) > 1:
            raise UsageError(f"the id {value} matches more than one question; give more characters.")
        return rows[0][0]

    def supervision_questions(
        self, *, status: str | None = None, client: str | None = None, until: str | None = None
    ) -> list[dict[str, Any]]:
        """Questions with their client and when they were asked, oldest first.

        `asked_at` is when the question was opened: its status time if it was added open later (from a supervision
        meeting), else when its entry was written.
        """
        clauses, params = [], []
        if status:
            clauses.append("q.status = ?")
            params.append(status)
        if client:
            clauses.append("e.client = ?")
            params.append(client)
        if until:
            clauses.append("e.session_at < ?")
            params.append(until)
        where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        return [dict(row) for row in self.db.query(f"{_QUESTIONS} {where} ORDER BY asked_at, e.client, q.position",
                                                   params)]  # fmt: skip

    def questions_by_id(self, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """The questions `ids` names, by id, as supervision_questions gives them (an id no question has is left out):
        what a meeting refers to, read by key instead of every question of the journal."""
        found: dict[str, dict[str, Any]] = {}
        for chunk in _chunks(ids):
            sql = f"{_QUESTIONS} WHERE q.id IN ({','.join('?' * len(chunk))})"
            found.update((row["id"], dict(row)) for row in self.db.query(sql, chunk))
        return found

    def question_discussions(self, ids: Iterable[str] | None = None) -> dict[str, list[tuple[date, str | None]]]:
        """For every question a meeting discussed or resolved (or those `ids` names): (day, the meeting's notes),
        oldest first."""
        found: dict[str, list[tuple[date, str | None]]] = {}
        sql = (
            "SELECT q.question_id, m.held_on, m.notes FROM meeting_questions q "
            "JOIN supervision_meetings m ON m.id = q.meeting_id"
        )
        order = "ORDER BY m.held_on, m.created_at"
        batches = [(f"{sql} {order}", [])] if ids is None else [
            (f"{sql} WHERE q.question_id IN ({','.join('?' * len(chunk))}) {order}", chunk) for chunk in _chunks(ids)
        ]  # fmt: skip
        for query, params in batches:
            for qid, held_on, notes in self.db.execute(query, params):
                found.setdefault(qid, []).append((date.fromisoformat(held_on), notes))
        return found

    # --- meetings -------------------------------------------------------------------------------------------------

    def last_meeting_day(self) -> date | None:
        row = self.db.execute("SELECT max(held_on) FROM supervision_meetings").fetchone()
        return date.fromisoformat(row[0]) if row and row[0] else None

    def meetings(self, since: date | None = None, until: date | None = None) -> list[Meeting]:
        clauses, params = [], []
        if since:
            clauses.append("held_on >= ?")
            params.append(since.isoformat())
        if until:
            clauses.append("held_on <= ?")
            params.append(until.isoformat())
        where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        rows = list(self.db.query(f"SELECT * FROM supervision_meetings {where} ORDER BY held_on, created_at", params))
        if not rows:
            return []
        from reflect.domain.supervision import Action, Meeting, QuestionOutcome

        ids = [r["id"] for r in rows]
        outcomes: dict[str, list[QuestionOutcome]] = {}
        actions: dict[str, list[Action]] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for r in self.db.execute(
                f"SELECT meeting_id, question_id, outcome FROM meeting_questions WHERE meeting_id IN ({marks})", chunk
            ):
                outcomes.setdefault(r[0], []).append(QuestionOutcome(r[1], r[2]))
            for r in self.db.execute(
                f"SELECT meeting_id, kind, action, client, eye, want, ref FROM meeting_actions "
                f"WHERE meeting_id IN ({marks}) ORDER BY meeting_id, position",
                chunk,
            ):
                actions.setdefault(r[0], []).append(Action(r[1], r[2], r[3], r[4], r[5], r[6]))
        from reflect.domain.dates import stored_time

        return [
            Meeting(
                id=r["id"],
                held_on=date.fromisoformat(r["held_on"]),
                minutes=r["minutes"],
                format=r["format"],
                group_size=r["group_size"],
                supervisor=r["supervisor"],
                notes=r["notes"],
                questions=tuple(sorted(outcomes.get(r["id"], []), key=lambda q: q.question_id)),
                actions=tuple(actions.get(r["id"], [])),
                created_at=stored_time(r["created_at"]),
                updated_at=stored_time(r["updated_at"]),
            )
            for r in rows
        ]

    def hours_rows(self) -> list[tuple[date, int, int | None]]:
        return [
            (date.fromisoformat(r[0]), r[1], r[2])
            for r in self.db.execute("SELECT held_on, minutes, group_size FROM supervision_meetings ORDER BY held_on")
        ]

    def log_meeting(self, meeting: Meeting) -> Meeting:
        """Save a new meeting, mark the questions it discussed or resolved, and turn question actions into open
        questions on the client's latest entry. All in one transaction: nothing half-logged."""
        from dataclasses import replace

        with self.write():
            if self.db.execute("SELECT 1 FROM supervision_meetings WHERE id = ?", [meeting.id]).fetchone():
                raise UsageError(f"a supervision meeting with id {meeting.id} is already logged.")
            when = iso(now_utc())
            for q in meeting.questions:
                row = self.db.execute(
                    "SELECT entry_id FROM supervision_questions WHERE id = ?", [q.question_id]
                ).fetchone()
                if row is None:
                    raise NotFound(f"no supervision question with id {q.question_id}.")
                self.db.execute(
                    "UPDATE supervision_questions SET status = ?, status_at = ? WHERE id = ?",
                    [q.outcome, when, q.question_id],
                )
                # The status is part of the entry: a newer updated_at lets exports and imports carry the change.
                self.db.execute("UPDATE entries SET updated_at = ? WHERE id = ?", [when, row[0]])
            actions = []
            for a in meeting.actions:
                if a.kind == "question" and a.ref is None:
                    a = replace(a, ref=self._add_question(a, when))
                actions.append(a)
            meeting = replace(meeting, actions=tuple(actions))
            self._insert_meeting(meeting)
        return meeting

    def _add_question(self, action: Action, when: str) -> str:
        import uuid

        row = self.db.execute(
            "SELECT id FROM entries WHERE client = ? ORDER BY session_at DESC, id DESC LIMIT 1", [action.client]
        ).fetchone()
        if row is None:
            raise NotFound(f"there is no entry for {action.client} yet to hold a supervision question.")
        position = self.db.execute(
            "SELECT coalesce(max(position) + 1, 0) FROM supervision_questions WHERE entry_id = ?", [row[0]]
        ).fetchone()[0]
        qid = str(uuid.uuid4())
        self.db.execute(
            "INSERT INTO supervision_questions (id, entry_id, position, question, eye, want, status, status_at) "
            "VALUES (?, ?, ?, ?, ?, ?, 'open', ?)",
            [qid, row[0], position, action.text, action.eye, action.want, when],
        )
        self.db.execute("UPDATE entries SET updated_at = ? WHERE id = ?", [when, row[0]])
        return qid

    def _insert_meeting(self, m: Meeting) -> None:
        self.db.execute(
            "INSERT INTO supervision_meetings (id, held_on, minutes, format, group_size, supervisor, notes, "
            "created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                m.id,
                m.held_on.isoformat(),
                m.minutes,
                m.format,
                m.group_size,
                m.supervisor,
                m.notes,
                iso(m.created_at),
                iso(m.updated_at),
            ],
        )
        self.db.conn.executemany(
            "INSERT INTO meeting_questions (meeting_id, question_id, outcome) VALUES (?, ?, ?)",
            [(m.id, q.question_id, q.outcome) for q in m.questions],
        )
        self.db.conn.executemany(
            "INSERT INTO meeting_actions (meeting_id, position, kind, action, client, eye, want, ref) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(m.id, i, a.kind, a.text, a.client, a.eye, a.want, a.ref) for i, a in enumerate(m.actions)],
        )

    def _delete_meeting(self, meeting_id: str) -> None:
        for table in ("meeting_questions", "meeting_actions"):
            self.db.execute(f"DELETE FROM {table} WHERE meeting_id = ?", [meeting_id])
        self.db.execute("DELETE FROM supervision_meetings WHERE id = ?", [meeting_id])

    def import_meetings(self, meetings: list[Meeting]) -> dict[str, int]:
        """Merge meetings by id as entries merge: a newer updated_at wins. Statuses travel inside the entries, so an
        imported meeting is stored as it is, never re-applied."""
        from reflect.domain.supervision import meeting_to_dict

        counts = {"added": 0, "updated": 0, "unchanged": 0, "conflicting": 0}
        if not meetings:
            return counts
        existing = {m.id: m for m in self.meetings()}
        with self.write():
            for m in meetings:
                old = existing.get(m.id)
                if old is None:
                    self._insert_meeting(m)
                    counts["added"] += 1
                elif meeting_to_dict(old) == meeting_to_dict(m):
                    counts["unchanged"] += 1
                elif m.updated_at > old.updated_at:
                    self._delete_meeting(m.id)
                    self._insert_meeting(m)
                    counts["updated"] += 1
                else:
                    counts["conflicting"] += 1
        return counts

    def pending_supervision_experiment(self, client: str, after: datetime | None, before: datetime) -> str | None:
        """The latest experiment planned in supervision for a client since their previous session (if any)."""
        params: list[Any] = [client, before.astimezone().date().isoformat()]
        extra = ""
        if after is not None:
            extra = "AND m.held_on >= ?"
            params.append(after.astimezone().date().isoformat())
        row = self.db.execute(
            f"""SELECT a.action FROM meeting_actions a JOIN supervision_meetings m ON m.id = a.meeting_id
                WHERE a.client = ? AND a.kind = 'experiment' AND m.held_on <= ? {extra}
                ORDER BY m.held_on DESC, a.position DESC LIMIT 1""",
            params,
        ).fetchone()
        return row[0] if row else None

    def prep_sessions(self, since: str | None, until: str | None, *, resonance: bool = False) -> list[PrepSession]:
        """The period's sessions for a prep document, by client then time, each with the follow-up its experiment got
        at the client's next session (which may fall after the period). `since`/`until` are stored-time bounds;
        `resonance` (a private field) is read only when asked for.

        Read through the time index and put in order here: a window over the entries would sort their text too."""
        bounds = [(clause, value) for clause, value in (("session_at >= ?", since), ("session_at < ?", until)) if value]
        where = ("WHERE " + " AND ".join(clause for clause, _ in bounds)) if bounds else ""
        rows = self.db.execute(
            f"""SELECT client, session_at, id, session_number, intensity, experiment,
                       {"resonance" if resonance else "NULL"}, followup_tried
                FROM entries {where}""",
            [value for _, value in bounds],
        ).fetchall()
        if until:
            # After the period, only each client's first session matters: the next one of their last in it.
            rows += self.db.execute(
                """SELECT e.client, e.session_at, e.id, NULL, NULL, NULL, NULL, e.followup_tried
                   FROM (SELECT client, min(session_at) AS first FROM entries WHERE session_at >= ? GROUP BY client) n
                   JOIN entries e ON e.client = n.client AND e.session_at = n.first""",
                [until],
            ).fetchall()
        rows.sort()  # by client, time, then id: the order "next session" follows
        from reflect.domain.rows import PrepSession

        make, last, out = PrepSession._make, len(rows) - 1, []
        for i, (client, session_at, _, number, intensity, experiment, text, _) in enumerate(rows):
            if until and session_at >= until:
                continue
            after = rows[i + 1] if i < last and rows[i + 1][0] == client else None
            out.append(make((client, number, session_at, intensity, experiment, text, after and after[7], bool(after))))
        return out
