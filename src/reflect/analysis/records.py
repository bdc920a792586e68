"""The logs professional bodies ask for, as facts (pure; `store_records.py` reads, `render/records.py` words):

- the supervision log: each meeting's day, length, individual or group (and size), supervisor code, the time BACP
  counts (supervision.counted_minutes), and the journal questions it took up, by the seven-eyed model's eye;
- the practice log: sessions per month by modality, counted from the entries (the journal does not record a
  session's length, so it cannot count client hours);
- the CPD log: the activities as logged, with their hours.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from reflect.domain import vocab
from reflect.domain.rows import LoggedMeeting
from reflect.domain.supervision import counted_minutes


@dataclass(frozen=True)
class SupervisionLogRow:
    held_on: date
    minutes: int
    group_size: int | None
    supervisor: str | None
    counted_minutes: float
    eyes: tuple[tuple[int | None, int], ...]  # (eye, questions), eye order; None: questions with no eye given


def supervision_log(meetings: Iterable[LoggedMeeting]) -> list[SupervisionLogRow]:
    rows = []
    for m in meetings:
        counts = Counter(m.eyes)
        eyes = tuple((eye, counts[eye]) for eye in sorted(counts, key=lambda e: (e is None, e or 0)))
        rows.append(
            SupervisionLogRow(
                m.held_on, m.minutes, m.group_size, m.supervisor, counted_minutes(m.minutes, m.group_size), eyes
            )  # fmt: skip
        )
    return rows


@dataclass(frozen=True)
class PracticeMonth:
    month: str  # YYYY-MM, local time
    sessions: tuple[tuple[str, int], ...]  # (modality, sessions), the vocabulary's order; every modality listed

    @property
    def total(self) -> int:
        return sum(n for _, n in self.sessions)


def practice_log(sessions: Iterable[tuple[str, str]]) -> list[PracticeMonth]:
    """Sessions per local month by modality, from (stored session time, modality); months without a session between
    the first and the last are listed with zeros (a log shows its gaps)."""
    from reflect.domain.dates import stored_time

    per: dict[str, Counter[str]] = {}
    for session_at, modality in sessions:
        local = stored_time(session_at).astimezone()
        per.setdefault(f"{local.year:04d}-{local.month:02d}", Counter())[modality] += 1
    if not per:
        return []
    modalities = vocab.slugs("modality")
    extra = sorted({m for c in per.values() for m in c if m not in modalities})  # values from an older vocabulary
    months = []
    year, month = int(min(per)[:4]), int(min(per)[5:])
    while f"{year:04d}-{month:02d}" <= max(per):
        key = f"{year:04d}-{month:02d}"
        counts = per.get(key, Counter())
        months.append(PracticeMonth(key, tuple((m, counts[m]) for m in [*modalities, *extra])))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def modality_totals(months: Sequence[PracticeMonth]) -> tuple[tuple[str, int], ...]:
    if not months:
        return ()
    return tuple((m, sum(dict(p.sessions)[m] for p in months)) for m, _ in months[0].sessions)
