from __future__ import annotations

from typing import Annotated

import strawberry

from hub.context import Info
from hub.organisation import partner_clients
from hub.organisation.change import Change
from hub.pagination import Page
from hub.queries.partner_clients import (
    PARTNER_CLIENTS_BY_ID,
    partner_clients_count,
    partner_clients_page,
)
from hub.resolvers.changes import run_change
from hub.schema.base import page_args
from hub.schema.inputs import node_id_of
from hub.schema.mutations import InputError
from hub.schema.organisation_inputs import text_of
from hub.schema.partner_clients import (
    CreatePartnerClientInput,
    PartnerClient,
    PartnerClientConnection,
    PartnerClientInput,
    PartnerClientPayload,
    PartnerClientSecretPayload,
)

PartnerClientResult = Annotated[
    PartnerClientPayload | InputError, strawberry.union("PartnerClientResult")
]
PartnerClientSecretResult = Annotated[
    PartnerClientSecretPayload | InputError, strawberry.union("PartnerClientSecretResult")
]


def _client_id(input: PartnerClientInput) -> int:
    return node_id_of(input.partner_client_id, ("PartnerClient",), field="partnerClientId")


@strawberry.type
class PartnerClientQuery:
    @strawberry.field(description="对接客户端（分页）：绑定本人所管理部门的，以及本人创建的")
    async def partner_clients(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> PartnerClientConnection:
        page = page_args(info, first, after, PARTNER_CLIENTS_BY_ID)
        context = info.context
        rows = await context.scalars(partner_clients_page(context.viewer, page))

        async def count() -> int:
            return int(await context.scalar(partner_clients_count(context.viewer)))

        return PartnerClientConnection.from_page(
            Page.from_overfetch(list(rows), page),
            PARTNER_CLIENTS_BY_ID,
            PartnerClient.from_model,
            count,
        )


@strawberry.type
class PartnerClientMutation:
    @strawberry.mutation(
        description="新建对接客户端（需数据对接管理权限），绑定本人管理的部门；密钥仅此一次返回"
    )
    async def create_partner_client(
        self, info: Info, input: CreatePartnerClientInput
    ) -> PartnerClientSecretResult:
        async def make(change: Change) -> PartnerClientSecretPayload:
            department_ids = [
                node_id_of(value, ("Department",), field=f"departmentIds.{index}")
                for index, value in enumerate(input.department_ids)
            ]
            created = await partner_clients.create_partner_client(
                change,
                name=text_of(input.name, field="name", label="名称", max_length=200),
                department_ids=department_ids,
                scopes=input.scopes,
            )
            return PartnerClientSecretPayload(
                partner_client=PartnerClient.from_model(created.client),
                client_secret=created.secret,
            )

        return await run_change(info, make)

    @strawberry.mutation(description="停用对接客户端：不再签发令牌，已签发的随即失效")
    async def disable_partner_client(
        self, info: Info, input: PartnerClientInput
    ) -> PartnerClientResult:
        async def make(change: Change) -> PartnerClientPayload:
            client = await partner_clients.disable_partner_client(
                change, client_id=_client_id(input)
            )
            return PartnerClientPayload(partner_client=PartnerClient.from_model(client))

        return await run_change(info, make)

    @strawberry.mutation(description="更换对接客户端密钥：旧密钥立即失效，新密钥仅此一次返回")
    async def rotate_partner_client_secret(
        self, info: Info, input: PartnerClientInput
    ) -> PartnerClientSecretResult:
        async def make(change: Change) -> PartnerClientSecretPayload:
            rotated = await partner_clients.rotate_partner_client_secret(
                change, client_id=_client_id(input)
            )
            return PartnerClientSecretPayload(
                partner_client=PartnerClient.from_model(rotated.client),
                client_secret=rotated.secret,
            )

        return await run_change(info, make)
