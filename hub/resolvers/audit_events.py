from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from hub.context import Info
from hub.pagination import Ordering, Page
from hub.queries.audit_events import (
    NEWEST_EVENTS_FIRST,
    OLDEST_EVENTS_FIRST,
    audit_events_count,
    audit_events_page,
    record_history_filter,
)
from hub.queries.audit_events import (
    AuditEventFilter as AuditEventQueryFilter,
)
from hub.schema.audit_events import (
    AuditEvent,
    AuditEventConnection,
    AuditEventFilter,
    account_id_of,
    period_of,
)
from hub.schema.base import page_args
from hub.schema.inputs import node_id_of, uscc_of
from hub.schema.record_kinds import RECORD_TYPES

RECORD_TYPE_NAMES = tuple(record_type.__name__ for record_type in RECORD_TYPES.values())
WHO_MAY_READ = "（部门管理员可查本部门，区划管理员可查本区划含下级，持有留痕查阅权限者同样）"


async def _events(
    info: Info,
    event_filter: AuditEventQueryFilter,
    ordering: Ordering,
    first: int | None,
    after: str | None,
) -> AuditEventConnection:
    page = page_args(info, first, after, ordering)
    context = info.context
    rows = await context.scalars(audit_events_page(context.viewer, event_filter, page))

    async def count() -> int:
        return int(await context.scalar(audit_events_count(context.viewer, event_filter)))

    return AuditEventConnection.from_page(
        Page.from_overfetch(list(rows), page), ordering, AuditEvent.from_model, count
    )


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
        return await _events(info, event_filter, NEWEST_EVENTS_FIRST, first, after)

    @strawberry.field(
        description="一条监管行为的变更历史（按发生顺序：谁、何时、从何地址、改了哪些字段）"
        + WHO_MAY_READ
    )
    async def record_history(
        self,
        info: Info,
        record_id: strawberry.ID,
        first: int | None = None,
        after: str | None = None,
    ) -> AuditEventConnection:
        record = node_id_of(record_id, RECORD_TYPE_NAMES, field="recordId")
        return await _events(info, record_history_filter(record), OLDEST_EVENTS_FIRST, first, after)

    @strawberry.field(
        description="一个市场主体的变更历史：主体本身及其全部监管行为（按发生顺序）" + WHO_MAY_READ
    )
    async def entity_history(
        self,
        info: Info,
        uscc: str,
        first: int | None = None,
        after: str | None = None,
    ) -> AuditEventConnection:
        event_filter = AuditEventQueryFilter(entity_uscc=uscc_of(uscc))
        return await _events(info, event_filter, OLDEST_EVENTS_FIRST, first, after)

    @strawberry.field(description="一个账号的操作（新记录在前；时间段含起不含止）" + WHO_MAY_READ)
    async def account_actions(
        self,
        info: Info,
        account_id: strawberry.ID,
        from_: Annotated[datetime | None, strawberry.argument(name="from")] = None,
        to: datetime | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> AuditEventConnection:
        occurred_from, occurred_to = period_of(from_, to)
        event_filter = AuditEventQueryFilter(
            account_id=account_id_of(account_id),
            occurred_from=occurred_from,
            occurred_to=occurred_to,
        )
        return await _events(info, event_filter, NEWEST_EVENTS_FIRST, first, after)
