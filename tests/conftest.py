"""Test fixtures: a real database, migrated once per session.

`HUB_TEST_DATABASE_URL` selects the backend: unset, a fresh SQLite file; a PostgreSQL URL
(as `.ci/run` gives), a fresh database created next to the one named, so tests never touch
data they did not make.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import strawberry
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from hub.db import (
    SessionFactory,
    create_engine,
    create_session_factory,
)
from hub.demo import DemoScale, DemoSummary, load_demo
from hub.schema.root import build_schema
from hub.settings import Environment, Settings
from tests.support import Graph, StatementLog, backend_name, fresh_database


def pytest_report_header() -> str:
    return f"hub test database backend: {backend_name()}"


@pytest.fixture(scope="session")
async def database_url(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[str]:
    async with fresh_database(tmp_path_factory.mktemp("db"), "hub_tests") as url:
        yield url


@pytest.fixture(scope="session")
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url)
    yield engine
    await engine.dispose()


@pytest.fixture(scope="session")
def session_factory(engine: AsyncEngine) -> SessionFactory:
    return create_session_factory(engine)


@pytest.fixture
def count_statements(engine: AsyncEngine) -> Any:
    @contextmanager
    def recorder() -> Iterator[StatementLog]:
        log = StatementLog()

        def on_execute(*args: Any) -> None:
            log.statements.append(str(args[2]))

        event.listen(engine.sync_engine, "before_cursor_execute", on_execute)
        try:
            yield log
        finally:
            event.remove(engine.sync_engine, "before_cursor_execute", on_execute)

    return recorder


@pytest.fixture(scope="session")
async def demo_data(session_factory: SessionFactory) -> DemoSummary:
    """The deterministic demo data set, loaded once per test session into the test database."""
    return await load_demo(session_factory, scale=DemoScale.for_tests())


@pytest.fixture(scope="session")
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, environment=Environment.DEV)


@pytest.fixture(scope="session")
def schema(settings: Settings) -> strawberry.Schema:
    return build_schema(settings)


@pytest.fixture(scope="session")
def graph(schema: strawberry.Schema, engine: AsyncEngine, settings: Settings) -> Graph:
    return Graph(schema, engine, settings)
