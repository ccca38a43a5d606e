from __future__ import annotations

import strawberry

from hub.context import Info
from hub.pagination import Page
from hub.queries.announcements import (
    NEWEST_ANNOUNCEMENTS_FIRST,
    AnnouncementOrder,
    announcements_count,
    announcements_page,
)
from hub.schema.announcements import Announcement, AnnouncementConnection, AnnouncementFilter
from hub.schema.base import page_args


@strawberry.type
class AnnouncementQuery:
    @strawberry.field(description="监管公告（分页，按当前用户可见范围）")
    async def announcements(
        self,
        info: Info,
        filter: AnnouncementFilter | None = None,
        first: int | None = None,
        after: str | None = None,
        order_by: AnnouncementOrder = AnnouncementOrder.NEWEST_FIRST,
    ) -> AnnouncementConnection:
        query_filter = (filter or AnnouncementFilter()).to_query()
        page = page_args(info, first, after, NEWEST_ANNOUNCEMENTS_FIRST)
        context = info.context
        rows = await context.scalars(announcements_page(context.viewer, query_filter, page))

        async def count() -> int:
            return int(await context.scalar(announcements_count(context.viewer, query_filter)))

        return AnnouncementConnection.from_page(
            Page.from_overfetch(list(rows), page),
            NEWEST_ANNOUNCEMENTS_FIRST,
            Announcement.from_model,
            count,
        )
