"""区划管理: region administrators set up the departments of their level and enable the
administrators below them."""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select

from hub.auth.passwords import verify_secret
from hub.auth.permissions import Permission
from hub.db import SessionFactory
from hub.models import Account, AccountStatus, Department, RefreshToken
from hub.models.base import utcnow
from tests.organisation.conftest import (
    Builder,
    Mutations,
    Organisation,
    field_errors,
    global_id,
)

CREATE_DEPARTMENT = """
mutation CreateDepartment($input: CreateDepartmentInput!) {
  createDepartment(input: $input) {
    __typename
    ... on CreateDepartmentPayload { department { id code name region { code } } }
    ... on InputError { message code fieldErrors { field message } }
  }
}
"""

ENABLE_ADMINISTRATOR = """
mutation Enable($input: EnableDepartmentAdministratorInput!) {
  enableDepartmentAdministrator(input: $input) {
    __typename
    ... on EnableDepartmentAdministratorPayload {
      initialPassword created
      account { id number status mustChangePassword isAdministrator department { id } }
    }
    ... on InputError { message code fieldErrors { field message } }
  }
}
"""


async def _free_code(session_factory: SessionFactory, region_code: str) -> str:
    async with session_factory() as session:
        used = set(
            (
                await session.scalars(
                    select(Department.code).where(Department.region_code == region_code)
                )
            ).all()
        )
    return next(code for code in ("302", "303", "304", "305", "306", "307") if code not in used)


async def test_a_region_administrator_creates_a_department_of_its_level(
    build: Builder, org: Organisation, mutations: Mutations, session_factory: SessionFactory
) -> None:
    # given the county's region administrator and a department code not set up there yet
    viewer = await build.viewer(org.county_admin.account_id)
    code = await _free_code(session_factory, org.county)
    # when it creates the department
    async with build.audited(viewer) as events:
        result = await mutations.run(CREATE_DEPARTMENT, {"input": {"code": code}}, viewer)
    # then the department exists in the county, named from the code table
    department = result["department"]
    assert (department["code"], department["region"]["code"]) == (code, org.county)
    assert department["name"].endswith(("局", "委员会"))
    # and exactly one audit event says so
    [event] = events
    assert (event.operation, event.target_type) == ("department.create", "Department")
    assert event.after["code"] == code


async def test_a_department_code_must_be_in_the_table_and_exist_at_the_level(
    build: Builder, org: Organisation, mutations: Mutations
) -> None:
    viewer = await build.viewer(org.county_admin.account_id)
    async with build.audited(viewer) as events:
        unknown = await mutations.run(CREATE_DEPARTMENT, {"input": {"code": "999"}}, viewer)
        # 药品监督管理局 exists at province level only
        wrong_level = await mutations.run(CREATE_DEPARTMENT, {"input": {"code": "308"}}, viewer)
        malformed = await mutations.run(CREATE_DEPARTMENT, {"input": {"code": "23"}}, viewer)
    assert "input.code" in field_errors(unknown)
    assert "input.code" in field_errors(wrong_level)
    assert "input.code" in field_errors(malformed)
    assert malformed["code"] == "BAD_USER_INPUT"
    assert events == []


async def test_a_duplicate_department_is_refused(
    build: Builder, org: Organisation, mutations: Mutations
) -> None:
    # given the county already has its market-supervision department and the fresh one
    viewer = await build.viewer(org.county_admin.account_id)
    for code in ("231", org.department.code):
        # when it is created again
        result = await mutations.run(CREATE_DEPARTMENT, {"input": {"code": code}}, viewer)
        # then it is a conflict on the code
        assert result["code"] == "CONFLICT"
        assert "input.code" in field_errors(result)


