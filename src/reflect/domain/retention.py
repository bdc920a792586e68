"""How long a closed client's records are kept: the retention period in years (the `retention_years` setting) and
the day it ends."""

from __future__ import annotations

from calendar import isleap
from datetime import date

from reflect.errors import ReflectError

DEFAULT_RETENTION_YEARS = 7


def add_years(day: date, years: int) -> date:
    if day.month == 2 and day.day == 29 and not isleap(day.year + years):
        return date(day.year + years, 2, 28)
    return day.replace(year=day.year + years)


def retention_years_setting() -> int:
    from reflect.config import load_settings

    value = load_settings().get("retention_years", DEFAULT_RETENTION_YEARS)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 100:
        raise ReflectError("the setting retention_years must be a whole number of years from 1 to 100.")
    return value
