"""Period summaries and trends over time: sessions per period, recent clients, the grid of pulls over a client's last
sessions, intensity by week. A repository the Journal composes; each query groups and counts inside SQLite."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from reflect.store.entries import session_days
from reflect.store.facts import fact_bits
from reflect.store.tally import period_facts

if TYPE_CHECKING:
    from sqlite_utils import Database

    from reflect.domain.entry_filter import EntryFilter


class TrendQueries:
    def __init__(self, db: Database) -> None:
        self.db = db

    def period_summary(self, flt: EntryFilter) -> tuple[int, int, date | None, date | None]:
        """Sessions, clients, first and last session day (local) in the period (for --client: that client's)."""
        from reflect.domain.dates import stored_time

        rng, rp = period_range(flt)
        extra, params = (" AND client = ?", [flt.client]) if flt.client else ("", [])
        n, clients, first, last = self.db.execute(
            f"SELECT count(*), count(DISTINCT client), min(session_at), max(session_at) FROM entry_facts "
            f"WHERE {rng}{extra}",
            [*rp, *params],
        ).fetchone()
        day = lambda v: stored_time(v).astimezone().date() if v else None  # noqa: E731
        return n, clients, day(first), day(last)

    def recent_clients(self, flt: EntryFilter, limit: int) -> list[str]:
        """The clients seen most recently in the period, latest first."""
        rng, rp = period_range(flt)
        rows = self.db.execute(
            f"SELECT client FROM {period_facts('client, session_at', rng, rp)} "
            "GROUP BY client ORDER BY max(session_at) DESC, client LIMIT ?",
            [*rp, limit],
        )
        return [r[0] for r in rows]

    def pull_grid(
        self, clients: list[str], flt: EntryFilter, last: int = 12
    ) -> dict[str, list[tuple[int | None, set[str]]]]:
        """For each client, their last `last` sessions in the period (oldest first): session number and pulls."""
        out: dict[str, list[tuple[int | None, set[str]]]] = {c: [] for c in clients}
        rng, rp = period_range(flt)
        names = {i: slug for slug, i in fact_bits()["pulls"].items()}
        for client in clients:
            rows = self.db.execute(
                f"""SELECT e.session_number, f.pulls FROM (
                        SELECT entry_id, session_at, pulls FROM entry_facts WHERE client = ? AND {rng}
                        ORDER BY session_at DESC LIMIT ?) f
                    JOIN entries e ON e.id = f.entry_id ORDER BY f.session_at""",
                [client, *rp, last],
            )
            for number, bits in rows:
                out[client].append((number, {names[i] for i in names if bits >> i & 1}))
        return out

    def intensity_by_week(self, flt: EntryFilter) -> list[tuple[date, int, float | None]]:
        """Sessions per week (weeks start on Monday, local time) with their mean intensity, oldest first."""
        rng, rp = period_range(flt)
        client = " AND client = ?" if flt.client else ""
        # Sessions share their times (a weekly slot), and the local week is the costly part: group by time first.
        # The mean comes out as avg() would have it: a sum of whole numbers over their count.
        rows = self.db.execute(
            f"""SELECT date(at, 'localtime', 'weekday 0', '-6 days') AS week, sum(n), total(rated) / sum(ratings)
                FROM (SELECT session_at AS at, count(*) AS n, sum(intensity) AS rated, count(intensity) AS ratings
                      FROM entry_facts WHERE {rng}{client} GROUP BY session_at)
                GROUP BY week ORDER BY week""",
            [*rp, *([flt.client] if flt.client else [])],
        )
        return [(date.fromisoformat(r[0]), r[1], r[2]) for r in rows]

    def recent_intensity(self, client: str, flt: EntryFilter, last: int = 12) -> list[int | None]:
        rng, rp = period_range(flt)
        rows = self.db.execute(
            f"""SELECT intensity FROM (SELECT session_at, intensity FROM entry_facts WHERE client = ? AND {rng}
                ORDER BY session_at DESC LIMIT ?) ORDER BY session_at""",
            [client, *rp, last],
        )
        return [r[0] for r in rows]


def period_range(flt: EntryFilter) -> tuple[str, list[Any]]:
    """The SQL condition on session_at (and its parameters) for a filter's local days."""
    clauses, params = session_days(flt, "session_at")
    return " AND ".join(["1", *clauses]), params
