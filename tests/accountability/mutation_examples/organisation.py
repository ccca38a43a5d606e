"""Organisation administration (issue 3): region and department administrators."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from hub.auth.permissions import Permission
from hub.db import SessionFactory
from hub.demo.generator import county_sample
from hub.models import (
    Account,
    AccountStatus,
    Department,
    PartnerClient,
    PartnerClientDepartment,
    PermissionGrant,
    RegionLevel,
)
from hub.reference import regions
from tests.accountability.example_support import (
    MARKET,
    OTHER,
    SHENYANG,
    account_id,
    department_id,
    free_department_code,
    fresh_resident_id,
    fresh_text,
    global_id,
    new_account,
    new_department,
    new_org_unit,
    new_user,
)
from tests.accountability.mutation_examples import MutationExample

# A county where the demo has only the market-supervision department (so department codes
# are free), and an administrator account of it the walk sets up (0004: 0001 stays free for
# `enableDepartmentAdministrator` from above).
COUNTY = max(
    region.code
    for region in regions()
    if region.level is RegionLevel.COUNTY
    and region.code not in {sampled.code for sampled in county_sample()}
)
COUNTY_ADMINISTRATOR = f"{COUNTY}{MARKET}0004"
SHENYANG_ADMINISTRATOR = "2101002310001"
# 沈阳市's department 302: its administrator manages its accounts, units and grants.
DEPARTMENT_ADMINISTRATOR = "2101003020001"

RESULT = "__typename ... on InputError { message code fieldErrors { field message } }"


def _call(field: str, input_type: str) -> str:
    return f"""mutation($input: {input_type}!) {{ {field}(input: $input) {{ {RESULT} }} }}"""


async def _own_department(sessions: SessionFactory) -> int:
    return await department_id(sessions, SHENYANG, OTHER)


def _inputs(**values: Any) -> dict[str, Any]:
    return {"input": values}


async def _county_administrator(sessions: SessionFactory) -> None:
    """The county's region administrator, holding MANAGE_DEPARTMENTS."""
    async with sessions() as session, session.begin():
        if await session.scalar(select(Account.id).where(Account.number == COUNTY_ADMINISTRATOR)):
            return
        market = await session.scalar(
            select(Department.id).where(Department.region_code == COUNTY, Department.code == MARKET)
        )
        assert market is not None
        account = Account(
            number=COUNTY_ADMINISTRATOR, department_id=market, must_change_password=False
        )
        session.add(account)
        await session.flush()
        session.add(
            PermissionGrant(permission=Permission.MANAGE_DEPARTMENTS, account_id=account.id)
        )


async def _free_code(sessions: SessionFactory) -> dict[str, Any]:
    await _county_administrator(sessions)
    return _inputs(code=await free_department_code(sessions, COUNTY))


async def _new_department(sessions: SessionFactory) -> dict[str, Any]:
    await _county_administrator(sessions)
    return _inputs(departmentId=global_id("Department", await new_department(sessions, COUNTY)))


async def _new_person(sessions: SessionFactory) -> dict[str, Any]:
    async with sessions() as session:
        id_number = await fresh_resident_id(session)
    return _inputs(name="留痕测试", idNumber=id_number, phone="13900001111")


async def _unassigned_account_and_user(sessions: SessionFactory) -> dict[str, Any]:
    department = await _own_department(sessions)
    account = await new_account(sessions, department)
    user = await new_user(sessions, department)
    return _inputs(accountId=global_id("Account", account), userId=global_id("User", user))


def _account(**options: Any) -> Any:
    async def prepare(sessions: SessionFactory) -> dict[str, Any]:
        account = await new_account(sessions, await _own_department(sessions), **options)
        return _inputs(accountId=global_id("Account", account))

    return prepare


async def _account_and_unit(sessions: SessionFactory) -> dict[str, Any]:
    department = await _own_department(sessions)
    account = await new_account(sessions, department)
    unit = await new_org_unit(sessions, department)
    return _inputs(accountId=global_id("Account", account), orgUnitId=global_id("OrgUnit", unit))


async def _unit_name(sessions: SessionFactory) -> dict[str, Any]:
    return _inputs(name=fresh_text("留痕科"))


async def _rename_unit(sessions: SessionFactory) -> dict[str, Any]:
    unit = await new_org_unit(sessions, await _own_department(sessions))
    return _inputs(orgUnitId=global_id("OrgUnit", unit), name=fresh_text("改名科"))


async def _delete_unit(sessions: SessionFactory) -> dict[str, Any]:
    unit = await new_org_unit(sessions, await _own_department(sessions))
    return _inputs(orgUnitId=global_id("OrgUnit", unit))


