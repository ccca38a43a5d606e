"""A database of the catalogue tests' own (they create departments, items and national
items; the graph tests count the demo rows exactly), the whole schema over it, and a fresh
department for every test: a free (region, code) pair, so nothing a test makes is seen by
another. Tests that read the demo catalogue use the session's demo database instead."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.ext.asyncio import AsyncEngine
from strawberry.relay import to_base64

from hub.auth.permissions import Permission
from hub.auth.viewer import Viewer
from hub.db import SessionFactory, create_engine, create_session_factory
from hub.models import AuditEvent, Department, Region
from hub.reference import load_reference_data
from hub.schema.root import build_schema
from hub.settings import Environment, Settings
from tests.support import Graph, StatementLog, fresh_database

CATALOGUE_MANAGER = frozenset({Permission.MANAGE_CATALOGUE, Permission.RECORD_ENTRY})
_codes = itertools.count(1)


@pytest.fixture(scope="session")
async def catalogue_database_url(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[str]:
    directory = tmp_path_factory.mktemp("catalogue_db")
    async with fresh_database(directory, "hub_catalogue_tests") as url:
        yield url


@pytest.fixture(scope="session")
async def catalogue_engine(catalogue_database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(catalogue_database_url)
    yield engine
    await engine.dispose()


@pytest.fixture(scope="session")
async def catalogue_sessions(catalogue_engine: AsyncEngine) -> SessionFactory:
    sessions = create_session_factory(catalogue_engine)
    async with sessions() as session, session.begin():
        await load_reference_data(session)
    return sessions


@pytest.fixture(scope="session")
def catalogue_graph(catalogue_engine: AsyncEngine, catalogue_database_url: str) -> Graph:
    settings = Settings(database_url=catalogue_database_url, environment=Environment.DEV)
    return Graph(build_schema(settings), catalogue_engine, settings)


@pytest.fixture
def catalogue_statements(catalogue_engine: AsyncEngine) -> Any:
    @contextmanager
    def recorder() -> Iterator[StatementLog]:
        log = StatementLog()

        def on_execute(*args: Any) -> None:
            log.statements.append(str(args[2]))

        event.listen(catalogue_engine.sync_engine, "before_cursor_execute", on_execute)
        try:
            yield log
        finally:
            event.remove(catalogue_engine.sync_engine, "before_cursor_execute", on_execute)

    return recorder


def global_id(type_name: str, row_id: int) -> str:
    return to_base64(type_name, row_id)


@dataclass
class Office:
    """A department and viewers of it."""

    department_id: int
    code: str
    region_code: str
    sessions: SessionFactory

    def manager(self, permissions: frozenset[Permission] = CATALOGUE_MANAGER) -> Viewer:
        return Viewer.staff(
            department_id=self.department_id,
            region_code=self.region_code,
            permissions=permissions,
            department_code=self.code,
        )

    @property
    def gid(self) -> str:
        return global_id("Department", self.department_id)

    async def audit_events(self, item_id: int | str) -> list[AuditEvent]:
        async with self.sessions() as session:
            rows = await session.scalars(
                select(AuditEvent)
                .where(
                    AuditEvent.target_type == "SupervisionItem",
                    AuditEvent.target_id == str(item_id),
                )
                .order_by(AuditEvent.id)
            )
            return list(rows)


class Offices:
    """Makes departments at free (region, code) pairs: `new(code, level)`."""

    def __init__(self, sessions: SessionFactory) -> None:
        self.sessions = sessions

    async def new(self, code: str | None = None, *, region_code: str | None = None) -> Office:
        async with self.sessions() as session, session.begin():
            used = {
                (row.region_code, row.code)
                for row in await session.execute(select(Department.region_code, Department.code))
            }
            if code is None:
                code = f"{900 - next(_codes) % 500:03d}"
            if region_code is None:
                counties = (
                    await session.scalars(
                        select(Region.code).where(Region.code.not_like("%00")).order_by(Region.code)
                    )
                ).all()
                region_code = next(r for r in counties if (r, code) not in used)
            elif (region_code, code) in used:
                existing = await session.scalar(
                    select(Department.id).where(
                        Department.region_code == region_code, Department.code == code
                    )
                )
                assert existing is not None
                return Office(existing, code, region_code, self.sessions)
            department = Department(region_code=region_code, code=code, name=f"测试部门{code}")
            session.add(department)
            await session.flush()
            return Office(department.id, code, region_code, self.sessions)


@pytest.fixture(scope="session")
def offices(catalogue_sessions: SessionFactory) -> Offices:
    return Offices(catalogue_sessions)


async def count_rows(sessions: SessionFactory, model: Any, *conditions: Any) -> int:
    async with sessions() as session:
        return int(
            await session.scalar(select(func.count()).select_from(model).where(*conditions)) or 0
        )
