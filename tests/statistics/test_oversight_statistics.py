"""对监管的监管: figures on a controlled set of records, worked out by hand; scoped to the
viewer's region subtree; a constant number of statements whatever the scope."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from hub.auth.permissions import Permission
from hub.auth.viewer import Viewer
from tests.statistics.conftest import StatisticsWorld
from tests.support import Graph, StatementLog

STATISTICS = """
query Statistics($filter: OversightStatisticsFilter) {
  oversightStatistics(filter: $filter) {
    regionCode
    byKind { kind recordCount publishedCount }
    byDepartment { department { name } recordCount publishedCount }
    byRegion { regionCode region { name } recordCount publishedCount }
    byMonth { month recordCount publishedCount }
    timelinessByKind {
      kind recordCount averageDaysToCollection maxDaysToCollection publishedCount
      averageDaysToPublication maxDaysToPublication publishedWithinDeadline
      sharePublishedWithinDeadline deadlineApplies
    }
    timelinessByDepartment { department { name } kind recordCount publishedWithinDeadline }
  }
}
"""


def analyst(world: StatisticsWorld, region: str = "210100", **extra: Any) -> Viewer:
    department = world.shenyang_market if region == "210100" else world.heping_market
    return Viewer.staff(
        department_id=department,
        region_code=region,
        permissions=frozenset({Permission.VIEW_STATISTICS}),
        **extra,
    )


@contextmanager
def statements(engine: AsyncEngine) -> Iterator[StatementLog]:
    log = StatementLog()

    def on_execute(*args: Any) -> None:
        log.statements.append(str(args[2]))

    event.listen(engine.sync_engine, "before_cursor_execute", on_execute)
    try:
        yield log
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", on_execute)


async def test_figures_across_departments_and_regions(
    statistics_graph: Graph, statistics_world: StatisticsWorld
) -> None:
    data = await statistics_graph.data(STATISTICS, viewer=analyst(statistics_world))
    statistics = data["oversightStatistics"]
    assert statistics["regionCode"] == "210100"
    assert statistics["byKind"] == [
        {"kind": "INSPECTION", "recordCount": 1, "publishedCount": 1},
        {"kind": "LICENSE", "recordCount": 2, "publishedCount": 1},
        {"kind": "PENALTY", "recordCount": 2, "publishedCount": 2},
    ]
    assert {
        (row["department"]["name"], row["recordCount"], row["publishedCount"])
        for row in statistics["byDepartment"]
    } == {
        ("沈阳市市场监督管理局", 2, 2),
        ("沈阳市卫生健康委员会", 1, 1),
        ("和平区市场监督管理局", 2, 1),
    }
    assert statistics["byRegion"] == [
        {
            "regionCode": "210100",
            "region": {"name": "沈阳市"},
            "recordCount": 3,
            "publishedCount": 3,
        },
        {
            "regionCode": "210102",
            "region": {"name": "和平区"},
            "recordCount": 2,
            "publishedCount": 1,
        },
    ]
    assert statistics["byMonth"] == [
        {"month": "2026-03", "recordCount": 3, "publishedCount": 3},
        {"month": "2026-04", "recordCount": 2, "publishedCount": 1},
    ]
    by_kind = {row["kind"]: row for row in statistics["timelinessByKind"]}
    assert by_kind["PENALTY"] == {
        "kind": "PENALTY",
        "recordCount": 2,
        "averageDaysToCollection": "1.5",
        "maxDaysToCollection": 2,
        "publishedCount": 2,
        "averageDaysToPublication": "9.5",
        "maxDaysToPublication": 10,
        "publishedWithinDeadline": 1,
        "sharePublishedWithinDeadline": 0.5,
        "deadlineApplies": True,
    }
    assert by_kind["LICENSE"]["averageDaysToCollection"] == "5.0"
    assert by_kind["LICENSE"]["averageDaysToPublication"] == "11.0"
    assert by_kind["LICENSE"]["publishedWithinDeadline"] == 1
    assert by_kind["LICENSE"]["sharePublishedWithinDeadline"] == 1.0
    assert by_kind["INSPECTION"]["deadlineApplies"] is False
    assert {
        (row["department"]["name"], row["kind"], row["recordCount"], row["publishedWithinDeadline"])
        for row in statistics["timelinessByDepartment"]
    } == {
        ("沈阳市市场监督管理局", "PENALTY", 2, 1),
        ("沈阳市卫生健康委员会", "LICENSE", 1, 1),
        ("和平区市场监督管理局", "LICENSE", 1, 0),
        ("和平区市场监督管理局", "INSPECTION", 1, 1),
    }


async def test_filters_by_decision_date_kind_and_lower_region(
    statistics_graph: Graph, statistics_world: StatisticsWorld
) -> None:
    viewer = analyst(statistics_world)
    april = {"filter": {"decidedFrom": "2026-04-01", "decidedTo": "2026-04-30"}}
    data = await statistics_graph.data(STATISTICS, april, viewer=viewer)
    assert data["oversightStatistics"]["byMonth"] == [
        {"month": "2026-04", "recordCount": 2, "publishedCount": 1}
    ]
    penalties = {"filter": {"kinds": ["PENALTY"]}}
    data = await statistics_graph.data(STATISTICS, penalties, viewer=viewer)
    assert data["oversightStatistics"]["byKind"] == [
        {"kind": "PENALTY", "recordCount": 2, "publishedCount": 2}
    ]
    heping = {"filter": {"regionCode": "210102"}}
    data = await statistics_graph.data(STATISTICS, heping, viewer=viewer)
    assert [row["regionCode"] for row in data["oversightStatistics"]["byRegion"]] == ["210102"]


async def test_scoped_to_the_viewers_region_subtree(
    statistics_graph: Graph, statistics_world: StatisticsWorld
) -> None:
    heping = analyst(statistics_world, "210102")
    data = await statistics_graph.data(STATISTICS, viewer=heping)
    assert [row["regionCode"] for row in data["oversightStatistics"]["byRegion"]] == ["210102"]
    # Above or beside its own region: refused.
    for region in ("210100", "210000", "210200"):
        codes = await statistics_graph.error_codes(
            STATISTICS, {"filter": {"regionCode": region}}, viewer=heping
        )
        assert codes == ["FORBIDDEN"]
    # Without VIEW_STATISTICS or CROSS_DEPARTMENT_QUERY, and for the public: nothing.
    clerk = Viewer.staff(
        department_id=statistics_world.heping_market, region_code="210102", permissions=frozenset()
    )
    assert await statistics_graph.error_codes(STATISTICS, viewer=clerk) == ["FORBIDDEN"]
    assert "FORBIDDEN" in await statistics_graph.error_codes(STATISTICS)
    cross = Viewer.staff(
        department_id=statistics_world.heping_market,
        region_code="210102",
        permissions=frozenset({Permission.CROSS_DEPARTMENT_QUERY}),
    )
    assert (await statistics_graph.data(STATISTICS, viewer=cross))["oversightStatistics"]


async def test_statement_count_does_not_depend_on_the_scope(
    statistics_graph: Graph, statistics_world: StatisticsWorld, statistics_engine: AsyncEngine
) -> None:
    province = Viewer.staff(
        department_id=statistics_world.shenyang_market,
        region_code="210000",
        permissions=frozenset({Permission.VIEW_STATISTICS}),
    )
    with statements(statistics_engine) as county:
        await statistics_graph.data(STATISTICS, viewer=analyst(statistics_world, "210102"))
    with statements(statistics_engine) as whole_province:
        await statistics_graph.data(STATISTICS, viewer=province)
    # six GROUP BY statements, departments (one batch) and the region directory
    assert whole_province.count == county.count <= 8