async def _grantee(sessions: SessionFactory) -> dict[str, Any]:
    account = await new_account(sessions, await _own_department(sessions))
    return _inputs(
        permission=Permission.RECORD_ENTRY.value,
        grantee={"accountId": global_id("Account", account)},
    )


async def _grant(sessions: SessionFactory) -> dict[str, Any]:
    """RECORD_ENTRY to a fresh account, granted by the department administrator."""
    account = await new_account(sessions, await _own_department(sessions))
    granter = await account_id(sessions, DEPARTMENT_ADMINISTRATOR)
    async with sessions() as session, session.begin():
        parent = await session.scalar(
            select(PermissionGrant.id).where(
                PermissionGrant.account_id == granter,
                PermissionGrant.permission == Permission.RECORD_ENTRY,
            )
        )
        grant = PermissionGrant(
            permission=Permission.RECORD_ENTRY,
            account_id=account,
            parent_grant_id=parent,
            granted_by_account_id=granter,
        )
        session.add(grant)
        await session.flush()
        return _inputs(grantId=global_id("PermissionGrant", grant.id))


async def _partner_departments(sessions: SessionFactory) -> dict[str, Any]:
    market = await department_id(sessions, SHENYANG, MARKET)
    return _inputs(name=fresh_text("留痕对接系统"), departmentIds=[global_id("Department", market)])


async def _partner_client(sessions: SessionFactory) -> dict[str, Any]:
    market = await department_id(sessions, SHENYANG, MARKET)
    creator = await account_id(sessions, SHENYANG_ADMINISTRATOR)
    async with sessions() as session, session.begin():
        client = PartnerClient(
            client_id=fresh_text("walk-"),
            name=fresh_text("留痕对接系统"),
            secret_hash="not-a-real-hash",
            scopes="records:write records:read",
            created_by_account_id=creator,
        )
        session.add(client)
        await session.flush()
        session.add(PartnerClientDepartment(client_id=client.id, department_id=market))
        return _inputs(partnerClientId=global_id("PartnerClient", client.id))


def _example(field: str, input_type: str, viewer: str, prepare: Any) -> MutationExample:
    return MutationExample(
        field=field, viewer=viewer, document=_call(field, input_type), prepare=prepare
    )


EXAMPLES = [
    _example("createDepartment", "CreateDepartmentInput", COUNTY_ADMINISTRATOR, _free_code),
    _example(
        "enableDepartmentAdministrator",
        "EnableDepartmentAdministratorInput",
        COUNTY_ADMINISTRATOR,
        _new_department,
    ),
    _example("createUser", "CreateUserInput", DEPARTMENT_ADMINISTRATOR, _new_person),
    MutationExample(
        field="createAccount",
        viewer=DEPARTMENT_ADMINISTRATOR,
        document=_call("createAccount", "CreateAccountInput"),
        variables={"input": {}},
    ),
    _example(
        "assignAccount",
        "AssignAccountInput",
        DEPARTMENT_ADMINISTRATOR,
        _unassigned_account_and_user,
    ),
    _example("revokeAccount", "AccountInput", DEPARTMENT_ADMINISTRATOR, _account(with_user=True)),
    _example("disableAccount", "AccountInput", DEPARTMENT_ADMINISTRATOR, _account()),
    _example(
        "enableAccount",
        "AccountInput",
        DEPARTMENT_ADMINISTRATOR,
        _account(status=AccountStatus.DISABLED),
    ),
    _example("resetAccountPassword", "AccountInput", DEPARTMENT_ADMINISTRATOR, _account()),
    _example(
        "setAccountOrgUnit", "SetAccountOrgUnitInput", DEPARTMENT_ADMINISTRATOR, _account_and_unit
    ),
    _example("createOrgUnit", "CreateOrgUnitInput", DEPARTMENT_ADMINISTRATOR, _unit_name),
    _example("renameOrgUnit", "RenameOrgUnitInput", DEPARTMENT_ADMINISTRATOR, _rename_unit),
    _example("deleteOrgUnit", "DeleteOrgUnitInput", DEPARTMENT_ADMINISTRATOR, _delete_unit),
    _example("grantPermission", "GrantPermissionInput", DEPARTMENT_ADMINISTRATOR, _grantee),
    _example("revokePermission", "RevokePermissionInput", DEPARTMENT_ADMINISTRATOR, _grant),
    _example(
        "createPartnerClient",
        "CreatePartnerClientInput",
        SHENYANG_ADMINISTRATOR,
        _partner_departments,
    ),
    _example("disablePartnerClient", "PartnerClientInput", SHENYANG_ADMINISTRATOR, _partner_client),
    _example(
        "rotatePartnerClientSecret", "PartnerClientInput", SHENYANG_ADMINISTRATOR, _partner_client
    ),
]
