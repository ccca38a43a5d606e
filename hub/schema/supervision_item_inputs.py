"""Inputs and payloads of the catalogue mutations (departments maintaining their items)."""

from __future__ import annotations

import strawberry

from hub import models
from hub.catalogue.items import ItemSubmission
from hub.catalogue.vocabulary import LegalBasis
from hub.schema.inputs import node_id_of
from hub.schema.supervision_items import SupervisionItem


@strawberry.input(description="设定依据（一条法律法规条款）")
class LegalBasisInput:
    law: str = strawberry.field(description="法律法规名称（书名号可省略）")
    article: str | None = strawberry.field(default=None, description="条款号，如 第三十五条")
    text: str | None = strawberry.field(default=None, description="条款内容")


@strawberry.input(description="本部门的监管事项（主项或子项）")
class SupervisionItemInput:
    code: str = strawberry.field(description="事项编码（全省唯一；发布后不能修改）")
    name: str = strawberry.field(description="事项名称")
    record_kind: models.RecordKind = strawberry.field(
        description="监管类别：按该事项作出的监管行为类别（许可、检查、处罚……）"
    )
    main_item_id: strawberry.ID | None = strawberry.field(
        default=None, description="所属主项（全局ID；填写即为子项：同部门、同类别）"
    )
    legal_bases: list[LegalBasisInput] = strawberry.field(
        default_factory=list, description="设定依据（可多条；发布前至少一条）"
    )
    levels: list[models.RegionLevel] = strawberry.field(
        description="行使层级（省级、市级、县级；不高于本部门所在层级）"
    )

    def to_submission(self) -> ItemSubmission:
        main_item_id = (
            None
            if self.main_item_id is None
            else node_id_of(self.main_item_id, ("SupervisionItem",), field="mainItemId")
        )
        return ItemSubmission(
            code=self.code,
            name=self.name,
            record_kind=self.record_kind,
            main_item_id=main_item_id,
            legal_bases=[LegalBasis(b.law, b.article, b.text) for b in self.legal_bases],
            levels=list(self.levels),
        )


@strawberry.type(description="监管事项变更的结果")
class SupervisionItemPayload:
    item: SupervisionItem = strawberry.field(description="变更后的事项")


@strawberry.type(description="删除（草稿）事项的结果")
class DeleteSupervisionItemPayload:
    deleted_item_id: strawberry.ID = strawberry.field(description="已删除事项的全局ID")