async def test_only_region_administrators_create_departments(
    build: Builder, org: Organisation, mutations: Mutations
) -> None:
    variables = {"input": {"code": "303"}}
    # a department administrator of another department
    department_admin = await build.viewer(org.department_admin.account_id)
    await mutations.forbidden(CREATE_DEPARTMENT, variables, department_admin)
    # a business account of the market-supervision department
    clerk = await build.account(org.county_market, sequences=range(6, 100))
    await mutations.forbidden(CREATE_DEPARTMENT, variables, await build.viewer(clerk.id))


async def test_a_region_administrator_needs_the_permission_granted_from_above(
    build: Builder, mutations: Mutations
) -> None:
    # given a county administrator granted everything except MANAGE_DEPARTMENTS
    org = await build.organisation(
        county_admin_permissions=frozenset(Permission) - {Permission.MANAGE_DEPARTMENTS}
    )
    viewer = await build.viewer(org.county_admin.account_id)
    assert viewer.is_region_administrator
    await mutations.forbidden(CREATE_DEPARTMENT, {"input": {"code": "303"}}, viewer)


async def test_enabling_a_department_administrator_creates_account_0001_once(
    build: Builder, org: Organisation, mutations: Mutations, session_factory: SessionFactory
) -> None:
    # given a department of the county's level without an account 0001 yet
    viewer = await build.viewer(org.county_admin.account_id)
    department = await build.department(org.county, await _free_code(session_factory, org.county))
    variables = {"input": {"departmentId": global_id("Department", department.id)}}
    # when the region administrator enables its administrator
    async with build.audited(viewer) as events:
        result = await mutations.run(ENABLE_ADMINISTRATOR, variables, viewer)
    # then account <region><code>0001 exists, enabled, with an initial password to change
    account = result["account"]
    assert result["created"] is True
    assert account["number"] == department.account_prefix + "0001"
    assert (account["status"], account["mustChangePassword"]) == ("ENABLED", True)
    assert account["isAdministrator"] is True
    async with session_factory() as session:
        row = await session.scalar(select(Account).where(Account.number == account["number"]))
    assert row is not None
    assert row.password_hash is not None
    assert verify_secret(row.password_hash, result["initialPassword"])
    [event] = events
    assert event.operation == "account.enableAdministrator"
    assert event.department_id == department.id
    assert "password" not in str(event.after).replace("passwordReset", "")


async def test_enabling_again_reissues_the_password_and_ends_sign_ins(
    build: Builder, org: Organisation, mutations: Mutations, session_factory: SessionFactory
) -> None:
    # given an enabled administrator account that was disabled, with a live sign-in
    viewer = await build.viewer(org.county_admin.account_id)
    department = await build.department(org.county, await _free_code(session_factory, org.county))
    variables = {"input": {"departmentId": global_id("Department", department.id)}}
    first = await mutations.run(ENABLE_ADMINISTRATOR, variables, viewer)
    async with session_factory() as session, session.begin():
        account = await session.scalar(
            select(Account).where(Account.number == first["account"]["number"])
        )
        assert account is not None
        account.status = AccountStatus.DISABLED
        session.add(
            RefreshToken(
                account_id=account.id,
                token_hash=f"{account.id:064d}",
                family="f",
                expires_at=utcnow(),
            )
        )
    # when it is enabled again
    second = await mutations.run(ENABLE_ADMINISTRATOR, variables, viewer)
    # then the same account is enabled with a new initial password, and its sign-ins ended
    assert second["created"] is False
    assert second["account"]["id"] == first["account"]["id"]
    assert second["account"]["status"] == "ENABLED"
    assert second["initialPassword"] != first["initialPassword"]
    async with session_factory() as session:
        token = await session.scalar(
            select(RefreshToken).where(RefreshToken.account_id == account.id)
        )
    assert token is not None
    assert token.revoked_at is not None


