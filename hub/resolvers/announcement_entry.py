"""监管公告 by departments: write, publish, withdraw (PUBLISH_RECORDS)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from hub.collection import announcements
from hub.collection.changes import Change
from hub.context import Info
from hub.resolvers.record_entry import run_collection
from hub.schema.announcements import Announcement
from hub.schema.inputs import node_id_of
from hub.schema.mutations import InputError


@strawberry.input(description="新建监管公告（草稿）")
class CreateAnnouncementInput:
    title: str = strawberry.field(description="标题")
    body: str = strawberry.field(description="正文")
    target_usccs: list[str] = strawberry.field(
        default_factory=list,
        description="特指性公告面向的市场主体（统一社会信用代码）；不填为普发性公告",
    )


@strawberry.type(description="公告变更的结果")
class AnnouncementPayload:
    announcement: Announcement


AnnouncementResult = Annotated[
    AnnouncementPayload | InputError, strawberry.union("AnnouncementResult")
]


def _announcement_id(value: strawberry.ID) -> int:
    return node_id_of(value, ("Announcement",), field="id")


@strawberry.type
class AnnouncementEntryMutation:
    @strawberry.mutation(description="本部门新建监管公告（普发性或特指性，草稿）")
    async def create_announcement(
        self, info: Info, input: CreateAnnouncementInput
    ) -> AnnouncementResult:
        async def make(change: Change) -> AnnouncementPayload:
            announcement = await announcements.create_announcement(
                change, title=input.title, body=input.body, target_usccs=input.target_usccs
            )
            return AnnouncementPayload(announcement=Announcement.from_model(announcement))

        return await run_collection(info, make)

    @strawberry.mutation(description="发布本部门的公告草稿（社会公众可见）")
    async def publish_announcement(self, info: Info, id: strawberry.ID) -> AnnouncementResult:
        async def make(change: Change) -> AnnouncementPayload:
            announcement = await announcements.publish_announcement(change, _announcement_id(id))
            return AnnouncementPayload(announcement=Announcement.from_model(announcement))

        return await run_collection(info, make)

    @strawberry.mutation(description="撤回本部门已发布的公告")
    async def withdraw_announcement(
        self, info: Info, id: strawberry.ID, reason: str
    ) -> AnnouncementResult:
        async def make(change: Change) -> AnnouncementPayload:
            announcement = await announcements.withdraw_announcement(
                change, _announcement_id(id), reason
            )
            return AnnouncementPayload(announcement=Announcement.from_model(announcement))

        return await run_collection(info, make)
