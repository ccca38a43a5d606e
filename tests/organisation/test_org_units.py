"""机构: a department's internal units, nested within the department, deleted when empty."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from hub.auth.permissions import Permission
from hub.db import SessionFactory
from hub.models import PermissionGrant
from tests.organisation.conftest import (
    Builder,
    Mutations,
    Organisation,
    field_errors,
    global_id,
)
from tests.support import Graph

CREATE = """
mutation Create($input: CreateOrgUnitInput!) {
  createOrgUnit(input: $input) {
    __typename
    ... on OrgUnitPayload { orgUnit { id name parent { id name } department { id } } }
    ... on InputError { message code fieldErrors { field message } }
  }
}
"""

RENAME = """
mutation Rename($input: RenameOrgUnitInput!) {
  renameOrgUnit(input: $input) {
    __typename
    ... on OrgUnitPayload { orgUnit { id name } }
    ... on InputError { message code fieldErrors { field message } }
  }
}
"""

DELETE = """
mutation Delete($input: DeleteOrgUnitInput!) {
  deleteOrgUnit(input: $input) {
    __typename
    ... on DeleteOrgUnitPayload { deletedOrgUnitId }
    ... on InputError { message code fieldErrors { field message } }
  }
}
"""

ORG_UNITS = """
query Units($departmentId: ID) { orgUnits(departmentId: $departmentId) { id name parent { id } } }
"""

CREATE_ACCOUNT = """
mutation CreateAccount($input: CreateAccountInput!) {
  createAccount(input: $input) { ... on AccountWithPasswordPayload { account { id } } }
}
"""

GRANT = """
mutation Grant($input: GrantPermissionInput!) {
  grantPermission(input: $input) { ... on GrantPermissionPayload { grant { id } } }
}
"""


async def _unit(mutations: Mutations, viewer: Any, name: str, parent: str | None = None) -> Any:
    result = await mutations.run(CREATE, {"input": {"name": name, "parentId": parent}}, viewer)
    return result["orgUnit"]


async def test_units_nest_within_the_department(
    build: Builder, org: Organisation, mutations: Mutations, graph: Graph
) -> None:
    viewer = await build.viewer(org.department_admin.account_id)
    async with build.audited(viewer) as events:
        office = await _unit(mutations, viewer, "执法大队")
        squad = await _unit(mutations, viewer, "第一中队", office["id"])
    assert squad["parent"] == {"id": office["id"], "name": "执法大队"}
    assert squad["department"]["id"] == global_id("Department", org.department.id)
    assert [event.operation for event in events] == ["orgUnit.create", "orgUnit.create"]
    # the department's staff read its units, the viewer's own department by default
    listed = await graph.data(ORG_UNITS, viewer=viewer)
    assert {unit["id"] for unit in listed["orgUnits"]} == {office["id"], squad["id"]}
    # another department's administrator reads none of them
    other = await build.organisation()
    other_viewer = await build.viewer(other.department_admin.account_id)
    variables = {"departmentId": global_id("Department", org.department.id)}
    assert (await graph.data(ORG_UNITS, variables, viewer=other_viewer))["orgUnits"] == []


async def test_a_parent_must_belong_to_the_department(
    build: Builder, org: Organisation, mutations: Mutations
) -> None:
    other = await build.organisation()
    foreign = await _unit(
        mutations, await build.viewer(other.department_admin.account_id), "办公室"
    )
    viewer = await build.viewer(org.department_admin.account_id)
    result = await mutations.run(
        CREATE, {"input": {"name": "办公室", "parentId": foreign["id"]}}, viewer
    )
    assert "input.parentId" in field_errors(result)


async def test_names_are_unique_within_the_department(
    build: Builder, org: Organisation, mutations: Mutations
) -> None:
    viewer = await build.viewer(org.department_admin.account_id)
    first = await _unit(mutations, viewer, "办公室")
    second = await _unit(mutations, viewer, "法规科")
    duplicate = await mutations.run(CREATE, {"input": {"name": "办公室"}}, viewer)
    assert duplicate["code"] == "CONFLICT"
    renamed_onto = await mutations.run(
        RENAME, {"input": {"orgUnitId": second["id"], "name": "办公室"}}, viewer
    )
    assert renamed_onto["code"] == "CONFLICT"
    async with build.audited(viewer) as events:
        renamed = await mutations.run(
            RENAME, {"input": {"orgUnitId": first["id"], "name": "综合办公室"}}, viewer
        )
    assert renamed["orgUnit"]["name"] == "综合办公室"
    [event] = events
    assert (event.before, event.after) == ({"name": "办公室"}, {"name": "综合办公室"})
    blank = await mutations.run(CREATE, {"input": {"name": " "}}, viewer)
    assert "input.name" in field_errors(blank)


async def test_only_empty_units_are_deleted_and_their_grants_go_with_them(
    build: Builder, org: Organisation, mutations: Mutations, session_factory: SessionFactory
) -> None:
    viewer = await build.viewer(org.department_admin.account_id)
    parent = await _unit(mutations, viewer, "执法大队")
    child = await _unit(mutations, viewer, "第二中队", parent["id"])
    # a unit with units under it stays
    refused = await mutations.run(DELETE, {"input": {"orgUnitId": parent["id"]}}, viewer)
    assert refused["code"] == "NOT_EMPTY"
    # so does a unit with accounts in it
    await mutations.run(CREATE_ACCOUNT, {"input": {"orgUnitId": child["id"]}}, viewer)
    with_account = await mutations.run(DELETE, {"input": {"orgUnitId": child["id"]}}, viewer)
    assert with_account["code"] == "NOT_EMPTY"
    # an empty unit goes, with what was granted to it
    empty = await _unit(mutations, viewer, "临时专班")
    granted = await mutations.run(
        GRANT,
        {"input": {"permission": "RECORD_ENTRY", "grantee": {"orgUnitId": empty["id"]}}},
        viewer,
    )
    assert granted["grant"]["id"]
    async with build.audited(viewer) as events:
        deleted = await mutations.run(DELETE, {"input": {"orgUnitId": empty["id"]}}, viewer)
    assert deleted["deletedOrgUnitId"] == empty["id"]
    assert [event.operation for event in events] == ["orgUnit.delete"]
    async with session_factory() as session:
        left = await session.scalar(
            select(PermissionGrant.id).where(
                PermissionGrant.permission == Permission.RECORD_ENTRY,
                PermissionGrant.granted_by_account_id == org.department_admin.account_id,
            )
        )
    assert left is None


async def test_units_of_other_departments_are_not_managed(
    build: Builder, org: Organisation, mutations: Mutations
) -> None:
    other = await build.organisation()
    foreign = await _unit(
        mutations, await build.viewer(other.department_admin.account_id), "办公室"
    )
    viewer = await build.viewer(org.department_admin.account_id)
    await mutations.forbidden(RENAME, {"input": {"orgUnitId": foreign["id"], "name": "x"}}, viewer)
    await mutations.forbidden(DELETE, {"input": {"orgUnitId": foreign["id"]}}, viewer)
