"""监管事项 in the graph."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

import strawberry
from strawberry import relay

from hub import models
from hub.context import Info
from hub.schema.base import FromModel, integer_node_ids
from hub.schema.departments import Department, load_department
from hub.schema.national_supervision_items import (
    LegalBasis,
    NationalSupervisionItem,
    load_national_item,
)

strawberry.enum(models.SupervisionItemStatus, description="监管事项状态：草稿、已发布、已停用")


@strawberry.type(description="监管事项（目录清单中的主项或子项）")
class SupervisionItem(relay.Node, FromModel):
    id: relay.NodeID[int]
    code: str = strawberry.field(description="事项编码")
    name: str = strawberry.field(description="事项名称")
    record_kind: models.RecordKind = strawberry.field(description="监管类别（对应的监管行为类别）")
    legal_basis: str | None = strawberry.field(description="设定依据（摘要）")
    status: models.SupervisionItemStatus = strawberry.field(description="状态")
    levels: list[models.RegionLevel] = strawberry.field(description="行使层级")
    version: int = strawberry.field(description="版本号（修改时提交，防止覆盖他人的修改）")
    published_at: datetime | None = strawberry.field(description="发布时间")
    retired_at: datetime | None = strawberry.field(description="停用时间")
    retirement_reason: str | None = strawberry.field(description="停用原因")
    parent_id: strawberry.Private[int | None]
    department_id: strawberry.Private[int]
    national_item_id: strawberry.Private[int | None]
    legal_bases_json: strawberry.Private[list[dict[str, Any]]]

    @classmethod
    def from_model(cls, model: Any) -> SupervisionItem:
        return cls(
            id=model.id,
            code=model.code,
            name=model.name,
            record_kind=model.record_kind,
            legal_basis=model.legal_basis,
            status=model.status,
            levels=model.levels,
            version=model.version,
            published_at=model.published_at,
            retired_at=model.retired_at,
            retirement_reason=model.retirement_reason,
            parent_id=model.parent_id,
            department_id=model.department_id,
            national_item_id=model.national_item_id,
            legal_bases_json=model.legal_bases,
        )

    @strawberry.field(description="设定依据（逐条：法律法规、条款号、条款内容）")
    def legal_bases(self) -> list[LegalBasis]:
        return LegalBasis.from_json(self.legal_bases_json)

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

    @strawberry.field(description="所实施的国家监管事项目录事项")
    async def national_item(self, info: Info) -> NationalSupervisionItem | None:
        if self.national_item_id is None:
            return None
        return await load_national_item(info, self.national_item_id)

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[SupervisionItem | None]:
        loader = info.context.loaders.supervision_item_by_id
        rows = await loader.load_many(integer_node_ids(node_ids))
        return [None if row is None else cls.from_model(row) for row in rows]


async def load_supervision_item(info: Info, item_id: int) -> SupervisionItem | None:
    row = await info.context.loaders.supervision_item_by_id.load(item_id)
    return None if row is None else SupervisionItem.from_model(row)
