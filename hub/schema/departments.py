"""部门 in the graph."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated

import strawberry
from strawberry import relay

from hub.context import Info
from hub.schema.base import FromModel, integer_node_ids
from hub.schema.regions import Region, load_region


@strawberry.type(description="部门：区划 + 三位部门代码")
class Department(relay.Node, FromModel):
    id: relay.NodeID[int]
    code: str = strawberry.field(description="三位部门代码，231 为市场监督管理部门")
    name: str = strawberry.field(description="部门名称")
    uscc: str | None = strawberry.field(description="部门统一社会信用代码")
    region_code: str = strawberry.field(description="所属区划代码")

    @strawberry.field(description="所属区划")
    async def region(self, info: Info) -> Region:
        return await load_region(info, self.region_code)

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Department | None]:
        rows = await info.context.loaders.department_by_id.load_many(integer_node_ids(node_ids))
        return [None if row is None else cls.from_model(row) for row in rows]


async def load_department(info: Info, department_id: int) -> Department:
    department = await info.context.loaders.department_by_id.load(department_id)
    if department is None:
        raise LookupError(f"department {department_id} missing")
    return Department.from_model(department)


DepartmentRef = Annotated["Department", strawberry.lazy("hub.schema.departments")]
