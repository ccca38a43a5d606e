"""全程留痕: every organisation mutation writes exactly one audit event, in its own
transaction; a refused one writes none."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import strawberry
from strawberry.types.base import StrawberryObjectDefinition

from hub.resolvers.organisation import OrganisationMutation
from tests.organisation.conftest import Builder, Mutations, Organisation, global_id
from tests.support import Graph

State = dict[str, Any]


@dataclass(frozen=True)
class Step:
    mutation: str
    actor: str  # "county" or "department": whose administrator runs it
    selection: str  # what to read back from the payload
    variables: Callable[[State], dict[str, Any]]
    operation: str  # the audit event's operation
    keep: Callable[[State, dict[str, Any]], None] = lambda state, result: None

    def document(self) -> str:
        input_type = self.mutation[0].upper() + self.mutation[1:] + "Input"
        input_type = INPUT_TYPES.get(self.mutation, input_type)
        return f"""
mutation Step($input: {input_type}!) {{
  {self.mutation}(input: $input) {{
    __typename
    ... on InputError {{ code message fieldErrors {{ field message }} }}
    {self.selection}
  }}
}}
"""


INPUT_TYPES = {
    "revokeAccount": "AccountInput",
    "disableAccount": "AccountInput",
    "enableAccount": "AccountInput",
    "resetAccountPassword": "AccountInput",
    "disablePartnerClient": "PartnerClientInput",
    "rotatePartnerClientSecret": "PartnerClientInput",
}


def _account(state: State) -> dict[str, Any]:
    return {"input": {"accountId": state["account"]}}


def _client(state: State) -> dict[str, Any]:
    return {"input": {"partnerClientId": state["client"]}}


STEPS = (
    Step(
        "createDepartment",
        "county",
        "... on CreateDepartmentPayload { department { id } }",
        lambda state: {"input": {"code": state["free_code"]}},
        "department.create",
        lambda state, result: state.update(new_department=result["department"]["id"]),
    ),
    Step(
        "enableDepartmentAdministrator",
        "county",
        "... on EnableDepartmentAdministratorPayload { account { id } }",
        lambda state: {"input": {"departmentId": state["new_department"]}},
        "account.enableAdministrator",
    ),
    Step(
        "createUser",
        "department",
        "... on CreateUserPayload { user { id } }",
        lambda state: {"input": {"name": "孙八", "idNumber": state["id_number"]}},
        "user.create",
        lambda state, result: state.update(user=result["user"]["id"]),
    ),
    Step(
        "createAccount",
        "department",
        "... on AccountWithPasswordPayload { account { id } }",
        lambda state: {"input": {}},
        "account.create",
        lambda state, result: state.update(account=result["account"]["id"]),
    ),
    Step(
        "createOrgUnit",
        "department",
        "... on OrgUnitPayload { orgUnit { id } }",
        lambda state: {"input": {"name": "办公室"}},
        "orgUnit.create",
        lambda state, result: state.update(unit=result["orgUnit"]["id"]),
    ),
    Step(
        "renameOrgUnit",
        "department",
        "... on OrgUnitPayload { orgUnit { id } }",
        lambda state: {"input": {"orgUnitId": state["unit"], "name": "综合办公室"}},
        "orgUnit.rename",
    ),
    Step(
        "setAccountOrgUnit",
        "department",
        "... on AccountPayload { account { id } }",
        lambda state: {"input": {"accountId": state["account"], "orgUnitId": state["unit"]}},
        "account.setOrgUnit",
    ),
    Step(
        "assignAccount",
        "department",
        "... on AccountPayload { account { id } }",
        lambda state: {"input": {"accountId": state["account"], "userId": state["user"]}},
        "account.assign",
    ),
    Step(
        "revokeAccount",
        "department",
        "... on AccountPayload { account { id } }",
        _account,
        "account.revoke",
    ),
    Step(
        "disableAccount",
        "department",
        "... on AccountPayload { account { id } }",
        _account,
        "account.disable",
    ),
    Step(
        "enableAccount",
        "department",
        "... on AccountPayload { account { id } }",
        _account,
        "account.enable",
    ),
    Step(
        "resetAccountPassword",
        "department",
        "... on AccountWithPasswordPayload { account { id } }",
        _account,
        "account.resetPassword",
    ),
    Step(
        "grantPermission",
        "department",
        "... on GrantPermissionPayload { grant { id } }",
        lambda state: {
            "input": {"permission": "RECORD_ENTRY", "grantee": {"accountId": state["account"]}}
        },
        "permission.grant",
        lambda state, result: state.update(grant=result["grant"]["id"]),
    ),
    Step(
        "revokePermission",
        "department",
        "... on RevokePermissionPayload { revokedGrantId }",
        lambda state: {"input": {"grantId": state["grant"]}},
        "permission.revoke",
    ),
    Step(
        "createOrgUnit",
        "department",
        "... on OrgUnitPayload { orgUnit { id } }",
        lambda state: {"input": {"name": "临时专班"}},
        "orgUnit.create",
        lambda state, result: state.update(empty_unit=result["orgUnit"]["id"]),
    ),
    Step(
        "deleteOrgUnit",
        "department",
        "... on DeleteOrgUnitPayload { deletedOrgUnitId }",
        lambda state: {"input": {"orgUnitId": state["empty_unit"]}},
        "orgUnit.delete",
    ),
    Step(
        "createPartnerClient",
        "department",
        "... on PartnerClientSecretPayload { partnerClient { id } }",
        lambda state: {"input": {"name": "某平台", "departmentIds": [state["department"]]}},
        "partnerClient.create",
        lambda state, result: state.update(client=result["partnerClient"]["id"]),
    ),
    Step(
        "rotatePartnerClientSecret",
        "department",
        "... on PartnerClientSecretPayload { partnerClient { id } }",
        _client,
        "partnerClient.rotateSecret",
    ),
    Step(
        "disablePartnerClient",
        "department",
        "... on PartnerClientPayload { partnerClient { id } }",
        _client,
        "partnerClient.disable",
    ),
)


def _organisation_mutations() -> set[str]:
    definition: StrawberryObjectDefinition = OrganisationMutation.__strawberry_definition__  # type: ignore[attr-defined]
    return {
        field.graphql_name or strawberry.utils.str_converters.to_camel_case(field.python_name)
        for field in definition.fields
    }


def test_every_organisation_mutation_is_in_the_audit_walk() -> None:
    assert {step.mutation for step in STEPS} == _organisation_mutations()


async def test_every_mutation_writes_exactly_one_audit_event(
    build: Builder, org: Organisation, mutations: Mutations, graph: Graph
) -> None:
    # given the two administrators of a fresh organisation
    viewers = {
        "county": await build.viewer(org.county_admin.account_id),
        "department": await build.viewer(org.department_admin.account_id),
    }
    used = {org.department.code, "231"}
    state: State = {
        "department": global_id("Department", org.department.id),
        "free_code": next(c for c in ("302", "303", "304", "305", "306", "307") if c not in used),
        "id_number": await build.fresh_resident_id(),
    }
    for step in STEPS:
        viewer = viewers[step.actor]
        # when each mutation runs once
        async with build.audited(viewer) as events:
            result = await mutations.run(step.document(), step.variables(state), viewer)
        # then it succeeded and wrote one event, of its own operation
        assert result["__typename"] != "InputError", (step.mutation, result)
        assert [event.operation for event in events] == [step.operation], step.mutation
        [event] = events
        assert event.client_address is None
        step.keep(state, result)


async def test_a_refused_mutation_writes_nothing(
    build: Builder, org: Organisation, mutations: Mutations
) -> None:
    # given the administrator's own account, which it may not disable
    viewer = await build.viewer(org.department_admin.account_id)
    own = {"input": {"accountId": global_id("Account", org.department_admin.account_id)}}
    document = next(s for s in STEPS if s.mutation == "disableAccount").document()
    async with build.audited(viewer) as events:
        refused = await mutations.run(document, own, viewer)
    assert refused["__typename"] == "InputError"
    assert events == []
    # and a forbidden one neither
    async with build.audited(viewer) as events:
        await mutations.forbidden(
            next(s for s in STEPS if s.mutation == "createDepartment").document(),
            {"input": {"code": "303"}},
            viewer,
        )
    assert events == []
