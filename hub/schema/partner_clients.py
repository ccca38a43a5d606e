"""数据对接 in the graph: partner systems' OAuth2 clients."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import strawberry
from strawberry import relay

from hub.auth.permissions import DEFAULT_PARTNER_SCOPES, PartnerScope
from hub.context import Info
from hub.schema.base import Connection, FromModel, integer_node_ids
from hub.schema.departments import Department

strawberry.enum(PartnerScope, description="对接客户端的授权范围（OAuth2 scope）")


@strawberry.type(description="对接客户端：合作系统以 OAuth2 客户端凭据提交数据")
class PartnerClient(relay.Node, FromModel):
    id: relay.NodeID[int]
    client_id: str = strawberry.field(description="客户端标识（client_id）")
    name: str = strawberry.field(description="名称")
    enabled: bool = strawberry.field(description="是否启用")
    created_at: datetime = strawberry.field(description="创建时间")
    scopes: strawberry.Private[str]

    @strawberry.field(name="scopes", description="授权范围")
    def scope_list(self) -> list[PartnerScope]:
        return [PartnerScope(scope) for scope in self.scopes.split()]

    @strawberry.field(description="可代为提交数据的部门")
    async def departments(self, info: Info) -> list[Department]:
        loaders = info.context.loaders
        ids = await loaders.department_ids_by_partner_client.load(self.id)
        rows = await loaders.department_by_id.load_many(ids)
        return [Department.from_model(row) for row in rows if row is not None]

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[PartnerClient | None]:
        loader = info.context.loaders.partner_client_by_id
        rows = await loader.load_many(integer_node_ids(node_ids))
        return [None if row is None else cls.from_model(row) for row in rows]


PartnerClientConnection = Connection[PartnerClient]


@strawberry.input(description="新建对接客户端")
class CreatePartnerClientInput:
    name: str = strawberry.field(description="名称，如 某银行信贷系统")
    department_ids: list[strawberry.ID] = strawberry.field(
        description="可代为提交数据的部门（须为本人管理的部门）"
    )
    scopes: list[PartnerScope] = strawberry.field(
        default_factory=lambda: list(DEFAULT_PARTNER_SCOPES),
        description="授权范围（默认 records:write、records:read；登记推送须明确授予）",
    )


@strawberry.input(description="指定一个对接客户端")
class PartnerClientInput:
    partner_client_id: strawberry.ID


@strawberry.type(description="对接客户端")
class PartnerClientPayload:
    partner_client: PartnerClient


@strawberry.type(description="对接客户端及其密钥（仅此一次显示）")
class PartnerClientSecretPayload:
    partner_client: PartnerClient
    client_secret: str = strawberry.field(description="客户端密钥，仅此一次返回")
