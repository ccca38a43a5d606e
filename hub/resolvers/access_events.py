from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from hub.context import Info
from hub.pagination import Page
from hub.queries.access_events import (
    NEWEST_ACCESSES_FIRST,
    AccessEventFilter,
    access_events_count,
    access_events_page,
)
from hub.schema.access_events import AccessEvent, AccessEventConnection
from hub.schema.audit_events import account_id_of, period_of
from hub.schema.base import page_args
from hub.schema.inputs import uscc_of


@strawberry.type
class AccessEventQuery:
    @strawberry.field(
        description="访问留痕：谁在何时读取了市场主体的非公开数据（草稿、个人信息、投诉）；"
        "按主体（统一社会信用代码）和/或读取账号筛选，时间段含起不含止，新记录在前。"
        "可查阅读取账号所在部门留痕者可见"
    )
    async def access_events(
        self,
        info: Info,
        uscc: str | None = None,
        account_id: strawberry.ID | None = None,
        from_: Annotated[datetime | None, strawberry.argument(name="from")] = None,
        to: datetime | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> AccessEventConnection:
        occurred_from, occurred_to = period_of(from_, to)
        access_filter = AccessEventFilter(
            entity_uscc=None if uscc is None else uscc_of(uscc),
            account_id=None if account_id is None else account_id_of(account_id),
            occurred_from=occurred_from,
            occurred_to=occurred_to,
        )
        page = page_args(info, first, after, NEWEST_ACCESSES_FIRST)
        context = info.context
        rows = await context.scalars(access_events_page(context.viewer, access_filter, page))

        async def count() -> int:
            return int(await context.scalar(access_events_count(context.viewer, access_filter)))

        return AccessEventConnection.from_page(
            Page.from_overfetch(list(rows), page),
            NEWEST_ACCESSES_FIRST,
            AccessEvent.from_model,
            count,
        )
