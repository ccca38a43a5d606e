"""监管事项 in the graph."""

from __future__ import annotations

import strawberry
from strawberry import relay

from hub import models
from hub.context import Info
from hub.schema.base import FromModel
from hub.schema.departments import Department, load_department

strawberry.enum(models.SupervisionItemStatus, description="监管事项状态：草稿、已发布、已停用")


@strawberry.type(description="监管事项（目录清单中的主项或子项）")
class SupervisionItem(relay.Node, FromModel):
    id: relay.NodeID[int]
    code: str = strawberry.field(description="事项编码")
    name: str = strawberry.field(description="事项名称")
    record_kind: models.RecordKind = strawberry.field(description="对应的监管行为类别")
    legal_basis: str | None = strawberry.field(description="设定依据")
    status: models.SupervisionItemStatus = strawberry.field(description="状态")
    parent_id: strawberry.Private[int | None]
    department_id: strawberry.Private[int]

    @strawberry.field(description="维护该事项的部门")
    async def department(self, info: Info) -> Department:
        return await load_department(info, self.department_id)

    @strawberry.field(description="所属主项（子项才有）")
    async def main_item(self, info: Info) -> SupervisionItem | None:
        if self.parent_id is None:
            return None
        return await load_supervision_item(info, self.parent_id)

    @strawberry.field(description="子项")
    async def sub_items(self, info: Info) -> list[SupervisionItem]:
        rows = await info.context.loaders.sub_items_by_parent_id.load(self.id)
        return [SupervisionItem.from_model(row) for row in rows]


async def load_supervision_item(info: Info, item_id: int) -> SupervisionItem | None:
    row = await info.context.loaders.supervision_item_by_id.load(item_id)
    return None if row is None else SupervisionItem.from_model(row)
