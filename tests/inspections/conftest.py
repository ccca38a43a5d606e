"""A database of their own for the inspection tests (they create plans, records and
audit events; the graph tests count the demo rows exactly), and an office of its own for
every test: two fresh departments of 沈阳市 (a lead and a partner for joint plans) with
their INSPECTION items, accounts and inspectors, and a pool of entities under an industry
name no other test uses, so each test draws from its own pool."""

from __future__ import annotations

import itertools
import random
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.ext.asyncio import AsyncEngine
from strawberry.relay import to_base64

from hub.auth.permissions import Permission
from hub.auth.viewer import Viewer
from hub.db import SessionFactory, create_engine, create_session_factory
from hub.domain.uscc import check_character
from hub.models import (
    Account,
    CreditEvaluation,
    CreditGrade,
    CreditSource,
    Department,
    Inspection,
    InspectionResult,
    Inspector,
    MarketEntity,
    MarketEntityKind,
    RecordKind,
    RecordStatus,
    SubjectCategory,
    SupervisionItem,
    User,
)
from hub.reference import load_reference_data
from hub.schema.root import build_schema
from hub.settings import Environment, Settings
from tests.support import Graph, StatementLog, fresh_database

CITY = "210100"  # 沈阳市
COUNTY = "210102"  # 和平区
PLANNER = frozenset(
    {Permission.PLAN_INSPECTIONS, Permission.RECORD_ENTRY, Permission.PUBLISH_RECORDS}
)
_codes = itertools.count(999, -1)
_serials = itertools.count(random.Random().randrange(10**6, 10**8))


