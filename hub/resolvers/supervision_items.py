from __future__ import annotations

from typing import Any

import strawberry
from sqlalchemy import func, select

from hub import models
from hub.context import Info
from hub.errors import NotFound
from hub.pagination import Page
from hub.queries.supervision_items import (
    NATIONAL_BY_CODE,
    coverage_counts,
    gap_conditions,
    main_items,
    national_items,
)
from hub.schema.base import Connection, page_args
from hub.schema.departments import Department
from hub.schema.inputs import department_id_of, search_text_of
from hub.schema.national_supervision_items import (
    NationalSupervisionItem,
    NationalSupervisionItemConnection,
)
from hub.schema.supervision_items import SupervisionItem


async def _national_page(
    info: Info, conditions: list[Any], first: int | None, after: str | None
) -> tuple[Page[Any], Any]:
    args = page_args(info, first, after, NATIONAL_BY_CODE)
    statement = args.apply(select(models.NationalSupervisionItem).where(*conditions))
    rows = list(await info.context.scalars(statement))
    return Page.from_overfetch(rows, args), args


@strawberry.type(description='监管事项"应上尽上"：部门应实施而尚未以已发布事项实施的国家目录事项')
class CatalogueGaps:
    relevant_count: int = strawberry.field(description="应实施的国家目录事项数（应上）")
    covered_count: int = strawberry.field(description="已由已发布事项实施的数目（已上）")
    department_row: strawberry.Private[models.Department]

    @strawberry.field(description="尚未实施的数目")
    def gap_count(self) -> int:
        return self.relevant_count - self.covered_count

    @strawberry.field(description="覆盖率（已上 / 应上，0 到 1；无应上事项时为 null）")
    def coverage(self) -> float | None:
        if self.relevant_count == 0:
            return None
        return round(self.covered_count / self.relevant_count, 4)

    @strawberry.field(description="部门")
    def department(self) -> Department:
        return Department.from_model(self.department_row)

    @strawberry.field(description="尚未实施的国家目录事项（按编码排序）")
    async def gaps(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> NationalSupervisionItemConnection:
        conditions = gap_conditions(self.department_row)
        page, _ = await _national_page(info, conditions, first, after)
        gap_count = self.relevant_count - self.covered_count

        async def count() -> int:
            return gap_count

        return Connection.from_page(
            page, NATIONAL_BY_CODE, NationalSupervisionItem.from_model, count
        )


@strawberry.type
class SupervisionItemQuery:
    @strawberry.field(description="监管事项目录：主项（子项经 subItems 展开）")
    async def supervision_items(
        self,
        info: Info,
        record_kind: models.RecordKind | None = None,
        department_id: strawberry.ID | None = None,
        status: models.SupervisionItemStatus | None = None,
    ) -> list[SupervisionItem]:
        statement = main_items(
            info.context.viewer,
            record_kind=record_kind,
            department_id=department_id_of(department_id),
            status=status,
        )
        rows = await info.context.scalars(statement)
        return [SupervisionItem.from_model(row) for row in rows]

    @strawberry.field(description="国家监管事项目录（按编码排序，可按类别、发布部委、名称筛选）")
    async def national_supervision_items(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        record_kind: models.RecordKind | None = None,
        ministry: str | None = None,
        search: str | None = None,
    ) -> NationalSupervisionItemConnection:
        conditions = national_items(
            info.context.viewer,
            record_kind=record_kind,
            ministry=search_text_of(ministry, field="ministry"),
            search=search_text_of(search, field="search"),
        )
        page, _ = await _national_page(info, conditions, first, after)

        async def count() -> int:
            statement = (
                select(func.count()).select_from(models.NationalSupervisionItem).where(*conditions)
            )
            total: int = await info.context.scalar(statement)
            return total

        return Connection.from_page(
            page, NATIONAL_BY_CODE, NationalSupervisionItem.from_model, count
        )

    @strawberry.field(
        description='监管事项"应上尽上"：部门应实施（按部委对照表与行使层级）而尚未以已发布事项实施的国家目录事项，及覆盖数'
    )
    async def catalogue_gaps(self, info: Info, department_id: strawberry.ID) -> CatalogueGaps:
        wanted = department_id_of(department_id)
        assert wanted is not None
        async with info.context.read_sessions() as session:
            department = await session.get(models.Department, wanted)
            if department is None:
                raise NotFound("部门不存在", field="departmentId")
            relevant, covered = (await session.execute(coverage_counts(department))).one()
        return CatalogueGaps(
            relevant_count=int(relevant),
            covered_count=int(covered),
            department_row=department,
        )
