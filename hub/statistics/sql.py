"""Date expressions that PostgreSQL and SQLite spell differently, as SQL constructs that
compile per dialect, so the statistics statements are written once.

Dates of decisions are local (China Standard Time, UTC+8, no daylight saving); timestamps
are stored in UTC. `local_date` turns a timestamp into the local calendar day it fell on.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Date, Integer, String, cast, func, literal_column
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

LOCAL_TIME_ZONE = "Asia/Shanghai"
# SQLite has no time-zone database; China has had no daylight saving since 1991.
LOCAL_UTC_OFFSET = "+8 hours"


class local_date(FunctionElement[Any]):
    """The local calendar day of a UTC timestamp."""

    type = Date()
    name = "local_date"
    inherit_cache = True


class days_between(FunctionElement[Any]):
    """Whole days from the first date to the second (second minus first)."""

    type = Integer()
    name = "days_between"
    inherit_cache = True


class iso_weekday(FunctionElement[Any]):
    """1 (Monday) to 7 (Sunday)."""

    type = Integer()
    name = "iso_weekday"
    inherit_cache = True


class year_month(FunctionElement[Any]):
    """`YYYY-MM` of a date."""

    type = String()
    name = "year_month"
    inherit_cache = True


def _arguments(element: FunctionElement[Any]) -> list[Any]:
    return list(element.clauses)


@compiles(local_date, "postgresql")
def _local_date_postgresql(element: local_date, compiler: SQLCompiler, **kw: Any) -> str:
    (value,) = _arguments(element)
    zone: ColumnElement[str] = literal_column(f"'{LOCAL_TIME_ZONE}'")
    return compiler.process(cast(func.timezone(zone, value), Date), **kw)


@compiles(local_date, "sqlite")
def _local_date_sqlite(element: local_date, compiler: SQLCompiler, **kw: Any) -> str:
    (value,) = _arguments(element)
    return compiler.process(func.date(value, literal_column(f"'{LOCAL_UTC_OFFSET}'")), **kw)


@compiles(days_between, "postgresql")
def _days_between_postgresql(element: days_between, compiler: SQLCompiler, **kw: Any) -> str:
    start, end = _arguments(element)
    # date - date is an integer number of days in PostgreSQL.
    return f"({compiler.process(end, **kw)} - {compiler.process(start, **kw)})"


@compiles(days_between, "sqlite")
def _days_between_sqlite(element: days_between, compiler: SQLCompiler, **kw: Any) -> str:
    start, end = _arguments(element)
    return compiler.process(
        cast(func.julianday(end) - func.julianday(start), Integer),
        **kw,
    )


@compiles(iso_weekday, "postgresql")
def _iso_weekday_postgresql(element: iso_weekday, compiler: SQLCompiler, **kw: Any) -> str:
    (value,) = _arguments(element)
    return f"CAST(EXTRACT(ISODOW FROM {compiler.process(value, **kw)}) AS INTEGER)"


@compiles(iso_weekday, "sqlite")
def _iso_weekday_sqlite(element: iso_weekday, compiler: SQLCompiler, **kw: Any) -> str:
    (value,) = _arguments(element)
    # strftime('%w') counts from Sunday = 0.
    sunday_first = f"CAST(strftime('%w', {compiler.process(value, **kw)}) AS INTEGER)"
    return f"(({sunday_first} + 6) % 7 + 1)"


@compiles(year_month, "postgresql")
def _year_month_postgresql(element: year_month, compiler: SQLCompiler, **kw: Any) -> str:
    (value,) = _arguments(element)
    return f"to_char({compiler.process(value, **kw)}, 'YYYY-MM')"


@compiles(year_month, "sqlite")
def _year_month_sqlite(element: year_month, compiler: SQLCompiler, **kw: Any) -> str:
    (value,) = _arguments(element)
    return f"strftime('%Y-%m', {compiler.process(value, **kw)})"
