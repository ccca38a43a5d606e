"""信用等级分布: hub grades counted per region or per department, in one GROUP BY."""

from __future__ import annotations

import enum
from typing import Any

from sqlalchemy import ColumnElement, Select, case, exists, func, literal, select

from hub.domain.regions import subtree_bounds
from hub.models import CreditEvaluation, CreditGrade, CreditSource, MarketEntity, SupervisionRecord


class CreditGrouping(enum.Enum):
    REGION = "REGION"  # the direct sub-regions of the region asked for
    DEPARTMENT = "DEPARTMENT"  # departments with records of the entity


def child_region(region_code: str) -> ColumnElement[str]:
    """The entity's region one level below `region_code` (a province counts by city; a
    city or county by the entity's own region)."""
    if region_code.endswith("0000"):
        return func.substr(MarketEntity.region_code, 1, 4) + literal("00")
    return MarketEntity.region_code  # type: ignore[return-value]


def _grade_counts() -> list[ColumnElement[Any]]:
    columns: list[ColumnElement[Any]] = [
        func.coalesce(func.sum(case((CreditEvaluation.grade == grade, 1), else_=0)), 0).label(
            grade.value.lower()
        )
        for grade in CreditGrade
    ]
    return [*columns, func.count().label("total")]


def grade_distribution(
    *,
    scope: ColumnElement[bool],
    records_scope: ColumnElement[bool],
    region_code: str,
    department_id: int | None,
    grouping: CreditGrouping,
) -> Select[Any]:
    """Rows (group key, a, b, c, d, total). `scope` is the viewer's entity policy,
    `records_scope` its record policy: a department grouping or filter sees only the
    records the viewer may read."""
    low, high = subtree_bounds(region_code)
    records = SupervisionRecord
    conditions = [scope, MarketEntity.region_code.between(low, high)]
    if department_id is not None:
        conditions.append(
            exists().where(
                records.entity_id == MarketEntity.id,
                records.department_id == department_id,
                records_scope,
            )
        )
    hub = (CreditEvaluation.entity_id == MarketEntity.id) & (
        CreditEvaluation.source == CreditSource.HUB
    )
    if grouping is CreditGrouping.REGION:
        key = child_region(region_code).label("group_key")
        return (
            select(key, *_grade_counts())
            .select_from(MarketEntity)
            .join(CreditEvaluation, hub)
            .where(*conditions)
            .group_by(key)
            .order_by(key)
        )
    pairs = (
        select(records.entity_id, records.department_id)
        .where(records.entity_id.is_not(None), records_scope)
        .distinct()
        .subquery("entity_departments")
    )
    if department_id is not None:
        conditions.append(pairs.c.department_id == department_id)
    return (
        select(pairs.c.department_id.label("group_key"), *_grade_counts())
        .select_from(MarketEntity)
        .join(pairs, pairs.c.entity_id == MarketEntity.id)
        .join(CreditEvaluation, hub)
        .where(*conditions)
        .group_by(pairs.c.department_id)
        .order_by(pairs.c.department_id)
    )
