"""SQL for case-based practice: attempts at vignettes. A mixin on `store.Journal`; the only SQL for practice."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from reflect.domain.practice_attempts import Attempt

if TYPE_CHECKING:
    from sqlite_utils import Database

COLUMNS = ("id", "vignette", "started_at", "finished_at", "presentation", "confidence", "markers", "feelings", "pulls",
           "urges", "response", "response_stance", "response_preferred", "reflection", "reading")  # fmt: skip
JSON_COLUMNS = frozenset({"markers", "feelings", "pulls", "urges", "reading"})


def _row(a: Attempt) -> list[Any]:
    values = []
    for column in COLUMNS:
        value = getattr(a, column)
        if column in JSON_COLUMNS and value is not None:
            value = json.dumps(value, ensure_ascii=False)
        elif column == "response_preferred" and value is not None:
            value = int(value)
        values.append(value)
    return values


def _attempt(row: Any) -> Attempt:
    data = dict(zip(COLUMNS, row, strict=True))
    for column in JSON_COLUMNS:
        if data[column] is not None:
            data[column] = json.loads(data[column])
    if data["response_preferred"] is not None:
        data["response_preferred"] = bool(data["response_preferred"])
    return Attempt(**data)


class PracticeQueries:
    """A repository the Journal holds: the database, and the Journal's `write` for atomic writes."""

    def __init__(self, db: Database, write: Callable[[], AbstractContextManager[None]]) -> None:
        self.db = db
        self.write = write

    def save_attempt(self, attempt: Attempt) -> None:
        """Insert or replace the whole attempt: the interactive path saves after every answer."""
        marks = ", ".join("?" * len(COLUMNS))
        with self.write():
            self.db.execute(f"INSERT OR REPLACE INTO practice_attempts ({', '.join(COLUMNS)}) VALUES ({marks})",
                            _row(attempt))  # fmt: skip

    def attempts(self, *, finished_only: bool = True, since: str | None = None, until: str | None = None
                 ) -> list[Attempt]:  # fmt: skip
        """Attempts oldest first, started at or after `since` and before `until` (ISO UTC times)."""
        clauses, params = [], []
        if finished_only:
            clauses.append("finished_at IS NOT NULL")
        if since is not None:
            clauses.append("started_at >= ?")
            params.append(since)
        if until is not None:
            clauses.append("started_at < ?")
            params.append(until)
        where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        rows = self.db.execute(
            f"SELECT {', '.join(COLUMNS)} FROM practice_attempts {where} ORDER BY started_at, id", params
        ).fetchall()
        return [_attempt(r) for r in rows]

    def attempts_in_days(self, since: date | None, until: date | None, *, finished_only: bool = False
                         ) -> list[Attempt]:  # fmt: skip
        """Attempts begun on local days from `since` to `until` (both included; None: no limit)."""
        from reflect.domain.dates import local_day_start_utc

        return self.attempts(finished_only=finished_only,
                             since=local_day_start_utc(since) if since else None,
                             until=local_day_start_utc(until + timedelta(days=1)) if until else None)  # fmt: skip

    def attempted_vignettes(self) -> dict[str, str]:
        """vignette id -> "done" (a finished attempt) or "started" (only unfinished ones)."""
        rows = self.db.execute(
            "SELECT vignette, max(finished_at IS NOT NULL) FROM practice_attempts GROUP BY vignette"
        ).fetchall()
        return {vid: "done" if finished else "started" for vid, finished in rows}

    def import_attempts(self, attempts: Iterable[Attempt]) -> dict[str, int]:
        """Merge by id: a new id is added; an existing one is left as it is (an attempt is not edited after it ends,
        so the same id holds the same answers)."""
        counts = {"added": 0, "unchanged": 0}
        with self.write():
            for a in attempts:
                exists = self.db.execute("SELECT 1 FROM practice_attempts WHERE id = ?", [a.id]).fetchone()
                if exists:
                    counts["unchanged"] += 1
                    continue
                self.save_attempt(a)
                counts["added"] += 1
        return counts

    def practice_before_count(self, before_utc: str) -> int:
        return self.db.execute("SELECT count(*) FROM practice_attempts WHERE started_at < ?", [before_utc]).fetchone()[
            0
        ]

    def delete_practice_before(self, before_utc: str) -> int:
        cursor = self.db.execute("DELETE FROM practice_attempts WHERE started_at < ?", [before_utc])
        return cursor.rowcount
