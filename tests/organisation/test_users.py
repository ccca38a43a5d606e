"""用户: department administrators register real, named people; their personal data is
masked to whoever may not read it, in the graph and in the audit trail."""

from __future__ import annotations

from typing import Any

import pytest

from hub.auth.permissions import Permission
from tests.organisation.conftest import (
    Builder,
    Mutations,
    Organisation,
    field_errors,
    global_id,
)
from tests.support import Graph

CREATE_USER = """
mutation CreateUser($input: CreateUserInput!) {
  createUser(input: $input) {
    __typename
    ... on CreateUserPayload { user { id name idNumber phone department { id } accounts { id } } }
    ... on InputError { message code fieldErrors { field message } }
  }
}
"""

USERS = """
query Users($departmentId: ID, $nameContains: String) {
  users(departmentId: $departmentId, nameContains: $nameContains, first: 50) {
    totalCount
    edges { node { id name idNumber phone department { id } } }
  }
}
"""


def _user_input(id_number: str, **extra: Any) -> dict[str, Any]:
    return {"input": {"name": "张三", "idNumber": id_number, "phone": "13812345678", **extra}}


async def test_a_department_administrator_registers_a_user(
    build: Builder, org: Organisation, mutations: Mutations
) -> None:
    # given a department administrator and a valid resident ID (lower-case x forgiven)
    viewer = await build.viewer(org.department_admin.account_id)
    id_number = await build.fresh_resident_id()
    # when it registers the person
    async with build.audited(viewer) as events:
        result = await mutations.run(CREATE_USER, _user_input(id_number.lower()), viewer)
    # then the user is registered by its department, personal data readable there
    user = result["user"]
    assert (user["name"], user["idNumber"], user["phone"]) == ("张三", id_number, "13812345678")
    assert user["department"]["id"] == global_id("Department", org.department.id)
    assert user["accounts"] == []
    # and the one audit event carries the personal data masked
    [event] = events
    assert event.operation == "user.create"
    assert event.after["idNumber"] == id_number[:4] + "*" * 10 + id_number[-4:]
    assert event.after["phone"] == "138****5678"
    assert id_number not in str(event.after)


@pytest.mark.parametrize(
    ("id_number", "problem"),
    [
        ("21010219800101001", "18位"),  # 17 characters
        ("2101021980010100123", "18位"),  # 19 characters
        ("21010219800101001A", "末位"),  # a letter other than X
        ("210102198013010013", "出生日期"),  # month 13
    ],
)
async def test_malformed_id_numbers_are_refused(
    build: Builder, org: Organisation, mutations: Mutations, id_number: str, problem: str
) -> None:
    viewer = await build.viewer(org.department_admin.account_id)
    result = await mutations.run(CREATE_USER, _user_input(id_number), viewer)
    assert problem in field_errors(result)["input.idNumber"]
    assert result["code"] == "BAD_USER_INPUT"


async def test_a_wrong_check_digit_is_refused(
    build: Builder, org: Organisation, mutations: Mutations
) -> None:
    # given a valid number with its check character changed
    viewer = await build.viewer(org.department_admin.account_id)
    valid = await build.fresh_resident_id()
    wrong = valid[:17] + ("0" if valid[17] != "0" else "1")
    # when it is registered, nothing is written and the field says why
    async with build.audited(viewer) as events:
        result = await mutations.run(CREATE_USER, _user_input(wrong), viewer)
    assert field_errors(result) == {"input.idNumber": "身份证号校验位错误"}
    assert events == []


async def test_an_id_number_is_registered_once(
    build: Builder, org: Organisation, mutations: Mutations
) -> None:
    viewer = await build.viewer(org.department_admin.account_id)
    id_number = await build.fresh_resident_id()
    first = await mutations.run(CREATE_USER, _user_input(id_number), viewer)
    assert first["__typename"] == "CreateUserPayload"
    again = await mutations.run(CREATE_USER, _user_input(id_number), viewer)
    assert again["code"] == "CONFLICT"
    assert "input.idNumber" in field_errors(again)


