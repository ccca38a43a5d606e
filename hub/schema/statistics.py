"""对监管的监管 in the graph: oversight statistics of supervision records."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import strawberry

import hub.schema.records  # noqa: F401  (registers RecordKind)
from hub import models
from hub.context import Info
from hub.db import AnySelect
from hub.schema.departments import Department, load_department
from hub.schema.regions import Region, load_region
from hub.statistics import oversight
from hub.statistics.oversight import DEADLINE_KINDS, StatisticsScope


@strawberry.input(description="监管统计范围")
class OversightStatisticsFilter:
    region_code: str | None = strawberry.field(
        default=None, description="区划代码（本区划或下级区划；默认本区划）"
    )
    decided_from: date | None = strawberry.field(default=None, description="决定日期起（含）")
    decided_to: date | None = strawberry.field(default=None, description="决定日期止（含）")
    kinds: list[models.RecordKind] | None = strawberry.field(
        default=None, description="监管行为类别（任一；默认全部）"
    )


@strawberry.type(description="按监管行为类别统计")
class RecordCountByKind:
    kind: models.RecordKind = strawberry.field(description="监管行为类别")
    record_count: int = strawberry.field(description="归集数量")
    published_count: int = strawberry.field(description="其中已公示（含后来撤销、撤回的）")


@strawberry.type(description="按部门统计")
class RecordCountByDepartment:
    record_count: int = strawberry.field(description="归集数量")
    published_count: int = strawberry.field(description="其中已公示")
    department_id: strawberry.Private[int]

    @strawberry.field(description="部门")
    async def department(self, info: Info) -> Department:
        return await load_department(info, self.department_id)


@strawberry.type(description="按区划统计（归集部门所在区划）")
class RecordCountByRegion:
    region_code: str = strawberry.field(description="区划代码")
    record_count: int = strawberry.field(description="归集数量")
    published_count: int = strawberry.field(description="其中已公示")

    @strawberry.field(description="区划")
    async def region(self, info: Info) -> Region:
        return await load_region(info, self.region_code)


@strawberry.type(description="按决定月份统计")
class RecordCountByMonth:
    month: str = strawberry.field(description="决定月份（YYYY-MM）")
    record_count: int = strawberry.field(description="归集数量")
    published_count: int = strawberry.field(description="其中已公示")


def _days(value: Any) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@strawberry.type(description="及时性：从决定到归集、到公示的天数，及7个工作日内公示的比例")
class Timeliness:
    kind: models.RecordKind = strawberry.field(description="监管行为类别")
    record_count: int = strawberry.field(description="归集数量")
    average_days_to_collection: Decimal | None = strawberry.field(
        description="决定到归集的平均天数（自然日）"
    )
    max_days_to_collection: int | None = strawberry.field(description="决定到归集的最长天数")
    published_count: int = strawberry.field(description="已公示数量")
    average_days_to_publication: Decimal | None = strawberry.field(
        description="决定到公示的平均天数（自然日）"
    )
    max_days_to_publication: int | None = strawberry.field(description="决定到公示的最长天数")
    published_within_deadline: int = strawberry.field(
        description="决定后7个工作日内公示的数量（暂按周一至周五计工作日，未计法定节假日）"
    )
    deadline_applies: bool = strawberry.field(
        description="7个工作日公示时限是否适用于该类别（行政许可、行政处罚）"
    )
    department_id: strawberry.Private[int | None]

    @strawberry.field(description="已公示中按时公示的比例（0-1）；无已公示时为空")
    def share_published_within_deadline(self) -> float | None:
        if self.published_count == 0:
            return None
        return round(self.published_within_deadline / self.published_count, 4)

    @strawberry.field(description="部门（按部门统计时）")
    async def department(self, info: Info) -> Department | None:
        if self.department_id is None:
            return None
        return await load_department(info, self.department_id)

    @classmethod
    def of(cls, row: Any, department_id: int | None = None) -> Timeliness:
        kind = models.RecordKind(row.kind)
        return cls(
            kind=kind,
            record_count=int(row.record_count),
            average_days_to_collection=_days(row.average_days_to_collection),
            max_days_to_collection=row.max_days_to_collection,
            published_count=int(row.published_count),
            average_days_to_publication=_days(row.average_days_to_publication),
            max_days_to_publication=row.max_days_to_publication,
            published_within_deadline=int(row.published_within_deadline),
            deadline_applies=kind in DEADLINE_KINDS,
            department_id=department_id,
        )


async def _rows(info: Info, statement: AnySelect) -> Sequence[Any]:
    async with info.context.read_sessions() as session:
        return (await session.execute(statement)).all()


@strawberry.type(description="对监管的监管：监管行为归集与公示统计（本区划及下级，跨部门）")
class OversightStatistics:
    scope: strawberry.Private[StatisticsScope]

    @strawberry.field(description="统计的区划代码")
    def region_code(self) -> str:
        return self.scope.region_code

    @strawberry.field(description="按监管行为类别")
    async def by_kind(self, info: Info) -> list[RecordCountByKind]:
        rows = await _rows(info, oversight.records_by_kind(self.scope))
        return [
            RecordCountByKind(
                kind=models.RecordKind(row.key),
                record_count=row.record_count,
                published_count=row.published_count,
            )
            for row in rows
        ]

    @strawberry.field(description="按部门")
    async def by_department(self, info: Info) -> list[RecordCountByDepartment]:
        rows = await _rows(info, oversight.records_by_department(self.scope))
        return [
            RecordCountByDepartment(
                department_id=row.key,
                record_count=row.record_count,
                published_count=row.published_count,
            )
            for row in rows
        ]

    @strawberry.field(description="按区划（归集部门所在区划）")
    async def by_region(self, info: Info) -> list[RecordCountByRegion]:
        rows = await _rows(info, oversight.records_by_region(self.scope))
        return [
            RecordCountByRegion(
                region_code=row.key,
                record_count=row.record_count,
                published_count=row.published_count,
            )
            for row in rows
        ]

    @strawberry.field(description="按决定月份")
    async def by_month(self, info: Info) -> list[RecordCountByMonth]:
        rows = await _rows(info, oversight.records_by_month(self.scope))
        return [
            RecordCountByMonth(
                month=str(row.key),
                record_count=row.record_count,
                published_count=row.published_count,
            )
            for row in rows
        ]

    @strawberry.field(description="及时性，按监管行为类别")
    async def timeliness_by_kind(self, info: Info) -> list[Timeliness]:
        rows = await _rows(info, oversight.timeliness(self.scope, by_department=False))
        return [Timeliness.of(row) for row in rows]

    @strawberry.field(description="及时性，按部门和监管行为类别")
    async def timeliness_by_department(self, info: Info) -> list[Timeliness]:
        rows = await _rows(info, oversight.timeliness(self.scope, by_department=True))
        return [Timeliness.of(row, row.department_id) for row in rows]
