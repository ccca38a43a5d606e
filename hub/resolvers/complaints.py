from __future__ import annotations

import strawberry

from hub.auth.directives import VisibilityRule, visibility
from hub.context import Info
from hub.pagination import Page
from hub.queries.complaints import NEWEST_COMPLAINTS_FIRST, complaints_count, complaints_page
from hub.schema.base import page_args
from hub.schema.complaints import Complaint, ComplaintConnection


@strawberry.type
class ComplaintQuery:
    @strawberry.field(
        description="投诉（办理部门；有跨部门查询权限者含本区划下级）",
        directives=[visibility(VisibilityRule.STAFF)],
    )
    async def complaints(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> ComplaintConnection | None:
        page = page_args(info, first, after, NEWEST_COMPLAINTS_FIRST)
        context = info.context
        rows = await context.scalars(complaints_page(context.viewer, page))

        async def count() -> int:
            return int(await context.scalar(complaints_count(context.viewer)))

        return ComplaintConnection.from_page(
            Page.from_overfetch(list(rows), page),
            NEWEST_COMPLAINTS_FIRST,
            Complaint.from_model,
            count,
        )
