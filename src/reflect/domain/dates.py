"""Natural-language session dates: a small, strict parser (dateutil only for spelled-out dates).

dateutil's fuzzy mode silently misreads relative phrases ("last tuesday" becomes next Tuesday), so relative forms are
parsed here and anything unrecognised is an error, never a guess. Session dates may not lie in the future: a phrase
that can only mean the future ("tomorrow 9am", "next tuesday", "in 3 days") says so rather than "cannot read".

A wall-clock time is given the offset of its own day in the local zone (not today's), and a time the clocks skipped
(spring forward) or showed twice (fall back) is stored with a note, appended to `notes`, naming the time stored.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_WEEKDAY_ABBR = {name[:3]: i for i, name in enumerate(WEEKDAYS)} | {name: i for i, name in enumerate(WEEKDAYS)}
_UNITS = {"d": 1, "day": 1, "days": 1, "w": 7, "wk": 7, "wks": 7, "week": 7, "weeks": 7}
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}

_TIME = re.compile(r"(?:\bat\s+)?\b(\d{1,2})(?::(\d{2}))?\s*(am|pm)?\s*$")
_AGO = re.compile(r"^(\d{1,5}|a|an|one|two|three|four|five|six|seven)\s*(d|days?|w|wks?|weeks?)\s+ago$")
_WEEKDAY = re.compile(r"^(?:last\s+)?([a-z]+)$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_FUTURE = re.compile(
    r"^(?:tomorrow|next\s+[a-z]+|in\s+(?:\d{1,5}|a|an|one|two|three|four|five|six|seven)\s*(?:d|days?|w|wks?|weeks?)"
    r"|(?:\d{1,5}|a|an|one|two|three|four|five|six|seven)\s*(?:d|days?|w|wks?|weeks?)\s+from\s+now)$"
)
FUTURE = "sessions cannot be in the future"
_ON_THE = re.compile(r"^on\s+(?:the\s+(?=\d))?|^the\s+(?=\d)")
_ORDINAL_ONLY = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?$")
_ORDINAL_SUFFIX = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)\b")
_NUMERIC_DATE = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})$")
DATE_ORDERS = {"DMY": "day first (03/04/2026 is 3 April)", "MDY": "month first (03/04/2026 is March 4)"}


def parse_when(
    text: str, *, now: datetime | None = None, allow_future: bool = False, notes: list[str] | None = None
) -> datetime:
    """Parse a session date/time in the clinician's local time; return an aware datetime.

    Accepts: now, today, yesterday, "N days/weeks ago", "[last] tuesday", ISO dates and date-times, and spelled-out
    dates ("9 March", "9 March 2026"), each optionally followed by a time ("15:00", "9am", "at 3:30pm").
    A date without a time means that day at the current time if it is today, else at 12:00.
    """
    now = now or datetime.now().astimezone()
    if now.tzinfo is None:
        now = now.astimezone()
    raw = " ".join(text.strip().lower().split())
    if not raw:
        raise ValueError("empty date")
    if len(raw) > 64:
        raise ValueError("too long to be a date")

    # Whole ISO date-times first ("2026-03-11T15:00", "2026-03-11 15:00+01:00").
    if re.match(r"^\d{4}-\d{2}-\d{2}[t ]\d", raw):
        try:
            dt = datetime.fromisoformat(raw.upper().replace(" ", "T", 1))
        except ValueError:
            raise ValueError("not a valid ISO date-time") from None
        result = dt if dt.tzinfo else _localize(dt, now, notes)
        return _check_future(result, now, allow_future)

    day_part, clock = _split_time(raw)
    if not allow_future and _FUTURE.match(day_part):
        raise ValueError(FUTURE)
    day = _parse_day(day_part, now.date())
    if clock is None:
        clock = now.time().replace(second=0, microsecond=0) if day == now.date() else time(12, 0)
    result = _localize(datetime.combine(day, clock), now, notes)
    return _check_future(result, now, allow_future)


def _local_rules(now: datetime) -> bool:
    """`now` is in this computer's local zone (as `datetime.now().astimezone()` gives): use the zone's rules, so a
    date in summer gets summer's offset. A `now` in another fixed zone (tests, or a caller's choice) is kept."""
    return now.utcoffset() == now.astimezone().utcoffset() and now.tzname() == now.astimezone().tzname()


def _localize(naive: datetime, now: datetime, notes: list[str] | None) -> datetime:
    zone: tzinfo | None = now.tzinfo
    if not _local_rules(now) and not hasattr(zone, "key"):  # a fixed offset: no clock changes to speak of
        return naive.replace(tzinfo=zone)

    def aware(fold: int) -> datetime:
        candidate = naive.replace(fold=fold)
        return candidate.replace(tzinfo=zone) if hasattr(zone, "key") else candidate.astimezone()

    first, second = sorted((aware(0), aware(1)))  # by instant: the earlier reading first
    wall = f"{naive:%H:%M} on {naive:%Y-%m-%d}"
    if first.utcoffset() == second.utcoffset():
        return first
    local = zone if hasattr(zone, "key") else None  # None: astimezone() uses the system's local zone
    if first.astimezone(local).replace(tzinfo=None, fold=0) != naive:  # the clocks skipped this time
        stored = second.astimezone(local)  # read on the clock before the change, as the clinician's watch would
        _note(notes, f"{wall} did not happen on this computer's clock (the clocks went forward); stored as "
                     f"{stored:%H:%M} ({_offset(stored)}).")  # fmt: skip
        return stored
    _note(notes, f"{wall} happened twice (the clocks went back); stored as the first, {first:%H:%M} "
                 f"({_offset(first)}); type {naive:%Y-%m-%dT%H:%M}{_offset(second)} for the second.")  # fmt: skip
    return first


def _offset(dt: datetime) -> str:
    return dt.isoformat()[-6:]


def _note(notes: list[str] | None, text: str) -> None:
    if notes is not None:
        notes.append(text)


def parse_day(text: str, *, now: datetime | None = None) -> date:
    """A calendar day for filters (--since/--until); future days are allowed there."""
    return parse_when(text, now=now, allow_future=True).date()


EARLIEST_YEAR = 1970  # no clinician is journaling sessions from before this; an earlier date is a typo


def _check_future(result: datetime, now: datetime, allow_future: bool) -> datetime:
    if result.year < EARLIEST_YEAR:
        raise ValueError(f"a date before {EARLIEST_YEAR} is not a plausible session date")
    # A few minutes' slack: "now" typed a moment ago is not the future.
    if not allow_future and result > now + timedelta(minutes=5):
        raise ValueError(FUTURE)
    return result


def _split_time(raw: str) -> tuple[str, time | None]:
    if raw in ("now",):
        return "today", None
    m = _TIME.search(raw)
    if not m:
        return raw, None
    head = raw[: m.start()].strip()
    hour, minute, meridiem = int(m.group(1)), int(m.group(2) or 0), m.group(3)
    has_marker = m.group(2) is not None or meridiem is not None or "at" in raw[m.start() : m.start() + 3]
    # A bare number is a time only after a day word ("today 9" is ambiguous: require 9am / 9:00).
    if not has_marker:
        return raw, None
    if not head:
        head = "today"
    if meridiem:
        if not 1 <= hour <= 12:
            raise ValueError("hour must be 1-12 with am/pm")
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    if hour > 23 or minute > 59:
        raise ValueError("not a valid time of day")
    return head, time(hour, minute)


def _parse_day(text: str, today: date) -> date:
    text = _ON_THE.sub("", text)  # "on the 3rd", "on 9 march": the words around a day add nothing
    if text in ("today", "now", "tonight", "this morning", "this afternoon", "this evening"):
        return today
    if text == "yesterday":
        return today - timedelta(days=1)
    if text == "tomorrow":  # a filter's end (--until tomorrow); a session date is then refused as in the future
        return today + timedelta(days=1)
    if m := _ORDINAL_ONLY.match(text):
        return _latest_day_of_month(int(m.group(1)), today)
    text = _ORDINAL_SUFFIX.sub(r"\1", text)  # "3rd march", "march 3rd" -> "3 march", "march 3"
    if m := _AGO.match(text):
        count = _NUMBER_WORDS.get(m.group(1)) or int(m.group(1))
        days = count * _UNITS[m.group(2)]
        try:
            return today - timedelta(days=days)
        except OverflowError:
            raise ValueError("too far in the past") from None
    if m := _WEEKDAY.match(text):
        name = m.group(1)
        if name in _WEEKDAY_ABBR:
            # "tuesday" and "last tuesday" both mean the most recent Tuesday before today.
            delta = (today.weekday() - _WEEKDAY_ABBR[name]) % 7 or 7
            return today - timedelta(days=delta)
    if _ISO_DATE.match(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise ValueError("not a valid calendar date") from None
    return _spelled_out(text, today)


def _latest_day_of_month(day: int, today: date) -> date:
    """ "The 3rd": the most recent 3rd of a month, today included (a session day is never ahead)."""
    if not 1 <= day <= 31:
        raise ValueError(f"there is no day {day} in a month")
    year, month = today.year, today.month
    for _ in range(13):  # the 31st: back to the latest month that has one
        try:
            candidate = date(year, month, day)
        except ValueError:
            candidate = None
        if candidate is not None and candidate <= today:
            return candidate
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    raise ValueError(f"there is no day {day} in a month")  # pragma: no cover (every year has a 31st)


def date_order() -> str:
    """`date_order` in config.toml: "DMY" (the default, as outside the US) or "MDY"; how 03/04/2026 is read."""
    from reflect.config import load_settings
    from reflect.errors import ReflectError

    value = str(load_settings().get("date_order", "DMY")).strip().upper()
    if value not in DATE_ORDERS:
        raise ReflectError(f"date_order in config.toml must be DMY or MDY, not {value!r}.")
    return value


def order_note(text: str, day: date) -> str | None:
    """For an all-numeric date whose day and month could be swapped (03/04/2026), how it was read and why, so the
    clinician sees the reading before it is stored; None when the date is not ambiguous."""
    m = _NUMERIC_DATE.match(" ".join(text.strip().lower().split()))
    if not m or int(m.group(1)) > 12 or int(m.group(2)) > 12 or m.group(1).lstrip("0") == m.group(2).lstrip("0"):
        return None
    order = date_order()
    return (f"{text.strip()} read as {day.day} {day:%B %Y}: date_order = \"{order}\" in config.toml, "
            f"{DATE_ORDERS[order].split(' (')[0]}.")  # fmt: skip


def _spelled_out(text: str, today: date) -> date:
    """'9 March', 'March 9 2026', '9/3/2026' (day first unless `date_order = "MDY"`; ISO avoids the ambiguity)."""
    if not re.search(r"\d", text) or not re.fullmatch(r"[a-z0-9 ,./-]+", text):
        raise ValueError("use e.g. 'today 15:00', 'yesterday', 'last tuesday 9am', '3 days ago' or 2026-03-11")
    from dateutil import parser as du

    has_year = bool(re.search(r"\b\d{4}\b", text))
    try:
        default = datetime(today.year, 1, 1)
        parsed = du.parse(text, dayfirst=date_order() == "DMY", default=default).date()
    except (ValueError, OverflowError):
        raise ValueError(
            "use e.g. 'today 15:00', 'yesterday', 'last tuesday 9am', '3 days ago' or 2026-03-11"
        ) from None
    if not has_year and parsed > today:
        # "9 March" typed in January means last March, not a date to come.
        parsed = parsed.replace(year=parsed.year - 1)
    return parsed


# --- stored times -------------------------------------------------------------------------------------------------


def now_utc() -> datetime:
    return truncate_ms(datetime.now(UTC))


def iso(dt: datetime) -> str:
    """UTC, with milliseconds only when there are any: one spelling per instant."""
    dt = dt.astimezone(UTC)
    return dt.isoformat(timespec="milliseconds" if dt.microsecond else "seconds")


def truncate_ms(dt: datetime) -> datetime:
    return dt.replace(microsecond=dt.microsecond // 1000 * 1000)


def stored_time(value: str) -> datetime:
    dt = datetime.fromisoformat(value)
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def local_day_start_utc(day: date) -> str:
    """The UTC instant at which a local calendar day starts, as stored in session_at."""
    return iso(datetime.combine(day, time(0, 0)).astimezone())


def day_bounds_utc(since: date | None, until: date | None) -> tuple[str | None, str | None]:
    """The stored-time bounds [start, end) of the local days from `since` to `until` inclusive (None: open)."""
    start = local_day_start_utc(since) if since else None
    return start, local_day_start_utc(until + timedelta(days=1)) if until else None