async def test_name_and_phone_are_checked(
    build: Builder, org: Organisation, mutations: Mutations
) -> None:
    viewer = await build.viewer(org.department_admin.account_id)
    id_number = await build.fresh_resident_id()
    no_name = await mutations.run(CREATE_USER, _user_input(id_number, name="  "), viewer)
    assert "input.name" in field_errors(no_name)
    bad_phone = await mutations.run(CREATE_USER, _user_input(id_number, phone="12345"), viewer)
    assert "input.phone" in field_errors(bad_phone)


async def test_only_department_administrators_register_users(
    build: Builder, org: Organisation, mutations: Mutations
) -> None:
    clerk = await build.account(org.department, sequences=range(6, 100))
    variables = _user_input(await build.fresh_resident_id())
    await mutations.forbidden(CREATE_USER, variables, await build.viewer(clerk.id))
    # an administrator whose MANAGE_ACCOUNTS was never granted
    org2 = await build.organisation(
        department_admin_permissions={Permission.GRANT_PERMISSIONS, Permission.RECORD_ENTRY}
    )
    await mutations.forbidden(
        CREATE_USER, variables, await build.viewer(org2.department_admin.account_id)
    )


async def test_users_are_listed_within_the_administrators_scope(
    build: Builder, org: Organisation, mutations: Mutations, graph: Graph
) -> None:
    # given a user registered by the department
    department_admin = await build.viewer(org.department_admin.account_id)
    id_number = await build.fresh_resident_id()
    created = await mutations.run(CREATE_USER, _user_input(id_number), department_admin)
    user_id = created["user"]["id"]
    department_id = global_id("Department", org.department.id)
    variables = {"departmentId": department_id}

    def ids(data: dict[str, Any]) -> set[str]:
        return {edge["node"]["id"] for edge in data["users"]["edges"]}

    # the department's administrator sees it, with personal data
    own = await graph.data(USERS, variables, viewer=department_admin)
    assert user_id in ids(own)
    [row] = [edge["node"] for edge in own["users"]["edges"] if edge["node"]["id"] == user_id]
    assert row["idNumber"] == id_number
    # the county's region administrator sees it (the department is in its subtree); it
    # holds PERSONAL_DATA, granted from above, so unmasked
    county = await graph.data(
        USERS, variables, viewer=await build.viewer(org.county_admin.account_id)
    )
    assert user_id in ids(county)
    # the region administrator of another county does not see it
    elsewhere = await build.organisation()
    outsider = await build.viewer(elsewhere.county_admin.account_id)
    assert user_id not in ids(await graph.data(USERS, variables, viewer=outsider))
    # nor does another department's administrator
    other = await build.viewer(elsewhere.department_admin.account_id)
    assert user_id not in ids(await graph.data(USERS, variables, viewer=other))
    # nor does a business account of the same department
    clerk = await build.account(org.department, sequences=range(6, 100))
    assert user_id not in ids(
        await graph.data(USERS, variables, viewer=await build.viewer(clerk.id))
    )


async def test_a_region_administrator_without_personal_data_sees_masks(
    build: Builder, mutations: Mutations, graph: Graph
) -> None:
    # given a county whose region administrator lacks PERSONAL_DATA, and a user registered
    # by a department of the county
    org = await build.organisation(
        county_admin_permissions=frozenset(Permission) - {Permission.PERSONAL_DATA}
    )
    id_number = await build.fresh_resident_id()
    department_admin = await build.viewer(org.department_admin.account_id)
    created = await mutations.run(CREATE_USER, _user_input(id_number), department_admin)
    # when the region administrator lists the department's users
    region_admin = await build.viewer(org.county_admin.account_id)
    data = await graph.data(
        USERS, {"departmentId": global_id("Department", org.department.id)}, viewer=region_admin
    )
    # then it sees the user, with ID number and phone masked
    [row] = [e["node"] for e in data["users"]["edges"] if e["node"]["id"] == created["user"]["id"]]
    assert row["idNumber"] == id_number[:4] + "*" * 10 + id_number[-4:]
    assert row["phone"] == "138****5678"
