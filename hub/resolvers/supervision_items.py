from __future__ import annotations

import strawberry
from sqlalchemy import select

from hub import models
from hub.auth.policy import readable_supervision_items
from hub.context import Info
from hub.schema.supervision_items import SupervisionItem


@strawberry.type
class SupervisionItemQuery:
    @strawberry.field(description="监管事项目录：主项（子项经 subItems 展开）")
    async def supervision_items(
        self, info: Info, record_kind: models.RecordKind | None = None
    ) -> list[SupervisionItem]:
        item = models.SupervisionItem
        statement = (
            select(item)
            .where(item.parent_id.is_(None), readable_supervision_items(info.context.viewer))
            .order_by(item.code)
        )
        if record_kind is not None:
            statement = statement.where(item.record_kind == record_kind)
        rows = await info.context.scalars(statement)
        return [SupervisionItem.from_model(row) for row in rows]
