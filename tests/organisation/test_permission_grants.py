"""权限分配: granted downward only, only what one holds; revoking takes it away downstream."""

from __future__ import annotations

from typing import Any

from hub.auth.permissions import Permission
from hub.auth.viewer import Viewer
from hub.db import SessionFactory
from hub.models import PermissionGrant
from tests.organisation.conftest import (
    DEPARTMENT_ADMINISTRATOR,
    Builder,
    Mutations,
    Organisation,
    field_errors,
    global_id,
    node_id,
)
from tests.support import Graph

GRANT = """
mutation Grant($input: GrantPermissionInput!) {
  grantPermission(input: $input) {
    __typename
    ... on GrantPermissionPayload {
      grant {
        id permission grantedByAccountNumber
        account { id number } department { id } orgUnit { id }
        parent { id permission }
      }
    }
    ... on InputError { message code fieldErrors { field message } }
  }
}
"""

REVOKE = """
mutation Revoke($input: RevokePermissionInput!) {
  revokePermission(input: $input) {
    __typename
    ... on RevokePermissionPayload { revokedGrantId revokedCount }
    ... on InputError { message code fieldErrors { field message } }
  }
}
"""

ACCOUNT_PERMISSIONS = """
query Account($number: String!) { account(number: $number) { number permissions } }
"""

GRANTS = """
query Grants($filter: PermissionGrantFilter) {
  permissionGrants(filter: $filter, first: 50) {
    totalCount
    edges { node { id permission grantedByAccountNumber account { number } } }
  }
}
"""

CREATE_ORG_UNIT = """
mutation CreateOrgUnit($input: CreateOrgUnitInput!) {
  createOrgUnit(input: $input) { ... on OrgUnitPayload { orgUnit { id } } }
}
"""

CREATE_ACCOUNT = """
mutation CreateAccount($input: CreateAccountInput!) {
  createAccount(input: $input) { ... on AccountWithPasswordPayload { account { id number } } }
}
"""


def _to_account(permission: Permission, account_id: int) -> dict[str, Any]:
    return {
        "input": {
            "permission": permission.value,
            "grantee": {"accountId": global_id("Account", account_id)},
        }
    }


def _to_department(permission: Permission, department_id: int) -> dict[str, Any]:
    return {
        "input": {
            "permission": permission.value,
            "grantee": {"departmentId": global_id("Department", department_id)},
        }
    }


def _grant_id(grant_id: int) -> dict[str, Any]:
    return {"input": {"grantId": global_id("PermissionGrant", grant_id)}}


async def _holds(build: Builder, account_id: int, permission: Permission) -> bool:
    return permission in (await build.viewer(account_id)).permissions


async def test_an_upper_region_administrator_grants_the_region_administrators_below(
    build: Builder, org_with_city: Organisation, mutations: Mutations
) -> None:
    org = org_with_city
    # given another administrator account of the county's market-supervision department
    newcomer = await build.account(org.county_market)
    city_admin = await build.viewer(org.city_admin.account_id)
    # when the city's region administrator grants it a permission it holds
    async with build.audited(city_admin) as events:
        result = await mutations.run(
            GRANT, _to_account(Permission.CROSS_DEPARTMENT_QUERY, newcomer.id), city_admin
        )
    # then the grant derives from the city administrator's own, and takes effect
    grant = result["grant"]
    assert grant["account"]["number"] == newcomer.number
    assert grant["parent"]["id"] == global_id(
        "PermissionGrant", org.city_admin.grants[Permission.CROSS_DEPARTMENT_QUERY]
    )
    assert grant["grantedByAccountNumber"] is not None
    assert grant["grantedByAccountNumber"].startswith(org.city)
    assert await _holds(build, newcomer.id, Permission.CROSS_DEPARTMENT_QUERY)
    [event] = events
    assert event.operation == "permission.grant"
    assert event.after["granteeType"] == "ACCOUNT"
    assert event.department_id == org.county_market.id


async def test_a_region_administrator_grants_departments_of_its_level_and_their_admins(
    build: Builder, org: Organisation, mutations: Mutations
) -> None:
    county_admin = await build.viewer(org.county_admin.account_id)
    # the department as a whole: every account of it holds the permission
    clerk = await build.account(org.department, sequences=range(6, 100))
    assert not await _holds(build, clerk.id, Permission.CROSS_DEPARTMENT_QUERY)
    to_department = await mutations.run(
        GRANT, _to_department(Permission.CROSS_DEPARTMENT_QUERY, org.department.id), county_admin
    )
    assert to_department["grant"]["department"]["id"] == global_id("Department", org.department.id)
    assert await _holds(build, clerk.id, Permission.CROSS_DEPARTMENT_QUERY)
    # and its administrator account
    to_admin = await mutations.run(
        GRANT,
        _to_account(Permission.PERSONAL_DATA, org.department_admin.account_id),
        county_admin,
    )
    assert to_admin["__typename"] == "GrantPermissionPayload"
    # but not its business accounts
    await mutations.forbidden(GRANT, _to_account(Permission.PERSONAL_DATA, clerk.id), county_admin)


