"""Connector tests run against the stand-in partner systems over real HTTP (each in a
thread of its own, on a free port) and against the MariaDB of this machine."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import pytest
import strawberry
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from connectors import ConnectorRegistry
from hub.auth.viewer import Viewer
from hub.db import SessionFactory
from hub.demo import DemoSummary
from hub.models import Department
from hub.settings import Settings
from stand_ins.server import APPS, run_in_thread
from tests.connectors.partner_support import (
    MakeRegistry,
    PartnerGraph,
    StandIns,
    connectors_toml,
)


@pytest.fixture(scope="session")
def stand_ins() -> Iterator[StandIns]:
    running = {name: run_in_thread(name, create()) for name, create in APPS.items()}
    yield running
    for stand_in in running.values():
        stand_in.stop()


@pytest.fixture(autouse=True)
async def clean_stand_ins(stand_ins: StandIns) -> None:
    for stand_in in stand_ins.values():
        await stand_in.reset()


@pytest.fixture
async def make_registry(stand_ins: StandIns) -> AsyncIterator[MakeRegistry]:
    """Builds registries from `connectors_toml(...)` options (or a TOML text), closed after
    the test: each test starts with empty caches, closed breakers and zero metrics."""
    made: list[ConnectorRegistry] = []

    def make(
        text: str | None = None,
        *,
        clock: Callable[[], float] | None = None,
        environ: dict[str, str] | None = None,
        **options: Any,
    ) -> ConnectorRegistry:
        document = text if text is not None else connectors_toml(stand_ins, **options)
        extra = {} if clock is None else {"clock": clock}
        registry = ConnectorRegistry.from_toml(document, environ=environ or {}, **extra)
        made.append(registry)
        return registry

    yield make
    for registry in made:
        await registry.aclose()


@pytest.fixture
def partner_graph(
    schema: strawberry.Schema, engine: AsyncEngine, settings: Settings
) -> PartnerGraph:
    return PartnerGraph(schema, engine, settings)


@pytest.fixture(scope="session")
async def staff(session_factory: SessionFactory, demo_data: DemoSummary) -> Viewer:
    """A business user of 辽宁省市场监督管理局."""
    async with session_factory() as session:
        statement = select(Department.id).where(
            Department.region_code == "210000", Department.code == "231"
        )
        department_id = (await session.execute(statement)).scalar_one()
    return Viewer.staff(department_id=department_id, region_code="210000", permissions=frozenset())


@pytest.fixture(scope="session")
def administrator(staff: Viewer) -> Viewer:
    assert staff.department_id is not None
    assert staff.region_code is not None
    return Viewer.staff(
        department_id=staff.department_id,
        region_code=staff.region_code,
        permissions=frozenset(),
        department_code="231",
        is_department_administrator=True,
    )
