"""Calendar arithmetic for terms and deadlines (years and months, clamped to the month's last day)."""

from __future__ import annotations

import calendar
import datetime


def add_months(day: datetime.date, months: int) -> datetime.date:
    """Return ``day`` moved by ``months`` calendar months (31 Aug + 6 → 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day: datetime.date, years: int) -> datetime.date:
    return add_months(day, 12 * years)


def term_end(start: datetime.date, *, years: int = 0, months: int = 0) -> datetime.date:
    """Return the last day of a term of ``years`` and ``months`` starting on ``start`` (inclusive)."""
    return add_months(start, 12 * years + months) - datetime.timedelta(days=1)
