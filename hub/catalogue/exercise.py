"""Which department exercises which item: the rule entry validation and coverage share.

An item is maintained by one department; it is exercised by the departments of the same
department code in that department's region subtree (its own region and below), at the
administrative levels the item names. A main item that has sub-items is exercised through
them: a record cites the sub-item (the most specific matter), never the heading above it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Executable, and_, exists, select
from sqlalchemy.orm import aliased

from hub.catalogue.vocabulary import region_chain, region_level
from hub.domain.regions import subtree_bounds
from hub.models import Department, RecordKind, RegionLevel, SupervisionItem, SupervisionItemStatus

NOT_PUBLISHED = "监管事项未发布或已停用"
NOT_OURS = "该监管事项不属于本部门职责"
NOT_AT_OUR_LEVEL = "本级部门不行使该监管事项"
HAS_SUB_ITEMS = "该主项下设子项，请选择具体子项"
KIND_MISMATCH = "监管事项的类别与记录类别不符"


@dataclass(frozen=True, slots=True)
class ItemFacts:
    """What the rule needs to know about an item, read in one statement."""

    status: SupervisionItemStatus
    record_kind: RecordKind
    owner_code: str
    owner_region: str
    levels: tuple[RegionLevel, ...]
    has_sub_items: bool


def item_facts_statement(item_id: int) -> Executable:
    sub = aliased(SupervisionItem)
    has_subs = exists().where(sub.parent_id == SupervisionItem.id).label("has_subs")
    return (
        select(
            SupervisionItem.status,
            SupervisionItem.record_kind,
            Department.code,
            Department.region_code,
            SupervisionItem.at_province,
            SupervisionItem.at_city,
            SupervisionItem.at_county,
            has_subs,
        )
        .join(Department, Department.id == SupervisionItem.department_id)
        .where(SupervisionItem.id == item_id)
    )


def item_facts(row: Sequence[Any]) -> ItemFacts:
    status, kind, code, region, province, city, county, has_subs = row
    flags = (province, city, county)
    levels = tuple(level for level, on in zip(RegionLevel, flags, strict=True) if on)
    return ItemFacts(status, kind, code, region, levels, bool(has_subs))


def refusal(facts: ItemFacts, department: Department, kind: RecordKind) -> str | None:
    """Why a record of `kind` by `department` may not cite the item; None if it may."""
    if facts.status is not SupervisionItemStatus.PUBLISHED:
        return NOT_PUBLISHED
    low, high = subtree_bounds(facts.owner_region)
    if facts.owner_code != department.code or not low <= department.region_code <= high:
        return NOT_OURS
    if region_level(department.region_code) not in facts.levels:
        return NOT_AT_OUR_LEVEL
    if facts.record_kind is not kind:
        return KIND_MISMATCH
    if facts.has_sub_items:
        return HAS_SUB_ITEMS
    return None


def exercised_by(department: Department) -> ColumnElement[bool]:
    """SQL: the item is published and exercised by `department` (the same rule, for
    statements over many items)."""
    owners = select(Department.id).where(
        Department.code == department.code,
        Department.region_code.in_(region_chain(department.region_code)),
    )
    level = region_level(department.region_code)
    return and_(
        SupervisionItem.status == SupervisionItemStatus.PUBLISHED,
        SupervisionItem.department_id.in_(owners),
        SupervisionItem.level_column(level).is_(True),
    )
