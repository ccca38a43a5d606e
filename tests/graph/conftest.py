"""Viewers of the demo data, for tests that read the graph."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from hub.auth.permissions import Permission
from hub.auth.viewer import Viewer
from hub.db import SessionFactory
from hub.demo import DemoSummary
from hub.models import Department


async def _department_id(session_factory: SessionFactory, region_code: str, code: str) -> int:
    async with session_factory() as session:
        statement = select(Department.id).where(
            Department.region_code == region_code, Department.code == code
        )
        return (await session.execute(statement)).scalar_one()


@pytest.fixture(scope="session")
async def heping_market_clerk(session_factory: SessionFactory, demo_data: DemoSummary) -> Viewer:
    """A business user of 和平区市场监督管理局, without cross-department permission."""
    department_id = await _department_id(session_factory, "210102", "231")
    return Viewer.staff(department_id=department_id, region_code="210102", permissions=frozenset())


@pytest.fixture(scope="session")
async def shenyang_market_analyst(
    session_factory: SessionFactory, demo_data: DemoSummary
) -> Viewer:
    """沈阳市市场监督管理局, allowed to query other departments inside 沈阳市."""
    department_id = await _department_id(session_factory, "210100", "231")
    return Viewer.staff(
        department_id=department_id,
        region_code="210100",
        permissions=frozenset({Permission.CROSS_DEPARTMENT_QUERY}),
    )
