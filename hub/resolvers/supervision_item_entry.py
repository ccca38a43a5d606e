"""监管事项目录维护: departments create, update, publish, retire, delete their items and link
them to the national catalogue. Each mutation is one transaction with one audit event."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, TypeVar

import strawberry
from strawberry import relay

from hub.catalogue import items
from hub.collection.changes import Change
from hub.context import Info
from hub.models import SupervisionItem as ItemRow
from hub.resolvers.record_entry import run_collection
from hub.schema.inputs import node_id_of
from hub.schema.mutations import InputError
from hub.schema.supervision_item_inputs import (
    DeleteSupervisionItemPayload,
    SupervisionItemInput,
    SupervisionItemPayload,
)
from hub.schema.supervision_items import SupervisionItem

T = TypeVar("T")

SupervisionItemResult = Annotated[
    SupervisionItemPayload | InputError, strawberry.union("SupervisionItemResult")
]
DeleteSupervisionItemResult = Annotated[
    DeleteSupervisionItemPayload | InputError, strawberry.union("DeleteSupervisionItemResult")
]


def _item_id(value: strawberry.ID) -> int:
    return node_id_of(value, ("SupervisionItem",), field="id")


def _payload(item: ItemRow) -> SupervisionItemPayload:
    return SupervisionItemPayload(item=SupervisionItem.from_model(item))


async def _run(
    info: Info, make: Callable[[Change], Awaitable[T]], prefix: str = ""
) -> T | InputError:
    """The mutation's one transaction; at most one audit event (none if nothing changed).
    Errors of input fields are under `prefix` (`input.code`), of arguments bare (`id`)."""

    async def checked(change: Change) -> T:
        result = await make(change)
        if len(change.events) > 1:
            raise RuntimeError("a catalogue change records at most one audit event")
        return result

    return await run_collection(info, checked, prefix)


@strawberry.type
class SupervisionItemMutation:
    @strawberry.mutation(description="本部门新建监管事项（草稿；填写主项即为子项）")
    async def create_supervision_item(
        self, info: Info, input: SupervisionItemInput
    ) -> SupervisionItemResult:
        async def make(change: Change) -> SupervisionItemPayload:
            return _payload(await items.create_item(change, input.to_submission()))

        return await _run(info, make, "input")

    @strawberry.mutation(
        description="修改本部门的监管事项（提交所读的版本号；编码、类别、主项仅草稿可改）"
    )
    async def update_supervision_item(
        self, info: Info, id: strawberry.ID, version: int, input: SupervisionItemInput
    ) -> SupervisionItemResult:
        async def make(change: Change) -> SupervisionItemPayload:
            item = await items.update_item(change, _item_id(id), version, input.to_submission())
            return _payload(item)

        return await _run(info, make, "input")

    @strawberry.mutation(description="发布本部门的监管事项草稿（子项须在主项发布之后）")
    async def publish_supervision_item(
        self, info: Info, id: strawberry.ID, version: int, reason: str | None = None
    ) -> SupervisionItemResult:
        async def make(change: Change) -> SupervisionItemPayload:
            return _payload(await items.publish_item(change, _item_id(id), version, reason))

        return await _run(info, make)

    @strawberry.mutation(
        description="停用已发布的监管事项（须填写原因；主项的子项一并停用；已有记录保持引用）"
    )
    async def retire_supervision_item(
        self, info: Info, id: strawberry.ID, version: int, reason: str
    ) -> SupervisionItemResult:
        async def make(change: Change) -> SupervisionItemPayload:
            return _payload(await items.retire_item(change, _item_id(id), version, reason))

        return await _run(info, make)

    @strawberry.mutation(description="删除未被引用、无子项的草稿事项（其余请停用）；保留审计记录")
    async def delete_supervision_item(
        self, info: Info, id: strawberry.ID, version: int
    ) -> DeleteSupervisionItemResult:
        async def make(change: Change) -> DeleteSupervisionItemPayload:
            item = await items.delete_item(change, _item_id(id), version)
            return DeleteSupervisionItemPayload(
                deleted_item_id=strawberry.ID(relay.to_base64("SupervisionItem", item.id))
            )

        return await _run(info, make)

    @strawberry.mutation(description="将本部门的事项关联到其实施的国家监管事项目录事项")
    async def link_national_supervision_item(
        self, info: Info, id: strawberry.ID, version: int, national_item_id: strawberry.ID
    ) -> SupervisionItemResult:
        async def make(change: Change) -> SupervisionItemPayload:
            national_id = node_id_of(
                national_item_id, ("NationalSupervisionItem",), field="nationalItemId"
            )
            item = await items.link_national_item(change, _item_id(id), version, national_id)
            return _payload(item)

        return await _run(info, make)

    @strawberry.mutation(description="取消本部门事项与国家目录事项的关联")
    async def unlink_national_supervision_item(
        self, info: Info, id: strawberry.ID, version: int
    ) -> SupervisionItemResult:
        async def make(change: Change) -> SupervisionItemPayload:
            item = await items.link_national_item(change, _item_id(id), version, None)
            return _payload(item)

        return await _run(info, make)
