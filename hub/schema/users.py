"""用户 in the graph: real, named people; their personal data carries @visibility."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Self

import strawberry
from strawberry import relay

from hub import models
from hub.auth.directives import Mask, VisibilityRule, visibility
from hub.context import Info
from hub.schema.base import Connection, integer_node_ids
from hub.schema.departments import Department, load_department

if TYPE_CHECKING:
    from hub.schema.accounts import Account

AccountRef = Annotated["Account", strawberry.lazy("hub.schema.accounts")]


@strawberry.type(description="用户：实名的自然人；一人可持有多个部门、多个层级的账号")
class User(relay.Node):
    id: relay.NodeID[int]
    name: str = strawberry.field(description="姓名")
    id_number: str | None = strawberry.field(
        description="公民身份号码（个人信息）",
        directives=[visibility(VisibilityRule.PERSONAL_DATA, Mask.ID_NUMBER)],
    )
    phone: str | None = strawberry.field(
        description="联系电话（个人信息）",
        directives=[visibility(VisibilityRule.PERSONAL_DATA, Mask.PHONE)],
    )
    created_at: datetime = strawberry.field(description="登记时间")
    # The registering department: it owns the personal data.
    owner_department_id: strawberry.Private[int | None]

    @classmethod
    def from_model(cls, user: models.User) -> Self:
        return cls(
            id=user.id,
            name=user.name,
            id_number=user.id_number,
            phone=user.phone,
            created_at=user.created_at,
            owner_department_id=user.department_id,
        )

    @strawberry.field(description="登记部门（其个人信息的归属部门）")
    async def department(self, info: Info) -> Department | None:
        if self.owner_department_id is None:
            return None
        return await load_department(info, self.owner_department_id)

    @strawberry.field(description="该用户持有的账号（当前用户可见的）")
    async def accounts(self, info: Info) -> list[AccountRef]:
        from hub.schema.accounts import Account

        rows = await info.context.loaders.accounts_by_user_id.load(self.id)
        return [Account.from_model(row) for row in rows]

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[User | None]:
        rows = await info.context.loaders.user_by_id.load_many(integer_node_ids(node_ids))
        return [None if row is None else cls.from_model(row) for row in rows]


UserConnection = Connection[User]


async def load_user(info: Info, user_id: int) -> User | None:
    row = await info.context.loaders.user_by_id.load(user_id)
    return None if row is None else User.from_model(row)


@strawberry.input(description="登记用户（实名）")
class CreateUserInput:
    name: str = strawberry.field(description="姓名")
    id_number: str = strawberry.field(description="18位公民身份号码")
    phone: str | None = strawberry.field(default=None, description="联系电话")


@strawberry.type(description="用户已登记")
class CreateUserPayload:
    user: User
