from __future__ import annotations

import strawberry

from hub.context import Info
from hub.pagination import Page
from hub.queries.audit_events import NEWEST_EVENTS_FIRST, audit_events_count, audit_events_page
from hub.schema.audit_events import AuditEvent, AuditEventConnection, AuditEventFilter
from hub.schema.base import page_args


@strawberry.type
class AuditEventQuery:
    @strawberry.field(
        description="全程留痕（分页，新记录在前）：部门管理员可查本部门，区划管理员可查本区划"
        "（含下级），持有留痕查阅权限者同样"
    )
    async def audit_events(
        self,
        info: Info,
        filter: AuditEventFilter | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> AuditEventConnection:
        event_filter = (filter or AuditEventFilter()).to_query()
        page = page_args(info, first, after, NEWEST_EVENTS_FIRST)
        context = info.context
        rows = await context.scalars(audit_events_page(context.viewer, event_filter, page))

        async def count() -> int:
            return int(await context.scalar(audit_events_count(context.viewer, event_filter)))

        return AuditEventConnection.from_page(
            Page.from_overfetch(list(rows), page), NEWEST_EVENTS_FIRST, AuditEvent.from_model, count
        )
