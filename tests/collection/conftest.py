"""A schema with the collection mutations (the real root adds them with one line), a
database of their own (these tests create entities, records and announcements by the
thousand; the graph tests count the demo rows exactly), and a desk of its own for every
test: a fresh department with an unused code, its catalogue items, a clerk account, and a
partner client bound to it. Nothing a test makes is seen by another test."""

from __future__ import annotations

import itertools
import random
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest
import strawberry
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine
from strawberry.relay import to_base64

from hub.auth.permissions import Permission
from hub.auth.viewer import Viewer
from hub.auth.visibility import attach_visibility
from hub.db import SessionFactory, create_engine, create_session_factory
from hub.domain.uscc import check_character
from hub.http.protections import graphql_extensions
from hub.http.schema_support import HubSchema
from hub.models import (
    Account,
    AuditEvent,
    Department,
    OutboxMessage,
    PartnerClient,
    PartnerClientDepartment,
    RecordKind,
    SupervisionItem,
    SupervisionItemStatus,
)
from hub.reference import load_reference_data
from hub.resolvers.announcement_entry import AnnouncementEntryMutation
from hub.resolvers.partner_submissions import PartnerSubmissionMutation, PartnerSubmissionQuery
from hub.resolvers.record_entry import RecordEntryMutation
from hub.schema.record_kinds import RECORD_TYPES
from hub.schema.root import Query
from hub.settings import Environment, Settings
from tests.support import Graph, fresh_database

CLERK = frozenset({Permission.RECORD_ENTRY, Permission.PUBLISH_RECORDS})
REGION = "210102"  # 和平区
_codes = itertools.count(999, -1)
_serials = itertools.count(random.Random().randrange(10**6, 10**8))


@strawberry.type
class CollectionQuery(Query, PartnerSubmissionQuery):
    pass


@strawberry.type
class CollectionMutation(RecordEntryMutation, PartnerSubmissionMutation, AnnouncementEntryMutation):
    pass


@dataclass(frozen=True)
class World:
    """What every desk finds around it: the regions, and 和平区's market-supervision
    department with a published penalty item (of another department code than a desk's)."""

    market_department_id: int
    market_item_id: int


@pytest.fixture(scope="session")
async def collection_database_url(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[str]:
    directory = tmp_path_factory.mktemp("collection_db")
    async with fresh_database(directory, "hub_collection_tests") as url:
        yield url


@pytest.fixture(scope="session")
async def collection_engine(collection_database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(collection_database_url)
    yield engine
    await engine.dispose()


@pytest.fixture(scope="session")
def collection_sessions(collection_engine: AsyncEngine) -> SessionFactory:
    return create_session_factory(collection_engine)


@pytest.fixture(scope="session")
async def world(collection_sessions: SessionFactory) -> World:
    async with collection_sessions() as session, session.begin():
        await load_reference_data(session)
        market = Department(region_code=REGION, code="231", name="和平区市场监督管理局")
        session.add(market)
        await session.flush()
        item = SupervisionItem(
            code="231-PENALTY-TEST",
            name="食品经营违法行为的处罚",
            department_id=market.id,
            record_kind=RecordKind.PENALTY,
        )
        session.add(item)
        await session.flush()
        return World(market.id, item.id)


@pytest.fixture(scope="session")
def collection_graph(collection_engine: AsyncEngine, collection_database_url: str) -> Graph:
    settings = Settings(database_url=collection_database_url, environment=Environment.DEV)
    attach_visibility(
        root_types=[CollectionQuery, CollectionMutation], other_types=RECORD_TYPES.values()
    )
    schema = HubSchema(
        query=CollectionQuery,
        mutation=CollectionMutation,
        types=list(RECORD_TYPES.values()),
        extensions=graphql_extensions(settings),
    )
    return Graph(schema, collection_engine, settings)


def new_uscc(region_code: str = REGION, kind: str = "1") -> str:
    first_seventeen = f"9{kind}{region_code}{next(_serials) % 10**9:09d}"
    return first_seventeen + check_character(first_seventeen)


def global_id(type_name: str, row_id: int) -> str:
    return to_base64(type_name, row_id)


@dataclass
class Desk:
    department_id: int
    department_code: str
    account_id: int
    partner_client_id: int
    # Published items of the department's code, by kind; and one draft item.
    items: dict[RecordKind, int]
    draft_item_id: int
    session_factory: SessionFactory

    def clerk(self, permissions: frozenset[Permission] = CLERK) -> Viewer:
        return Viewer.staff(
            department_id=self.department_id,
            region_code=REGION,
            permissions=permissions,
            account_id=self.account_id,
            department_code=self.department_code,
        )

    def partner(self, department_ids: frozenset[int] | None = None) -> Viewer:
        return Viewer.partner(
            client_id=self.partner_client_id,
            department_ids=frozenset({self.department_id})
            if department_ids is None
            else department_ids,
        )

    @property
    def department_gid(self) -> str:
        return global_id("Department", self.department_id)

    def item_gid(self, kind: RecordKind) -> str:
        return global_id("SupervisionItem", self.items[kind])

    async def audit_events(
        self, target_id: int, target_type: str = "SupervisionRecord"
    ) -> list[AuditEvent]:
        async with self.session_factory() as session:
            rows = await session.scalars(
                select(AuditEvent)
                .where(
                    AuditEvent.target_type == target_type, AuditEvent.target_id == str(target_id)
                )
                .order_by(AuditEvent.id)
            )
            return list(rows)

    async def outbox(self, record_id: int) -> list[OutboxMessage]:
        async with self.session_factory() as session:
            rows = await session.scalars(
                select(OutboxMessage)
                .where(OutboxMessage.record_id == record_id)
                .order_by(OutboxMessage.id)
            )
            return list(rows)


@pytest.fixture
async def desk(collection_sessions: SessionFactory, world: World) -> Desk:
    session_factory = collection_sessions
    async with session_factory() as session, session.begin():
        used = set(
            (
                await session.scalars(
                    select(Department.code).where(Department.region_code == REGION)
                )
            ).all()
        )
        code = next(f"{c:03d}" for c in _codes if f"{c:03d}" not in used)
        department = Department(region_code=REGION, code=code, name=f"和平区测试部门{code}")
        session.add(department)
        await session.flush()
        account = Account(number=f"{REGION}{code}0006", department_id=department.id)
        client = PartnerClient(
            client_id=f"collection-{code}-{next(_serials)}",
            name=f"对接系统{code}",
            secret_hash="-",
            scopes="records:write",
        )
        session.add_all([account, client])
        await session.flush()
        session.add(PartnerClientDepartment(client_id=client.id, department_id=department.id))
        items: dict[RecordKind, int] = {}
        for kind in RecordKind:
            item = SupervisionItem(
                code=f"T{code}-{kind.value}-{next(_serials)}",
                name=f"测试事项{kind.value}",
                department_id=department.id,
                record_kind=kind,
            )
            session.add(item)
            await session.flush()
            items[kind] = item.id
        draft = SupervisionItem(
            code=f"T{code}-DRAFT-{next(_serials)}",
            name="未发布的事项",
            department_id=department.id,
            record_kind=RecordKind.PENALTY,
            status=SupervisionItemStatus.DRAFT,
        )
        session.add(draft)
        await session.flush()
        return Desk(department.id, code, account.id, client.id, items, draft.id, session_factory)


async def count_rows(session_factory: SessionFactory, model: Any, *conditions: Any) -> int:
    async with session_factory() as session:
        count = await session.scalar(select(func.count()).select_from(model).where(*conditions))
        return int(count or 0)