async def test_a_city_administrator_enables_the_county_region_administrators_below(
    build: Builder,
    org_with_city: Organisation,
    mutations: Mutations,
    session_factory: SessionFactory,
) -> None:
    org = org_with_city
    # given the county's market-supervision department has no account 0001 yet
    number = org.county_market.account_prefix + "0001"
    async with session_factory() as session:
        exists = await session.scalar(select(Account.id).where(Account.number == number))
    assert exists is None
    viewer = await build.viewer(org.city_admin.account_id)
    variables = {"input": {"departmentId": global_id("Department", org.county_market.id)}}
    # when the city's region administrator enables it
    result = await mutations.run(ENABLE_ADMINISTRATOR, variables, viewer)
    # then the county has its region administrator account
    assert result["account"]["number"] == number
    assert result["created"] is True


async def test_enabling_is_refused_sideways_upward_and_two_levels_down(
    build: Builder,
    org_with_city: Organisation,
    mutations: Mutations,
    session_factory: SessionFactory,
) -> None:
    org = org_with_city
    county_admin = await build.viewer(org.county_admin.account_id)
    city_admin = await build.viewer(org.city_admin.account_id)
    async with session_factory() as session:
        province_market = await session.scalar(
            select(Department).where(Department.region_code == "210000", Department.code == "231")
        )
        other_city_health = await session.scalar(
            select(Department).where(
                Department.region_code != org.city,
                Department.region_code.like("21__00"),
                Department.region_code != "210000",
                Department.code == "302",
            )
        )
    assert province_market is not None
    assert other_city_health is not None

    def target(department: Department) -> dict[str, object]:
        return {"input": {"departmentId": global_id("Department", department.id)}}

    # upward: the county administrator and the city's own market department
    await mutations.forbidden(ENABLE_ADMINISTRATOR, target(org.city_market), county_admin)
    # sideways: a department of another city
    await mutations.forbidden(ENABLE_ADMINISTRATOR, target(other_city_health), city_admin)
    # two levels up
    await mutations.forbidden(ENABLE_ADMINISTRATOR, target(province_market), city_admin)
    # a county's non-market department is not the city administrator's to enable
    await mutations.forbidden(ENABLE_ADMINISTRATOR, target(org.department), city_admin)
    # nor its own department (its administrators are managed as a department)
    await mutations.forbidden(ENABLE_ADMINISTRATOR, target(org.county_market), county_admin)


async def test_enabling_an_unknown_department_is_an_input_error(
    build: Builder, org: Organisation, mutations: Mutations
) -> None:
    viewer = await build.viewer(org.county_admin.account_id)
    missing = await mutations.run(
        ENABLE_ADMINISTRATOR, {"input": {"departmentId": global_id("Department", 10**9)}}, viewer
    )
    assert missing["code"] == "NOT_FOUND"
    assert "input.departmentId" in field_errors(missing)
    wrong_type = await mutations.run(
        ENABLE_ADMINISTRATOR, {"input": {"departmentId": global_id("Account", 1)}}, viewer
    )
    assert "input.departmentId" in field_errors(wrong_type)


async def test_two_administrators_creating_the_same_department_at_once_get_one_conflict(
    build: Builder, org: Organisation, mutations: Mutations, session_factory: SessionFactory
) -> None:
    # given a department code not set up in the county yet
    viewer = await build.viewer(org.county_admin.account_id)
    code = await _free_code(session_factory, org.county)
    # when it is created twice at the same moment (both pass the duplicate check before
    # either commits, on PostgreSQL; SQLite queues the writers)
    results = await asyncio.gather(
        *(mutations.run(CREATE_DEPARTMENT, {"input": {"code": code}}, viewer) for _ in "ab")
    )
    # then one is created and the other is a conflict, not an internal error
    assert sorted(result["__typename"] for result in results) == [
        "CreateDepartmentPayload",
        "InputError",
    ]
    [refused] = [result for result in results if result["__typename"] == "InputError"]
    assert refused["code"] == "CONFLICT"
    async with session_factory() as session:
        count = await session.scalar(
            select(func.count())
            .select_from(Department)
            .where(Department.region_code == org.county, Department.code == code)
        )
    assert count == 1
