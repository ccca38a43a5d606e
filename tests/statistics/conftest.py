"""A database of the statistics tests' own with a small, controlled set of records (the
regions, four departments, one entity), so every expected figure can be worked out by
hand. Records go into the base table alone: the statistics read nothing else."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pytest
import strawberry
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncEngine

from hub.db import create_engine, create_session_factory
from hub.models import Department, MarketEntity, SupervisionRecord
from hub.reference import load_reference_data
from hub.schema.root import build_schema
from hub.settings import Environment, Settings
from tests.support import Graph, fresh_database


@dataclass(frozen=True)
class StatisticsWorld:
    shenyang_market: int  # 沈阳市市场监督管理局 (210100)
    shenyang_health: int  # 沈阳市卫生健康委员会 (210100)
    heping_market: int  # 和平区市场监督管理局 (210102)
    dalian_market: int  # 大连市市场监督管理局 (210200)


def utc(day: str, hour: int = 2) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)


@pytest.fixture(scope="session")
async def statistics_database_url(
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[str]:
    directory = tmp_path_factory.mktemp("statistics_db")
    async with fresh_database(directory, "hub_statistics_tests") as url:
        yield url


@pytest.fixture(scope="session")
async def statistics_engine(statistics_database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(statistics_database_url)
    yield engine
    await engine.dispose()


@pytest.fixture(scope="session")
async def statistics_world(statistics_engine: AsyncEngine) -> StatisticsWorld:
    sessions = create_session_factory(statistics_engine)
    async with sessions() as session, session.begin():
        await load_reference_data(session)
        departments = [
            Department(region_code="210100", code="231", name="沈阳市市场监督管理局"),
            Department(region_code="210100", code="302", name="沈阳市卫生健康委员会"),
            Department(region_code="210102", code="231", name="和平区市场监督管理局"),
            Department(region_code="210200", code="231", name="大连市市场监督管理局"),
        ]
        session.add_all(departments)
        entity = MarketEntity(
            uscc="91350100M000100Y43",
            name="统计测试有限公司",
            kind="ENTERPRISE",
            region_code="210102",
            legal_representative="张三",
            address="沈阳市和平区测试路1号",
        )
        session.add(entity)
        await session.flush()
        world = StatisticsWorld(*(department.id for department in departments))
        await session.execute(insert(SupervisionRecord), records(world, entity.id))
    return world


def records(world: StatisticsWorld, entity_id: int) -> list[dict[str, Any]]:
    """(department, region, kind, decision date, collected at, published at, status)."""
    rows = [
        # Monday decision: 7 working days end 9 calendar days later.
        (world.shenyang_market, "210100", "PENALTY", "2026-03-02", utc("2026-03-04"),
         utc("2026-03-11"), "PUBLISHED", None),
        # Collected at 01:00 local time on 3 March (17:00 UTC on the 2nd): one day late.
        (world.shenyang_market, "210100", "PENALTY", "2026-03-02", utc("2026-03-02", 17),
         utc("2026-03-12"), "PUBLISHED", None),
        # Thursday decision: 11 calendar days allowed.
        (world.shenyang_health, "210100", "LICENSE", "2026-03-05", utc("2026-03-05"),
         utc("2026-03-16"), "REVOKED", None),
        (world.heping_market, "210102", "LICENSE", "2026-04-10", utc("2026-04-20"),
         None, "DRAFT", None),
        (world.heping_market, "210102", "INSPECTION", "2026-04-15", utc("2026-04-15"),
         utc("2026-04-16"), "PUBLISHED", None),
        # Deleted draft: never counted.
        (world.heping_market, "210102", "INSPECTION", "2026-04-15", utc("2026-04-15"),
         None, "DRAFT", utc("2026-04-16")),
        # Another city: outside 沈阳市.
        (world.dalian_market, "210200", "PENALTY", "2026-03-02", utc("2026-03-02"),
         utc("2026-03-03"), "PUBLISHED", None),
    ]  # fmt: skip
    return [
        {
            "kind": kind,
            "status": status,
            "department_id": department_id,
            "region_code": region_code,
            "entity_id": entity_id,
            "subject_name": "统计测试有限公司",
            "subject_category": "LEGAL_PERSON",
            "document_name": "决定书",
            "decision_number": f"统计〔2026〕{number}号",
            "decision_date": date.fromisoformat(decided),
            "created_at": created,
            "updated_at": created,
            "published_at": published,
            "deleted_at": deleted,
            "version": 1,
        }
        for number, (
            department_id,
            region_code,
            kind,
            decided,
            created,
            published,
            status,
            deleted,
        ) in enumerate(rows, start=1)
    ]


@pytest.fixture(scope="session")
def statistics_graph(statistics_engine: AsyncEngine, statistics_database_url: str) -> Graph:
    settings = Settings(database_url=statistics_database_url, environment=Environment.DEV)
    schema: strawberry.Schema = build_schema(settings)
    return Graph(schema, statistics_engine, settings)
