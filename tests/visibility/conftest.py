"""The viewers every visibility test runs as: the matrix of DOMAIN.md's visibility table."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from hub.auth.permissions import Permission
from hub.auth.viewer import PUBLIC, Viewer
from hub.db import SessionFactory
from hub.demo import DemoSummary
from hub.models import Department


async def _department(session_factory: SessionFactory, region_code: str, code: str) -> int:
    async with session_factory() as session:
        statement = select(Department.id).where(
            Department.region_code == region_code, Department.code == code
        )
        return (await session.execute(statement)).scalar_one()


@pytest.fixture(scope="session")
async def viewers(session_factory: SessionFactory, demo_data: DemoSummary) -> dict[str, Viewer]:
    heping_market = await _department(session_factory, "210102", "231")
    shenyang_health = await _department(session_factory, "210100", "302")
    shenyang_market = await _department(session_factory, "210100", "231")
    province_market = await _department(session_factory, "210000", "231")
    return {
        "public": PUBLIC,
        "county user": Viewer.staff(
            department_id=heping_market, region_code="210102", permissions=frozenset()
        ),
        "city user of another department": Viewer.staff(
            department_id=shenyang_health, region_code="210100", permissions=frozenset()
        ),
        "province user": Viewer.staff(
            department_id=province_market,
            region_code="210000",
            permissions=frozenset({Permission.CROSS_DEPARTMENT_QUERY, Permission.PERSONAL_DATA}),
        ),
        "city administrator": Viewer.staff(
            department_id=shenyang_market,
            region_code="210100",
            department_code="231",
            is_department_administrator=True,
            permissions=frozenset(
                {
                    Permission.CROSS_DEPARTMENT_QUERY,
                    Permission.MANAGE_ACCOUNTS,
                    Permission.VIEW_AUDIT,
                }
            ),
        ),
        "partner client": Viewer.partner(client_id=1, department_ids=frozenset({shenyang_market})),
    }
