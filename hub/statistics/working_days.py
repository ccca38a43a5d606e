"""The publication deadline in working days — PLACEHOLDER counting weekends only.

行政许可 and 行政处罚 must be published within 7 working days of the decision. Working days
need the State Council's holiday calendar (public holidays, and the weekend days worked in
exchange), which `hub.domain.working_days` provides on another branch. Until the lead swaps
it in, this module counts Monday to Friday as working days and knows no holidays: the share
"published within 7 working days" is then slightly generous around public holidays.

Because the deadline depends only on the decision's weekday when only weekends are skipped,
it compiles to a CASE over the weekday, computed inside the GROUP BY statement.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, case

from hub.statistics.sql import iso_weekday

PUBLICATION_WORKING_DAYS = 7
# A Monday; any week would do.
_REFERENCE_MONDAY = date(2024, 1, 1)


def weekend_only_deadline_days(weekday: int, working_days: int) -> int:
    """PLACEHOLDER (weekends only, no holidays): calendar days from a decision on ISO
    `weekday` (1 = Monday) to the last of the `working_days` working days after it."""
    day = _REFERENCE_MONDAY + timedelta(days=weekday - 1)
    counted = 0
    offset = 0
    while counted < working_days:
        offset += 1
        if (day + timedelta(days=offset)).isoweekday() <= 5:
            counted += 1
    return offset


def deadline_days_sql(
    decision_date: Any, working_days: int = PUBLICATION_WORKING_DAYS
) -> ColumnElement[int]:
    """The calendar days allowed after `decision_date` (a date column), as SQL."""
    return case(
        {weekday: weekend_only_deadline_days(weekday, working_days) for weekday in range(1, 8)},
        value=iso_weekday(decision_date),
    )