async def test_a_department_administrator_grants_its_accounts_and_org_units(
    build: Builder, org: Organisation, mutations: Mutations
) -> None:
    admin = await build.viewer(org.department_admin.account_id)
    # an account of its department
    clerk = await build.account(org.department, sequences=range(6, 100))
    result = await mutations.run(GRANT, _to_account(Permission.RECORD_ENTRY, clerk.id), admin)
    assert result["grant"]["parent"]["id"] == global_id(
        "PermissionGrant", org.department_admin.grants[Permission.RECORD_ENTRY]
    )
    assert await _holds(build, clerk.id, Permission.RECORD_ENTRY)
    # an org unit: accounts put in it hold what it was granted
    unit = (await mutations.run(CREATE_ORG_UNIT, {"input": {"name": "稽查科"}}, admin))["orgUnit"]
    to_unit = await mutations.run(
        GRANT,
        {"input": {"permission": "PUBLISH_RECORDS", "grantee": {"orgUnitId": unit["id"]}}},
        admin,
    )
    assert to_unit["grant"]["orgUnit"]["id"] == unit["id"]
    in_unit = (await mutations.run(CREATE_ACCOUNT, {"input": {"orgUnitId": unit["id"]}}, admin))[
        "account"
    ]
    data = await mutations.graph.data(
        ACCOUNT_PERMISSIONS, {"number": in_unit["number"]}, viewer=admin
    )
    assert data["account"]["permissions"] == ["PUBLISH_RECORDS"]


async def test_nobody_grants_sideways_or_upward(
    build: Builder, org_with_city: Organisation, mutations: Mutations
) -> None:
    org = org_with_city
    other = await build.organisation()
    county_admin = await build.viewer(org.county_admin.account_id)
    department_admin = await build.viewer(org.department_admin.account_id)
    permission = Permission.RECORD_ENTRY
    # the county's region administrator: to another county's, and up to the city's
    await mutations.forbidden(
        GRANT, _to_account(permission, other.county_admin.account_id), county_admin
    )
    await mutations.forbidden(
        GRANT, _to_account(permission, org.city_admin.account_id), county_admin
    )
    # to a department of another county
    await mutations.forbidden(GRANT, _to_department(permission, other.department.id), county_admin)
    # the city's: to a county's non-market department (not its level), or its administrator
    city_admin = await build.viewer(org.city_admin.account_id)
    await mutations.forbidden(GRANT, _to_department(permission, org.department.id), city_admin)
    await mutations.forbidden(
        GRANT, _to_account(permission, org.department_admin.account_id), city_admin
    )
    # a department administrator: to another department's account, to its region
    # administrator, or to its own department as a whole
    await mutations.forbidden(
        GRANT, _to_account(permission, other.department_admin.account_id), department_admin
    )
    await mutations.forbidden(
        GRANT, _to_account(permission, org.county_admin.account_id), department_admin
    )
    await mutations.forbidden(
        GRANT, _to_department(permission, org.department.id), department_admin
    )


async def test_nobody_grants_what_it_does_not_hold(
    build: Builder, org: Organisation, mutations: Mutations
) -> None:
    admin = await build.viewer(org.department_admin.account_id)
    clerk = await build.account(org.department, sequences=range(6, 100))
    assert Permission.MANAGE_DEPARTMENTS not in admin.permissions
    async with build.audited(admin) as events:
        await mutations.forbidden(
            GRANT, _to_account(Permission.MANAGE_DEPARTMENTS, clerk.id), admin
        )
    assert events == []


async def test_granting_needs_grant_permissions(build: Builder, mutations: Mutations) -> None:
    org = await build.organisation(
        department_admin_permissions=DEPARTMENT_ADMINISTRATOR - {Permission.GRANT_PERMISSIONS}
    )
    admin = await build.viewer(org.department_admin.account_id)
    clerk = await build.account(org.department, sequences=range(6, 100))
    await mutations.forbidden(GRANT, _to_account(Permission.RECORD_ENTRY, clerk.id), admin)


async def test_granting_oneself_or_twice_is_refused(
    build: Builder, org: Organisation, mutations: Mutations
) -> None:
    admin = await build.viewer(org.department_admin.account_id)
    itself = await mutations.run(
        GRANT, _to_account(Permission.RECORD_ENTRY, org.department_admin.account_id), admin
    )
    assert "input.grantee.accountId" in field_errors(itself)
    clerk = await build.account(org.department, sequences=range(6, 100))
    first = await mutations.run(GRANT, _to_account(Permission.RECORD_ENTRY, clerk.id), admin)
    assert first["__typename"] == "GrantPermissionPayload"
    again = await mutations.run(GRANT, _to_account(Permission.RECORD_ENTRY, clerk.id), admin)
    assert again["code"] == "CONFLICT"
    missing = await mutations.run(GRANT, _to_account(Permission.RECORD_ENTRY, 10**9), admin)
    assert missing["code"] == "NOT_FOUND"
    assert "input.grantee.accountId" in field_errors(missing)


