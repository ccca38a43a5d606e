"""Keyset pagination: stable pages over any ordering, with opaque cursors.

A page is `ORDER BY sort_column, id` with `(sort_column, id) > (cursor values)`; rows
inserted while a client pages never shift the pages it has not read yet, and page N costs
the same as page 1 (no OFFSET scan).
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Generic, TypeVar

import orjson
from sqlalchemy import ColumnElement, func, select, tuple_
from sqlalchemy.orm import InstrumentedAttribute

from hub.db import AnySelect
from hub.errors import BadUserInput

T = TypeVar("T")


@dataclass(frozen=True, slots=True, eq=False)
class Ordering:
    """One way to order a list: a sort column plus the primary key as tie-breaker.

    Orderings are module-level singletons compared by identity: comparing their columns
    with `==` would build SQL expressions, not booleans."""

    name: str
    column: InstrumentedAttribute[Any]
    id_column: InstrumentedAttribute[int]
    descending: bool
    # Turns the cursor's JSON value back into the column's Python type.
    parse: Callable[[Any], Any] = lambda value: value

    def order_by(self) -> tuple[ColumnElement[Any], ColumnElement[Any]]:
        if self.descending:
            return self.column.desc(), self.id_column.desc()
        return self.column.asc(), self.id_column.asc()

    def after(self, cursor: Cursor) -> ColumnElement[bool]:
        key = tuple_(self.column, self.id_column)
        values = tuple_(cursor.value, cursor.id)
        return key < values if self.descending else key > values

    def cursor_for(self, row: Any) -> str:
        return Cursor(self.name, getattr(row, self.column.key), row.id).encode()


def parse_date(value: Any) -> date:
    return date.fromisoformat(str(value))


def parse_datetime(value: Any) -> datetime:
    return datetime.fromisoformat(str(value))


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


@dataclass(frozen=True, slots=True)
class Cursor:
    """A position in an ordering: the sort value (typed) and id of the last row seen."""

    ordering: str
    value: Any
    id: int

    def encode(self) -> str:
        raw = orjson.dumps([self.ordering, _jsonable(self.value), self.id])
        return base64.urlsafe_b64encode(raw).decode("ascii")

    @classmethod
    def decode(cls, text: str, ordering: Ordering) -> Cursor:
        try:
            name, value, row_id = orjson.loads(base64.urlsafe_b64decode(text.encode("ascii")))
            cursor = cls(str(name), ordering.parse(value), int(row_id))
        except (ValueError, TypeError, binascii.Error, UnicodeEncodeError) as error:
            raise BadUserInput("分页游标无效", field="after") from error
        if cursor.ordering != ordering.name:
            raise BadUserInput("分页游标与排序方式不一致", field="after")
        return cursor


@dataclass(frozen=True, slots=True)
class PageArgs:
    """A validated request for one page: hashable, so loaders can batch by it."""

    first: int
    after: Cursor | None
    ordering: Ordering

    @classmethod
    def parse(
        cls, *, first: int | None, after: str | None, ordering: Ordering, default: int, cap: int
    ) -> PageArgs:
        size = default if first is None else first
        if size < 0 or size > cap:
            raise BadUserInput(f"first 取值应在 0 到 {cap} 之间", field="first")
        cursor = Cursor.decode(after, ordering) if after else None
        return cls(size, cursor, ordering)

    def apply(self, statement: AnySelect) -> AnySelect:
        """Order, skip to the cursor and fetch one row more than asked, to know whether
        another page follows."""
        if self.after is not None:
            statement = statement.where(self.ordering.after(self.after))
        return statement.order_by(*self.ordering.order_by()).limit(self.first + 1)


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    rows: list[T]
    has_next_page: bool
    has_previous_page: bool

    @classmethod
    def from_overfetch(cls, rows: list[T], args: PageArgs) -> Page[T]:
        return cls(rows[: args.first], len(rows) > args.first, args.after is not None)


def page_per_parent(
    model: Any,
    parent_column: InstrumentedAttribute[Any],
    parent_ids: Sequence[Any],
    conditions: Sequence[ColumnElement[bool]],
    page: PageArgs,
) -> AnySelect:
    """One page for each of many parents, in one statement: number each parent's rows in
    page order and keep the first `first + 1` of each (window functions, SQLite ≥ 3.25 and
    PostgreSQL alike)."""
    where = [*conditions, parent_column.in_(parent_ids)]
    if page.after is not None:
        where.append(page.ordering.after(page.after))
    position = (
        func.row_number()
        .over(partition_by=parent_column, order_by=page.ordering.order_by())
        .label("position")
    )
    numbered = select(page.ordering.id_column.label("id"), position).where(*where).subquery()
    return (
        select(model)
        .join(numbered, numbered.c.id == page.ordering.id_column)
        .where(numbered.c.position <= page.first + 1)
        .order_by(parent_column, numbered.c.position)
    )
