"""SQL for the per-client view and the clinician's profile: a mixin on `store.Journal` (which owns `self.db`).

Reactions are counted per session with GROUP BY over the child tables, in one pass for this client and the rest of
the journal (the clinician's own baseline), so the view costs a handful of indexed queries however large the journal.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import TYPE_CHECKING, Any

from reflect.domain.dates import iso

if TYPE_CHECKING:
    from sqlite_utils import Database

    from reflect.domain.profile import Profile
    from reflect.domain.rows import QuestionRow, RuptureRow, SessionRow


class CaseworkStore:
    db: Database

    # --- one client -------------------------------------------------------------------------------------------------

    def client_record(self, code: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT code, created_at, closed_on FROM clients WHERE code = ?", [code]).fetchone()
        return None if row is None else {"code": row[0], "created_at": row[1], "closed_on": row[2]}

    def case_sessions(self, code: str) -> list[SessionRow]:
        """The client's sessions in order, each with its events and ruptures."""
        from reflect.domain import vocab
        from reflect.domain.dates import stored_time
        from reflect.domain.rows import RuptureRow, SessionRow

        events: dict[str, list[str]] = defaultdict(list)
        for entry_id, event in self.db.execute(
            "SELECT v.entry_id, v.event FROM entry_events v JOIN entries e ON e.id = v.entry_id WHERE e.client = ?",
            [code],
        ):
            events[entry_id].append(event)
        ruptures: dict[str, list[RuptureRow]] = defaultdict(list)
        for row in self.db.execute(
            """SELECT r.entry_id, r.type, r.intensity, r.trigger, r.metacommunication, r.resolved,
                      (SELECT group_concat(marker, ' ') FROM rupture_markers WHERE rupture_id = r.id),
                      (SELECT group_concat(strategy, ' ') FROM rupture_strategies WHERE rupture_id = r.id)
               FROM ruptures r JOIN entries e ON e.id = r.entry_id
               WHERE e.client = ? ORDER BY r.entry_id, r.position""",
            [code],
        ):
            markers, strategies = set((row[6] or "").split()), set((row[7] or "").split())
            ruptures[row[0]].append(RuptureRow(
                type=row[1], intensity=row[2], trigger=row[3], metacommunication=bool(row[4]), resolved=row[5],
                markers=tuple(m for m in vocab.slugs("rupture_marker") if m in markers),
                strategies=tuple(s for s in vocab.slugs("strategy") if s in strategies),
            ))  # fmt: skip
        event_order = vocab.slugs("event")
        return [
            SessionRow(
                entry_id=r[0],
                session_at=stored_time(r[1]),
                session_number=r[2],
                pattern=r[3],
                confidence=r[4],
                intensity=r[5],
                stance=r[6],
                experiment=r[7],
                followup_tried=r[8],
                followup_note=r[9],
                flagged=bool(r[10]),
                events=tuple(e for e in event_order if e in events.get(r[0], ())),
                ruptures=tuple(ruptures.get(r[0], ())),
            )  # fmt: skip
            for r in self.db.execute(
                """SELECT id, session_at, session_number, pattern, confidence, intensity, stance, experiment,
                          followup_tried, followup_note, flagged
                   FROM entries WHERE client = ? ORDER BY session_at, id""",
                [code],
            )
        ]

    def baseline_session_count(self, code: str) -> int:
        total = self.db.execute("SELECT coalesce(sum(sessions), 0) FROM journal_totals WHERE kind = 'stance'")
        return total.fetchone()[0] - self._own_session_count(code)

    def _own_session_count(self, code: str) -> int:
        return self.db.execute("SELECT count(*) FROM entries WHERE client = ?", [code]).fetchone()[0]

    def case_marker_counts(self, code: str) -> list[tuple[str, int]]:
        return [
            (r[0], r[1])
            for r in self.db.execute(
                """SELECT m.marker, count(*) FROM entry_markers m JOIN entries e ON e.id = m.entry_id
                   WHERE e.client = ? GROUP BY m.marker""",
                [code],
            )
        ]

    def case_family_counts(self, code: str) -> list[tuple[str, int, int]]:
        """(family, sessions with this client, sessions with other clients) for each feeling family logged."""
        return self._presence("entry_feelings", "family", "count(DISTINCT x.entry_id)", code)

    def case_pull_counts(self, code: str) -> list[tuple[str, int, int]]:
        return self._presence("entry_pulls", "pull", "count(*)", code)

    def _totals(self, kind: str) -> list[tuple[str, int, int]]:
        """(subject, sessions, enacted) of the whole journal, kept by triggers (migration m070), by subject."""
        return self.db.execute(
            "SELECT subject, sessions, enacted FROM journal_totals WHERE kind = ? AND sessions > 0 ORDER BY subject",
            [kind],
        ).fetchall()

    def _presence(self, table: str, column: str, counter: str, code: str) -> list[tuple[str, int, int]]:
        # The client's own sessions through indexes (entries_by_client, then the child table's primary key); the
        # journal-wide totals from journal_totals, a few rows whatever the journal's size. The baseline is the
        # difference.
        mine = dict(
            self.db.execute(
                f"""SELECT x.{column}, {counter} FROM entries e JOIN {table} x ON x.entry_id = e.id
                    WHERE e.client = ? GROUP BY x.{column}""",
                [code],
            ).fetchall()
        )
        return [(subject, mine.get(subject, 0), total - mine.get(subject, 0))
                for subject, total, _ in self._totals(column)]  # fmt: skip

    def case_urge_counts(self, code: str) -> list[tuple[str, int, int, int, int]]:
        """(urge, felt here, enacted here, felt with others, enacted with others): felt counts every logged urge."""
        mine = {
            r[0]: (r[1], r[2])
            for r in self.db.execute(
                """SELECT u.urge, count(*), sum(u.enacted) FROM entries e JOIN entry_urges u ON u.entry_id = e.id
                   WHERE e.client = ? GROUP BY u.urge""",
                [code],
            )
        }
        result = []
        for urge, felt, enacted in self._totals("urge"):
            my_felt, my_enacted = mine.get(urge, (0, 0))
            result.append((urge, my_felt, my_enacted, felt - my_felt, enacted - my_enacted))
        return result

    def case_stance_counts(self, code: str) -> list[tuple[str | None, int, int]]:
        mine = {
            (r[0] or ""): r[1]
            for r in self.db.execute("SELECT stance, count(*) FROM entries WHERE client = ? GROUP BY stance", [code])
        }
        return [(stance or None, mine.get(stance, 0), total - mine.get(stance, 0))
                for stance, total, _ in self._totals("stance")]  # fmt: skip

    def case_questions(self, code: str, *, status: str = "open") -> list[QuestionRow]:
        from reflect.domain.dates import stored_time
        from reflect.domain.rows import QuestionRow

        sql = """SELECT q.id, q.question, q.eye, q.want, q.status, e.id, e.session_at, e.session_number
                 FROM supervision_questions q JOIN entries e ON e.id = q.entry_id
                 WHERE e.client = ? AND q.status = ? ORDER BY e.session_at, q.position"""
        return [
            QuestionRow(r[0], r[1], r[2], r[3], r[4], r[5], stored_time(r[6]), r[7])
            for r in self.db.execute(sql, [code, status])
        ]

    # --- the clinician's profile --------------------------------------------------------------------------------------

    def add_profile(self, profile: Profile) -> None:
        """Append one dated row: the history is never rewritten."""
        self.db.execute(
            """INSERT INTO clinician_profile (recorded_at, anxiety, avoidance, measure, taken_on, training_stage,
                   supervisor, orientation) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
            [
                iso(profile.recorded_at),
                profile.anxiety,
                profile.avoidance,
                profile.measure,
                profile.taken_on.isoformat() if profile.taken_on else None,
                profile.training_stage,
                profile.supervisor,
                profile.orientation,
            ],  # fmt: skip
        )

    def profile_history(self) -> list[Profile]:
        """Every profile row, oldest first."""
        return self._profiles("ORDER BY recorded_at, id")

    def latest_profile(self) -> Profile | None:
        rows = self._profiles("ORDER BY recorded_at DESC, id DESC LIMIT 1")
        return rows[0] if rows else None

    def _profiles(self, order: str) -> list[Profile]:
        from reflect.domain.dates import stored_time
        from reflect.domain.profile import Profile

        sql = f"""SELECT id, recorded_at, anxiety, avoidance, measure, taken_on, training_stage, supervisor,
                         orientation FROM clinician_profile {order}"""
        return [
            Profile(
                recorded_at=stored_time(r[1]),
                anxiety=r[2],
                avoidance=r[3],
                measure=r[4],
                taken_on=date.fromisoformat(r[5]) if r[5] else None,
                training_stage=r[6],
                supervisor=r[7],
                orientation=r[8],
                id=r[0],
            )  # fmt: skip
            for r in self.db.execute(sql)
        ]
