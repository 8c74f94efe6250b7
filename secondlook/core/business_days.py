"""Business-day arithmetic for SLA clocks.

Programs promise answers in business days ("records complete within 5 business days"),
so clocks skip weekends and the site's public holidays.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=32)
def _holiday_calendar(country: str, subdivision: str | None) -> holidays.HolidayBase:
    return holidays.country_holidays(country, subdiv=subdivision or None)


def is_business_day(day: date, *, country: str = "US", subdivision: str | None = None) -> bool:
    return day.weekday() < 5 and day not in _holiday_calendar(country, subdivision)


def add_business_days(
    start: datetime, days: int, *, country: str = "US", subdivision: str | None = None
) -> datetime:
    """The moment `days` business days after `start`, at the same time of day."""
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if is_business_day(current.date(), country=country, subdivision=subdivision):
            remaining -= 1
    return current


def business_days_between(
    start: date, end: date, *, country: str = "US", subdivision: str | None = None
) -> int:
    """Business days after `start` up to and including `end` (0 when end <= start)."""
    count = 0
    current = start
    while current < end:
        current += timedelta(days=1)
        if is_business_day(current, country=country, subdivision=subdivision):
            count += 1
    return count
