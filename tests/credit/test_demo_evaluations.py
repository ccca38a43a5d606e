"""The demo load leaves every entity evaluated by the active rule set (read-only checks on
the shared demo database), and analysts count grades by region or department in SQL."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select
from strawberry.relay import to_base64

from hub.auth.permissions import Permission
from hub.auth.viewer import PUBLIC, Viewer
from hub.credit.administration import recompute_entities
from hub.credit.engine import evaluate
from hub.credit.rules import load_active_rules
from hub.db import SessionFactory
from hub.demo import DemoSummary
from hub.models import (
    CreditEvaluation,
    CreditRuleSet,
    CreditSource,
    Department,
    MarketEntity,
)
from tests.support import Graph

DISTRIBUTION = """
query($regionCode: String, $departmentId: ID, $groupBy: CreditGrouping!) {
  creditGradeDistribution(regionCode: $regionCode, departmentId: $departmentId, groupBy: $groupBy) {
    regionCode region { code name } department { name } a b c d total
  }
}
"""


async def _department_id(sessions: SessionFactory, region_code: str, code: str) -> int:
    async with sessions() as session:
        found = await session.scalar(
            select(Department.id).where(
                Department.region_code == region_code, Department.code == code
            )
        )
    assert found is not None
    return found


@pytest.fixture
async def shenyang_analyst(session_factory: SessionFactory, demo_data: DemoSummary) -> Viewer:
    return Viewer.staff(
        department_id=await _department_id(session_factory, "210100", "231"),
        region_code="210100",
        permissions=frozenset({Permission.VIEW_STATISTICS}),
    )


async def test_every_demo_entity_carries_the_grade_the_active_rules_give(
    session_factory: SessionFactory, demo_data: DemoSummary
) -> None:
    async with session_factory() as session:
        entities = await session.scalar(select(func.count()).select_from(MarketEntity))
        active = await session.scalar(
            select(CreditRuleSet.id).where(CreditRuleSet.active.is_(True))
        )
        stored = {
            row.entity_id: row
            for row in (
                await session.scalars(
                    select(CreditEvaluation).where(CreditEvaluation.source == CreditSource.HUB)
                )
            ).all()
        }

        def recomputed(sync: Any) -> list[Any]:
            rules = load_active_rules(sync)
            assert rules is not None
            any_row = next(iter(stored.values()))
            return evaluate(sync, rules, None, any_row.evaluated_at.date())

        fresh = await session.run_sync(recomputed)
    # one hub evaluation per entity, by the active rule set
    assert len(stored) == entities
    assert {row.rule_set_id for row in stored.values()} == {active}
    # and each is what the rules say about the entity's records today
    assert len(fresh) == entities
    mismatches = [
        e.entity_id
        for e in fresh
        if (stored[e.entity_id].grade, stored[e.entity_id].score) != (e.grade, e.score)
    ]
    assert not mismatches
    # the demo's records spread the entities over all four grades
    assert {e.grade.value for e in fresh} == {"A", "B", "C", "D"}


async def test_grade_distribution_by_county_matches_the_stored_grades(
    graph: Graph, session_factory: SessionFactory, shenyang_analyst: Viewer, count_statements: Any
) -> None:
    # when an analyst of 沈阳市 counts by region
    with count_statements() as log:
        data = await graph.data(DISTRIBUTION, {"groupBy": "REGION"}, viewer=shenyang_analyst)
    groups = data["creditGradeDistribution"]
    # then the groups are 沈阳's own region and its counties, each with its name
    assert groups
    assert all(g["regionCode"].startswith("2101") for g in groups)
    assert all(g["region"]["name"] for g in groups)
    assert all(g["a"] + g["b"] + g["c"] + g["d"] == g["total"] for g in groups)
    # and the counts are those of the stored evaluations of entities in 沈阳
    async with session_factory() as session:
        expected = await session.scalar(
            select(func.count())
            .select_from(MarketEntity)
            .join(CreditEvaluation, CreditEvaluation.entity_id == MarketEntity.id)
            .where(
                CreditEvaluation.source == CreditSource.HUB,
                MarketEntity.region_code.between("210100", "210199"),
            )
        )
    assert sum(g["total"] for g in groups) == expected
    # in two statements: the GROUP BY and the region directory
    assert log.count == 2


async def test_the_statement_count_does_not_grow_with_the_groups(
    graph: Graph, demo_data: DemoSummary, session_factory: SessionFactory, count_statements: Any
) -> None:
    province = Viewer.staff(
        department_id=await _department_id(session_factory, "210000", "231"),
        region_code="210000",
        permissions=frozenset({Permission.CROSS_DEPARTMENT_QUERY}),
    )
    with count_statements() as by_city:
        cities = await graph.data(DISTRIBUTION, {"groupBy": "REGION"}, viewer=province)
    with count_statements() as by_department:
        departments = await graph.data(DISTRIBUTION, {"groupBy": "DEPARTMENT"}, viewer=province)
    # the province's own entities and fourteen cities, and dozens of departments: the
    # same two statements each
    codes = [g["regionCode"] for g in cities["creditGradeDistribution"]]
    assert codes[0] == "210000"
    assert len(codes) == 15
    assert all(code.endswith("00") for code in codes)
    assert len(departments["creditGradeDistribution"]) > 14
    assert all(g["department"]["name"] for g in departments["creditGradeDistribution"])
    assert by_city.count == by_department.count == 2


async def test_a_department_filter_counts_its_entities_only(
    graph: Graph, session_factory: SessionFactory, shenyang_analyst: Viewer
) -> None:
    everything = await graph.data(DISTRIBUTION, {"groupBy": "REGION"}, viewer=shenyang_analyst)
    department = to_base64("Department", shenyang_analyst.department_id or 0)
    filtered = await graph.data(
        DISTRIBUTION,
        {"groupBy": "REGION", "departmentId": department},
        viewer=shenyang_analyst,
    )
    total = sum(g["total"] for g in everything["creditGradeDistribution"])
    only = sum(g["total"] for g in filtered["creditGradeDistribution"])
    assert 0 < only < total


async def test_viewers_without_statistics_permissions_count_nothing(
    graph: Graph, demo_data: DemoSummary, session_factory: SessionFactory
) -> None:
    clerk = Viewer.staff(
        department_id=await _department_id(session_factory, "210102", "231"),
        region_code="210102",
        permissions=frozenset(),
    )
    for viewer in (PUBLIC, clerk):
        data = await graph.data(DISTRIBUTION, {"groupBy": "REGION"}, viewer=viewer)
        assert data["creditGradeDistribution"] == []


async def test_a_recompute_is_one_set_based_pass_whatever_the_number_of_entities(
    session_factory: SessionFactory, demo_data: DemoSummary, count_statements: Any
) -> None:
    async with session_factory() as session:
        ids = list((await session.scalars(select(MarketEntity.id).limit(200))).all())

    async def statements_for(entity_ids: list[int]) -> int:
        # in a transaction that is rolled back: the shared demo data stays as it is
        async with session_factory() as session:
            await session.begin()
            with count_statements() as log:
                stored = await recompute_entities(session, entity_ids)
            await session.rollback()
        assert stored == len(entity_ids)
        return log.count

    one, two_hundred = await statements_for(ids[:1]), await statements_for(ids)
    # rule set, its indicators, (PostgreSQL: the entities' row locks,) the GROUP BY, the
    # DELETE and one multi-row INSERT
    assert one == two_hundred
    assert one <= 6
