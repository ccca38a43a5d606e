"""全程留痕 of reads in the graph: who read which entity's non-public data, when."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from hub import models
from hub.auth import directives  # noqa: F401  (registers AccessKind in the schema)
from hub.context import Info
from hub.schema.base import Connection, FromModel

if TYPE_CHECKING:
    from hub.schema.accounts import Account
    from hub.schema.market_entities import MarketEntity

AccountRef = Annotated["Account", strawberry.lazy("hub.schema.accounts")]
MarketEntityRef = Annotated["MarketEntity", strawberry.lazy("hub.schema.market_entities")]


@strawberry.type(description="访问留痕：某账号读取了某市场主体的非公开数据")
class AccessEvent(FromModel):
    # Not a Node: an access event is reached only through `accessEvents`, under its policy.
    id: strawberry.Private[int]
    occurred_at: datetime = strawberry.field(
        description="读取时间（同一账号在一个写入周期内重复读取同一数据只记首次）"
    )
    account_id: strawberry.Private[int]
    entity_id: strawberry.Private[int]
    what: strawberry.Private[str]

    @strawberry.field(name="what", description="读取的数据类别")
    def kind(self) -> models.AccessKind:
        return models.AccessKind(self.what)

    @strawberry.field(description="读取者账号")
    async def account_number(self, info: Info) -> str | None:
        return await info.context.loaders.account_number_by_id.load(self.account_id)

    @strawberry.field(description="读取者账号（当前用户可查看的账号，否则为空）")
    async def account(self, info: Info) -> AccountRef | None:
        from hub.schema.accounts import load_account

        return await load_account(info, self.account_id)

    @strawberry.field(description="被读取数据所属的市场主体")
    async def entity(self, info: Info) -> MarketEntityRef | None:
        from hub.schema.market_entities import load_market_entity

        return await load_market_entity(info, self.entity_id)


AccessEventConnection = Connection[AccessEvent]
