"""Complaint statistics in SQL (GROUP BY), checked against the rows themselves, and the
statement counts of the complaint lists."""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import select

from hub.db import SessionFactory
from hub.demo import DemoSummary
from hub.models import Complaint, ComplaintStatus
from hub.models.base import utcnow
from tests.complaints.conftest import People
from tests.support import Graph

STATISTICS = """
query($filter: ComplaintFilter) { complaintStatistics(filter: $filter) {
    total closed overdue averageHandlingHours
    byStatus { status count }
    byOutcome { outcome count }
    byDepartment { department { id name } total closed overdue averageHandlingHours }
} }
"""

LIST = """
query($first: Int!) { complaints(first: $first) { totalCount edges { node {
    externalId status overdue complainantName
    department { name region { name } }
    entity { name region { name } }
    candidates { score }
} } } }
"""
AWAITING = """
query($first: Int!) { complaints(first: $first, filter: {awaitingConfirmation: true}) {
    totalCount edges { node { externalId complainantName candidates { score entity { name } } } }
} }
"""


def _utc(value: Any) -> Any:
    from datetime import UTC

    return value if value is None or value.tzinfo else value.replace(tzinfo=UTC)


async def test_statistics_match_the_rows(
    graph: Graph, people: People, session_factory: SessionFactory, demo_data: DemoSummary
) -> None:
    # given every complaint of 沈阳市 (the analyst reads the province)
    region = {"regionCode": "210100"}
    async with session_factory() as session:
        rows = list(
            await session.scalars(
                select(Complaint).where(Complaint.region_code.between("210100", "210199"))
            )
        )
    # when the analyst asks for the statistics
    data = (await graph.data(STATISTICS, {"filter": region}, viewer=people.analyst))[
        "complaintStatistics"
    ]
    # then they count what the rows say
    now = utcnow()
    closed = [c for c in rows if c.status is ComplaintStatus.CLOSED]
    overdue = [
        c
        for c in rows
        if c.deadline_at is not None and _utc(c.handled_at or now) > _utc(c.deadline_at)
    ]
    assert data["total"] == len(rows) > 0
    assert data["closed"] == len(closed)
    assert data["overdue"] == len(overdue)
    assert {s["status"]: s["count"] for s in data["byStatus"]} == {
        status.value: count for status, count in Counter(c.status for c in rows).items()
    }
    assert {o["outcome"]: o["count"] for o in data["byOutcome"]} == {
        outcome.value: count
        for outcome, count in Counter(c.outcome for c in rows if c.outcome).items()
    }
    assert sum(d["total"] for d in data["byDepartment"]) == len(rows)
    timed = [c for c in closed if c.handled_at is not None]
    hours = (
        sum((_utc(c.handled_at) - _utc(c.received_at)).total_seconds() for c in timed)
        / len(timed)
        / 3600
    )
    assert abs(data["averageHandlingHours"] - hours) < 0.1


async def test_statistics_count_only_what_the_viewer_reads(
    graph: Graph, people: People, demo_data: DemoSummary
) -> None:
    everything = (await graph.data(STATISTICS, viewer=people.analyst))["complaintStatistics"]
    own = (await graph.data(STATISTICS, viewer=people.health))["complaintStatistics"]
    assert 0 <= own["total"] < everything["total"]
    assert all(d["department"] is not None for d in own["byDepartment"])


async def test_statistics_take_three_statements(
    graph: Graph, people: People, count_statements: Any, demo_data: DemoSummary
) -> None:
    with count_statements() as log:
        await graph.data(
            "{ complaintStatistics { total byStatus { count } byOutcome { count } } }",
            viewer=people.analyst,
        )
    assert log.count == 3


async def test_complaint_list_statements_do_not_grow_with_the_page(
    graph: Graph, people: People, count_statements: Any, demo_data: DemoSummary
) -> None:
    counts = []
    for first in (20, 100):
        with count_statements() as log:
            data = await graph.data(LIST, {"first": first}, viewer=people.analyst)
        counts.append(log.count)
        edges = data["complaints"]["edges"]
        # both pages reach every relation: departments, entities with their regions
        assert len(edges) == first
        assert any(edge["node"]["entity"] for edge in edges)
        assert any(edge["node"]["department"] for edge in edges)
    assert counts[0] == counts[1]


async def test_awaiting_confirmation_statements_do_not_grow_with_the_page(
    graph: Graph, people: People, count_statements: Any, demo_data: DemoSummary
) -> None:
    counts = []
    for first in (1, 4):
        with count_statements() as log:
            data = await graph.data(AWAITING, {"first": first}, viewer=people.analyst)
        counts.append(log.count)
        edges = data["complaints"]["edges"]
        assert len(edges) == first
        assert all(edge["node"]["candidates"][0]["entity"] for edge in edges)
    assert counts[0] == counts[1]
