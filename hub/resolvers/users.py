from __future__ import annotations

from typing import Annotated

import strawberry

from hub.context import Info
from hub.organisation import users
from hub.organisation.change import Change
from hub.pagination import Page
from hub.queries.users import USERS_BY_ID, UserFilter, users_count, users_page
from hub.resolvers.changes import run_change
from hub.schema.base import page_args
from hub.schema.inputs import department_id_of, search_text_of
from hub.schema.mutations import InputError
from hub.schema.organisation_inputs import id_number_of, phone_of, text_of
from hub.schema.users import CreateUserInput, CreateUserPayload, User, UserConnection

CreateUserResult = Annotated[CreateUserPayload | InputError, strawberry.union("CreateUserResult")]


@strawberry.type
class UserQuery:
    @strawberry.field(
        description="用户（分页）：部门管理员可见本部门登记或持有本部门账号的用户，"
        "区划管理员可见本区划（含下级）各部门的"
    )
    async def users(
        self,
        info: Info,
        department_id: strawberry.ID | None = None,
        name_contains: str | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> UserConnection:
        user_filter = UserFilter(
            department_id=department_id_of(department_id),
            name_contains=search_text_of(name_contains, field="nameContains"),
        )
        page = page_args(info, first, after, USERS_BY_ID)
        context = info.context
        rows = await context.scalars(users_page(context.viewer, user_filter, page))

        async def count() -> int:
            return int(await context.scalar(users_count(context.viewer, user_filter)))

        return UserConnection.from_page(
            Page.from_overfetch(list(rows), page), USERS_BY_ID, User.from_model, count
        )


@strawberry.type
class UserMutation:
    @strawberry.mutation(description="部门管理员登记用户（实名：姓名、身份证号、联系电话）")
    async def create_user(self, info: Info, input: CreateUserInput) -> CreateUserResult:
        async def make(change: Change) -> CreateUserPayload:
            user = await users.create_user(
                change,
                name=text_of(input.name, field="name", label="姓名", max_length=64),
                id_number=id_number_of(input.id_number),
                phone=phone_of(input.phone),
            )
            return CreateUserPayload(user=User.from_model(user))

        return await run_change(info, make)
