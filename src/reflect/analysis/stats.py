"""The statistics every pattern finding rests on: the thresholds (one definition each), the exact one-sided tests and
the `Finding` they produce. Pure: no SQL, no terminal.

Why an exact test as well as a minimum difference: with a handful of sessions a 30-point difference happens by chance
all the time. Fisher's exact test (one-sided, hypergeometric tail) compares a group with its comparison group; where
there is no comparison group, a binomial tail against a stated chance rate is used. Both are computed here with
`math.lgamma`, so no statistics library is needed."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Thresholds:
    min_sessions: int = 4  # sessions in a group before a rate about it is reported
    min_events: int = 3  # occurrences (sessions with it, ruptures, experiments) before a count is reported
    min_rate: float = 0.5  # "recurring": in at least half of the group's sessions
    min_difference: float = 0.30  # at least 30 percentage points above the comparison group
    alpha: float = 0.01  # one-sided exact test (Fisher; binomial where there is no comparison group)
    stance_share: float = 0.7  # one stance in at least 70% of a client's rated sessions ...
    stance_chance: float = 1 / 2  # ... and unlikely if both ratings were equally likely ("unsure" is not a rating)
    trend_change: float = 1.0  # a change in mean intensity of at least 1 point (0-10) ...
    trend_t: float = 3.0  # ... with |Welch t| >= 3 between the earlier and later half of the sessions
    question_days: int = 21  # supervision questions open longer than this
    # Unresolved ruptures are rare and matter (unresolved confrontation ruptures predict dropout), and there is one
    # comparison per client, so their guard is looser than the alpha above.
    rupture_alpha: float = 0.05

    def footer(self) -> str:
        return (
            f"Thresholds: a rate needs at least {self.min_sessions} sessions and {self.min_events} occurrences; "
            f"'recurring' means at least {self.min_rate:.0%} of sessions; a comparison needs a difference of at "
            f"least {self.min_difference * 100:.0f} percentage points and a one-sided exact test at p <= {self.alpha} "
            "divided by how many of that kind were compared (every pull, say); "
            f"a stance profile needs {self.stance_share:.0%} of rated sessions; a trend needs a change of "
            f"{self.trend_change:g} point and |t| >= {self.trend_t:g}; unresolved ruptures need "
            f"{self.min_events}, half of the client's ruptures and p <= {self.rupture_alpha} per session against other "
            f"clients; questions count as waiting after {self.question_days} days."
        )


@dataclass(frozen=True)
class Finding:
    kind: str
    client: str | None
    subject: str
    count: int
    total: int
    rate: float | None
    baseline_rate: float | None
    entries: tuple[str, ...]
    text: str
    baseline_count: int | None = None
    baseline_total: int | None = None
    p_value: float | None = None
    details: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["entries"] = list(self.entries)
        for key in ("rate", "baseline_rate"):
            if data[key] is not None:
                data[key] = round(data[key], 3)
        if data["p_value"] is not None:
            data["p_value"] = float(f"{data['p_value']:.3g}")
        return data


# --- exact tests ----------------------------------------------------------------------------------------------------


def _log_choose(n: int, k: int) -> float:
    return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)


def _tail(first_log: float, ratio: Callable[[int], float], start: int, stop: int) -> float:
    """Sum P(start) + ... + P(stop) given log P(start) and P(x + 1) / P(x), stopping once the terms are negligible
    (past the mode they shrink geometrically), so that a test on 100,000 sessions costs microseconds."""
    term = math.exp(first_log)
    total = term
    for x in range(start, stop):
        term *= ratio(x)
        total += term
        if term < total * 1e-12:
            break
    return min(1.0, total)


def fisher_greater(a: int, n1: int, c: int, n2: int) -> float:
    """One-sided Fisher exact test: P(at least `a` of the `n1` group have it) given `a + c` of `n1 + n2` have it.

    Small values mean the first group has it more often than chance allows.
    """
    total, having = n1 + n2, a + c
    if n1 == 0 or having == 0:
        return 1.0
    first = _log_choose(having, a) + _log_choose(total - having, n1 - a) - _log_choose(total, n1)
    return _tail(
        first,
        lambda x: (having - x) * (n1 - x) / ((x + 1) * (total - having - n1 + x + 1)),
        a,
        min(having, n1),
    )


def binomial_greater(k: int, n: int, p: float) -> float:
    """P(X >= k) for X ~ Binomial(n, p)."""
    if k <= 0:
        return 1.0
    if k > n or p <= 0:
        return 0.0
    if p >= 1:
        return 1.0
    first = _log_choose(n, k) + k * math.log(p) + (n - k) * math.log1p(-p)
    return _tail(first, lambda x: (n - x) / (x + 1) * p / (1 - p), k, n)


def _rate(count: int, total: int) -> float | None:
    return count / total if total else None


def _pct(rate: float | None) -> str:
    return "n/a" if rate is None else f"{rate:.0%}"


def stands_out(
    count: int,
    total: int,
    base_count: int,
    base_total: int,
    th: Thresholds,
    *,
    compared: int = 1,
    min_count: int | None = None,
    min_rate: float | None = None,
) -> float | None:
    """The p-value when a group's rate is high enough and far enough above its comparison group, else None.

    `compared` is how many slugs are tested for the same group (all the pulls, all the urges, ...): the test level is
    divided by it (Bonferroni), so that a client whose reactions vary at random rarely produces even one finding.
    """
    if total < th.min_sessions or count < (min_count if min_count is not None else th.min_events):
        return None
    rate = count / total
    if min_rate is not None and rate < min_rate:
        return None
    if base_total > 0:
        if rate - base_count / base_total < th.min_difference:
            return None
        p = fisher_greater(count, total, base_count, base_total)
        return p if p <= th.alpha / compared else None
    return 1.0 if min_rate is not None else None  # no comparison group: only a "recurring" rate can stand alone


# --- the client view's thresholds (docs/client-view.md states them) ---------------------------------------------------

RECENT_WINDOW = 4  # the last 4 coded sessions are "recent" ...
RECENT_MAJORITY = 3  # ... and have a clear pattern when one pattern holds 3 of them
MIN_EARLIER = 2  # at least 2 coded sessions before the window to compare with, else "too early"
ABOVE_MIN_COUNT = 3  # "well above baseline": at least 3 sessions with this client,
ABOVE_MIN_DIFF = 0.25  # a rate at least 25 points higher than with other clients,
ABOVE_MIN_RATIO = 1.5  # and at least 1.5 times it,
BASELINE_MIN_SESSIONS = 4  # when there are at least 4 sessions with other clients to compare with.
RECURRING_MIN_SESSIONS = 4  # a research-linked finding needs at least 4 sessions,
RECURRING_MIN_COUNT = 3  # the reaction in at least 3 of them,
RECURRING_MIN_RATE = 1 / 3  # and in at least a third of them.
HIGH_SCORE = 4.0  # a self-report score above the midpoint of the 1-7 scale reads as "higher" (not a clinical norm)


def round_rate(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
