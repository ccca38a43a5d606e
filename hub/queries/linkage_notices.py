"""Statements over linkage notices, always starting from the viewer's readable rows; and
over the routing rules."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Float, and_, case, func, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from hub.auth.policy import (
    readable_entity_registrations,
    readable_linkage_notices,
    readable_linkage_rules,
)
from hub.auth.viewer import Viewer
from hub.db import AnySelect
from hub.domain.regions import subtree_bounds
from hub.models import (
    Department,
    EntityRegistration,
    LinkageNotice,
    LinkageNoticeStatus,
    LinkageRule,
)
from hub.pagination import Ordering, PageArgs, parse_datetime

NEWEST_NOTICES_FIRST = Ordering(
    "RECEIVED_AT_DESC",
    LinkageNotice.received_at,
    LinkageNotice.id,
    descending=True,
    parse=parse_datetime,
)
RULES_IN_ORDER = Ordering("ID_ASC", LinkageRule.id, LinkageRule.id, descending=False, parse=int)


def overdue(today: date) -> ColumnElement[bool]:
    """Not signed for by its signing deadline, or not closed by its handling deadline
    (deadlines are the last allowed day)."""
    return or_(
        and_(
            LinkageNotice.status == LinkageNoticeStatus.PENDING,
            LinkageNotice.sign_due_on < today,
        ),
        and_(
            LinkageNotice.status != LinkageNoticeStatus.CLOSED,
            LinkageNotice.handle_due_on < today,
        ),
    )


def is_overdue(notice: LinkageNotice, today: date) -> bool:
    """The same rule as `overdue`, for a loaded row."""
    if notice.status is LinkageNoticeStatus.PENDING and notice.sign_due_on < today:
        return True
    return notice.status is not LinkageNoticeStatus.CLOSED and notice.handle_due_on < today


@dataclass(frozen=True, slots=True)
class NoticeFilter:
    statuses: frozenset[LinkageNoticeStatus] | None = None
    overdue: bool | None = None
    department_id: int | None = None
    registering_department_id: int | None = None
    region_code: str | None = None
    entity_id: int | None = None

    def conditions(self, today: date) -> list[ColumnElement[bool]]:
        conditions: list[ColumnElement[bool]] = []
        if self.statuses is not None:
            conditions.append(LinkageNotice.status.in_(sorted(self.statuses)))
        if self.overdue is not None:
            late = overdue(today)
            conditions.append(late if self.overdue else ~late)
        if self.department_id is not None:
            conditions.append(LinkageNotice.department_id == self.department_id)
        if self.registering_department_id is not None:
            conditions.append(
                LinkageNotice.registering_department_id == self.registering_department_id
            )
        if self.region_code is not None:
            low, high = subtree_bounds(self.region_code)
            conditions.append(LinkageNotice.region_code.between(low, high))
        if self.entity_id is not None:
            conditions.append(LinkageNotice.entity_id == self.entity_id)
        return conditions


def notices_page(
    viewer: Viewer, notice_filter: NoticeFilter, today: date, page: PageArgs
) -> AnySelect:
    return page.apply(
        select(LinkageNotice).where(
            readable_linkage_notices(viewer), *notice_filter.conditions(today)
        )
    )


def notices_count(viewer: Viewer, notice_filter: NoticeFilter, today: date) -> AnySelect:
    return select(func.count(LinkageNotice.id)).where(
        readable_linkage_notices(viewer), *notice_filter.conditions(today)
    )


def notices_by_id(viewer: Viewer, ids: Sequence[int]) -> AnySelect:
    return select(LinkageNotice).where(readable_linkage_notices(viewer), LinkageNotice.id.in_(ids))


def registrations_by_id(viewer: Viewer, ids: Sequence[int]) -> AnySelect:
    return select(EntityRegistration).where(
        readable_entity_registrations(viewer), EntityRegistration.id.in_(ids)
    )


def _rule_conditions(viewer: Viewer, enabled: bool | None) -> list[ColumnElement[bool]]:
    conditions = [readable_linkage_rules(viewer)]
    if enabled is not None:
        conditions.append(LinkageRule.enabled.is_(enabled))
    return conditions


def rules_page(viewer: Viewer, page: PageArgs, enabled: bool | None) -> AnySelect:
    return page.apply(select(LinkageRule).where(*_rule_conditions(viewer, enabled)))


def rules_count(viewer: Viewer, enabled: bool | None) -> AnySelect:
    return select(func.count(LinkageRule.id)).where(*_rule_conditions(viewer, enabled))


def rules_by_id(viewer: Viewer, ids: Sequence[int]) -> AnySelect:
    return select(LinkageRule).where(readable_linkage_rules(viewer), LinkageRule.id.in_(ids))


# --- statistics ------------------------------------------------------------------------


class seconds_between(FunctionElement[float]):
    """end - start in seconds, as each database spells it."""

    type = Float()
    name = "seconds_between"
    inherit_cache = True


@compiles(seconds_between)
def _seconds_between_postgresql(element: Any, compiler: SQLCompiler, **kw: Any) -> str:
    start, end = list(element.clauses)
    return f"EXTRACT(EPOCH FROM ({compiler.process(end, **kw)} - {compiler.process(start, **kw)}))"


@compiles(seconds_between, "sqlite")
def _seconds_between_sqlite(element: Any, compiler: SQLCompiler, **kw: Any) -> str:
    start, end = list(element.clauses)
    return (
        f"((julianday({compiler.process(end, **kw)}) - "
        f"julianday({compiler.process(start, **kw)})) * 86400.0)"
    )


def statistics_by_department(viewer: Viewer, notice_filter: NoticeFilter, today: date) -> AnySelect:
    """Per approving department and status: notices, overdue ones, and the average time from
    receipt to closing (closed notices only), in one GROUP BY."""
    late = overdue(today)
    handling = case(
        (
            LinkageNotice.closed_at.is_not(None),
            seconds_between(LinkageNotice.received_at, LinkageNotice.closed_at),
        ),
        else_=None,
    )
    return (
        select(
            LinkageNotice.department_id,
            LinkageNotice.status,
            func.count(LinkageNotice.id).label("notices"),
            func.sum(case((late, 1), else_=0)).label("overdue"),
            func.avg(handling).label("average_handling_seconds"),
        )
        .where(readable_linkage_notices(viewer), *notice_filter.conditions(today))
        .group_by(LinkageNotice.department_id, LinkageNotice.status)
        .order_by(LinkageNotice.department_id, LinkageNotice.status)
    )


def departments_by_id(ids: Sequence[int]) -> AnySelect:
    return select(Department).where(Department.id.in_(ids))
