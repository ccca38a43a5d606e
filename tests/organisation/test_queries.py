"""What administrators read: accounts, the audit trail and any object by global ID, each
within the viewer's scope (hub.auth.policy); and no N+1 on a page of accounts."""

from __future__ import annotations

from typing import Any

from hub.auth.permissions import Permission
from hub.auth.viewer import PUBLIC
from tests.organisation.conftest import (
    Builder,
    Mutations,
    Organisation,
    global_id,
    node_id,
)
from tests.support import Graph

ACCOUNTS = """
query Accounts($departmentId: ID, $status: AccountStatus, $first: Int, $after: String) {
  accounts(departmentId: $departmentId, status: $status, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id number status } }
  }
}
"""

ACCOUNT_PAGE = """
query AccountPage($departmentId: ID, $first: Int) {
  accounts(departmentId: $departmentId, first: $first) {
    edges {
      node {
        number status lastLoginAt mustChangePassword permissions
        department { name region { name } }
        orgUnit { name parent { name } }
        user { name idNumber phone }
      }
    }
  }
}
"""

NODE = """
query Node($id: ID!) { node(id: $id) { __typename id ... on Account { number } } }
"""

AUDIT = """
query Audit($filter: AuditEventFilter, $first: Int) {
  auditEvents(filter: $filter, first: $first) {
    totalCount
    edges {
      node { id operation targetType targetId accountNumber before after department { id } }
    }
  }
}
"""

CREATE_ACCOUNT = """
mutation CreateAccount($input: CreateAccountInput!) {
  createAccount(input: $input) {
    ... on AccountWithPasswordPayload { account { id number } }
  }
}
"""

CREATE_ORG_UNIT = """
mutation CreateOrgUnit($input: CreateOrgUnitInput!) {
  createOrgUnit(input: $input) { ... on OrgUnitPayload { orgUnit { id } } }
}
"""

CREATE_USER = """
mutation CreateUser($input: CreateUserInput!) {
  createUser(input: $input) { ... on CreateUserPayload { user { id } } }
}
"""

ASSIGN = """
mutation Assign($input: AssignAccountInput!) {
  assignAccount(input: $input) { ... on AccountPayload { account { id } } }
}
"""


def _numbers(data: dict[str, Any]) -> set[str]:
    return {edge["node"]["number"] for edge in data["accounts"]["edges"]}


async def test_accounts_are_read_within_the_administrators_scope(
    build: Builder, org: Organisation, mutations: Mutations, graph: Graph
) -> None:
    admin = await build.viewer(org.department_admin.account_id)
    created = (await mutations.run(CREATE_ACCOUNT, {"input": {}}, admin))["account"]
    variables = {"departmentId": global_id("Department", org.department.id), "first": 50}
    # the department's administrator and the county's region administrator read them
    own = await graph.data(ACCOUNTS, variables, viewer=admin)
    assert created["number"] in _numbers(own)
    assert own["accounts"]["totalCount"] == 2  # the administrator's 0001 and the new one
    region = await graph.data(
        ACCOUNTS, variables, viewer=await build.viewer(org.county_admin.account_id)
    )
    assert _numbers(region) == _numbers(own)
    # another county's administrators do not
    other = await build.organisation()
    for outsider in (other.county_admin, other.department_admin):
        data = await graph.data(ACCOUNTS, variables, viewer=await build.viewer(outsider.account_id))
        assert data["accounts"]["totalCount"] == 0
    # a business account reads only itself, the public nothing
    clerk = await build.account(org.department, sequences=range(6, 100))
    mine = await graph.data(ACCOUNTS, {"first": 50}, viewer=await build.viewer(clerk.id))
    assert _numbers(mine) == {clerk.number}
    assert (await graph.data(ACCOUNTS, variables, viewer=PUBLIC))["accounts"]["totalCount"] == 0


async def test_accounts_page_by_number(
    build: Builder, org: Organisation, mutations: Mutations, graph: Graph
) -> None:
    admin = await build.viewer(org.department_admin.account_id)
    for _ in range(3):
        await mutations.run(CREATE_ACCOUNT, {"input": {}}, admin)
    department = global_id("Department", org.department.id)
    first = await graph.data(ACCOUNTS, {"departmentId": department, "first": 2}, viewer=admin)
    assert first["accounts"]["pageInfo"]["hasNextPage"] is True
    after = first["accounts"]["pageInfo"]["endCursor"]
    rest = await graph.data(
        ACCOUNTS, {"departmentId": department, "first": 2, "after": after}, viewer=admin
    )
    numbers = [e["node"]["number"] for e in first["accounts"]["edges"] + rest["accounts"]["edges"]]
    prefix = org.department.account_prefix
    assert numbers == [prefix + s for s in ("0001", "0006", "0007", "0008")]
    disabled = await graph.data(
        ACCOUNTS, {"departmentId": department, "status": "DISABLED"}, viewer=admin
    )
    assert disabled["accounts"]["totalCount"] == 0


async def test_node_finds_only_readable_accounts(
    build: Builder, org: Organisation, graph: Graph
) -> None:
    admin = await build.viewer(org.department_admin.account_id)
    variables = {"id": global_id("Account", org.department_admin.account_id)}
    found = await graph.data(NODE, variables, viewer=admin)
    assert found["node"]["number"] == org.department.account_prefix + "0001"
    other = await build.organisation()
    outsider = await build.viewer(other.department_admin.account_id)
    assert (await graph.data(NODE, variables, viewer=outsider))["node"] is None
    assert (await graph.data(NODE, variables, viewer=PUBLIC))["node"] is None


