"""A database of the risk tests' own, with a small demo data set: these tests publish
records and raise alerts, which the graph tests (counting the demo rows exactly) must never
see. Viewers are the demo accounts', read as the bearer middleware reads them."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
import strawberry
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from hub.auth.viewer import Viewer
from hub.auth.viewers import staff_viewer
from hub.db import SessionFactory, create_engine, create_session_factory
from hub.demo import DemoScale, DemoSummary, load_demo
from hub.models import Account
from hub.schema.root import build_schema
from hub.settings import Environment, Settings
from tests.support import Graph, fresh_database

# Big enough for every demo model's kind of data, small enough to load in seconds.
RISK_SCALE = DemoScale(entities=200, records=3000, complaints=300, announcements=5)

# Demo accounts (DOMAIN.md, BRIEF): 沈阳市市场监督管理局's administrator holds everything;
# 沈阳市卫生健康委员会's administrator holds MANAGE_RISK; business users do not.
SHENYANG_MARKET_ADMIN = "2101002310001"
SHENYANG_MARKET_ANALYST = "2101002310006"
SHENYANG_HEALTH_ADMIN = "2101003020001"
SHENYANG_HEALTH_CLERK = "2101003020006"
HEPING_MARKET_ADMIN = "2101022310001"

ViewerOf = Callable[[str], Awaitable[Viewer]]


@pytest.fixture(scope="session")
async def risk_database_url(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[str]:
    async with fresh_database(tmp_path_factory.mktemp("risk_db"), "hub_risk_tests") as url:
        yield url


@pytest.fixture(scope="session")
async def risk_engine(risk_database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(risk_database_url)
    yield engine
    await engine.dispose()


@pytest.fixture(scope="session")
def risk_sessions(risk_engine: AsyncEngine) -> SessionFactory:
    return create_session_factory(risk_engine)


@pytest.fixture(scope="session")
async def risk_demo(risk_sessions: SessionFactory) -> DemoSummary:
    return await load_demo(risk_sessions, scale=RISK_SCALE)


@pytest.fixture(scope="session")
def risk_settings(risk_database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(
        database_url=risk_database_url,
        environment=Environment.DEV,
        key_dir=tmp_path_factory.mktemp("risk_keys"),
    )


@pytest.fixture(scope="session")
def risk_schema(risk_settings: Settings) -> strawberry.Schema:
    return build_schema(risk_settings)


@pytest.fixture(scope="session")
def risk_graph(
    risk_schema: strawberry.Schema, risk_engine: AsyncEngine, risk_settings: Settings
) -> Graph:
    return Graph(risk_schema, risk_engine, risk_settings)


@pytest.fixture(scope="session")
def viewer_of(risk_sessions: SessionFactory, risk_demo: DemoSummary) -> ViewerOf:
    async def viewer(number: str) -> Viewer:
        async with risk_sessions() as session:
            account_id = await session.scalar(select(Account.id).where(Account.number == number))
            assert account_id is not None, number
            found = await staff_viewer(session, account_id)
        assert found is not None
        return found

    return viewer


@pytest.fixture
def count_risk_statements(risk_engine: AsyncEngine) -> Any:
    """Like the suite's `count_statements`, on the risk tests' engine."""
    from contextlib import contextmanager

    from sqlalchemy import event

    from tests.support import StatementLog

    @contextmanager
    def recorder() -> Any:
        log = StatementLog()

        def on_execute(*args: Any) -> None:
            log.statements.append(str(args[2]))

        event.listen(risk_engine.sync_engine, "before_cursor_execute", on_execute)
        try:
            yield log
        finally:
            event.remove(risk_engine.sync_engine, "before_cursor_execute", on_execute)

    return recorder
