from __future__ import annotations

import strawberry

from hub.context import Info
from hub.pagination import Page
from hub.queries.market_entities import (
    MARKET_ENTITY_ORDERINGS,
    MarketEntityOrder,
    market_entities_count,
    market_entities_page,
)
from hub.schema.base import page_args
from hub.schema.inputs import uscc_of
from hub.schema.market_entities import MarketEntity, MarketEntityConnection, MarketEntityFilter


@strawberry.type
class MarketEntityQuery:
    @strawberry.field(description="按统一社会信用代码查询一个市场主体")
    async def entity(self, info: Info, uscc: str) -> MarketEntity | None:
        row = await info.context.loaders.market_entity_by_uscc.load(uscc_of(uscc))
        return None if row is None else MarketEntity.from_model(row)

    @strawberry.field(description="市场主体名录（分页）")
    async def entities(
        self,
        info: Info,
        filter: MarketEntityFilter | None = None,
        first: int | None = None,
        after: str | None = None,
        order_by: MarketEntityOrder = MarketEntityOrder.NAME_ASC,
    ) -> MarketEntityConnection:
        query_filter = (filter or MarketEntityFilter()).to_query()
        ordering = MARKET_ENTITY_ORDERINGS[order_by]
        page = page_args(info, first, after, ordering)
        context = info.context
        rows = await context.scalars(market_entities_page(context.viewer, query_filter, page))

        async def count() -> int:
            return int(await context.scalar(market_entities_count(context.viewer, query_filter)))

        return MarketEntityConnection.from_page(
            Page.from_overfetch(list(rows), page), ordering, MarketEntity.from_model, count
        )
