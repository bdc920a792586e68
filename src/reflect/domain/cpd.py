"""Continuing professional development: the record and its one validator (pure; no SQL).

An activity is what a CPD log asks for: the day, the time it took, what it was, what I learned, how it changed my
practice, and which standard of my professional code it relates to (free text, as codes differ: "NMC Code: practise
effectively", "BACP Ethical Framework: being trustworthy"). The last three are what a reflective account is made of.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from reflect.domain.dates import iso, now_utc

# The meeting's validators: one wording for the errors of both records.
from reflect.domain.supervision import _fail, _text, record_id

CPD_FIELDS = ("id", "held_on", "hours", "activity", "learned", "changed", "standard", "created_at", "updated_at")
MAX_MINUTES = 30_000  # 500 hours: a whole course logged as one activity


@dataclass(frozen=True)
class CpdActivity:
    id: str
    held_on: date
    minutes: int
    activity: str
    learned: str | None = None
    changed: str | None = None
    standard: str | None = None
    created_at: datetime = field(default_factory=now_utc)
    updated_at: datetime = field(default_factory=now_utc)

    @property
    def hours(self) -> float:
        return self.minutes / 60


def cpd_to_dict(a: CpdActivity) -> dict[str, Any]:
    return {
        "id": a.id,
        "held_on": a.held_on.isoformat(),
        "hours": round(a.minutes / 60, 4),
        "activity": a.activity,
        "learned": a.learned,
        "changed": a.changed,
        "standard": a.standard,
        "created_at": iso(a.created_at),
        "updated_at": iso(a.updated_at),
    }


def _when(raw: Any, where: str, name: str) -> datetime:
    if not isinstance(raw, str):
        raise _fail(where, name, "must be an ISO date and time")
    try:
        value = datetime.fromisoformat(raw)
    except ValueError:
        raise _fail(where, name, "must be an ISO date and time") from None
    return value if value.tzinfo else value.replace(tzinfo=now_utc().tzinfo)


def _day(raw: Any, where: str) -> date:
    if isinstance(raw, date) and not isinstance(raw, datetime):
        return raw  # TOML dates arrive as date objects
    if isinstance(raw, str):
        try:
            return date.fromisoformat(raw.strip())
        except ValueError:
            pass
    raise _fail(where, "held_on", "must be a date such as 2026-03-11")


def parse_cpd(raw: Any, *, where: str = "", require_id: bool = False, today: date | None = None) -> CpdActivity:
    """Validate a CPD activity (flags or an imported document) and return it; hours may be fractional ("1.5")."""
    activity_id = record_id(raw, CPD_FIELDS, where, "CPD activity", "a CPD activity", require_id=require_id)
    held_on = _day(raw.get("held_on"), where)
    if today is not None and held_on > today:
        raise _fail(where, "held_on", "cannot be in the future")
    hours = raw.get("hours")
    if isinstance(hours, str):
        try:
            hours = float(hours.strip())
        except ValueError:
            raise _fail(where, "hours", "must be a number of hours such as 1.5") from None
    if isinstance(hours, bool) or not isinstance(hours, int | float):
        raise _fail(where, "hours", "must be a number of hours such as 1.5")
    if isinstance(hours, float) and not math.isfinite(hours):  # (a huge int cannot even be made a float)
        raise _fail(where, "hours", "must be a number of hours such as 1.5")
    minutes = round(hours * 60) if abs(hours) <= MAX_MINUTES else 0  # a huge float would overflow round()
    if not 1 <= minutes <= MAX_MINUTES:
        raise _fail(where, "hours", f"must be from 1 minute to {MAX_MINUTES // 60} hours")
    activity = _text(raw.get("activity"), where, "activity", required=True)
    assert activity is not None
    now = now_utc()
    created = _when(raw["created_at"], where, "created_at") if raw.get("created_at") is not None else now
    updated = _when(raw["updated_at"], where, "updated_at") if raw.get("updated_at") is not None else created
    return CpdActivity(
        id=activity_id,
        held_on=held_on,
        minutes=minutes,
        activity=activity,
        learned=_text(raw.get("learned"), where, "learned"),
        changed=_text(raw.get("changed"), where, "changed"),
        standard=_text(raw.get("standard"), where, "standard"),
        created_at=created,
        updated_at=updated,
    )
