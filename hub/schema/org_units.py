"""机构 in the graph."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import strawberry
from strawberry import relay

from hub.context import Info
from hub.schema.base import FromModel, integer_node_ids
from hub.schema.departments import Department, load_department


@strawberry.type(description="机构：部门的内设单位，可逐级嵌套")
class OrgUnit(relay.Node, FromModel):
    id: relay.NodeID[int]
    name: str = strawberry.field(description="机构名称")
    created_at: datetime = strawberry.field(description="创建时间")
    department_id: strawberry.Private[int]
    parent_id: strawberry.Private[int | None]

    @strawberry.field(description="所属部门")
    async def department(self, info: Info) -> Department:
        return await load_department(info, self.department_id)

    @strawberry.field(description="上级机构")
    async def parent(self, info: Info) -> OrgUnit | None:
        if self.parent_id is None:
            return None
        return await load_org_unit(info, self.parent_id)

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[OrgUnit | None]:
        rows = await info.context.loaders.org_unit_by_id.load_many(integer_node_ids(node_ids))
        return [None if row is None else cls.from_model(row) for row in rows]


async def load_org_unit(info: Info, org_unit_id: int) -> OrgUnit | None:
    row = await info.context.loaders.org_unit_by_id.load(org_unit_id)
    return None if row is None else OrgUnit.from_model(row)


@strawberry.input(description="新建机构")
class CreateOrgUnitInput:
    name: str = strawberry.field(description="机构名称")
    parent_id: strawberry.ID | None = strawberry.field(
        default=None, description="上级机构（须属于本部门）；不填为一级机构"
    )


@strawberry.input(description="机构改名")
class RenameOrgUnitInput:
    org_unit_id: strawberry.ID
    name: str = strawberry.field(description="新名称")


@strawberry.input(description="删除机构（须无账号、无下级机构）")
class DeleteOrgUnitInput:
    org_unit_id: strawberry.ID


@strawberry.type(description="机构变更结果")
class OrgUnitPayload:
    org_unit: OrgUnit


@strawberry.type(description="机构已删除")
class DeleteOrgUnitPayload:
    deleted_org_unit_id: strawberry.ID
