"""The demo's two plans (one of a single department, one joint), read through the graph on
the session's demo data; and this concept's examples for the audit walk, run once each."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from sqlalchemy import func, select

from hub.auth.viewer import PUBLIC, Viewer
from hub.auth.viewers import staff_viewer
from hub.db import SessionFactory
from hub.demo import DemoSummary
from hub.demo.inspection_plans import DEMO_PLANS
from hub.models import Account, AuditEvent
from tests.accountability.mutation_examples.inspection_plans import EXAMPLES
from tests.inspections.documents import PLANS, STATISTICS, VERIFY
from tests.support import Graph

PUBLIC_INSPECTIONS = """
query($uscc: String!) {
  records(filter: { entityUscc: $uscc, kinds: [INSPECTION] }) {
    nodes { decisionNumber remark }
  }
}
"""


async def _viewer(session_factory: SessionFactory, number: str) -> Viewer:
    async with session_factory() as session:
        account_id = await session.scalar(select(Account.id).where(Account.number == number))
        assert account_id is not None, number
        viewer = await staff_viewer(session, int(account_id))
    assert viewer is not None
    return dataclasses.replace(viewer, password_change_required=False)


@pytest.fixture
async def shenyang_planner(session_factory: SessionFactory, demo_data: DemoSummary) -> Viewer:
    return await _viewer(session_factory, "2101002310001")


async def _demo_plans(graph: Graph, viewer: Viewer) -> list[dict[str, Any]]:
    data = await graph.data(PLANS, {"first": 100}, viewer=viewer)
    names = {plan.name for plan in DEMO_PLANS}
    return [node for node in data["inspectionPlans"]["nodes"] if node["name"] in names]


async def test_the_demo_has_a_single_department_and_a_joint_plan(
    graph: Graph, shenyang_planner: Viewer
) -> None:
    plans = {plan["name"]: plan for plan in await _demo_plans(graph, shenyang_planner)}
    single, joint = (plans[plan.name] for plan in DEMO_PLANS)
    assert [d["lead"] for d in single["departments"]] == [True]
    assert sorted(d["lead"] for d in joint["departments"]) == [False, True]
    for plan in (single, joint):
        assert plan["status"] == "IN_PROGRESS"
        for assignment in plan["assignments"]:
            assert len(assignment["inspectors"]) >= 2
    assert len(single["assignments"]) == DEMO_PLANS[0].object_count
    # results: some published, some still to publish, some overdue
    assert any(a["published"] for a in single["assignments"])
    assert any(a["overdue"] for a in single["assignments"])
    assert any(not a["published"] and not a["overdue"] for a in joint["assignments"])


async def test_the_demo_draws_verify(graph: Graph, shenyang_planner: Viewer) -> None:
    for plan in await _demo_plans(graph, shenyang_planner):
        data = await graph.data(VERIFY, {"planId": plan["id"]}, viewer=shenyang_planner)
        assert data["verifyDraw"]["matches"] is True, data["verifyDraw"]["mismatches"]


async def test_the_demo_statistics_and_the_public_results(
    graph: Graph, shenyang_planner: Viewer
) -> None:
    plans = await _demo_plans(graph, shenyang_planner)
    data = await graph.data(STATISTICS, {}, viewer=shenyang_planner)
    by_plan = {row["plan"]["id"]: row for row in data["inspectionPlanStatistics"]["byPlan"]}
    single = next(p for p in plans if p["name"] == DEMO_PLANS[0].name)
    row = by_plan[single["id"]]
    assert row["drawn"] == DEMO_PLANS[0].object_count
    assert row["entered"] == len(DEMO_PLANS[0].results)
    assert row["published"] == sum(result.publish for result in DEMO_PLANS[0].results)
    assert row["overdue"] == row["drawn"] - row["published"]
    # the public reads a published result as an INSPECTION record
    published = next(a for a in single["assignments"] if a["published"])
    records = await graph.data(
        PUBLIC_INSPECTIONS, {"uscc": published["entity"]["uscc"]}, viewer=PUBLIC
    )
    assert published["record"]["decisionNumber"] in {
        node["decisionNumber"] for node in records["records"]["nodes"]
    }


async def test_the_demo_plans_are_hidden_from_other_departments(
    graph: Graph, session_factory: SessionFactory, demo_data: DemoSummary
) -> None:
    dalian = await _viewer(session_factory, "2102002310006")
    transport = await _viewer(session_factory, "2101003030006")
    assert await _demo_plans(graph, dalian) == []
    assert await _demo_plans(graph, transport) == []
    # a cross-department user of 沈阳市 sees both
    analyst = await _viewer(session_factory, "2101002310006")
    assert len(await _demo_plans(graph, analyst)) == len(DEMO_PLANS)


@pytest.mark.parametrize("example", EXAMPLES, ids=[example.field for example in EXAMPLES])
async def test_each_mutation_example_succeeds_with_its_audit_events(
    graph: Graph, session_factory: SessionFactory, demo_data: DemoSummary, example: Any
) -> None:
    viewer = await _viewer(session_factory, example.viewer)
    variables = dict(example.variables)
    if example.prepare is not None:
        variables.update(await example.prepare(session_factory))

    async def events() -> int:
        async with session_factory() as session:
            return int(await session.scalar(select(func.count(AuditEvent.id))) or 0)

    before = await events()
    data = await graph.data(example.document, variables, viewer=viewer)
    result = data[example.field]
    assert result["__typename"] != "InputError", result
    assert await events() - before == example.audit_events
