"""The records professional bodies ask for: CPD activities, and the rows the supervision and practice logs count
(SQL only; `records.py` counts, `render/records.py` words)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from datetime import date
from typing import TYPE_CHECKING, Any

from reflect.domain.dates import iso
from reflect.errors import NotFound, UsageError

if TYPE_CHECKING:
    from sqlite_utils import Database

    from reflect.domain.cpd import CpdActivity
    from reflect.domain.rows import LoggedMeeting


def _day_bounds(column: str, since: date | None, until: date | None) -> tuple[str, list[Any]]:
    clauses = [(f"{column} >= ?", since), (f"{column} <= ?", until)]
    kept = [(c, d.isoformat()) for c, d in clauses if d is not None]
    return ("WHERE " + " AND ".join(c for c, _ in kept)) if kept else "", [v for _, v in kept]


class RecordsQueries:
    """A repository the Journal holds: the database, and the Journal's `write` for atomic writes."""

    def __init__(self, db: Database, write: Callable[[], AbstractContextManager[None]]) -> None:
        self.db = db
        self.write = write

    # --- CPD --------------------------------------------------------------------------------------------------------

    def add_cpd(self, a: CpdActivity) -> None:
        with self.write():
            if self.db.execute("SELECT 1 FROM cpd_activities WHERE id = ?", [a.id]).fetchone():
                raise UsageError(f"a CPD activity with id {a.id} is already logged.")
            self._insert_cpd(a)

    def _insert_cpd(self, a: CpdActivity) -> None:
        self.db.execute(
            "INSERT INTO cpd_activities (id, held_on, minutes, activity, learned, changed, standard, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [a.id, a.held_on.isoformat(), a.minutes, a.activity, a.learned, a.changed, a.standard,
             iso(a.created_at), iso(a.updated_at)],
        )  # fmt: skip

    def cpd_activities(self, since: date | None = None, until: date | None = None) -> list[CpdActivity]:
        where, params = _day_bounds("held_on", since, until)
        return list(self._cpd_rows(f"{where} ORDER BY held_on, created_at", params))

    def cpd_activity(self, prefix: str) -> CpdActivity:
        """One activity by its id or a unique prefix of at least 6 characters."""
        text = prefix.strip().lower()
        if len(text) < 6:
            raise UsageError("give at least 6 characters of the activity's id (`reflect cpd list` shows them).")
        found = list(self._cpd_rows("WHERE id LIKE ? ESCAPE '\\' LIMIT 2", [text.replace("_", "\\_") + "%"]))
        if not found:
            raise NotFound(f"no CPD activity with an id starting {text[:40]!r}.")
        if len(found) > 1:
            raise UsageError(f"{text!r} matches more than one CPD activity: give more of the id.")
        return found[0]

    def _cpd_rows(self, tail: str, params: list[Any]) -> Iterator[CpdActivity]:
        from reflect.domain.cpd import CpdActivity
        from reflect.domain.dates import stored_time

        for r in self.db.execute(
            "SELECT id, held_on, minutes, activity, learned, changed, standard, created_at, updated_at "
            f"FROM cpd_activities {tail}",
            params,
        ):
            yield CpdActivity(r[0], date.fromisoformat(r[1]), r[2], r[3], r[4], r[5], r[6], stored_time(r[7]),
                              stored_time(r[8]))  # fmt: skip

    def import_cpd(self, activities: Iterable[CpdActivity]) -> dict[str, int]:
        """Merge by id as meetings merge: a newer updated_at wins, an identical one is unchanged."""
        from reflect.domain.cpd import cpd_to_dict

        counts = {"added": 0, "updated": 0, "unchanged": 0, "conflicting": 0}
        activities = list(activities)
        if not activities:
            return counts
        existing = {a.id: a for a in self.cpd_activities()}
        with self.write():
            for a in activities:
                old = existing.get(a.id)
                if old is None:
                    self._insert_cpd(a)
                    counts["added"] += 1
                elif cpd_to_dict(old) == cpd_to_dict(a):
                    counts["unchanged"] += 1
                elif a.updated_at > old.updated_at:
                    self.db.execute("DELETE FROM cpd_activities WHERE id = ?", [a.id])
                    self._insert_cpd(a)
                    counts["updated"] += 1
                else:
                    counts["conflicting"] += 1
        return counts

    # --- the logs' rows ---------------------------------------------------------------------------------------------

    def logged_meetings(self, since: date | None = None, until: date | None = None) -> list[LoggedMeeting]:
        from reflect.domain.rows import LoggedMeeting  # the row shapes load only for the logs (rows.py is large)

        where, params = _day_bounds("m.held_on", since, until)
        eyes: dict[str, list[int | None]] = {}
        for meeting_id, eye in self.db.execute(
            f"""SELECT q.meeting_id, s.eye FROM meeting_questions q
                JOIN supervision_meetings m ON m.id = q.meeting_id
                LEFT JOIN supervision_questions s ON s.id = q.question_id {where}
                ORDER BY q.meeting_id, s.eye""",
            params,
        ):
            eyes.setdefault(meeting_id, []).append(eye)
        return [
            LoggedMeeting(r[0], date.fromisoformat(r[1]), r[2], r[3], r[4], tuple(eyes.get(r[0], ())))
            for r in self.db.execute(
                f"""SELECT m.id, m.held_on, m.minutes, m.group_size, m.supervisor FROM supervision_meetings m {where}
                    ORDER BY m.held_on, m.created_at""",
                params,
            )
        ]

    def session_times(self, since: str | None = None, until: str | None = None) -> list[tuple[str, str]]:
        """(session_at, modality) of every entry in [since, until) (stored-time bounds), by time."""
        bounds = [(c, v) for c, v in (("session_at >= ?", since), ("session_at < ?", until)) if v]
        where = ("WHERE " + " AND ".join(c for c, _ in bounds)) if bounds else ""
        return [
            (r[0], r[1])
            for r in self.db.execute(
                f"SELECT session_at, modality FROM entries {where} ORDER BY session_at", [v for _, v in bounds]
            )
        ]
