"""Comparing practice attempts with their readings: pure functions from attempts to facts (render/practice.py words
them). A reading is one experienced view of a vignette, so "agreement" here means agreement with that view, never a
mark of skill. A skipped question is never counted as a miss: it stays out of every figure that needs its answer.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from reflect.domain.practice_attempts import Attempt
from reflect.domain.vignettes import MIXED, PATTERNS

# How an answered presentation compares with the reading's.
AGREE, PARTLY, DIFFER, UNCLEAR = "agree", "partly", "differ", "unclear"
TREND_VALUE = {AGREE: 1.0, PARTLY: 0.5, DIFFER: 0.0, UNCLEAR: 0.0}


def agreement(answer: str | None, presentation: str, leans: list[str]) -> str | None:
    """agree / partly / differ / unclear, or None when the question was skipped.

    "partly": the reading is mixed and the answer names one of the presentations it sits between."""
    if answer is None:
        return None
    if answer == "unclear":
        return UNCLEAR
    if answer == presentation:
        return AGREE
    if presentation == MIXED and answer in leans:
        return PARTLY
    return DIFFER


@dataclass(frozen=True)
class Overlap:
    """Your answer and the reading's list for one question; None when you skipped it."""

    shared: tuple[str, ...]
    reading_only: tuple[str, ...]
    yours_only: tuple[str, ...]


def overlap(yours: list[str] | None, reading: list[str]) -> Overlap | None:
    if yours is None:
        return None
    shared = tuple(s for s in reading if s in yours)
    reading_only = tuple(s for s in reading if s not in yours)
    return Overlap(shared, reading_only, yours_only=tuple(s for s in yours if s not in reading))


@dataclass(frozen=True)
class Comparison:
    """One attempt beside its reading."""

    agreement: str | None
    markers: Overlap | None
    feelings: Overlap | None
    pulls: Overlap | None
    urges: Overlap | None


def compare(a: Attempt) -> Comparison:
    r = a.reading
    return Comparison(
        agreement=agreement(a.presentation, r["presentation"], r.get("leans", [])),
        markers=overlap(a.markers, r["markers"]),
        feelings=overlap(a.feelings, r.get("feelings", [])),
        pulls=overlap(a.pulls, r["pulls"]),
        urges=overlap(a.urges, r.get("urges", [])),
    )


def comparison_to_dict(c: Comparison) -> dict:
    def lists(o: Overlap | None) -> dict | None:
        return None if o is None else {"shared": list(o.shared), "reading_only": list(o.reading_only),
                                       "yours_only": list(o.yours_only)}  # fmt: skip

    return {"agreement": c.agreement, "markers": lists(c.markers), "feelings": lists(c.feelings),
            "pulls": lists(c.pulls), "urges": lists(c.urges)}  # fmt: skip


@dataclass
class PresentationProgress:
    attempts: int = 0
    counts: Counter[str] = field(default_factory=Counter)  # agree, partly, differ, unclear
    skipped: int = 0
    trend: list[float] = field(default_factory=list)  # one value per answered attempt, oldest first

    @property
    def answered(self) -> int:
        return self.attempts - self.skipped


@dataclass(frozen=True)
class MissedMarker:
    marker: str
    missed: int  # attempts that answered the markers question without ticking it
    present: int  # attempts that answered the markers question on a vignette whose reading saw it


@dataclass(frozen=True)
class WeekResponses:
    week: date  # the Monday
    complementary: int
    non_complementary: int
    preferred: int  # of those, the response the reading leaned toward


@dataclass
class Progress:
    attempts: int
    vignettes: int
    first: date | None
    last: date | None
    by_week: list[tuple[date, int]]
    by_presentation: dict[str, PresentationProgress]
    missed_markers: list[MissedMarker]
    responses: list[WeekResponses]
    markers_answered: int  # attempts that answered the markers question


def week_of(started_at: str) -> date:
    """The Monday of the local week an attempt began in."""
    day = datetime.fromisoformat(started_at).astimezone().date()
    return day - timedelta(days=day.weekday())


def progress(attempts: list[Attempt]) -> Progress:
    """Facts over finished attempts, oldest first (the order the store returns)."""
    by_week: Counter[date] = Counter()
    by_presentation = {p: PresentationProgress() for p in PATTERNS}
    present: Counter[str] = Counter()
    missed: Counter[str] = Counter()
    responses: dict[date, list[int]] = {}
    markers_answered = 0
    days: list[date] = []
    for a in attempts:
        week = week_of(a.started_at)
        by_week[week] += 1
        days.append(datetime.fromisoformat(a.started_at).astimezone().date())
        c = compare(a)
        group = by_presentation[a.pattern]
        group.attempts += 1
        if c.agreement is None:
            group.skipped += 1
        else:
            group.counts[c.agreement] += 1
            group.trend.append(TREND_VALUE[c.agreement])
        if c.markers is not None:
            markers_answered += 1
            present.update(a.reading["markers"])
            missed.update(c.markers.reading_only)
        if a.response_stance is not None:
            row = responses.setdefault(week, [0, 0, 0])
            row[0 if a.response_stance == "complementary" else 1] += 1
            row[2] += bool(a.response_preferred)
    missed_markers = sorted(
        (MissedMarker(m, missed[m], present[m]) for m in present if missed[m]),
        key=lambda m: (-m.missed, -m.missed / m.present, m.marker),
    )
    return Progress(
        attempts=len(attempts), vignettes=len({a.vignette for a in attempts}), first=min(days, default=None),
        last=max(days, default=None), by_week=sorted(by_week.items()), by_presentation=by_presentation,
        missed_markers=missed_markers, markers_answered=markers_answered,
        responses=[WeekResponses(w, *responses[w]) for w in sorted(responses)],
    )  # fmt: skip


def progress_to_dict(p: Progress) -> dict:
    return {
        "attempts": p.attempts,
        "vignettes": p.vignettes,
        "first": p.first.isoformat() if p.first else None,
        "last": p.last.isoformat() if p.last else None,
        "by_week": [{"week": w.isoformat(), "attempts": n} for w, n in p.by_week],
        "by_presentation": {
            name: {
                "attempts": g.attempts,
                "answered": g.answered,
                "agree": g.counts[AGREE],
                "partly": g.counts[PARTLY],
                "differ": g.counts[DIFFER],
                "unclear": g.counts[UNCLEAR],
                "skipped": g.skipped,
                "trend": g.trend,
            }
            for name, g in p.by_presentation.items()
        },  # fmt: skip
        "markers_answered": p.markers_answered,
        "markers_missed": [{"marker": m.marker, "missed": m.missed, "present": m.present} for m in p.missed_markers],
        "responses_by_week": [
            {
                "week": r.week.isoformat(),
                "complementary": r.complementary,
                "non_complementary": r.non_complementary,
                "preferred": r.preferred,
            }
            for r in p.responses
        ],  # fmt: skip
    }
