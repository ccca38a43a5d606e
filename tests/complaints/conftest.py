"""Complaint tests pull from the STAND-IN complaint feed over real HTTP (in a thread, on a
free port), into the session's database with the demo data loaded."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from connectors import ConnectorRegistry
from hub.auth.permissions import Permission
from hub.auth.viewer import Viewer
from hub.complaints.intake import PullReport, pull_complaints
from hub.complaints.matching import distinctive_part
from hub.db import SessionFactory
from hub.demo import DemoSummary
from hub.models import Complaint, Department, MarketEntity
from stand_ins import complaint_feed
from stand_ins.server import RunningStandIn, run_in_thread

FEED_TOML = """
[connectors.complaint_feed]
kind = "rest"
base_url = "{url}"
timeout_seconds = 5.0
retry = {{ attempts = 2, backoff_seconds = 0.05, max_backoff_seconds = 0.1 }}

[connectors.complaint_feed.datasets.complaint_feed]
request = {{ method = "GET", path = "/complaints?since={{key}}&limit={limit}" }}
results = "items"
key = "sequence"
cache_ttl_seconds = 0
fields = {{ external_id = "id", cursor = "sequence", received_at = "receivedAt", category = "category", channel = "channel", subject_uscc = "subjectUscc", subject_name = "subjectName", region_code = "regionCode", summary = "summary", content = "content", complainant_name = "complainantName", complainant_phone = "complainantPhone" }}
"""  # noqa: E501

_numbers = itertools.count(1)


def external_id(label: str) -> str:
    """Unique in the session's shared database."""
    return f"TEST-{label}-{next(_numbers):05d}"


@dataclass
class Feed:
    """The stand-in feed, and how a test talks to it and pulls from it."""

    stand_in: RunningStandIn
    registry: ConnectorRegistry
    session_factory: SessionFactory

    async def publish(self, **item: Any) -> dict[str, Any]:
        body = {
            "receivedAt": "2025-03-01T02:00:00+00:00",
            "category": "产品质量",
            "summary": "商品质量问题拒不退换",
            "content": "投诉人称：购买的商品存在质量问题，商家拒绝退换。",
            "complainantName": "测试投诉人",
            "complainantPhone": "13912345678",
            "regionCode": "210100",
            **item,
        }
        async with httpx.AsyncClient(base_url=self.stand_in.url) as client:
            response = await client.post("/complaints", json=body)
        response.raise_for_status()
        published: dict[str, Any] = response.json()
        return published

    async def generate(self, count: int) -> None:
        async with httpx.AsyncClient(base_url=self.stand_in.url) as client:
            (await client.post("/_feed", json={"generate": count})).raise_for_status()

    async def pull(self) -> PullReport:
        return await pull_complaints(self.session_factory, self.registry)

    async def complaint(self, external: str) -> Complaint:
        async with self.session_factory() as session:
            return (
                await session.execute(select(Complaint).where(Complaint.external_id == external))
            ).scalar_one()


@pytest.fixture(scope="session")
def feed_stand_in() -> Iterator[RunningStandIn]:
    running = run_in_thread("complaint_feed", complaint_feed.create_app(total=0))
    yield running
    running.stop()


@pytest.fixture
async def feed(
    feed_stand_in: RunningStandIn, session_factory: SessionFactory, demo_data: DemoSummary
) -> AsyncIterator[Feed]:
    registry = ConnectorRegistry.from_toml(
        FEED_TOML.format(url=feed_stand_in.url, limit=20), environ={}
    )
    yield Feed(feed_stand_in, registry, session_factory)
    await registry.aclose()


async def _department(session_factory: SessionFactory, region: str, code: str) -> int:
    async with session_factory() as session:
        statement = select(Department.id).where(
            Department.region_code == region, Department.code == code
        )
        return (await session.execute(statement)).scalar_one()


@dataclass(frozen=True)
class People:
    handler: Viewer  # 沈阳市市场监督管理局, HANDLE_COMPLAINTS
    health: Viewer  # 沈阳市卫生健康委, HANDLE_COMPLAINTS
    dispatcher: Viewer  # 辽宁省市场监督管理局, HANDLE_COMPLAINTS (dispatches the province)
    administrator: Viewer  # 辽宁省 region administrator
    analyst: Viewer  # province, CROSS_DEPARTMENT_QUERY + VIEW_STATISTICS


@pytest.fixture(scope="session")
async def people(session_factory: SessionFactory, demo_data: DemoSummary) -> People:
    shenyang_market = await _department(session_factory, "210100", "231")
    shenyang_health = await _department(session_factory, "210100", "302")
    province_market = await _department(session_factory, "210000", "231")
    handle = frozenset({Permission.HANDLE_COMPLAINTS})
    return People(
        handler=Viewer.staff(
            department_id=shenyang_market,
            region_code="210100",
            permissions=handle,
            department_code="231",
            account_id=None,
        ),
        health=Viewer.staff(
            department_id=shenyang_health,
            region_code="210100",
            permissions=handle,
            department_code="302",
        ),
        dispatcher=Viewer.staff(
            department_id=province_market,
            region_code="210000",
            permissions=handle,
            department_code="231",
        ),
        administrator=Viewer.staff(
            department_id=province_market,
            region_code="210000",
            permissions=handle,
            department_code="231",
            is_department_administrator=True,
        ),
        analyst=Viewer.staff(
            department_id=province_market,
            region_code="210000",
            permissions=frozenset({Permission.CROSS_DEPARTMENT_QUERY, Permission.VIEW_STATISTICS}),
            department_code="231",
        ),
    )


async def shared_prefix(session_factory: SessionFactory) -> str:
    """A name start (沈阳 + trade name) that several entities share."""
    async with session_factory() as session:
        names = list(
            await session.scalars(
                select(MarketEntity.name)
                .where(MarketEntity.region_code.between("210100", "210199"))
                .order_by(MarketEntity.uscc)
                .limit(200)
            )
        )
    for name in names:
        core = distinctive_part(name)[:2]
        if len(core) == 2 and core in name:
            prefix = name[: name.index(core) + 2]
            if sum(other.startswith(prefix) for other in names) >= 2:
                return prefix
    raise AssertionError("no shared name prefix in the demo data")
