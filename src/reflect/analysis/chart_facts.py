"""What the HTML documents' charts show, as facts: pure functions over `store_charts.ChartSession` rows.

Each chart counts only what was coded: a session with no intensity, no presentation or no pulls recorded is a gap,
never a zero, and every count keeps its denominator (the sessions in which the thing could have been coded).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from reflect.domain import vocab
from reflect.domain.rows import ChartSession


@dataclass(frozen=True)
class SessionPoint:
    number: int | None
    at: datetime
    intensity: int | None
    pattern: str | None
    events: tuple[str, ...]
    pulls: tuple[str, ...]
    ruptures: tuple[tuple[str, str | None], ...]


@dataclass(frozen=True)
class ClientSeries:
    """One client's sessions in a document's period, oldest first, with the counts its charts and tables show."""

    client: str
    sessions: tuple[SessionPoint, ...]

    @property
    def with_intensity(self) -> int:
        return sum(1 for s in self.sessions if s.intensity is not None)

    @property
    def coded(self) -> int:
        """Sessions with a presentation coded."""
        return sum(1 for s in self.sessions if s.pattern)

    def pull_counts(self) -> list[tuple[str, int]]:
        """Pulls logged in any session, in the vocabulary's order, with the number of sessions that logged each."""
        counts = Counter(p for s in self.sessions for p in s.pulls)
        return [(p, counts[p]) for p in vocab.slugs("pull") if counts[p]]

    def pattern_counts(self) -> list[tuple[str, int]]:
        counts = Counter(s.pattern for s in self.sessions if s.pattern)
        return [(p, counts[p]) for p in vocab.slugs("pattern") if counts[p]]

    def event_counts(self) -> list[tuple[str, int]]:
        counts = Counter(e for s in self.sessions for e in s.events)
        return [(e, counts[e]) for e in vocab.slugs("event") if counts[e]]

    @property
    def rupture_sessions(self) -> tuple[SessionPoint, ...]:
        return tuple(s for s in self.sessions if s.ruptures)

    def rupture_outcomes(self, session: SessionPoint) -> dict[str, int]:
        """Ruptures of one session by what the clinician recorded about repair in the session."""
        return dict(Counter(resolved or "unrecorded" for _, resolved in session.ruptures))


RUPTURE_OUTCOMES = ("yes", "partial", "no", "unrecorded")  # the order the rupture chart stacks them in


def client_series(rows: Sequence[ChartSession]) -> list[ClientSeries]:
    """Rows (by client, then time) grouped into one series per client."""
    from reflect.domain.dates import stored_time

    grouped: dict[str, list[SessionPoint]] = {}
    for r in rows:
        grouped.setdefault(r.client, []).append(
            SessionPoint(
                r.session_number, stored_time(r.session_at), r.intensity, r.pattern, r.events, r.pulls, r.ruptures
            )  # fmt: skip
        )
    return [ClientSeries(client, tuple(points)) for client, points in grouped.items()]
