"""Statements over the catalogue: department items, the national catalogue, and the gaps
between them (监管事项"应上尽上"), always from the viewer's readable rows."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select

from hub.auth.policy import readable_national_items, readable_supervision_items
from hub.auth.viewer import Viewer
from hub.catalogue.exercise import exercised_by
from hub.catalogue.ministries import ministries_of
from hub.catalogue.vocabulary import region_level
from hub.db import AnySelect
from hub.models import (
    Department,
    NationalSupervisionItem,
    RecordKind,
    SupervisionItem,
    SupervisionItemStatus,
)
from hub.pagination import Ordering

NATIONAL_BY_CODE = Ordering(
    "code", NationalSupervisionItem.code, NationalSupervisionItem.id, descending=False
)


def main_items(
    viewer: Viewer,
    *,
    record_kind: RecordKind | None = None,
    department_id: int | None = None,
    status: SupervisionItemStatus | None = None,
) -> AnySelect:
    item = SupervisionItem
    statement = (
        select(item)
        .where(item.parent_id.is_(None), readable_supervision_items(viewer))
        .order_by(item.code)
    )
    if record_kind is not None:
        statement = statement.where(item.record_kind == record_kind)
    if department_id is not None:
        statement = statement.where(item.department_id == department_id)
    if status is not None:
        statement = statement.where(item.status == status)
    return statement


def national_items(
    viewer: Viewer,
    *,
    record_kind: RecordKind | None = None,
    ministry: str | None = None,
    search: str | None = None,
) -> list[ColumnElement[bool]]:
    """The conditions of a national-catalogue list (page and count share them)."""
    national = NationalSupervisionItem
    conditions = [readable_national_items(viewer)]
    if record_kind is not None:
        conditions.append(national.record_kind == record_kind)
    if ministry is not None:
        conditions.append(national.ministry == ministry)
    if search is not None:
        pattern = f"%{search}%"
        conditions.append(or_(national.name.like(pattern), national.code.like(pattern)))
    return conditions


def relevant_to(department: Department) -> ColumnElement[bool]:
    """National items a department is expected to implement: issued by a ministry its
    department code answers to, and exercised at its level."""
    national = NationalSupervisionItem
    level = region_level(department.region_code)
    return and_(
        national.ministry.in_(ministries_of(department.code)),
        national.level_column(level).is_(True),
    )


def implemented_by(department: Department) -> Select[Any]:
    """Ids of the national items the department implements through a published item it
    exercises (its own, or one its upper department of the same code maintains for it)."""
    return select(SupervisionItem.national_item_id).where(
        SupervisionItem.national_item_id.is_not(None), exercised_by(department)
    )


def coverage_counts(department: Department) -> Select[Any]:
    """One row: (relevant national items, of which implemented)."""
    national = NationalSupervisionItem
    covered = national.id.in_(implemented_by(department))
    return select(func.count(), func.coalesce(func.sum(case((covered, 1), else_=0)), 0)).where(
        relevant_to(department)
    )


def gap_conditions(department: Department) -> list[ColumnElement[bool]]:
    national = NationalSupervisionItem
    return [relevant_to(department), national.id.not_in(implemented_by(department))]
