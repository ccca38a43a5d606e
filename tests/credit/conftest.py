"""Credit tests that change data get a database of their own (the graph tests count the
demo rows exactly): the reference data, the default rule set, and 和平区's
market-supervision department with a published penalty item and a clerk. Read-only tests
use the shared demo database (`demo_data`)."""

from __future__ import annotations

import itertools
import random
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
import strawberry
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from hub.auth.permissions import Permission
from hub.auth.viewer import Viewer
from hub.credit.administration import ensure_default_rules
from hub.db import SessionFactory, create_engine, create_session_factory
from hub.domain.uscc import check_character
from hub.models import (
    Account,
    Department,
    MarketEntity,
    MarketEntityKind,
    RecordKind,
    SupervisionItem,
)
from hub.reference import load_reference_data
from hub.schema.root import build_schema
from hub.settings import Environment, Settings
from tests.support import Graph, fresh_database

REGION = "210102"  # 和平区
_serials = itertools.count(random.Random().randrange(10**6, 10**8))


def new_uscc(region_code: str = REGION) -> str:
    first_seventeen = f"91{region_code}{next(_serials) % 10**9:09d}"
    return first_seventeen + check_character(first_seventeen)


@dataclass(frozen=True)
class CreditWorld:
    department_id: int
    account_id: int
    items: dict[RecordKind, int]
    sessions: SessionFactory

    def clerk(self, *extra: Permission) -> Viewer:
        return Viewer.staff(
            department_id=self.department_id,
            region_code=REGION,
            permissions=frozenset({Permission.RECORD_ENTRY, Permission.PUBLISH_RECORDS, *extra}),
            account_id=self.account_id,
            department_code="231",
        )

    def rule_manager(self) -> Viewer:
        return self.clerk(Permission.MANAGE_CREDIT_RULES)

    async def new_entity(self) -> MarketEntity:
        async with self.sessions() as session, session.begin():
            entity = MarketEntity(
                uscc=new_uscc(),
                name=f"和平区信用测试商贸有限公司{next(_serials)}",
                kind=MarketEntityKind.ENTERPRISE,
                region_code=REGION,
                legal_representative="王某",
                address="沈阳市和平区测试路1号",
            )
            session.add(entity)
        return entity


@pytest.fixture(scope="session")
async def credit_database_url(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[str]:
    directory = tmp_path_factory.mktemp("credit_db")
    async with fresh_database(directory, "hub_credit_tests") as url:
        yield url


@pytest.fixture(scope="session")
async def credit_engine(credit_database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(credit_database_url)
    yield engine
    await engine.dispose()


@pytest.fixture(scope="session")
def credit_sessions(credit_engine: AsyncEngine) -> SessionFactory:
    return create_session_factory(credit_engine)


@pytest.fixture(scope="session")
async def credit_world(credit_sessions: SessionFactory) -> CreditWorld:
    async with credit_sessions() as session, session.begin():
        await load_reference_data(session)
        await ensure_default_rules(session)
        department = Department(region_code=REGION, code="231", name="和平区市场监督管理局")
        session.add(department)
        await session.flush()
        account = Account(number=f"{REGION}2310006", department_id=department.id)
        session.add(account)
        items = {}
        for kind in RecordKind:
            item = SupervisionItem(
                code=f"231-CREDIT-{kind.value}",
                name=f"信用测试事项{kind.value}",
                department_id=department.id,
                record_kind=kind,
            )
            session.add(item)
            await session.flush()
            items[kind] = item.id
        await session.flush()
        found = await session.scalar(select(Department.id).where(Department.id == department.id))
        assert found is not None
        return CreditWorld(department.id, account.id, items, credit_sessions)


@pytest.fixture(scope="session")
def credit_settings(credit_database_url: str) -> Settings:
    return Settings(database_url=credit_database_url, environment=Environment.DEV)


@pytest.fixture(scope="session")
def credit_schema(credit_settings: Settings) -> strawberry.Schema:
    return build_schema(credit_settings)


@pytest.fixture(scope="session")
def credit_graph(
    credit_schema: strawberry.Schema, credit_engine: AsyncEngine, credit_settings: Settings
) -> Graph:
    return Graph(credit_schema, credit_engine, credit_settings)
