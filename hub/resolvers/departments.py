from __future__ import annotations

import strawberry
from sqlalchemy import select

from hub import models
from hub.context import Info
from hub.domain.regions import subtree_bounds
from hub.errors import BadUserInput
from hub.schema.departments import Department
from hub.schema.inputs import region_code_of


@strawberry.type
class DepartmentQuery:
    @strawberry.field(description="部门列表：可按区划（含下级）和部门代码筛选")
    async def departments(
        self, info: Info, region_code: str | None = None, code: str | None = None
    ) -> list[Department]:
        statement = select(models.Department).order_by(
            models.Department.region_code, models.Department.code
        )
        region = region_code_of(region_code)
        if region is not None:
            statement = statement.where(
                models.Department.region_code.between(*subtree_bounds(region))
            )
        if code is not None:
            if not (len(code) == 3 and code.isdigit()):
                raise BadUserInput("部门代码应为3位数字", field="code")
            statement = statement.where(models.Department.code == code)
        rows = await info.context.scalars(statement)
        return [Department.from_model(row) for row in rows]
