from __future__ import annotations

import strawberry

from hub.context import Info
from hub.pagination import Page
from hub.queries.records import RECORD_ORDERINGS, RecordOrder, records_count, records_page
from hub.schema.base import page_args
from hub.schema.inputs import node_id_of
from hub.schema.record_kinds import RECORD_TYPES, record_from_model
from hub.schema.records import RecordFilter, SupervisionRecord, SupervisionRecordConnection

_RECORD_TYPE_NAMES = frozenset(record_type.__name__ for record_type in RECORD_TYPES.values())


@strawberry.type
class RecordQuery:
    @strawberry.field(description="按全局ID查询一条监管行为（任一类别）")
    async def record(self, info: Info, id: strawberry.ID) -> SupervisionRecord | None:
        record_id = node_id_of(id, _RECORD_TYPE_NAMES, field="id")
        row = await info.context.loaders.record_by_id.load(record_id)
        return None if row is None else record_from_model(row)

    @strawberry.field(description="监管行为（分页，按当前用户可见范围）")
    async def records(
        self,
        info: Info,
        filter: RecordFilter | None = None,
        first: int | None = None,
        after: str | None = None,
        order_by: RecordOrder = RecordOrder.DECISION_DATE_DESC,
    ) -> SupervisionRecordConnection:
        query_filter = (filter or RecordFilter()).to_query()
        ordering = RECORD_ORDERINGS[order_by]
        page = page_args(info, first, after, ordering)
        context = info.context
        rows = await context.scalars(records_page(context.viewer, query_filter, page))

        async def count() -> int:
            return int(await context.scalar(records_count(context.viewer, query_filter)))

        return SupervisionRecordConnection.from_page(
            Page.from_overfetch(list(rows), page), ordering, record_from_model, count
        )
