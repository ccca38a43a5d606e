"""数据对接: partner clients bound to departments their creator administers; secrets are
shown once and stored hashed."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from hub.auth.passwords import verify_secret
from hub.auth.permissions import Permission
from hub.auth.viewers import partner_viewer
from hub.db import SessionFactory
from hub.models import PartnerClient
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

CLIENT_FIELDS = "id clientId name enabled scopes departments { id }"

CREATE = f"""
mutation Create($input: CreatePartnerClientInput!) {{
  createPartnerClient(input: $input) {{
    __typename
    ... on PartnerClientSecretPayload {{ clientSecret partnerClient {{ {CLIENT_FIELDS} }} }}
    ... on InputError {{ message code fieldErrors {{ field message }} }}
  }}
}}
"""

DISABLE = f"""
mutation Disable($input: PartnerClientInput!) {{
  disablePartnerClient(input: $input) {{
    __typename
    ... on PartnerClientPayload {{ partnerClient {{ {CLIENT_FIELDS} }} }}
    ... on InputError {{ message code fieldErrors {{ field message }} }}
  }}
}}
"""

ROTATE = f"""
mutation Rotate($input: PartnerClientInput!) {{
  rotatePartnerClientSecret(input: $input) {{
    __typename
    ... on PartnerClientSecretPayload {{ clientSecret partnerClient {{ {CLIENT_FIELDS} }} }}
    ... on InputError {{ message code fieldErrors {{ field message }} }}
  }}
}}
"""

LIST = f"{{ partnerClients(first: 50) {{ totalCount edges {{ node {{ {CLIENT_FIELDS} }} }} }} }}"


def _create_input(*department_ids: int, **extra: Any) -> dict[str, Any]:
    return {
        "input": {
            "name": "某银行信贷系统",
            "departmentIds": [global_id("Department", d) for d in department_ids],
            **extra,
        }
    }


async def _secret_hash(session_factory: SessionFactory, client_id: str) -> str:
    async with session_factory() as session:
        client = await session.scalar(
            select(PartnerClient).where(PartnerClient.client_id == client_id)
        )
    assert client is not None
    return client.secret_hash


async def test_a_client_is_created_for_the_own_department_with_a_secret_shown_once(
    build: Builder, org: Organisation, mutations: Mutations, session_factory: SessionFactory
) -> None:
    admin = await build.viewer(org.department_admin.account_id)
    async with build.audited(admin) as events:
        result = await mutations.run(CREATE, _create_input(org.department.id), admin)
    client = result["partnerClient"]
    assert client["enabled"] is True
    assert client["departments"] == [{"id": global_id("Department", org.department.id)}]
    assert sorted(client["scopes"]) == ["RECORDS_READ", "RECORDS_WRITE"]
    secret_hash = await _secret_hash(session_factory, client["clientId"])
    assert secret_hash != result["clientSecret"]
    assert verify_secret(secret_hash, result["clientSecret"])
    [event] = events
    assert event.operation == "partnerClient.create"
    assert result["clientSecret"] not in str(event.after)
    # the partner can act for the department it is bound to
    async with session_factory() as session:
        viewer = await partner_viewer(session, node_id(client["id"]))
    assert viewer is not None
    assert viewer.partner_department_ids == {org.department.id}


async def test_a_region_administrator_binds_departments_of_its_level(
    build: Builder, org: Organisation, mutations: Mutations
) -> None:
    county_admin = await build.viewer(org.county_admin.account_id)
    result = await mutations.run(
        CREATE,
        _create_input(org.county_market.id, org.department.id, scopes=["RECORDS_WRITE"]),
        county_admin,
    )
    assert len(result["partnerClient"]["departments"]) == 2
    assert result["partnerClient"]["scopes"] == ["RECORDS_WRITE"]


async def test_binding_departments_one_does_not_administer_is_forbidden(
    build: Builder, org: Organisation, mutations: Mutations
) -> None:
    admin = await build.viewer(org.department_admin.account_id)
    await mutations.forbidden(CREATE, _create_input(org.county_market.id), admin)
    other = await build.organisation()
    await mutations.forbidden(
        CREATE, _create_input(other.department.id), await build.viewer(org.county_admin.account_id)
    )


async def test_managing_clients_needs_the_permission(build: Builder, mutations: Mutations) -> None:
    org = await build.organisation(
        department_admin_permissions=DEPARTMENT_ADMINISTRATOR - {Permission.MANAGE_PARTNER_CLIENTS}
    )
    admin = await build.viewer(org.department_admin.account_id)
    await mutations.forbidden(CREATE, _create_input(org.department.id), admin)


async def test_bad_input_is_refused(
    build: Builder, org: Organisation, mutations: Mutations
) -> None:
    admin = await build.viewer(org.department_admin.account_id)
    no_departments = await mutations.run(CREATE, _create_input(), admin)
    assert "input.departmentIds" in field_errors(no_departments)
    no_name = await mutations.run(CREATE, _create_input(org.department.id, name=""), admin)
    assert "input.name" in field_errors(no_name)
    missing = await mutations.run(CREATE, _create_input(10**9), admin)
    assert missing["code"] == "NOT_FOUND"


async def test_disabling_and_rotating(
    build: Builder, org: Organisation, mutations: Mutations, session_factory: SessionFactory
) -> None:
    admin = await build.viewer(org.department_admin.account_id)
    created = await mutations.run(CREATE, _create_input(org.department.id), admin)
    client = created["partnerClient"]
    target = {"input": {"partnerClientId": client["id"]}}
    # rotating: the old secret stops working, the new one works
    async with build.audited(admin) as events:
        rotated = await mutations.run(ROTATE, target, admin)
    secret_hash = await _secret_hash(session_factory, client["clientId"])
    assert verify_secret(secret_hash, rotated["clientSecret"])
    assert not verify_secret(secret_hash, created["clientSecret"])
    assert [event.operation for event in events] == ["partnerClient.rotateSecret"]
    # disabling: the partner is no longer a viewer
    disabled = await mutations.run(DISABLE, target, admin)
    assert disabled["partnerClient"]["enabled"] is False
    async with session_factory() as session:
        assert await partner_viewer(session, node_id(client["id"])) is None
    again = await mutations.run(DISABLE, target, admin)
    assert again["code"] == "CONFLICT"
    # another department's administrator manages none of it
    other = await build.organisation()
    outsider = await build.viewer(other.department_admin.account_id)
    await mutations.forbidden(ROTATE, target, outsider)


async def test_clients_are_listed_to_those_who_administer_their_departments(
    build: Builder, org: Organisation, mutations: Mutations, graph: Graph
) -> None:
    admin = await build.viewer(org.department_admin.account_id)
    created = await mutations.run(CREATE, _create_input(org.department.id), admin)
    client_id = created["partnerClient"]["id"]

    async def listed(viewer: Any) -> set[str]:
        data = await graph.data(LIST, viewer=viewer)
        return {edge["node"]["id"] for edge in data["partnerClients"]["edges"]}

    assert client_id in await listed(admin)
    assert client_id in await listed(await build.viewer(org.county_admin.account_id))
    other = await build.organisation()
    assert client_id not in await listed(await build.viewer(other.department_admin.account_id))
