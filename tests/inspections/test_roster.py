"""执法检查人员名录库: enrolment by one's own department, and who reads the roster."""

from __future__ import annotations

from typing import Any

from hub.auth.viewer import PUBLIC
from hub.db import SessionFactory
from hub.models import User
from tests.inspections.conftest import Office, gid, make_office
from tests.support import Graph

ENROL = """
mutation($input: EnrolInspectorInput!) {
  enrolInspector(input: $input) {
    __typename
    ... on InspectorPayload { inspector { name certificateNumber field department { id } } }
    ... on InputError { code fieldErrors { field message } }
  }
}
"""

ROSTER = """
query($departmentId: ID) {
  inspectors(departmentId: $departmentId, first: 50) { totalCount nodes { certificateNumber } }
}
"""


async def _user(sessions: SessionFactory, department_id: int, name: str) -> str:
    async with sessions() as session, session.begin():
        user = User(name=name, department_id=department_id)
        session.add(user)
        await session.flush()
        return gid("User", user.id)


async def _enrol(graph: Graph, office: Office, user_id: str, certificate: str) -> dict[str, Any]:
    variables = {
        "input": {"userId": user_id, "certificateNumber": certificate, "field": "食品安全"}
    }
    data = await graph.data(ENROL, variables, viewer=office.lead.viewer())
    result: dict[str, Any] = data["enrolInspector"]
    return result


async def test_a_department_enrols_its_own_people_once(
    inspection_graph: Graph, office: Office, inspection_sessions: SessionFactory
) -> None:
    own = await _user(inspection_sessions, office.lead.department_id, "赵明")
    enrolled = await _enrol(inspection_graph, office, own, f"sy-{office.lead.code}-77")
    assert enrolled["inspector"] == {
        "name": "赵明",
        "certificateNumber": f"SY-{office.lead.code}-77",
        "field": "食品安全",
        "department": {"id": office.lead.gid},
    }
    again = await _enrol(inspection_graph, office, own, f"SY-{office.lead.code}-77")
    assert {e["field"] for e in again["fieldErrors"]} == {
        "input.userId",
        "input.certificateNumber",
    }
    other = await _user(inspection_sessions, office.partner.department_id, "钱亮")
    refused = await _enrol(inspection_graph, office, other, f"SY-{office.lead.code}-78")
    assert refused["fieldErrors"] == [{"field": "input.userId", "message": "只能登记本部门的人员"}]
    bad = await _enrol(inspection_graph, office, own, "证号")
    assert bad["fieldErrors"][0]["field"] == "input.certificateNumber"


async def test_the_roster_is_read_by_its_department(
    inspection_graph: Graph, office: Office, inspection_sessions: SessionFactory
) -> None:
    variables = {"departmentId": office.lead.gid}
    own = await inspection_graph.data(ROSTER, variables, viewer=office.lead.viewer())
    assert sorted(n["certificateNumber"] for n in own["inspectors"]["nodes"]) == sorted(
        office.lead.certificates
    )
    stranger = await make_office(inspection_sessions, entities=0)
    hidden = await inspection_graph.data(ROSTER, variables, viewer=stranger.lead.viewer())
    assert hidden["inspectors"]["totalCount"] == 0
    public = await inspection_graph.data(ROSTER, variables, viewer=PUBLIC)
    assert public["inspectors"]["totalCount"] == 0
