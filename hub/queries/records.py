"""Statements over supervision records, always starting from the viewer's readable rows."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import with_polymorphic

from hub.auth.policy import readable_records
from hub.auth.viewer import Viewer
from hub.db import AnySelect
from hub.domain.regions import subtree_bounds
from hub.models import MarketEntity, RecordKind, RecordStatus, SupervisionRecord
from hub.pagination import Ordering, PageArgs, page_per_parent, parse_date

# Whole records of any kind in one statement: the base table outer-joined with every kind's.
WHOLE_RECORDS = with_polymorphic(SupervisionRecord, "*")


class RecordOrder(enum.StrEnum):
    DECISION_DATE_DESC = "DECISION_DATE_DESC"
    DECISION_DATE_ASC = "DECISION_DATE_ASC"


RECORD_ORDERINGS = {
    RecordOrder.DECISION_DATE_DESC: Ordering(
        RecordOrder.DECISION_DATE_DESC,
        SupervisionRecord.decision_date,
        SupervisionRecord.id,
        descending=True,
        parse=parse_date,
    ),
    RecordOrder.DECISION_DATE_ASC: Ordering(
        RecordOrder.DECISION_DATE_ASC,
        SupervisionRecord.decision_date,
        SupervisionRecord.id,
        descending=False,
        parse=parse_date,
    ),
}


@dataclass(frozen=True, slots=True)
class RecordFilter:
    kinds: frozenset[RecordKind] | None = None
    statuses: frozenset[RecordStatus] | None = None
    department_id: int | None = None
    region_code: str | None = None
    entity_id: int | None = None
    entity_uscc: str | None = None
    decided_from: date | None = None
    decided_to: date | None = None

    def conditions(self) -> list[ColumnElement[bool]]:
        record = SupervisionRecord
        conditions: list[ColumnElement[bool]] = []
        if self.kinds:
            conditions.append(record.kind.in_(sorted(self.kinds)))
        if self.statuses:
            conditions.append(record.status.in_(sorted(self.statuses)))
        if self.department_id is not None:
            conditions.append(record.department_id == self.department_id)
        if self.region_code is not None:
            conditions.append(record.region_code.between(*subtree_bounds(self.region_code)))
        if self.entity_id is not None:
            conditions.append(record.entity_id == self.entity_id)
        if self.entity_uscc is not None:
            by_uscc = select(MarketEntity.id).where(MarketEntity.uscc == self.entity_uscc)
            conditions.append(record.entity_id.in_(by_uscc.scalar_subquery()))
        if self.decided_from is not None:
            conditions.append(record.decision_date >= self.decided_from)
        if self.decided_to is not None:
            conditions.append(record.decision_date <= self.decided_to)
        return conditions


NO_FILTER = RecordFilter()


def readable(viewer: Viewer, record_filter: RecordFilter) -> list[ColumnElement[bool]]:
    return [readable_records(viewer), *record_filter.conditions()]


def records_page(viewer: Viewer, record_filter: RecordFilter, page: PageArgs) -> AnySelect:
    return page.apply(select(WHOLE_RECORDS).where(*readable(viewer, record_filter)))


def records_count(viewer: Viewer, record_filter: RecordFilter) -> AnySelect:
    return select(func.count(SupervisionRecord.id)).where(*readable(viewer, record_filter))


def records_by_id(viewer: Viewer, ids: Sequence[int]) -> AnySelect:
    return select(WHOLE_RECORDS).where(SupervisionRecord.id.in_(ids), readable_records(viewer))


def records_page_per_entity(
    viewer: Viewer, record_filter: RecordFilter, page: PageArgs, entity_ids: Sequence[int]
) -> AnySelect:
    return page_per_parent(
        WHOLE_RECORDS,
        SupervisionRecord.entity_id,
        entity_ids,
        readable(viewer, record_filter),
        page,
    )


def records_count_per_entity(
    viewer: Viewer, record_filter: RecordFilter, entity_ids: Sequence[int]
) -> AnySelect:
    return (
        select(SupervisionRecord.entity_id, func.count(SupervisionRecord.id))
        .where(*readable(viewer, record_filter), SupervisionRecord.entity_id.in_(entity_ids))
        .group_by(SupervisionRecord.entity_id)
    )
