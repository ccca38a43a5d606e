"""部门管理: a department administrator's accounts — numbers, holders, status, passwords,
and the org unit each belongs to."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from hub.auth.policy import readable_users
from hub.errors import Forbidden
from hub.models import Account, AccountStatus, Department, OrgUnit, RefreshToken, Region, User
from hub.models.base import utcnow
from hub.organisation.authority import require_department_administrator
from hub.organisation.change import Change
from hub.organisation.credentials import initial_password
from hub.organisation.refusals import (
    ACCOUNT_HELD,
    CONFLICT,
    EXHAUSTED,
    NOT_ASSIGNED,
    NOT_FOUND,
    Refused,
)

RESERVED_SEQUENCE = 0  # 0000: the system's own
FIRST_BUSINESS_SEQUENCE = 6  # 0001-0005 are the department's administrators
LAST_SEQUENCE = 9999


@dataclass(frozen=True, slots=True)
class AccountWithPassword:
    account: Account
    initial_password: str


async def revoke_refresh_tokens(session: AsyncSession, account_id: int) -> None:
    """End every sign-in of the account: its refresh tokens (and the access tokens of
    their sign-ins) stop working."""
    await session.execute(
        update(RefreshToken)
        .where(RefreshToken.account_id == account_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


async def _own_department(change: Change) -> Department:
    """The administrator's department, locked for this change: account numbers of one
    department are handed out one change at a time."""
    department = await change.session.scalar(
        select(Department).where(Department.id == change.viewer.department_id).with_for_update()
    )
    if department is None:  # the viewer was built from this row
        raise LookupError(f"department {change.viewer.department_id} missing")
    return department


async def _next_free_number(change: Change, department: Department) -> str:
    numbers = await change.session.scalars(
        select(Account.number).where(Account.department_id == department.id)
    )
    used = {int(number[9:]) for number in numbers}
    for sequence in range(FIRST_BUSINESS_SEQUENCE, LAST_SEQUENCE + 1):
        if sequence not in used:
            return f"{department.account_prefix}{sequence:04d}"
    raise Refused("本部门的业务账号编号已用完", code=EXHAUSTED)


async def _checked_number(change: Change, number: str) -> str:
    """An explicit 13-digit number (the shape is checked by the caller): not 0000, of an
    existing region and department, and that department the administrator's own."""
    session = change.session
    if int(number[9:]) == RESERVED_SEQUENCE:
        raise Refused("顺序号0000为系统保留，不能使用", field="number")
    if await session.get(Region, number[:6]) is None:
        raise Refused(f"账号中的区划代码{number[:6]}不存在", field="number")
    department_id = await session.scalar(
        select(Department.id).where(
            Department.region_code == number[:6], Department.code == number[6:9]
        )
    )
    if department_id is None:
        raise Refused(f"区划{number[:6]}没有部门代码为{number[6:9]}的部门", field="number")
    if department_id != change.viewer.department_id:
        raise Forbidden("只能在本部门创建账号")
    if await session.scalar(select(Account.id).where(Account.number == number)) is not None:
        raise Refused("该账号已存在", field="number", code=CONFLICT)
    return number


async def _own_org_unit(change: Change, org_unit_id: int, field: str) -> OrgUnit:
    unit = await change.session.get(OrgUnit, org_unit_id)
    if unit is None:
        raise Refused("机构不存在", field=field, code=NOT_FOUND)
    if unit.department_id != change.viewer.department_id:
        raise Refused("机构不属于本部门", field=field)
    return unit


async def create_account(
    change: Change, *, number: str | None = None, org_unit_id: int | None = None
) -> AccountWithPassword:
    """The next free business number (0006 up) of the administrator's department, or the
    number given; enabled, with an initial password to change at first sign-in."""
    require_department_administrator(change.viewer)
    department = await _own_department(change)
    if number is None:
        number = await _next_free_number(change, department)
    else:
        number = await _checked_number(change, number)
    if org_unit_id is not None:
        await _own_org_unit(change, org_unit_id, "orgUnitId")
    password, password_hash = initial_password()
    account = Account(
        number=number,
        department_id=department.id,
        org_unit_id=org_unit_id,
        status=AccountStatus.ENABLED,
        password_hash=password_hash,
        must_change_password=True,
    )
    change.session.add(account)
    await change.session.flush()
    change.record(
        operation="account.create",
        target_type="Account",
        target_id=account.id,
        department_id=department.id,
        after={
            "number": number,
            "status": AccountStatus.ENABLED.value,
            "orgUnitId": org_unit_id,
            "mustChangePassword": True,
        },
    )
    return AccountWithPassword(account, password)


async def _managed_account(change: Change, account_id: int) -> Account:
    """An account of the administrator's department, locked for this change."""
    require_department_administrator(change.viewer)
    account = await change.session.scalar(
        select(Account).where(Account.id == account_id).with_for_update()
    )
    if account is None:
        raise Refused("账号不存在", field="accountId", code=NOT_FOUND)
    if account.department_id != change.viewer.department_id:
        raise Forbidden("只能管理本部门的账号")
    return account


