"""工作日: the official working-day calendar of the mainland (国务院办公厅 notices on the
public holidays of each year: 法定节假日 and the weekend days worked in exchange, 调休).

The data comes from the `chinesecalendar` package (maintained; each release adds the year
the State Council has announced; 1.11.0 covers 2004–2026, checked against 国办发明电〔2023〕7号,
〔2024〕12号 and the 2026 notice: e.g. 春节 2026-02-15…02-23 off, 02-14 and 02-28 worked).
A year the installed package does not know yet (2027 until its notice is published and
the package updated) falls back to Monday–Friday: `is_known_year` tells, so a caller can
say the figure is provisional. Upgrading the package is how a new year's notice arrives.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import chinese_calendar  # type: ignore[import-untyped]

# China has no daylight saving: Beijing time is UTC+8 all year.
BEIJING = timezone(timedelta(hours=8), "Asia/Shanghai")


def is_known_year(year: int) -> bool:
    """Whether the official holiday notice of `year` is in the installed calendar."""
    try:
        chinese_calendar.is_workday(date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


def is_working_day(day: date) -> bool:
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return day.weekday() < 5


def add_working_days(start: date, count: int) -> date:
    """The `count`-th working day after `start` (the day of `start` itself is not counted,
    as periods in administrative law begin the next day)."""
    if count < 1:
        raise ValueError("count must be at least 1")
    day = start
    remaining = count
    while remaining:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    days = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day):
            days += 1
    return days


def beijing_date(moment: datetime) -> date:
    """The calendar day a moment falls on in China (naive datetimes are taken as UTC,
    which is what the database hands back on SQLite)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(BEIJING).date()
