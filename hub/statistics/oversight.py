"""Oversight statistics of supervision records: who collected how many, how late.

Every figure is one GROUP BY statement over the records of a region subtree (all
departments of it, all its regions, in one request), filtered by decision date and kind.
Records deleted as drafts are not counted; drafts are (they were collected, not yet
published).

Timeliness, per group:
- days from the decision to collection (`created_at`, the local day it was entered);
- days from the decision to publication (`published_at`), for records published;
- how many were published within the publication deadline (7 working days after the
  decision, `hub.statistics.working_days` — weekends only, a placeholder), and the share
  of the published ones that is. The 7-day rule binds 行政许可 and 行政处罚; the figure is
  given for every kind, `deadline_applies` says where it is the law.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, func, select

from hub.auth.policy import statistics_region
from hub.auth.viewer import Viewer
from hub.db import AnySelect
from hub.domain.regions import subtree_bounds
from hub.errors import BadUserInput, Forbidden
from hub.models import RecordKind, SupervisionRecord
from hub.statistics.sql import days_between, local_date, year_month
from hub.statistics.working_days import deadline_days_sql

# The kinds the 7-working-day publication rule binds (发改办财金〔2018〕424号).
DEADLINE_KINDS = frozenset({RecordKind.LICENSE, RecordKind.PENALTY})


@dataclass(frozen=True, slots=True)
class StatisticsScope:
    region_code: str
    decided_from: date | None = None
    decided_to: date | None = None
    kinds: tuple[RecordKind, ...] = ()

    def clauses(self) -> list[ColumnElement[bool]]:
        low, high = subtree_bounds(self.region_code)
        clauses: list[ColumnElement[bool]] = [
            SupervisionRecord.deleted_at.is_(None),
            SupervisionRecord.region_code.between(low, high),
        ]
        if self.decided_from is not None:
            clauses.append(SupervisionRecord.decision_date >= self.decided_from)
        if self.decided_to is not None:
            clauses.append(SupervisionRecord.decision_date <= self.decided_to)
        if self.kinds:
            clauses.append(SupervisionRecord.kind.in_(self.kinds))
        return clauses


def scope_for(
    viewer: Viewer,
    region_code: str | None = None,
    decided_from: date | None = None,
    decided_to: date | None = None,
    kinds: tuple[RecordKind, ...] = (),
) -> StatisticsScope:
    """The scope a viewer asked for, refused when it reaches outside the region subtree the
    viewer may read statistics of."""
    allowed = statistics_region(viewer)
    if allowed is None:
        raise Forbidden("需要统计分析或跨部门查询权限")
    if decided_from is not None and decided_to is not None and decided_from > decided_to:
        raise BadUserInput("起始日期不能晚于截止日期", field="filter.decidedFrom")
    region = region_code or allowed
    low, high = subtree_bounds(allowed)
    if not (len(region) == 6 and region.isdigit() and low <= region <= high):
        raise Forbidden("只能统计本区划及下级区划")
    return StatisticsScope(region, decided_from, decided_to, kinds)


def _counts() -> list[Any]:
    return [
        func.count(SupervisionRecord.id).label("record_count"),
        func.count(SupervisionRecord.published_at).label("published_count"),
    ]


def records_by(scope: StatisticsScope, key: Any) -> AnySelect:
    return select(key.label("key"), *_counts()).where(*scope.clauses()).group_by(key).order_by(key)


def records_by_kind(scope: StatisticsScope) -> AnySelect:
    return records_by(scope, SupervisionRecord.kind)


def records_by_department(scope: StatisticsScope) -> AnySelect:
    return records_by(scope, SupervisionRecord.department_id)


def records_by_region(scope: StatisticsScope) -> AnySelect:
    return records_by(scope, SupervisionRecord.region_code)


def records_by_month(scope: StatisticsScope) -> AnySelect:
    return records_by(scope, year_month(SupervisionRecord.decision_date))


def timeliness(scope: StatisticsScope, *, by_department: bool) -> AnySelect:
    record = SupervisionRecord
    to_collection = days_between(record.decision_date, local_date(record.created_at))
    to_publication = days_between(record.decision_date, local_date(record.published_at))
    within_deadline = and_(
        record.published_at.is_not(None),
        to_publication <= deadline_days_sql(record.decision_date),
    )
    keys: list[Any] = [record.department_id] if by_department else []
    keys.append(record.kind)
    return (
        select(
            *keys,
            func.count(record.id).label("record_count"),
            func.avg(to_collection).label("average_days_to_collection"),
            func.max(to_collection).label("max_days_to_collection"),
            func.count(record.published_at).label("published_count"),
            func.avg(to_publication).label("average_days_to_publication"),
            func.max(to_publication).label("max_days_to_publication"),
            func.count(record.id).filter(within_deadline).label("published_within_deadline"),
        )
        .where(*scope.clauses())
        .group_by(*keys)
        .order_by(*keys)
    )
