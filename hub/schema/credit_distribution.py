"""信用等级分布 for analysts."""

from __future__ import annotations

import strawberry

from hub.context import Info
from hub.queries.credit_distribution import CreditGrouping
from hub.schema.departments import Department, load_department
from hub.schema.regions import Region, load_region

strawberry.enum(CreditGrouping, description="信用等级分布的分组方式：按下级区划、按部门")


@strawberry.type(description="一组市场主体的本平台信用等级分布")
class CreditGradeGroup:
    region_code: str | None = strawberry.field(description="分组区划代码（按部门分组时为空）")
    department_id: strawberry.Private[int | None]
    a: int = strawberry.field(description="A类主体数")
    b: int = strawberry.field(description="B类主体数")
    c: int = strawberry.field(description="C类主体数")
    d: int = strawberry.field(description="D类主体数")
    total: int = strawberry.field(description="合计")

    @strawberry.field(description="分组区划（按区划分组时）")
    async def region(self, info: Info) -> Region | None:
        return None if self.region_code is None else await load_region(info, self.region_code)

    @strawberry.field(description="分组部门（按部门分组时：在该部门有监管行为记录的主体）")
    async def department(self, info: Info) -> Department | None:
        if self.department_id is None:
            return None
        return await load_department(info, self.department_id)
