"""账号 in the graph."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import strawberry
from strawberry import relay

from hub import models
from hub.auth.permissions import Permission
from hub.context import Info
from hub.schema.base import Connection, FromModel, integer_node_ids
from hub.schema.departments import Department, load_department
from hub.schema.org_units import OrgUnit, load_org_unit
from hub.schema.permission_grants import PERMISSION_ORDER
from hub.schema.users import User, load_user

strawberry.enum(models.AccountStatus, description="账号状态：启用、停用（停用后不能登录）")


@strawberry.type(description="账号：13位，区划代码(6)+部门代码(3)+顺序号(4)")
class Account(relay.Node, FromModel):
    id: relay.NodeID[int]
    number: str = strawberry.field(description="13位账号")
    status: models.AccountStatus = strawberry.field(description="状态")
    must_change_password: bool = strawberry.field(
        description="持有初始密码：首次登录须完善个人信息并修改密码"
    )
    last_login_at: datetime | None = strawberry.field(description="最近登录时间")
    created_at: datetime = strawberry.field(description="创建时间")
    department_id: strawberry.Private[int]
    org_unit_id: strawberry.Private[int | None]
    user_id: strawberry.Private[int | None]

    @strawberry.field(description="是否为部门管理员账号（顺序号0001-0005）")
    def is_administrator(self) -> bool:
        return 1 <= int(self.number[9:]) <= 5

    @strawberry.field(description="所属部门")
    async def department(self, info: Info) -> Department:
        return await load_department(info, self.department_id)

    @strawberry.field(description="所在机构")
    async def org_unit(self, info: Info) -> OrgUnit | None:
        if self.org_unit_id is None:
            return None
        return await load_org_unit(info, self.org_unit_id)

    @strawberry.field(description="当前持有该账号的用户（未分配为空）")
    async def user(self, info: Info) -> User | None:
        if self.user_id is None:
            return None
        return await load_user(info, self.user_id)

    @strawberry.field(description="有效权限：授予账号、所属部门和所在机构的权限")
    async def permissions(self, info: Info) -> list[Permission]:
        held = await info.context.loaders.permissions_by_account.load(
            (self.id, self.department_id, self.org_unit_id)
        )
        return sorted(held, key=PERMISSION_ORDER.index)

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Account | None]:
        rows = await info.context.loaders.account_by_id.load_many(integer_node_ids(node_ids))
        return [None if row is None else cls.from_model(row) for row in rows]


AccountConnection = Connection[Account]


async def load_account(info: Info, account_id: int) -> Account | None:
    row = await info.context.loaders.account_by_id.load(account_id)
    return None if row is None else Account.from_model(row)


@strawberry.input(description="新建账号（本部门）")
class CreateAccountInput:
    number: str | None = strawberry.field(
        default=None,
        description="13位账号；不填则取本部门下一个空闲的业务账号（顺序号0006起）",
    )
    org_unit_id: strawberry.ID | None = strawberry.field(default=None, description="所在机构")


@strawberry.input(
    description="将账号分配给用户：按用户ID，或按身份证号和姓名（其他部门登记的用户）"
)
class AssignAccountInput:
    account_id: strawberry.ID
    user_id: strawberry.ID | None = strawberry.field(default=None, description="用户")
    id_number: str | None = strawberry.field(default=None, description="用户的身份证号")
    name: str | None = strawberry.field(
        default=None, description="用户的姓名（与身份证号一同填写）"
    )


@strawberry.input(description="指定一个本部门账号")
class AccountInput:
    account_id: strawberry.ID


@strawberry.input(description="调整账号所在机构")
class SetAccountOrgUnitInput:
    account_id: strawberry.ID
    org_unit_id: strawberry.ID | None = strawberry.field(
        default=None, description="本部门的机构；不填则移出机构"
    )


@strawberry.type(description="账号变更结果")
class AccountPayload:
    account: Account


@strawberry.type(description="账号及其初始密码（仅此一次显示，首次登录须修改）")
class AccountWithPasswordPayload:
    account: Account
    initial_password: str = strawberry.field(description="初始密码，仅此一次返回")


@strawberry.type(description="部门管理员账号已启用")
class EnableDepartmentAdministratorPayload:
    account: Account
    initial_password: str = strawberry.field(description="初始密码，仅此一次返回")
    created: bool = strawberry.field(description="账号是否为新建")
