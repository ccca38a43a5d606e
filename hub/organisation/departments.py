"""区划管理: a region administrator sets up the departments of its level and enables their
administrator accounts, and enables the administrators of the regions directly below."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from hub.errors import Forbidden
from hub.models import MARKET_SUPERVISION_CODE, Account, AccountStatus, Department
from hub.organisation.accounts import revoke_refresh_tokens
from hub.organisation.authority import is_directly_below, require_region_administrator
from hub.organisation.change import Change
from hub.organisation.credentials import initial_password
from hub.organisation.refusals import CONFLICT, NOT_FOUND, Refused
from hub.reference import department_codes_by_code, department_name, regions_by_code

ADMINISTRATOR_SEQUENCE = "0001"
MAX_NAME_LENGTH = 128


async def create_department(
    change: Change, *, code: str, name: str | None = None, uscc: str | None = None
) -> Department:
    """A department of the administrator's own region, with a code from the code table."""
    viewer = change.viewer
    require_region_administrator(viewer)
    region = regions_by_code()[str(viewer.region_code)]
    known = department_codes_by_code().get(code)
    if known is None:
        raise Refused("部门代码不在部门代码表中", field="code")
    if not known.exists_at(region.level):
        raise Refused(f"{known.name}不在{region.name}这一级设立", field="code")
    existing = await change.session.scalar(
        select(Department.id).where(Department.region_code == region.code, Department.code == code)
    )
    if existing is not None:
        raise Refused(f"{region.name}已有{known.name}", field="code", code=CONFLICT)
    if name is not None and not 1 <= len(name) <= MAX_NAME_LENGTH:
        raise Refused(f"部门名称应为1到{MAX_NAME_LENGTH}个字符", field="name")
    department = Department(
        region_code=region.code,
        code=code,
        name=name or department_name(known, region),
        uscc=uscc,
    )
    change.session.add(department)
    await change.session.flush()
    change.record(
        operation="department.create",
        target_type="Department",
        target_id=department.id,
        department_id=department.id,
        after={
            "regionCode": department.region_code,
            "code": department.code,
            "name": department.name,
            "uscc": department.uscc,
        },
    )
    return department


@dataclass(frozen=True, slots=True)
class EnabledAdministrator:
    account: Account
    initial_password: str
    created: bool


async def enable_department_administrator(
    change: Change, *, department_id: int
) -> EnabledAdministrator:
    """Account `<region><code>0001` of a department of the administrator's level, or of the
    market-supervision department of a region directly below (the lower region
    administrator): created if missing, enabled, with a new initial password."""
    viewer = change.viewer
    require_region_administrator(viewer)
    session = change.session
    department = await session.scalar(
        select(Department).where(Department.id == department_id).with_for_update()
    )
    if department is None:
        raise Refused("部门不存在", field="departmentId", code=NOT_FOUND)
    own_level = (
        department.region_code == viewer.region_code and department.id != viewer.department_id
    )
    below = department.code == MARKET_SUPERVISION_CODE and is_directly_below(
        department.region_code, str(viewer.region_code)
    )
    if not (own_level or below):
        raise Forbidden("只能启用本级部门或直接下级区划市场监督管理部门的管理员账号")
    number = department.account_prefix + ADMINISTRATOR_SEQUENCE
    account = await session.scalar(
        select(Account).where(Account.number == number).with_for_update()
    )
    password, password_hash = initial_password()
    created = account is None
    before: dict[str, object] = {}
    if account is None:
        account = Account(number=number, department_id=department.id)
        session.add(account)
    else:
        before = {
            "status": account.status.value,
            "mustChangePassword": account.must_change_password,
        }
        await revoke_refresh_tokens(session, account.id)
    account.status = AccountStatus.ENABLED
    account.password_hash = password_hash
    account.must_change_password = True
    account.failed_logins = 0
    account.locked_until = None
    await session.flush()
    change.record(
        operation="account.enableAdministrator",
        target_type="Account",
        target_id=account.id,
        department_id=department.id,
        before=before,
        after={
            "number": number,
            "status": AccountStatus.ENABLED.value,
            "mustChangePassword": True,
            "passwordReset": True,
            "created": created,
        },
    )
    return EnabledAdministrator(account, password, created)