async def test_the_grantee_is_exactly_one_of_account_department_org_unit(
    build: Builder, org: Organisation, graph: Graph
) -> None:
    admin = await build.viewer(org.department_admin.account_id)
    both = {
        "input": {
            "permission": "RECORD_ENTRY",
            "grantee": {
                "accountId": global_id("Account", org.department_admin.account_id),
                "departmentId": global_id("Department", org.department.id),
            },
        }
    }
    assert await graph.error_codes(GRANT, both, viewer=admin) == ["BAD_USER_INPUT"]


async def test_revoking_upstream_removes_the_permission_downstream_at_once(
    build: Builder, org: Organisation, mutations: Mutations, session_factory: SessionFactory
) -> None:
    # given county admin → department admin (RECORD_ENTRY) → a business account
    admin = await build.viewer(org.department_admin.account_id)
    clerk = (await mutations.run(CREATE_ACCOUNT, {"input": {}}, admin))["account"]
    clerk_id = node_id(clerk["id"])
    await mutations.run(GRANT, _to_account(Permission.RECORD_ENTRY, clerk_id), admin)
    before = await mutations.graph.data(
        ACCOUNT_PERMISSIONS, {"number": clerk["number"]}, viewer=admin
    )
    assert "RECORD_ENTRY" in before["account"]["permissions"]
    # when the county's region administrator revokes what it granted the department admin
    county_admin = await build.viewer(org.county_admin.account_id)
    upstream = org.department_admin.grants[Permission.RECORD_ENTRY]
    async with build.audited(county_admin) as events:
        result = await mutations.run(REVOKE, _grant_id(upstream), county_admin)
    # then both grants are gone: the business user's permissions no longer have it
    assert result["revokedCount"] == 2
    assert result["revokedGrantId"] == global_id("PermissionGrant", upstream)
    after = await mutations.graph.data(
        ACCOUNT_PERMISSIONS, {"number": clerk["number"]}, viewer=admin
    )
    assert "RECORD_ENTRY" not in after["account"]["permissions"]
    assert not await _holds(build, clerk_id, Permission.RECORD_ENTRY)
    assert not await _holds(build, org.department_admin.account_id, Permission.RECORD_ENTRY)
    [event] = events
    assert event.operation == "permission.revoke"
    assert event.before["permission"] == "RECORD_ENTRY"
    assert event.after == {"revokedCount": 2}
    async with session_factory() as session:
        assert await session.get(PermissionGrant, upstream) is None


async def test_revoking_is_for_the_granter_and_those_above_it(
    build: Builder, org_with_city: Organisation, mutations: Mutations
) -> None:
    org = org_with_city
    admin = await build.viewer(org.department_admin.account_id)
    clerk = await build.account(org.department, sequences=range(6, 100))
    granted = await mutations.run(GRANT, _to_account(Permission.RECORD_ENTRY, clerk.id), admin)
    grant = {"input": {"grantId": granted["grant"]["id"]}}
    # not the grantee, not another department's administrator
    await mutations.forbidden(REVOKE, grant, await build.viewer(clerk.id))
    other = await build.organisation()
    await mutations.forbidden(REVOKE, grant, await build.viewer(other.department_admin.account_id))
    # the city's region administrator granted an ancestor of it: it may
    city_admin = await build.viewer(org.city_admin.account_id)
    result = await mutations.run(REVOKE, grant, city_admin)
    assert result["revokedCount"] == 1
    # gone now
    missing = await mutations.run(REVOKE, grant, admin)
    assert missing["code"] == "NOT_FOUND"


async def test_grants_are_listed_with_where_they_come_from(
    build: Builder, org: Organisation, mutations: Mutations, graph: Graph
) -> None:
    admin = await build.viewer(org.department_admin.account_id)
    clerk = await build.account(org.department, sequences=range(6, 100))
    await mutations.run(GRANT, _to_account(Permission.PUBLISH_RECORDS, clerk.id), admin)
    variables = {"filter": {"accountId": global_id("Account", clerk.id)}}
    own = await graph.data(GRANTS, variables, viewer=admin)
    [edge] = own["permissionGrants"]["edges"]
    assert edge["node"]["permission"] == "PUBLISH_RECORDS"
    assert edge["node"]["account"]["number"] == clerk.number
    assert edge["node"]["grantedByAccountNumber"] == org.department.account_prefix + "0001"
    # another department's administrator sees none of them
    other = await build.organisation()
    outsider: Viewer = await build.viewer(other.department_admin.account_id)
    assert (await graph.data(GRANTS, variables, viewer=outsider))["permissionGrants"][
        "totalCount"
    ] == 0
