"""Who reads which notices, the statistics over them, and statement counts that do not
grow with the page."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from hub.auth.viewer import PUBLIC, Viewer
from hub.linkage.deadlines import beijing_date
from hub.models import LinkageNotice
from hub.models.base import utcnow
from hub.queries.linkage_notices import overdue
from tests.linkage.conftest import LinkageWorld, gid, registration
from tests.support import Graph

IDS = """
query Ids($first: Int) {
  linkageNotices(first: $first) { totalCount nodes { id department { id } } }
}
"""

NODE = "query Node($id: ID!) { node(id: $id) { id } }"

PAGE = """
query Page($first: Int!) {
  linkageNotices(first: $first) {
    totalCount
    nodes {
      id status overdue permitNames
      department { name region { name } }
      registeringDepartment { name }
      registration { uscc businessScope registeringDepartment { name } }
      entity { uscc name }
      license { licenseNumber department { name } }
    }
  }
}
"""

STATISTICS = """
query Statistics($filter: LinkageNoticeFilter) {
  linkageStatistics(filter: $filter) {
    total overdue averageHandlingDays
    departments { department { id code } pending signed closed total overdue
                  averageHandlingDays }
  }
}
"""


async def _ids(graph: Graph, viewer: Viewer) -> set[str]:
    data = await graph.data(IDS, {"first": 100}, viewer=viewer)
    return {node["id"] for node in data["linkageNotices"]["nodes"]}


async def test_a_notice_is_read_by_both_departments_and_cross_department_holders(
    linkage: LinkageWorld, graph: Graph
) -> None:
    # given a notice from 沈阳市市场监督管理局 to 沈阳市交通运输局
    [result] = await linkage.submit(registration("210106", "道路货物运输（不含危险货物）"))
    [notice] = result["notices"]
    readers = {
        "city transport clerk": True,  # the approving department
        "city market analyst": True,  # the registering department (and cross-department)
        "city health clerk": False,  # another department, no cross-department query
        "heping market clerk": False,  # a county below, not the registering department
        "dalian market clerk": False,  # another city
    }
    for name, may_read in readers.items():
        viewer = linkage.staff[name]
        node = await graph.data(NODE, {"id": notice["id"]}, viewer=viewer)
        assert (node["node"] is not None) is may_read, name
    assert await _ids(graph, PUBLIC) == set()
    assert await _ids(graph, linkage.registrar) == set()


async def test_an_inbox_holds_only_its_own_notices(linkage: LinkageWorld, graph: Graph) -> None:
    clerk = linkage.staff["city health clerk"]
    data = await graph.data(IDS, {"first": 100}, viewer=clerk)
    departments = {node["department"]["id"] for node in data["linkageNotices"]["nodes"]}
    assert data["linkageNotices"]["totalCount"] > 0
    assert departments == {gid("Department", clerk.department_id or 0)}


async def test_statistics_count_what_the_viewer_reads(linkage: LinkageWorld, graph: Graph) -> None:
    analyst = linkage.staff["city market analyst"]
    # given notices in several 沈阳市 departments (the demo's, plus these)
    await linkage.submit(registration("210123", "医疗服务；农药零售；道路货物运输"))
    # when the analyst asks for the statistics
    data = await graph.data(STATISTICS, {}, viewer=analyst)
    statistics = data["linkageStatistics"]
    # then they agree with the notices the analyst reads, computed independently
    async with linkage.session_factory() as session:
        from hub.auth.policy import readable_linkage_notices

        readable = readable_linkage_notices(analyst)
        total = await session.scalar(select(func.count(LinkageNotice.id)).where(readable))
        late = await session.scalar(
            select(func.count(LinkageNotice.id)).where(readable, overdue(beijing_date(utcnow())))
        )
        per_department = dict(
            (
                await session.execute(
                    select(LinkageNotice.department_id, func.count(LinkageNotice.id))
                    .where(readable)
                    .group_by(LinkageNotice.department_id)
                )
            ).all()
        )
        closed_rows = (
            await session.execute(
                select(
                    LinkageNotice.department_id, LinkageNotice.received_at, LinkageNotice.closed_at
                ).where(readable, LinkageNotice.closed_at.is_not(None))
            )
        ).all()
    assert statistics["total"] == total
    assert statistics["overdue"] == late > 0
    departments = statistics["departments"]
    assert len(departments) == len(per_department) >= 4
    for row in departments:
        assert row["pending"] + row["signed"] + row["closed"] == row["total"]
    assert sum(row["total"] for row in departments) == total
    # the average handling time, recomputed in Python from the closed notices
    durations: dict[str, list[float]] = {}
    for department_id, received, closed_at in closed_rows:
        days = (closed_at - received).total_seconds() / 86_400
        durations.setdefault(gid("Department", department_id), []).append(days)
    closed = [row for row in departments if row["closed"]]
    assert closed
    for row in closed:
        expected = durations[row["department"]["id"]]
        assert row["closed"] == len(expected)
        assert abs(row["averageHandlingDays"] - sum(expected) / len(expected)) < 0.01
    everything = [days for values in durations.values() for days in values]
    assert abs(statistics["averageHandlingDays"] - sum(everything) / len(everything)) < 0.01
    # and a filter narrows them
    only_overdue = await graph.data(STATISTICS, {"filter": {"overdue": True}}, viewer=analyst)
    assert only_overdue["linkageStatistics"]["total"] == late


async def test_statistics_of_a_public_viewer_are_empty(graph: Graph, linkage: LinkageWorld) -> None:
    data = await graph.data(STATISTICS, {}, viewer=PUBLIC)
    assert data["linkageStatistics"] == {
        "total": 0,
        "overdue": 0,
        "averageHandlingDays": None,
        "departments": [],
    }


async def _count(
    graph: Graph, count_statements: Any, viewer: Viewer, first: int
) -> tuple[int, dict[str, Any]]:
    with count_statements() as log:
        data = await graph.data(PAGE, {"first": first}, viewer=viewer)
    return log.count, data


async def test_notice_page_statements_do_not_grow_with_the_page(
    linkage: LinkageWorld, graph: Graph, count_statements: Any
) -> None:
    # given the two newest notices handled with a license (so that the small page reaches
    # every relation too)
    for _ in range(2):
        await _licensed_notice(linkage, graph)
    analyst = linkage.staff["city market analyst"]
    small, small_data = await _count(graph, count_statements, analyst, 2)
    assert all(node["license"] for node in small_data["linkageNotices"]["nodes"])
    large, data = await _count(graph, count_statements, analyst, 100)
    nodes = data["linkageNotices"]["nodes"]
    assert len(nodes) == data["linkageNotices"]["totalCount"] > 20
    assert any(node["license"] for node in nodes)
    assert small == large
    # notices, count, departments, region directory, registrations, entities, records
    assert large == 7


async def _licensed_notice(linkage: LinkageWorld, graph: Graph) -> None:
    from tests.linkage.test_inbox import LICENSE, SIGN, license_input, transport_notice

    clerk = linkage.staff["city transport clerk"]
    notice_id, entry = await transport_notice(linkage)
    await graph.data(SIGN, {"id": notice_id, "version": 1}, viewer=clerk)
    variables = {"id": notice_id, "version": 2, "input": license_input(entry["uscc"][-8:])}
    result = await graph.data(LICENSE, variables, viewer=clerk)
    assert result["recordLinkageLicense"]["__typename"] == "LinkageLicensePayload"
