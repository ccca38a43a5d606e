"""Deadlines of linkage notices: working days counted on Beijing dates.

Working days here are Monday to Friday; the province's calendar of public holidays and
make-up working days is not in the hub yet, so a deadline across a holiday comes early,
never late.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

BEIJING = timezone(timedelta(hours=8), "Asia/Shanghai")


def beijing_date(moment: datetime) -> date:
    return moment.astimezone(BEIJING).date()


def add_working_days(day: date, count: int) -> date:
    """The day `count` working days after `day` (0: `day` itself)."""
    while count > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day
