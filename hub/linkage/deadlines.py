"""Deadlines of linkage notices: working days on the official calendar of public holidays
and make-up working days (hub.domain.working_days), counted on Beijing dates."""

from __future__ import annotations

from datetime import date

from hub.domain import working_days
from hub.domain.working_days import BEIJING, beijing_date

__all__ = ["BEIJING", "add_working_days", "beijing_date"]


def add_working_days(day: date, count: int) -> date:
    """The day `count` working days after `day` (0: `day` itself)."""
    return day if count <= 0 else working_days.add_working_days(day, count)