def _not_own(change: Change, account: Account, message: str) -> None:
    if account.id == change.viewer.account_id:
        raise Refused(message, field="accountId")


def _record(
    change: Change,
    operation: str,
    account: Account,
    before: dict[str, Any],
    after: dict[str, Any],
) -> None:
    change.record(
        operation=operation,
        target_type="Account",
        target_id=account.id,
        department_id=account.department_id,
        before={"number": account.number, **before},
        after={"number": account.number, **after},
    )


async def _user_for_assignment(
    change: Change, user_id: int | None, id_number: str | None, name: str | None
) -> User:
    """By id (a user the administrator can see), or, for a person registered by another
    department, by ID number and name together (实名)."""
    session = change.session
    if user_id is not None:
        user = await session.scalar(
            select(User).where(User.id == user_id, readable_users(change.viewer))
        )
        if user is None:
            raise Refused("用户不存在", field="userId", code=NOT_FOUND)
        return user
    found = await session.scalar(select(User).where(User.id_number == id_number))
    if found is None or found.name != name:
        raise Refused("未找到身份证号与姓名相符的用户", field="idNumber", code=NOT_FOUND)
    return found


async def assign_account(
    change: Change,
    *,
    account_id: int,
    user_id: int | None = None,
    id_number: str | None = None,
    name: str | None = None,
) -> Account:
    """One user per account at a time: an account held by someone else is revoked first."""
    account = await _managed_account(change, account_id)
    user = await _user_for_assignment(change, user_id, id_number, name)
    if account.user_id == user.id:
        raise Refused("该账号已分配给该用户", field="accountId", code=CONFLICT)
    if account.user_id is not None:
        raise Refused("该账号正由他人使用，请先收回", field="accountId", code=ACCOUNT_HELD)
    account.user_id = user.id
    await change.session.flush()
    _record(change, "account.assign", account, {"userId": None}, {"userId": user.id})
    return account


async def revoke_account(change: Change, *, account_id: int) -> Account:
    """The holder gives the account back; their sign-ins end."""
    account = await _managed_account(change, account_id)
    _not_own(change, account, "不能收回自己正在使用的账号")
    if account.user_id is None:
        raise Refused("该账号未分配给任何用户", field="accountId", code=NOT_ASSIGNED)
    before = {"userId": account.user_id}
    account.user_id = None
    await revoke_refresh_tokens(change.session, account.id)
    await change.session.flush()
    _record(change, "account.revoke", account, before, {"userId": None})
    return account


async def set_account_status(change: Change, *, account_id: int, enabled: bool) -> Account:
    """A disabled account cannot sign in, and its sign-ins end at once."""
    account = await _managed_account(change, account_id)
    status = AccountStatus.ENABLED if enabled else AccountStatus.DISABLED
    if not enabled:
        _not_own(change, account, "不能停用自己的账号")
    if account.status is status:
        message = "账号已是启用状态" if enabled else "账号已是停用状态"
        raise Refused(message, field="accountId", code=CONFLICT)
    before = {"status": account.status.value}
    account.status = status
    if not enabled:
        await revoke_refresh_tokens(change.session, account.id)
    await change.session.flush()
    operation = "account.enable" if enabled else "account.disable"
    _record(change, operation, account, before, {"status": status.value})
    return account


async def reset_account_password(change: Change, *, account_id: int) -> AccountWithPassword:
    """A new initial password, to be changed at the next sign-in; sign-ins end."""
    account = await _managed_account(change, account_id)
    _not_own(change, account, "请通过修改密码功能修改自己的密码")
    password, password_hash = initial_password()
    before = {"mustChangePassword": account.must_change_password}
    account.password_hash = password_hash
    account.must_change_password = True
    account.failed_logins = 0
    account.locked_until = None
    await revoke_refresh_tokens(change.session, account.id)
    await change.session.flush()
    _record(
        change,
        "account.resetPassword",
        account,
        before,
        {"mustChangePassword": True, "passwordReset": True},
    )
    return AccountWithPassword(account, password)


async def set_account_org_unit(
    change: Change, *, account_id: int, org_unit_id: int | None
) -> Account:
    """Put the account in an org unit of its department (None: in none); the unit's grants
    follow."""
    account = await _managed_account(change, account_id)
    if org_unit_id is not None:
        await _own_org_unit(change, org_unit_id, "orgUnitId")
    if account.org_unit_id == org_unit_id:
        raise Refused("账号已在该机构", field="orgUnitId", code=CONFLICT)
    before = {"orgUnitId": account.org_unit_id}
    account.org_unit_id = org_unit_id
    await change.session.flush()
    _record(change, "account.setOrgUnit", account, before, {"orgUnitId": org_unit_id})
    return account
