"""The draw: reproducible from the stored seed and snapshots, verifiable, tamper-evident,
with the exclusions applied and at least two inspectors per object."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from sqlalchemy import select, update
from strawberry.relay import from_base64

from hub.db import SessionFactory
from hub.inspections import draw as algorithm
from hub.models import InspectionAssignment, InspectionAssignmentInspector, InspectionPlan
from tests.inspections.conftest import Office, make_office
from tests.inspections.documents import DRAW_PLAN, VERIFY
from tests.inspections.support import accept, create_plan, draw, drawn_plan
from tests.support import Graph

SNAPSHOT = """
query($id: ID!) { node(id: $id) { ... on InspectionPlan { id seed drawSnapshot } } }
"""


def _id(global_id: str) -> int:
    return int(from_base64(global_id)[1])


def _rank(*parts: str) -> str:
    """docs/random-draw.md, written out again here rather than imported."""
    return hashlib.sha256("|".join(parts).encode("utf-8")).hexdigest()


async def _verify(graph: Graph, office: Office, plan_id: str) -> dict[str, Any]:
    data = await graph.data(VERIFY, {"planId": plan_id}, viewer=office.lead.viewer())
    verification: dict[str, Any] = data["verifyDraw"]
    return verification


async def test_a_draw_records_its_seed_and_picks_two_distinct_inspectors_per_object(
    inspection_graph: Graph, office: Office
) -> None:
    plan = await drawn_plan(inspection_graph, office, objectCount=5, inspectorsPerObject=2)
    assert plan["status"] == "DRAWN"
    assert re.fullmatch(r"[0-9a-f]{64}", plan["seed"])
    assert plan["pool"]["size"] == len(office.entity_ids)
    assert [a["position"] for a in plan["assignments"]] == [1, 2, 3, 4, 5]
    assert len({a["entity"]["id"] for a in plan["assignments"]}) == 5
    for assignment in plan["assignments"]:
        inspectors = [inspector["id"] for inspector in assignment["inspectors"]]
        assert len(inspectors) == len(set(inspectors)) == 2


async def test_two_draws_take_different_seeds(inspection_graph: Graph, office: Office) -> None:
    first = await drawn_plan(inspection_graph, office, name="甲")
    second = await drawn_plan(inspection_graph, office, name="乙")
    assert first["seed"] != second["seed"]


async def test_a_draw_is_recomputed_from_the_documented_algorithm(
    inspection_graph: Graph, office: Office
) -> None:
    # given a drawn plan and what it stored
    plan = await drawn_plan(inspection_graph, office, objectCount=3)
    data = await inspection_graph.data(SNAPSHOT, {"id": plan["id"]}, viewer=office.lead.viewer())
    seed, snapshot = data["node"]["seed"], data["node"]["drawSnapshot"]
    plan_id = str(_id(plan["id"]))
    # when the objects are ranked by hand, as docs/random-draw.md says (no exclusions here)
    keys = [candidate["key"] for candidate in snapshot["pool"]["candidates"]]
    assert keys == sorted(keys)
    assert len(keys) == len(office.entity_ids)
    by_rank = sorted(keys, key=lambda key: _rank(seed, plan_id, key))[:3]
    # then they are the objects drawn, and so are each object's inspectors
    assert [a["entity"]["uscc"] for a in plan["assignments"]] == by_rank
    roster = [inspector["key"] for inspector in snapshot["roster"]["inspectors"]]
    for assignment in plan["assignments"]:
        uscc = assignment["entity"]["uscc"]
        expected = sorted(roster, key=lambda key: _rank(seed, plan_id, uscc, key))[:2]
        assert [i["certificateNumber"] for i in assignment["inspectors"]] == expected


async def test_verify_draw_matches_an_untouched_draw(
    inspection_graph: Graph, office: Office
) -> None:
    plan = await drawn_plan(inspection_graph, office)
    verification = await _verify(inspection_graph, office, plan["id"])
    assert verification["matches"] is True
    assert verification["snapshotIntact"] is True
    assert verification["mismatches"] == []
    assert verification["seed"] == plan["seed"]
    assert verification["algorithm"] == algorithm.ALGORITHM
    assert verification["expected"] == verification["stored"]
    assert len(verification["stored"]) == 4


async def test_verify_draw_detects_a_changed_object(
    inspection_graph: Graph, office: Office, inspection_sessions: SessionFactory
) -> None:
    # given a drawn plan, and an entity of the pool it did not draw
    plan = await drawn_plan(inspection_graph, office, objectCount=3)
    drawn = {_id(a["entity"]["id"]) for a in plan["assignments"]}
    other = next(entity_id for entity_id in office.entity_ids if entity_id not in drawn)
    # when someone swaps the second object directly in the database
    async with inspection_sessions() as session, session.begin():
        await session.execute(
            update(InspectionAssignment)
            .where(InspectionAssignment.id == _id(plan["assignments"][1]["id"]))
            .values(entity_id=other)
        )
    # then the verification reports the mismatch at that position
    verification = await _verify(inspection_graph, office, plan["id"])
    assert verification["matches"] is False
    assert verification["snapshotIntact"] is True
    assert len(verification["mismatches"]) == 1
    assert verification["mismatches"][0].startswith("第2个检查对象")
    assert verification["stored"][1]["uscc"] == office.usccs[other]


async def test_verify_draw_detects_a_changed_inspector(
    inspection_graph: Graph, office: Office, inspection_sessions: SessionFactory
) -> None:
    plan = await drawn_plan(inspection_graph, office, objectCount=2)
    first = plan["assignments"][0]
    on_it = {_id(inspector["id"]) for inspector in first["inspectors"]}
    substitute = next(i for i in office.lead.inspector_ids if i not in on_it)
    async with inspection_sessions() as session, session.begin():
        await session.execute(
            update(InspectionAssignmentInspector)
            .where(
                InspectionAssignmentInspector.assignment_id == _id(first["id"]),
                InspectionAssignmentInspector.position == 1,
            )
            .values(inspector_id=substitute)
        )
    verification = await _verify(inspection_graph, office, plan["id"])
    assert verification["matches"] is False
    assert verification["mismatches"][0].startswith("第1个检查对象")


async def test_verify_draw_detects_a_changed_seed_or_snapshot(
    inspection_graph: Graph, office: Office, inspection_sessions: SessionFactory
) -> None:
    # given a drawn plan whose seed is replaced by one that draws the same objects
    plan = await drawn_plan(inspection_graph, office, objectCount=1)
    async with inspection_sessions() as session, session.begin():
        stored = await session.get(InspectionPlan, _id(plan["id"]))
        assert stored is not None
        await session.execute(
            update(InspectionPlan)
            .where(InspectionPlan.id == stored.id)
            .values(seed="0" * 64, draw_digest=None)
        )
    # then the digest no longer matches the one in the draw's audit event
    verification = await _verify(inspection_graph, office, plan["id"])
    assert verification["matches"] is False
    assert verification["snapshotIntact"] is False


async def test_an_inspector_never_inspects_what_their_department_inspected_recently(
    inspection_graph: Graph, inspection_sessions: SessionFactory
) -> None:
    # given a joint plan over four entities, two of them inspected recently by the lead,
    # one by the partner, and one inspected by the lead long before the window
    office = await make_office(inspection_sessions, entities=4)
    lead_recent = office.entity_ids[:2]
    partner_recent = office.entity_ids[2]
    long_ago = office.entity_ids[3]
    for entity_id in lead_recent:
        await office.inspect(office.lead, entity_id, days_ago=30)
    await office.inspect(office.partner, partner_recent, days_ago=10)
    await office.inspect(office.lead, long_ago, days_ago=400)
    plan = await create_plan(
        inspection_graph,
        office,
        objectCount=4,
        invitedDepartmentIds=[office.partner.gid],
        exclusionWindowDays=365,
    )
    accepted = await accept(inspection_graph, office.partner.viewer(), plan["id"])
    # when it is drawn
    drawn = await draw(inspection_graph, office, accepted["plan"])
    # then every object of the pool is drawn, each by inspectors of the department that
    # did not inspect it recently, and the old inspection excludes nobody
    departments = {
        _id(a["entity"]["id"]): {_id(i["department"]["id"]) for i in a["inspectors"]}
        for a in drawn["assignments"]
    }
    assert set(departments) == set(office.entity_ids)
    for entity_id in lead_recent:
        assert departments[entity_id] == {office.partner.department_id}
    assert departments[partner_recent] == {office.lead.department_id}
    # and the recomputation agrees
    assert (await _verify(inspection_graph, office, drawn["id"]))["matches"] is True


async def test_an_object_nobody_may_inspect_is_passed_over_never_given_one_inspector(
    inspection_graph: Graph, inspection_sessions: SessionFactory
) -> None:
    # given three entities; one inspected recently by the lead, whose roster is all the
    # plan has, and an exclusion window that covers it
    office = await make_office(inspection_sessions, entities=3)
    excluded = office.entity_ids[0]
    await office.inspect(office.lead, excluded, days_ago=5)
    # when two objects are drawn
    plan = await drawn_plan(inspection_graph, office, objectCount=2, exclusionWindowDays=30)
    # then the excluded one is never among them
    assert excluded not in {_id(a["entity"]["id"]) for a in plan["assignments"]}
    # and asking for all three cannot be drawn at all (nothing is written)
    third = await create_plan(inspection_graph, office, name="全部", objectCount=3)
    refused = await inspection_graph.data(
        DRAW_PLAN, {"id": third["id"], "version": third["version"]}, viewer=office.lead.viewer()
    )
    assert refused["drawInspectionPlan"]["code"] == "CONFLICT"
    async with inspection_sessions() as session:
        rows = await session.scalars(
            select(InspectionAssignment.id).where(InspectionAssignment.plan_id == _id(third["id"]))
        )
        assert rows.all() == []


async def test_a_roster_of_one_cannot_draw(
    inspection_graph: Graph, inspection_sessions: SessionFactory
) -> None:
    office = await make_office(inspection_sessions, entities=3, lead_inspectors=1)
    plan = await create_plan(inspection_graph, office, objectCount=1)
    refused = await inspection_graph.data(
        DRAW_PLAN, {"id": plan["id"], "version": plan["version"]}, viewer=office.lead.viewer()
    )
    assert refused["drawInspectionPlan"]["code"] == "CONFLICT"


async def test_the_pool_follows_the_credit_grade_filter(
    inspection_graph: Graph, office: Office
) -> None:
    # half the office's entities are graded C (odd positions), half A
    graded_c = {office.usccs[e] for n, e in enumerate(office.entity_ids) if n % 2}
    plan = await drawn_plan(
        inspection_graph,
        office,
        objectCount=3,
        pool={"regionCode": "210100", "industry": office.industry, "creditGrades": ["C"]},
    )
    assert plan["pool"]["size"] == len(graded_c)
    assert {a["entity"]["uscc"] for a in plan["assignments"]} <= graded_c


def test_the_algorithm_is_a_pure_function_of_its_inputs() -> None:
    candidates = [
        algorithm.Candidate(f"K{n:02d}", n, (1,) if n % 3 == 0 else ()) for n in range(20)
    ]
    roster = [algorithm.RosterEntry(f"C{n}", n, 1 if n < 3 else 2, n) for n in range(6)]
    first = algorithm.compute_draw("ab" * 32, 7, candidates, roster, 5, 2)
    again = algorithm.compute_draw("ab" * 32, 7, list(reversed(candidates)), roster, 5, 2)
    other = algorithm.compute_draw("cd" * 32, 7, candidates, roster, 5, 2)
    assert first == again
    assert first != other
    for pick in first.picks:
        if int(pick.object_key[1:]) % 3 == 0:
            assert all(i >= 3 for i in pick.inspector_ids)