async def test_the_audit_trail_is_read_within_scope_and_filtered(
    build: Builder, org: Organisation, mutations: Mutations, graph: Graph
) -> None:
    # given an account created by the department's administrator
    admin = await build.viewer(org.department_admin.account_id)
    created = (await mutations.run(CREATE_ACCOUNT, {"input": {}}, admin))["account"]
    admin_number = org.department.account_prefix + "0001"
    wanted = {
        "filter": {
            "operation": "account.create",
            "targetType": "Account",
            "targetId": str(node_id(created["id"])),
            "accountNumber": admin_number,
        },
        "first": 10,
    }
    # the administrator reads the event, filtered down to it
    own = await graph.data(AUDIT, wanted, viewer=admin)
    [edge] = own["auditEvents"]["edges"]
    event = edge["node"]
    assert (event["operation"], event["accountNumber"]) == ("account.create", admin_number)
    assert event["after"]["number"] == created["number"]
    assert event["department"]["id"] == global_id("Department", org.department.id)
    # so does the county's region administrator (the department is in its subtree)
    county = await graph.data(AUDIT, wanted, viewer=await build.viewer(org.county_admin.account_id))
    assert county["auditEvents"]["totalCount"] == 1
    # and a business account of the department holding VIEW_AUDIT
    auditor = await build.account(org.department, sequences=range(6, 100))
    await build.grants(auditor, [Permission.VIEW_AUDIT], parent=org.department_admin)
    by_auditor = await graph.data(AUDIT, wanted, viewer=await build.viewer(auditor.id))
    assert by_auditor["auditEvents"]["totalCount"] == 1
    # not a business account without it, another county's administrators, or the public
    clerk = await build.account(org.department, sequences=range(6, 100))
    other = await build.organisation()
    for viewer in (
        await build.viewer(clerk.id),
        await build.viewer(other.county_admin.account_id),
        await build.viewer(other.department_admin.account_id),
        PUBLIC,
    ):
        data = await graph.data(AUDIT, wanted, viewer=viewer)
        assert data["auditEvents"]["totalCount"] == 0


async def test_a_region_auditor_reads_the_region_subtree(
    build: Builder, org: Organisation, mutations: Mutations, graph: Graph
) -> None:
    # given an event of the county's department, and a business account of the county's
    # market-supervision department holding VIEW_AUDIT
    admin = await build.viewer(org.department_admin.account_id)
    await mutations.run(CREATE_ACCOUNT, {"input": {}}, admin)
    auditor = await build.account(org.county_market, sequences=range(6, 100))
    await build.grants(auditor, [Permission.VIEW_AUDIT], parent=org.county_admin)
    variables = {"filter": {"accountNumber": org.department.account_prefix + "0001"}}
    data = await graph.data(AUDIT, variables, viewer=await build.viewer(auditor.id))
    assert data["auditEvents"]["totalCount"] >= 1


async def test_audit_filters_are_checked(build: Builder, org: Organisation, graph: Graph) -> None:
    admin = await build.viewer(org.department_admin.account_id)
    codes = await graph.error_codes(AUDIT, {"filter": {"accountNumber": "123"}}, viewer=admin)
    assert codes == ["BAD_USER_INPUT"]


async def test_an_account_page_costs_the_same_statements_whatever_its_size(
    build: Builder,
    org: Organisation,
    mutations: Mutations,
    graph: Graph,
    count_statements: Any,
) -> None:
    # given 30 accounts in two org units, each held by a user
    admin = await build.viewer(org.department_admin.account_id)
    parent = (await mutations.run(CREATE_ORG_UNIT, {"input": {"name": "执法大队"}}, admin))[
        "orgUnit"
    ]
    units = [
        (
            await mutations.run(
                CREATE_ORG_UNIT, {"input": {"name": name, "parentId": parent["id"]}}, admin
            )
        )["orgUnit"]
        for name in ("第一中队", "第二中队")
    ]
    for index in range(30):
        unit = units[index % 2]
        account = (
            await mutations.run(CREATE_ACCOUNT, {"input": {"orgUnitId": unit["id"]}}, admin)
        )["account"]
        id_number = await build.fresh_resident_id()
        user = (
            await mutations.run(
                CREATE_USER, {"input": {"name": f"用户{index}", "idNumber": id_number}}, admin
            )
        )["user"]
        await mutations.run(
            ASSIGN, {"input": {"accountId": account["id"], "userId": user["id"]}}, admin
        )
    department = global_id("Department", org.department.id)

    async def statements(first: int) -> tuple[int, dict[str, Any]]:
        with count_statements() as log:
            data = await graph.data(
                ACCOUNT_PAGE, {"departmentId": department, "first": first}, viewer=admin
            )
        return log.count, data

    # when a page of 3 and a page of 31 are read with their relations
    small, _ = await statements(3)
    large, data = await statements(31)
    # then the large page really has them, and costs no more statements
    nodes = [edge["node"] for edge in data["accounts"]["edges"]]
    assert len(nodes) == 31
    assert sum(node["user"] is not None for node in nodes) == 31
    assert sum(node["orgUnit"] is not None for node in nodes) == 30
    assert all(node["orgUnit"]["parent"]["name"] == "执法大队" for node in nodes if node["orgUnit"])
    assert small == large
    # accounts, departments, the region directory, org units (twice: units, then their
    # parents), users, permissions
    assert large == 7
