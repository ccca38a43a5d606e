"""账号: numbers, holders (one user per account at a time), status, passwords, org units."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from hub.auth.passwords import verify_secret
from hub.auth.viewers import staff_viewer
from hub.db import SessionFactory
from hub.models import Account, RefreshToken
from hub.models.base import utcnow
from tests.organisation.conftest import (
    Builder,
    Mutations,
    Organisation,
    field_errors,
    global_id,
)

ACCOUNT_FIELDS = """
  id number status mustChangePassword isAdministrator
  department { id } orgUnit { id name } user { id name }
"""

CREATE_ACCOUNT = f"""
mutation CreateAccount($input: CreateAccountInput!) {{
  createAccount(input: $input) {{
    __typename
    ... on AccountWithPasswordPayload {{ initialPassword account {{ {ACCOUNT_FIELDS} }} }}
    ... on InputError {{ message code fieldErrors {{ field message }} }}
  }}
}}
"""


def _account_mutation(name: str, input_type: str, *, password: bool = False) -> str:
    payload = "AccountWithPasswordPayload { initialPassword " if password else "AccountPayload {"
    return f"""
mutation Change($input: {input_type}!) {{
  {name}(input: $input) {{
    __typename
    ... on {payload} account {{ {ACCOUNT_FIELDS} }} }}
    ... on InputError {{ message code fieldErrors {{ field message }} }}
  }}
}}
"""


ASSIGN = _account_mutation("assignAccount", "AssignAccountInput")
REVOKE = _account_mutation("revokeAccount", "AccountInput")
DISABLE = _account_mutation("disableAccount", "AccountInput")
ENABLE = _account_mutation("enableAccount", "AccountInput")
RESET_PASSWORD = _account_mutation("resetAccountPassword", "AccountInput", password=True)
SET_ORG_UNIT = _account_mutation("setAccountOrgUnit", "SetAccountOrgUnitInput")

CREATE_USER = """
mutation CreateUser($input: CreateUserInput!) {
  createUser(input: $input) { ... on CreateUserPayload { user { id name } } }
}
"""

CREATE_ORG_UNIT = """
mutation CreateOrgUnit($input: CreateOrgUnitInput!) {
  createOrgUnit(input: $input) { ... on OrgUnitPayload { orgUnit { id name } } }
}
"""


async def _create(mutations: Mutations, viewer: Any, **input: Any) -> dict[str, Any]:
    return await mutations.run(CREATE_ACCOUNT, {"input": input}, viewer)


async def _user(build: Builder, mutations: Mutations, viewer: Any, name: str = "李四") -> str:
    id_number = await build.fresh_resident_id()
    result = await mutations.run(
        CREATE_USER, {"input": {"name": name, "idNumber": id_number}}, viewer
    )
    return str(result["user"]["id"])


def _id(account: dict[str, Any]) -> dict[str, Any]:
    return {"input": {"accountId": account["id"]}}


async def test_business_accounts_take_the_next_free_number_from_0006(
    build: Builder, org: Organisation, mutations: Mutations, session_factory: SessionFactory
) -> None:
    # given a fresh department whose only account is its administrator's 0001
    viewer = await build.viewer(org.department_admin.account_id)
    prefix = org.department.account_prefix
    # when two accounts are created without a number
    async with build.audited(viewer) as events:
        first = await _create(mutations, viewer)
        second = await _create(mutations, viewer)
    # then they are 0006 and 0007, enabled, with initial passwords to change
    assert first["account"]["number"] == prefix + "0006"
    assert second["account"]["number"] == prefix + "0007"
    assert first["account"]["status"] == "ENABLED"
    assert first["account"]["mustChangePassword"] is True
    assert first["account"]["isAdministrator"] is False
    assert first["account"]["user"] is None
    async with session_factory() as session:
        row = await session.scalar(select(Account).where(Account.number == prefix + "0006"))
    assert row is not None
    assert row.password_hash is not None
    assert verify_secret(row.password_hash, first["initialPassword"])
    # and each creation wrote one audit event
    assert [event.operation for event in events] == ["account.create", "account.create"]


async def test_an_explicit_number_of_the_own_department(
    build: Builder, org: Organisation, mutations: Mutations
) -> None:
    viewer = await build.viewer(org.department_admin.account_id)
    number = org.department.account_prefix + "0002"
    result = await _create(mutations, viewer, number=number)
    assert result["account"]["number"] == number
    assert result["account"]["isAdministrator"] is True
    duplicate = await _create(mutations, viewer, number=number)
    assert duplicate["code"] == "CONFLICT"
    assert "input.number" in field_errors(duplicate)


@pytest.mark.parametrize(
    "number",
    [
        "210102302000",  # 12 digits
        "21010230200061",  # 14 digits
        "21010230200A6",  # not digits
    ],
)
async def test_account_numbers_are_thirteen_digits(
    build: Builder, org: Organisation, mutations: Mutations, number: str
) -> None:
    viewer = await build.viewer(org.department_admin.account_id)
    result = await _create(mutations, viewer, number=number)
    assert result["code"] == "BAD_USER_INPUT"
    assert "13位" in field_errors(result)["input.number"]


async def test_numbers_of_nothing_that_exists_are_refused(
    build: Builder, org: Organisation, mutations: Mutations
) -> None:
    viewer = await build.viewer(org.department_admin.account_id)
    prefix = org.department.account_prefix
    async with build.audited(viewer) as events:
        reserved = await _create(mutations, viewer, number=prefix + "0000")
        no_region = await _create(mutations, viewer, number="999999" + prefix[6:] + "0006")
        # 药品监督管理局 exists at province level only: no such department in a county
        no_department = await _create(mutations, viewer, number=org.county + "3080006")
    assert "保留" in field_errors(reserved)["input.number"]
    assert "区划" in field_errors(no_region)["input.number"]
    assert "部门" in field_errors(no_department)["input.number"]
    assert events == []


async def test_an_account_of_a_foreign_department_is_forbidden(
    build: Builder, org: Organisation, mutations: Mutations
) -> None:
    viewer = await build.viewer(org.department_admin.account_id)
    foreign = org.county_market.account_prefix + "0100"
    await mutations.forbidden(CREATE_ACCOUNT, {"input": {"number": foreign}}, viewer)


async def test_one_user_per_account_revoke_before_reassigning(
    build: Builder, org: Organisation, mutations: Mutations
) -> None:
    # given an account and two users of the department
    viewer = await build.viewer(org.department_admin.account_id)
    account = (await _create(mutations, viewer))["account"]
    first_user = await _user(build, mutations, viewer, "王五")
    second_user = await _user(build, mutations, viewer, "赵六")
    # when the account is assigned to the first
    async with build.audited(viewer) as events:
        assigned = await mutations.run(
            ASSIGN, {"input": {"accountId": account["id"], "userId": first_user}}, viewer
        )
    assert assigned["account"]["user"] == {"id": first_user, "name": "王五"}
    [event] = events
    assert (event.operation, event.before["userId"]) == ("account.assign", None)
    # then assigning it to the second without revoking is refused
    held = await mutations.run(
        ASSIGN, {"input": {"accountId": account["id"], "userId": second_user}}, viewer
    )
    assert held["code"] == "ACCOUNT_HELD"
    assert "input.accountId" in field_errors(held)
    # and after revoking it goes to the second
    revoked = await mutations.run(REVOKE, _id(account), viewer)
    assert revoked["account"]["user"] is None
    again = await mutations.run(
        ASSIGN, {"input": {"accountId": account["id"], "userId": second_user}}, viewer
    )
    assert again["account"]["user"]["id"] == second_user
    # revoking an account nobody holds is refused
    await mutations.run(REVOKE, _id(account), viewer)
    nobody = await mutations.run(REVOKE, _id(account), viewer)
    assert nobody["code"] == "NOT_ASSIGNED"


async def test_a_person_of_another_department_is_assigned_by_id_number_and_name(
    build: Builder, org: Organisation, mutations: Mutations
) -> None:
    # given a person registered by another department, unknown to this administrator
    other = await build.organisation()
    other_admin = await build.viewer(other.department_admin.account_id)
    id_number = await build.fresh_resident_id()
    created = await mutations.run(
        CREATE_USER, {"input": {"name": "钱七", "idNumber": id_number}}, other_admin
    )
    viewer = await build.viewer(org.department_admin.account_id)
    account = (await _create(mutations, viewer))["account"]
    # by id, the person is not visible here
    hidden = await mutations.run(
        ASSIGN, {"input": {"accountId": account["id"], "userId": created["user"]["id"]}}, viewer
    )
    assert hidden["code"] == "NOT_FOUND"
    # the wrong name does not find them
    wrong = await mutations.run(
        ASSIGN,
        {"input": {"accountId": account["id"], "idNumber": id_number, "name": "钱八"}},
        viewer,
    )
    assert wrong["code"] == "NOT_FOUND"
    assert "input.idNumber" in field_errors(wrong)
    # ID number and name together do: one person, accounts in two departments
    assigned = await mutations.run(
        ASSIGN,
        {"input": {"accountId": account["id"], "idNumber": id_number, "name": "钱七"}},
        viewer,
    )
    assert assigned["account"]["user"]["id"] == created["user"]["id"]


async def test_assigning_needs_a_user_or_id_number_and_name(
    build: Builder, org: Organisation, mutations: Mutations
) -> None:
    viewer = await build.viewer(org.department_admin.account_id)
    account = (await _create(mutations, viewer))["account"]
    result = await mutations.run(ASSIGN, {"input": {"accountId": account["id"]}}, viewer)
    assert "input.userId" in field_errors(result)


async def test_a_disabled_account_cannot_sign_in_and_its_sign_ins_end(
    build: Builder, org: Organisation, mutations: Mutations, session_factory: SessionFactory
) -> None:
    # given an account with a live refresh token
    viewer = await build.viewer(org.department_admin.account_id)
    account = (await _create(mutations, viewer))["account"]
    number = account["number"]
    async with session_factory() as session, session.begin():
        row = await session.scalar(select(Account).where(Account.number == number))
        assert row is not None
        account_id = row.id
        session.add(
            RefreshToken(
                account_id=account_id,
                token_hash=f"d{account_id:063d}",
                family="f",
                expires_at=utcnow(),
            )
        )
    # when it is disabled
    async with build.audited(viewer) as events:
        disabled = await mutations.run(DISABLE, _id(account), viewer)
    # then it is DISABLED, no viewer can be built from it, and its tokens are revoked
    assert disabled["account"]["status"] == "DISABLED"
    [event] = events
    assert (event.before["status"], event.after["status"]) == ("ENABLED", "DISABLED")
    async with session_factory() as session:
        assert await staff_viewer(session, account_id) is None
        token = await session.scalar(
            select(RefreshToken).where(RefreshToken.account_id == account_id)
        )
    assert token is not None
    assert token.revoked_at is not None
    # disabling twice is refused; enabling brings it back
    twice = await mutations.run(DISABLE, _id(account), viewer)
    assert twice["code"] == "CONFLICT"
    enabled = await mutations.run(ENABLE, _id(account), viewer)
    assert enabled["account"]["status"] == "ENABLED"
    async with session_factory() as session:
        assert await staff_viewer(session, account_id) is not None


async def test_administrators_do_not_lock_themselves_out(
    build: Builder, org: Organisation, mutations: Mutations
) -> None:
    viewer = await build.viewer(org.department_admin.account_id)
    own = {"input": {"accountId": global_id("Account", org.department_admin.account_id)}}
    for document in (DISABLE, REVOKE, RESET_PASSWORD):
        result = await mutations.run(document, own, viewer)
        assert "input.accountId" in field_errors(result)


async def test_resetting_a_password_returns_a_new_initial_password(
    build: Builder, org: Organisation, mutations: Mutations, session_factory: SessionFactory
) -> None:
    viewer = await build.viewer(org.department_admin.account_id)
    created = await _create(mutations, viewer)
    async with build.audited(viewer) as events:
        reset = await mutations.run(RESET_PASSWORD, _id(created["account"]), viewer)
    assert reset["initialPassword"] != created["initialPassword"]
    assert reset["account"]["mustChangePassword"] is True
    async with session_factory() as session:
        row = await session.scalar(
            select(Account).where(Account.number == created["account"]["number"])
        )
    assert row is not None
    assert row.password_hash is not None
    assert verify_secret(row.password_hash, reset["initialPassword"])
    assert not verify_secret(row.password_hash, created["initialPassword"])
    [event] = events
    assert event.operation == "account.resetPassword"
    assert reset["initialPassword"] not in str(event.after)


async def test_accounts_go_into_org_units_of_their_department(
    build: Builder, org: Organisation, mutations: Mutations
) -> None:
    viewer = await build.viewer(org.department_admin.account_id)
    account = (await _create(mutations, viewer))["account"]
    unit = (await mutations.run(CREATE_ORG_UNIT, {"input": {"name": "综合科"}}, viewer))["orgUnit"]
    moved = await mutations.run(
        SET_ORG_UNIT, {"input": {"accountId": account["id"], "orgUnitId": unit["id"]}}, viewer
    )
    assert moved["account"]["orgUnit"] == unit
    same = await mutations.run(
        SET_ORG_UNIT, {"input": {"accountId": account["id"], "orgUnitId": unit["id"]}}, viewer
    )
    assert same["code"] == "CONFLICT"
    # a unit of another department is refused
    other = await build.organisation()
    other_admin = await build.viewer(other.department_admin.account_id)
    foreign = (await mutations.run(CREATE_ORG_UNIT, {"input": {"name": "综合科"}}, other_admin))[
        "orgUnit"
    ]
    refused = await mutations.run(
        SET_ORG_UNIT, {"input": {"accountId": account["id"], "orgUnitId": foreign["id"]}}, viewer
    )
    assert "input.orgUnitId" in field_errors(refused)
    # and null takes it out of any unit
    out = await mutations.run(SET_ORG_UNIT, {"input": {"accountId": account["id"]}}, viewer)
    assert out["account"]["orgUnit"] is None


async def test_accounts_of_other_departments_are_not_managed(
    build: Builder, org: Organisation, mutations: Mutations
) -> None:
    # given an account of another department
    other = await build.organisation()
    other_admin = await build.viewer(other.department_admin.account_id)
    foreign = (await _create(mutations, other_admin))["account"]
    viewer = await build.viewer(org.department_admin.account_id)
    # every change to it is forbidden, even to the region administrator above it
    for document in (DISABLE, ENABLE, REVOKE, RESET_PASSWORD):
        await mutations.forbidden(document, _id(foreign), viewer)
    await mutations.forbidden(
        DISABLE, _id(foreign), await build.viewer(other.county_admin.account_id)
    )
    # and an unknown account is an input error
    missing = await mutations.run(
        DISABLE, {"input": {"accountId": global_id("Account", 10**9)}}, viewer
    )
    assert missing["code"] == "NOT_FOUND"
