"""Results: entered per object, they become INSPECTION records (published: 一公开); overdue
ones are listed; completion statistics; constant statement counts."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select, update
from strawberry.relay import from_base64

from hub.auth.permissions import Permission
from hub.auth.viewer import PUBLIC
from hub.db import SessionFactory
from hub.models import AuditEvent, InspectionAssignment, OutboxMessage
from tests.inspections.conftest import Desk, Office, make_office
from tests.inspections.documents import ENTER_RESULT, OVERDUE, PLANS, STATISTICS
from tests.inspections.support import drawn_plan
from tests.support import Graph

PUBLIC_RECORDS = """
query($uscc: String!) {
  records(filter: { entityUscc: $uscc, kinds: [INSPECTION] }) {
    nodes { decisionNumber remark ... on Inspection { result handling } }
  }
}
"""


def _id(global_id: str) -> int:
    return int(from_base64(global_id)[1])


def _desk_of(office: Office, assignment: dict[str, Any]) -> Desk:
    department = assignment["inspectors"][0]["department"]["id"]
    return office.lead if department == office.lead.gid else office.partner


async def _enter(graph: Graph, desk: Desk, assignment_id: str, **values: Any) -> dict[str, Any]:
    result_input = {"result": "NORMAL", "inspectedOn": date.today().isoformat(), **values}
    data = await graph.data(
        ENTER_RESULT, {"id": assignment_id, "input": result_input}, viewer=desk.viewer()
    )
    entered: dict[str, Any] = data["enterInspectionResult"]
    return entered


async def test_a_published_result_is_an_inspection_record_the_public_reads(
    inspection_graph: Graph, office: Office, inspection_sessions: SessionFactory
) -> None:
    # given a drawn plan
    plan = await drawn_plan(inspection_graph, office, objectCount=2)
    assignment = plan["assignments"][0]
    # when an inspector's department enters a result with problems, published at once
    entered = await _enter(
        inspection_graph,
        _desk_of(office, assignment),
        assignment["id"],
        result="PROBLEMS_FOUND",
        findings="未公示年度报告",
        handling="责令限期改正",
        publish=True,
    )
    # then it is an INSPECTION record of that department, published, linked to the plan
    assert entered["__typename"] == "InspectionAssignmentPayload", entered
    result = entered["assignment"]
    assert result["result"] == "PROBLEMS_FOUND"
    assert result["published"] is True
    assert result["overdue"] is False
    assert result["plan"]["status"] == "IN_PROGRESS"
    record = result["record"]
    assert record["status"] == "PUBLISHED"
    assert record["result"] == "PROBLEMS_FOUND"
    assert record["handling"] == "责令限期改正"
    # and the public reads it through the records, with the plan named
    data = await inspection_graph.data(
        PUBLIC_RECORDS, {"uscc": assignment["entity"]["uscc"]}, viewer=PUBLIC
    )
    [public] = data["records"]["nodes"]
    assert public["decisionNumber"] == record["decisionNumber"]
    assert "抽查计划" in public["remark"]
    # and it went where every published record goes: the outbox, the audit trail
    async with inspection_sessions() as session:
        record_id = _id(record["id"])
        outbox = await session.scalar(
            select(func.count(OutboxMessage.id)).where(OutboxMessage.record_id == record_id)
        )
        operations = set(
            await session.scalars(
                select(AuditEvent.operation).where(
                    AuditEvent.target_id.in_([str(record_id), str(_id(assignment["id"]))])
                )
            )
        )
    assert outbox == 1
    assert {"record.create", "record.publish", "inspectionAssignment.enterResult"} <= operations


async def test_a_draft_result_is_not_public(inspection_graph: Graph, office: Office) -> None:
    plan = await drawn_plan(inspection_graph, office, objectCount=1)
    assignment = plan["assignments"][0]
    entered = await _enter(inspection_graph, _desk_of(office, assignment), assignment["id"])
    assert entered["assignment"]["record"]["status"] == "DRAFT"
    assert entered["assignment"]["published"] is False
    data = await inspection_graph.data(
        PUBLIC_RECORDS, {"uscc": assignment["entity"]["uscc"]}, viewer=PUBLIC
    )
    assert data["records"]["nodes"] == []


async def test_result_entry_rules(inspection_graph: Graph, office: Office) -> None:
    plan = await drawn_plan(inspection_graph, office, objectCount=1)
    assignment = plan["assignments"][0]
    desk = _desk_of(office, assignment)
    # problems found without saying which, and without handling: refused field by field
    refused = await _enter(inspection_graph, desk, assignment["id"], result="PROBLEMS_FOUND")
    assert {e["field"] for e in refused["fieldErrors"]} == {"input.findings", "input.handling"}
    # a department without an inspector on the object cannot enter it
    stranger = await make_office(office.sessions, entities=0)
    codes = await inspection_graph.error_codes(
        ENTER_RESULT,
        {"id": assignment["id"], "input": {"result": "NORMAL", "inspectedOn": "2026-01-05"}},
        viewer=stranger.lead.viewer(),
    )
    assert codes == ["FORBIDDEN"]
    # an inspection date in the future is collection's rule, and holds here too
    future = (date.today() + timedelta(days=2)).isoformat()
    later = await _enter(inspection_graph, desk, assignment["id"], inspectedOn=future)
    assert later["__typename"] == "InputError"
    # and a result is entered once
    assert (await _enter(inspection_graph, desk, assignment["id"]))["__typename"] == (
        "InspectionAssignmentPayload"
    )
    again = await _enter(inspection_graph, desk, assignment["id"])
    assert again["code"] == "CONFLICT"


async def test_publishing_needs_the_publication_permission(
    inspection_graph: Graph, office: Office
) -> None:
    plan = await drawn_plan(inspection_graph, office, objectCount=1)
    assignment = plan["assignments"][0]
    desk = _desk_of(office, assignment)
    codes = await inspection_graph.error_codes(
        ENTER_RESULT,
        {
            "id": assignment["id"],
            "input": {"result": "NORMAL", "inspectedOn": date.today().isoformat(), "publish": True},
        },
        viewer=desk.viewer(frozenset({Permission.PLAN_INSPECTIONS, Permission.RECORD_ENTRY})),
    )
    assert codes == ["FORBIDDEN"]
    # nothing of it was kept
    data = await inspection_graph.data(
        PLANS, {"first": 5, "departmentId": desk.gid}, viewer=desk.viewer()
    )
    [node] = [n for n in data["inspectionPlans"]["nodes"] if n["status"]]
    assert node["status"] == "DRAWN"
    assert node["assignments"][0]["record"] is None


async def test_overdue_results_and_completion_statistics(
    inspection_graph: Graph, inspection_sessions: SessionFactory
) -> None:
    # given a joint plan of four objects: one published, one entered but not published,
    # two not entered; and time passed beyond the publication deadline for three of them
    office = await make_office(inspection_sessions, entities=6)
    plan = await drawn_plan(inspection_graph, office, objectCount=4)
    first, second, third, _fourth = plan["assignments"]
    await _enter(inspection_graph, _desk_of(office, first), first["id"], publish=True)
    await _enter(inspection_graph, _desk_of(office, second), second["id"])
    async with inspection_sessions() as session, session.begin():
        await session.execute(
            update(InspectionAssignment)
            .where(InspectionAssignment.id.in_([_id(a["id"]) for a in plan["assignments"][:3]]))
            .values(publication_due_on=date.today() - timedelta(days=3))
        )
    viewer = office.lead.viewer()
    # when the overdue results are listed
    data = await inspection_graph.data(OVERDUE, {"first": 100}, viewer=viewer)
    overdue_ids = {node["id"] for node in data["overdueInspectionResults"]["nodes"]}
    # then the entered-but-unpublished and the not-entered past their date are, the
    # published one and the one still within its deadline are not
    assert overdue_ids == {second["id"], third["id"]}
    assert all(node["overdue"] for node in data["overdueInspectionResults"]["nodes"])
    assert data["overdueInspectionResults"]["totalCount"] == 2
    # and the statistics count the same, per plan and per department
    statistics = (
        await inspection_graph.data(STATISTICS, {"departmentId": office.lead.gid}, viewer=viewer)
    )["inspectionPlanStatistics"]
    assert statistics["byPlan"] == [
        {"plan": {"id": plan["id"]}, "drawn": 4, "entered": 2, "published": 1, "overdue": 2}
    ]
    assert statistics["byDepartment"] == [
        {
            "department": {"id": office.lead.gid},
            "drawn": 4,
            "entered": 2,
            "published": 1,
            "overdue": 2,
        }
    ]
    assert statistics["total"] == {"drawn": 4, "entered": 2, "published": 1, "overdue": 2}
    # and someone outside the plan sees none of it
    stranger = await make_office(inspection_sessions, entities=0)
    hidden = await inspection_graph.data(
        STATISTICS, {"departmentId": office.lead.gid}, viewer=stranger.lead.viewer()
    )
    assert hidden["inspectionPlanStatistics"]["byPlan"] == []
    assert (await inspection_graph.data(OVERDUE, {"first": 100}, viewer=PUBLIC))[
        "overdueInspectionResults"
    ]["totalCount"] == 0


async def test_statistics_per_department_of_a_joint_plan(
    inspection_graph: Graph, inspection_sessions: SessionFactory
) -> None:
    from tests.inspections.support import accept, create_plan, draw

    office = await make_office(inspection_sessions, entities=6)
    plan = await create_plan(
        inspection_graph, office, objectCount=4, invitedDepartmentIds=[office.partner.gid]
    )
    accepted = await accept(inspection_graph, office.partner.viewer(), plan["id"])
    drawn = await draw(inspection_graph, office, accepted["plan"])
    expected: dict[str, int] = {}
    for assignment in drawn["assignments"]:
        for department in {i["department"]["id"] for i in assignment["inspectors"]}:
            expected[department] = expected.get(department, 0) + 1
    data = await inspection_graph.data(
        STATISTICS, {"departmentId": office.lead.gid}, viewer=office.lead.viewer()
    )
    by_department = {
        row["department"]["id"]: row["drawn"]
        for row in data["inspectionPlanStatistics"]["byDepartment"]
    }
    assert by_department == expected


async def test_listing_plans_with_their_assignments_takes_a_constant_number_of_statements(
    inspection_graph: Graph, inspection_sessions: SessionFactory, inspection_statements: Any
) -> None:
    # given one department with four drawn plans, some results entered
    office = await make_office(inspection_sessions, entities=10)
    for number in range(4):
        plan = await drawn_plan(inspection_graph, office, name=f"计划{number}", objectCount=3)
        assignment = plan["assignments"][0]
        await _enter(inspection_graph, _desk_of(office, assignment), assignment["id"])
    viewer = office.lead.viewer()

    async def statements(first: int) -> tuple[int, dict[str, Any]]:
        variables = {"first": first, "departmentId": office.lead.gid}
        with inspection_statements() as log:
            data = await inspection_graph.data(PLANS, variables, viewer=viewer)
        return log.count, data

    # when one plan and then all four are listed with assignments, entities, inspectors,
    # departments, items and records
    small, _ = await statements(1)
    large, data = await statements(4)
    # then both take the same statements
    assert len(data["inspectionPlans"]["nodes"]) == 4
    assert sum(len(n["assignments"]) for n in data["inspectionPlans"]["nodes"]) == 12
    assert small == large
    # plans, count, departments (participants, then the departments), items (ids, then
    # items), assignments, entities, inspectors, records
    assert large == 10
