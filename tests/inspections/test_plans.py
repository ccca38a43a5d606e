"""Inspection plans: creation rules, joint plans, visibility, completion."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from hub.auth.permissions import Permission
from hub.auth.viewer import PUBLIC, Viewer
from hub.db import SessionFactory
from hub.models import AuditEvent
from tests.inspections.conftest import CITY, Office, make_office
from tests.inspections.documents import (
    COMPLETE_PLAN,
    CREATE_PLAN,
    DRAW_PLAN,
    ENTER_RESULT,
    PLANS,
)
from tests.inspections.support import accept, create_plan, draw, drawn_plan, plan_input
from tests.support import Graph


async def test_a_plan_is_created_as_a_draft_with_one_audit_event(
    inspection_graph: Graph, office: Office, inspection_sessions: SessionFactory
) -> None:
    plan = await create_plan(inspection_graph, office)
    assert plan["status"] == "DRAFT"
    assert [d["lead"] for d in plan["departments"]] == [True]
    assert [item["id"] for item in plan["items"]] == [office.lead.item_gid]
    async with inspection_sessions() as session:
        events = (
            await session.scalars(
                select(AuditEvent.operation).where(AuditEvent.target_type == "InspectionPlan")
            )
        ).all()
    assert "inspectionPlan.create" in events


async def test_creation_refuses_every_broken_rule_at_once(
    inspection_graph: Graph, office: Office
) -> None:
    # given an item of another department and numbers out of range
    stranger = await make_office(office.sessions, entities=0)
    variables = {
        "input": plan_input(
            office,
            name=" ",
            itemIds=[stranger.lead.item_gid],
            objectCount=0,
            inspectorsPerObject=1,
            exclusionWindowDays=-1,
            publicationDeadlineDays=0,
            endsOn=(date.today() - timedelta(days=1)).isoformat(),
            pool={"regionCode": "210200"},
        )
    }
    # when the plan is submitted
    data = await inspection_graph.data(CREATE_PLAN, variables, viewer=office.lead.viewer())
    # then every problem comes back, field by field, and nothing is written
    result = data["createInspectionPlan"]
    assert result["__typename"] == "InputError"
    fields = {error["field"] for error in result["fieldErrors"]}
    assert fields >= {
        "input.name",
        "input.itemIds",
        "input.objectCount",
        "input.inspectorsPerObject",
        "input.exclusionWindowDays",
        "input.publicationDeadlineDays",
        "input.endsOn",
        "input.pool.regionCode",
    }


async def test_at_least_two_inspectors_per_object_is_enforced(
    inspection_graph: Graph, office: Office
) -> None:
    data = await inspection_graph.data(
        CREATE_PLAN,
        {"input": plan_input(office, inspectorsPerObject=1)},
        viewer=office.lead.viewer(),
    )
    errors = data["createInspectionPlan"]["fieldErrors"]
    assert errors == [
        {"field": "input.inspectorsPerObject", "message": "每个检查对象至少需要2名执法检查人员"}
    ]


async def test_planning_needs_the_permission(inspection_graph: Graph, office: Office) -> None:
    viewer = office.lead.viewer(frozenset({Permission.RECORD_ENTRY}))
    codes = await inspection_graph.error_codes(
        CREATE_PLAN, {"input": plan_input(office)}, viewer=viewer
    )
    assert codes == ["FORBIDDEN"]


async def test_a_joint_plan_is_drawn_once_every_invited_department_accepted(
    inspection_graph: Graph, office: Office
) -> None:
    # given a joint plan with the partner department invited
    plan = await create_plan(
        inspection_graph,
        office,
        invitedDepartmentIds=[office.partner.gid],
        itemIds=[office.lead.item_gid, office.partner.item_gid],
    )
    assert [d["acceptedAt"] is None for d in plan["departments"]].count(True) == 1
    # when the lead draws before the partner accepted, it is refused
    refused = await inspection_graph.data(
        DRAW_PLAN, {"id": plan["id"], "version": plan["version"]}, viewer=office.lead.viewer()
    )
    assert refused["drawInspectionPlan"]["code"] == "CONFLICT"
    # then once accepted, the draw uses both departments' inspectors
    accepted = await accept(inspection_graph, office.partner.viewer(), plan["id"])
    assert accepted["__typename"] == "InspectionPlanPayload"
    drawn = await draw(inspection_graph, office, accepted["plan"])
    departments = {
        inspector["department"]["id"]
        for assignment in drawn["assignments"]
        for inspector in assignment["inspectors"]
    }
    assert departments == {office.lead.gid, office.partner.gid}


async def test_only_an_invited_department_can_accept(
    inspection_graph: Graph, office: Office
) -> None:
    plan = await create_plan(inspection_graph, office)
    codes = await inspection_graph.error_codes(
        "mutation($id: ID!) { acceptInspectionPlan(id: $id) { __typename } }",
        {"id": plan["id"]},
        viewer=office.partner.viewer(),
    )
    assert codes == ["FORBIDDEN"]


async def test_plans_are_visible_to_taking_part_and_cross_department_viewers_only(
    inspection_graph: Graph, office: Office
) -> None:
    # given a joint plan the partner accepted, and a third department
    plan = await create_plan(inspection_graph, office, invitedDepartmentIds=[office.partner.gid])
    await accept(inspection_graph, office.partner.viewer(), plan["id"])
    stranger = await make_office(office.sessions, entities=0)
    analyst = Viewer.staff(
        department_id=stranger.lead.department_id,
        region_code=CITY,
        permissions=frozenset({Permission.CROSS_DEPARTMENT_QUERY}),
    )
    dalian_analyst = Viewer.staff(
        department_id=stranger.lead.department_id,
        region_code="210200",
        permissions=frozenset({Permission.CROSS_DEPARTMENT_QUERY}),
    )
    variables = {"first": 50, "departmentId": office.lead.gid}

    async def names(viewer: Viewer) -> list[str]:
        data = await inspection_graph.data(PLANS, variables, viewer=viewer)
        return [node["name"] for node in data["inspectionPlans"]["nodes"]]

    # then the departments taking part and a cross-department viewer of 沈阳市 see it
    assert await names(office.lead.viewer()) == [plan["name"]]
    assert await names(office.partner.viewer()) == [plan["name"]]
    assert await names(analyst) == [plan["name"]]
    # and a department outside it, a cross-department viewer elsewhere and the public do not
    assert await names(stranger.lead.viewer()) == []
    assert await names(dalian_analyst) == []
    assert await names(PUBLIC) == []
    node = await inspection_graph.data(
        "query($id: ID!) { node(id: $id) { id } }", {"id": plan["id"]}, viewer=PUBLIC
    )
    assert node["node"] is None


async def test_completion_waits_for_every_result_to_be_published(
    inspection_graph: Graph, office: Office
) -> None:
    plan = await drawn_plan(inspection_graph, office, objectCount=2)
    early = await inspection_graph.data(
        COMPLETE_PLAN, {"id": plan["id"], "version": plan["version"]}, viewer=office.lead.viewer()
    )
    assert early["completeInspectionPlan"]["code"] == "CONFLICT"
    for assignment in plan["assignments"]:
        entered = await inspection_graph.data(
            ENTER_RESULT,
            {
                "id": assignment["id"],
                "input": {
                    "result": "NORMAL",
                    "inspectedOn": date.today().isoformat(),
                    "publish": True,
                },
            },
            viewer=_entering_viewer(office, assignment),
        )
        assert entered["enterInspectionResult"]["__typename"] == "InspectionAssignmentPayload"
    version = await _version(inspection_graph, office, plan["id"])
    done = await inspection_graph.data(
        COMPLETE_PLAN, {"id": plan["id"], "version": version}, viewer=office.lead.viewer()
    )
    assert done["completeInspectionPlan"]["plan"]["status"] == "COMPLETED"


def _entering_viewer(office: Office, assignment: dict[str, object]) -> Viewer:
    inspectors = assignment["inspectors"]
    assert isinstance(inspectors, list)
    department = inspectors[0]["department"]["id"]
    desk = office.lead if department == office.lead.gid else office.partner
    return desk.viewer()


async def _version(graph: Graph, office: Office, plan_id: str) -> int:
    data = await graph.data(
        "query($id: ID!) { node(id: $id) { ... on InspectionPlan { version } } }",
        {"id": plan_id},
        viewer=office.lead.viewer(),
    )
    return int(data["node"]["version"])
