from __future__ import annotations

from typing import Annotated

import strawberry

from hub import models
from hub.context import Info
from hub.errors import BadUserInput
from hub.organisation import accounts
from hub.organisation.change import Change
from hub.pagination import Page
from hub.queries.accounts import (
    ACCOUNTS_BY_NUMBER,
    AccountFilter,
    accounts_by_number,
    accounts_count,
    accounts_page,
)
from hub.resolvers.changes import run_change
from hub.schema.accounts import (
    Account,
    AccountConnection,
    AccountInput,
    AccountPayload,
    AccountWithPasswordPayload,
    AssignAccountInput,
    CreateAccountInput,
    SetAccountOrgUnitInput,
)
from hub.schema.base import page_args
from hub.schema.inputs import department_id_of, node_id_of
from hub.schema.mutations import InputError
from hub.schema.organisation_inputs import account_number_of, id_number_of, text_of

AccountResult = Annotated[AccountPayload | InputError, strawberry.union("AccountResult")]
AccountWithPasswordResult = Annotated[
    AccountWithPasswordPayload | InputError, strawberry.union("AccountWithPasswordResult")
]


def _account_id(value: strawberry.ID) -> int:
    return node_id_of(value, ("Account",), field="accountId")


def _org_unit_id(value: strawberry.ID | None, field: str = "orgUnitId") -> int | None:
    return None if value is None else node_id_of(value, ("OrgUnit",), field=field)


@strawberry.type
class AccountQuery:
    @strawberry.field(
        description="账号（分页，按账号排序）：部门管理员可见本部门的，"
        "区划管理员可见本区划（含下级）各部门的"
    )
    async def accounts(
        self,
        info: Info,
        department_id: strawberry.ID | None = None,
        org_unit_id: strawberry.ID | None = None,
        status: models.AccountStatus | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> AccountConnection:
        account_filter = AccountFilter(
            department_id=department_id_of(department_id),
            org_unit_id=_org_unit_id(org_unit_id),
            status=status,
        )
        page = page_args(info, first, after, ACCOUNTS_BY_NUMBER)
        context = info.context
        rows = await context.scalars(accounts_page(context.viewer, account_filter, page))

        async def count() -> int:
            return int(await context.scalar(accounts_count(context.viewer, account_filter)))

        return AccountConnection.from_page(
            Page.from_overfetch(list(rows), page), ACCOUNTS_BY_NUMBER, Account.from_model, count
        )

    @strawberry.field(description="按13位账号查询（当前用户可见的）")
    async def account(self, info: Info, number: str) -> Account | None:
        context = info.context
        wanted = account_number_of(number)
        rows = await context.scalars(accounts_by_number(context.viewer, [wanted]))
        return Account.from_model(rows[0]) if rows else None


@strawberry.type
class AccountMutation:
    @strawberry.mutation(
        description="部门管理员新建本部门账号（不指定则取下一个空闲业务账号），返回初始密码"
    )
    async def create_account(
        self, info: Info, input: CreateAccountInput
    ) -> AccountWithPasswordResult:
        async def make(change: Change) -> AccountWithPasswordPayload:
            created = await accounts.create_account(
                change,
                number=None if input.number is None else account_number_of(input.number),
                org_unit_id=_org_unit_id(input.org_unit_id),
            )
            return AccountWithPasswordPayload(
                account=Account.from_model(created.account),
                initial_password=created.initial_password,
            )

        return await run_change(info, make)

    @strawberry.mutation(description="将账号分配给用户（账号由他人持有时须先收回）")
    async def assign_account(self, info: Info, input: AssignAccountInput) -> AccountResult:
        async def make(change: Change) -> AccountPayload:
            account_id = _account_id(input.account_id)
            if input.user_id is not None:
                if input.id_number is not None or input.name is not None:
                    raise BadUserInput("按用户ID或按身份证号和姓名，二选一", field="userId")
                user_id = node_id_of(input.user_id, ("User",), field="userId")
                account = await accounts.assign_account(
                    change, account_id=account_id, user_id=user_id
                )
            else:
                if input.id_number is None or input.name is None:
                    raise BadUserInput("请填写用户，或填写身份证号和姓名", field="userId")
                account = await accounts.assign_account(
                    change,
                    account_id=account_id,
                    id_number=id_number_of(input.id_number),
                    name=text_of(input.name, field="name", label="姓名", max_length=64),
                )
            return AccountPayload(account=Account.from_model(account))

        return await run_change(info, make)

    @strawberry.mutation(description="收回账号：持有人不再使用该账号，其登录随即失效")
    async def revoke_account(self, info: Info, input: AccountInput) -> AccountResult:
        async def make(change: Change) -> AccountPayload:
            account = await accounts.revoke_account(
                change, account_id=_account_id(input.account_id)
            )
            return AccountPayload(account=Account.from_model(account))

        return await run_change(info, make)

    @strawberry.mutation(description="停用账号：不能再登录，已有登录随即失效")
    async def disable_account(self, info: Info, input: AccountInput) -> AccountResult:
        async def make(change: Change) -> AccountPayload:
            account = await accounts.set_account_status(
                change, account_id=_account_id(input.account_id), enabled=False
            )
            return AccountPayload(account=Account.from_model(account))

        return await run_change(info, make)

    @strawberry.mutation(description="启用已停用的账号")
    async def enable_account(self, info: Info, input: AccountInput) -> AccountResult:
        async def make(change: Change) -> AccountPayload:
            account = await accounts.set_account_status(
                change, account_id=_account_id(input.account_id), enabled=True
            )
            return AccountPayload(account=Account.from_model(account))

        return await run_change(info, make)

    @strawberry.mutation(description="重置账号密码：返回新的初始密码，下次登录须修改")
    async def reset_account_password(
        self, info: Info, input: AccountInput
    ) -> AccountWithPasswordResult:
        async def make(change: Change) -> AccountWithPasswordPayload:
            reset = await accounts.reset_account_password(
                change, account_id=_account_id(input.account_id)
            )
            return AccountWithPasswordPayload(
                account=Account.from_model(reset.account), initial_password=reset.initial_password
            )

        return await run_change(info, make)

    @strawberry.mutation(description="调整账号所在机构（机构的授权随之生效）")
    async def set_account_org_unit(
        self, info: Info, input: SetAccountOrgUnitInput
    ) -> AccountResult:
        async def make(change: Change) -> AccountPayload:
            account = await accounts.set_account_org_unit(
                change,
                account_id=_account_id(input.account_id),
                org_unit_id=_org_unit_id(input.org_unit_id),
            )
            return AccountPayload(account=Account.from_model(account))

        return await run_change(info, make)
