"""国家监管事项目录 in the graph."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import strawberry
from strawberry import relay

from hub import models
from hub.catalogue.ministries import department_code_of
from hub.catalogue.vocabulary import LegalBasis as LegalBasisValue
from hub.context import Info
from hub.schema.base import Connection, FromModel, integer_node_ids


@strawberry.type(description="设定依据（一条法律法规条款）")
class LegalBasis:
    law: str = strawberry.field(description="法律法规名称（不含书名号）")
    article: str | None = strawberry.field(description="条款号，如 第三十五条第一款")
    text: str | None = strawberry.field(description="条款内容")

    @classmethod
    def from_json(cls, values: list[dict[str, Any]] | None) -> list[LegalBasis]:
        bases = [LegalBasisValue.from_json(value) for value in values or []]
        return [cls(law=b.law, article=b.article, text=b.text) for b in bases]


@strawberry.type(description="国家监管事项目录中的事项")
class NationalSupervisionItem(relay.Node, FromModel):
    id: relay.NodeID[int]
    code: str = strawberry.field(description="国家事项编码")
    name: str = strawberry.field(description="事项名称")
    record_kind: models.RecordKind = strawberry.field(description="监管类别（对应的监管行为类别）")
    ministry: str = strawberry.field(description="发布部委")
    legal_basis: str | None = strawberry.field(description="设定依据（摘要）")
    levels: list[models.RegionLevel] = strawberry.field(description="行使层级")
    legal_bases_json: strawberry.Private[list[dict[str, Any]]]

    @classmethod
    def from_model(cls, model: Any) -> NationalSupervisionItem:
        return cls(
            id=model.id,
            code=model.code,
            name=model.name,
            record_kind=model.record_kind,
            ministry=model.ministry,
            legal_basis=model.legal_basis,
            levels=model.levels,
            legal_bases_json=model.legal_bases,
        )

    @strawberry.field(description="设定依据（逐条）")
    def legal_bases(self) -> list[LegalBasis]:
        return LegalBasis.from_json(self.legal_bases_json)

    @strawberry.field(description="实施该事项的部门代码（按部委对照表）")
    def department_code(self) -> str | None:
        return department_code_of(self.ministry)

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[NationalSupervisionItem | None]:
        loader = info.context.loaders.national_item_by_id
        rows = await loader.load_many(integer_node_ids(node_ids))
        return [None if row is None else cls.from_model(row) for row in rows]


NationalSupervisionItemConnection = Connection[NationalSupervisionItem]


async def load_national_item(info: Info, item_id: int) -> NationalSupervisionItem | None:
    row = await info.context.loaders.national_item_by_id.load(item_id)
    return None if row is None else NationalSupervisionItem.from_model(row)