@pytest.fixture(scope="session")
async def inspection_database_url(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[str]:
    directory = tmp_path_factory.mktemp("inspection_db")
    async with fresh_database(directory, "hub_inspection_tests") as url:
        yield url


@pytest.fixture(scope="session")
async def inspection_engine(inspection_database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(inspection_database_url)
    async with create_session_factory(engine)() as session, session.begin():
        await load_reference_data(session)
    yield engine
    await engine.dispose()


@pytest.fixture(scope="session")
def inspection_sessions(inspection_engine: AsyncEngine) -> SessionFactory:
    return create_session_factory(inspection_engine)


@pytest.fixture(scope="session")
def inspection_graph(inspection_engine: AsyncEngine, inspection_database_url: str) -> Graph:
    settings = Settings(database_url=inspection_database_url, environment=Environment.DEV)
    return Graph(build_schema(settings), inspection_engine, settings)


@pytest.fixture
def inspection_statements(inspection_engine: AsyncEngine) -> Any:
    @contextmanager
    def recorder() -> Iterator[StatementLog]:
        log = StatementLog()

        def on_execute(*args: Any) -> None:
            log.statements.append(str(args[2]))

        event.listen(inspection_engine.sync_engine, "before_cursor_execute", on_execute)
        try:
            yield log
        finally:
            event.remove(inspection_engine.sync_engine, "before_cursor_execute", on_execute)

    return recorder


def new_uscc(region_code: str = COUNTY) -> str:
    first_seventeen = f"91{region_code}{next(_serials) % 10**9:09d}"
    return first_seventeen + check_character(first_seventeen)


def gid(type_name: str, row_id: int) -> str:
    return to_base64(type_name, row_id)


@dataclass
class Desk:
    """One department of the office: its account, item and inspectors."""

    department_id: int
    code: str
    account_id: int
    item_id: int
    inspector_ids: list[int]
    certificates: list[str]

    def viewer(self, permissions: frozenset[Permission] = PLANNER) -> Viewer:
        return Viewer.staff(
            department_id=self.department_id,
            region_code=CITY,
            permissions=permissions,
            account_id=self.account_id,
            department_code=self.code,
        )

    @property
    def gid(self) -> str:
        return gid("Department", self.department_id)

    @property
    def item_gid(self) -> str:
        return gid("SupervisionItem", self.item_id)


@dataclass
class Office:
    lead: Desk
    partner: Desk
    # The pool: entities under this office's own industry, by id.
    industry: str
    entity_ids: list[int]
    usccs: dict[int, str]
    sessions: SessionFactory
    other_ids: list[int] = field(default_factory=list)

    async def inspect(self, desk: Desk, entity_id: int, days_ago: int) -> int:
        """An INSPECTION record of `desk`'s department about an entity, `days_ago` days ago."""
        async with self.sessions() as session, session.begin():
            decided = date.today() - timedelta(days=days_ago)
            record = Inspection(
                kind=RecordKind.INSPECTION,
                status=RecordStatus.PUBLISHED,
                department_id=desk.department_id,
                region_code=CITY,
                entity_id=entity_id,
                subject_name="检查对象",
                subject_category=SubjectCategory.LEGAL_PERSON,
                subject_uscc=self.usccs[entity_id],
                document_name="现场检查记录",
                decision_number=f"检-{next(_serials)}",
                decision_date=decided,
                published_at=datetime.now(UTC),
                inspected_on=decided,
                result=InspectionResult.NORMAL,
            )
            session.add(record)
            await session.flush()
            return record.id


async def _desk(session: Any, name: str, inspectors: int) -> Desk:
    used = set(
        (await session.scalars(select(Department.code).where(Department.region_code == CITY))).all()
    )
    code = next(f"{c:03d}" for c in _codes if f"{c:03d}" not in used)
    department = Department(region_code=CITY, code=code, name=f"沈阳市{name}{code}")
    session.add(department)
    await session.flush()
    account = Account(number=f"{CITY}{code}0006", department_id=department.id)
    item = SupervisionItem(
        code=f"T{code}-JC-{next(_serials)}",
        name=f"{name}日常检查",
        department_id=department.id,
        record_kind=RecordKind.INSPECTION,
    )
    session.add_all([account, item])
    await session.flush()
    inspector_ids, certificates = [], []
    for number in range(inspectors):
        user = User(name=f"检查员{code}{number}", department_id=department.id)
        session.add(user)
        await session.flush()
        certificate = f"T{code}-{next(_serials)}"
        inspector = Inspector(
            user_id=user.id,
            department_id=department.id,
            name=user.name,
            certificate_number=certificate,
            field="综合执法",
        )
        session.add(inspector)
        await session.flush()
        inspector_ids.append(inspector.id)
        certificates.append(certificate)
    return Desk(department.id, code, account.id, item.id, inspector_ids, certificates)


async def make_office(
    sessions: SessionFactory,
    *,
    entities: int = 12,
    lead_inspectors: int = 3,
    partner_inspectors: int = 3,
) -> Office:
    async with sessions() as session, session.begin():
        lead = await _desk(session, "市场监督管理局", lead_inspectors)
        partner = await _desk(session, "卫生健康委员会", partner_inspectors)
        industry = f"测试行业{next(_serials)}"
        entity_ids: list[int] = []
        usccs: dict[int, str] = {}
        for number in range(entities):
            entity = MarketEntity(
                uscc=new_uscc(),
                name=f"{industry}企业{number}",
                kind=MarketEntityKind.ENTERPRISE,
                region_code=COUNTY,
                legal_representative="张三",
                address="沈阳市和平区",
                industry=industry,
            )
            session.add(entity)
            await session.flush()
            entity_ids.append(entity.id)
            usccs[entity.id] = entity.uscc
            session.add(
                CreditEvaluation(
                    entity_id=entity.id,
                    source=CreditSource.HUB,
                    grade=CreditGrade.C if number % 2 else CreditGrade.A,
                    score=Decimal(60),
                    evaluated_at=datetime.now(UTC),
                )
            )
        await session.flush()
    return Office(lead, partner, industry, entity_ids, usccs, sessions)


@pytest.fixture
async def office(inspection_sessions: SessionFactory) -> Office:
    return await make_office(inspection_sessions)
