"""Per-session rows for the charts of the HTML documents (SQL only; `chart_facts.py` turns them into series)."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from reflect.domain.rows import ChartSession

if TYPE_CHECKING:
    from sqlite_utils import Database


class ChartQueries:
    """A repository the Journal holds: it reads the database it is given, and nothing else."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def chart_sessions(
        self, since: str | None = None, until: str | None = None, client: str | None = None
    ) -> list[ChartSession]:
        """The sessions in [since, until) (stored-time bounds), optionally of one client, by client then time.
        Only coded values are read, never free text."""
        bounds = [
            (clause, value)
            for clause, value in (("e.session_at >= ?", since), ("e.session_at < ?", until), ("e.client = ?", client))
            if value
        ]
        where = ("WHERE " + " AND ".join(clause for clause, _ in bounds)) if bounds else ""
        params = [value for _, value in bounds]
        multi: dict[str, dict[str, list[str]]] = {"events": defaultdict(list), "pulls": defaultdict(list)}
        for name, table, column in (("events", "entry_events", "event"), ("pulls", "entry_pulls", "pull")):
            for entry_id, value in self.db.execute(
                f"SELECT x.entry_id, x.{column} FROM {table} x JOIN entries e ON e.id = x.entry_id {where} "
                f"ORDER BY x.entry_id, x.{column}",
                params,
            ):
                multi[name][entry_id].append(value)
        ruptures: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
        for entry_id, rtype, resolved in self.db.execute(
            f"SELECT r.entry_id, r.type, r.resolved FROM ruptures r JOIN entries e ON e.id = r.entry_id {where} "
            "ORDER BY r.entry_id, r.position",
            params,
        ):
            ruptures[entry_id].append((rtype, resolved))
        return [
            ChartSession(
                client,
                entry_id,
                session_at,
                number,
                intensity,
                pattern,
                tuple(multi["events"].get(entry_id, ())),
                tuple(multi["pulls"].get(entry_id, ())),
                tuple(ruptures.get(entry_id, ())),
            )  # fmt: skip
            for client, entry_id, session_at, number, intensity, pattern in self.db.execute(
                f"SELECT e.client, e.id, e.session_at, e.session_number, e.intensity, e.pattern FROM entries e {where} "
                "ORDER BY e.client, e.session_at, e.id",
                params,
            )
        ]
