"""全程留痕 of reads: a staff read of an entity's personal data leaves an access event
(written in batches, off the read path); a public read leaves none."""

from __future__ import annotations

import asyncio
from typing import Any

import strawberry
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from hub.access_log import AccessLog
from hub.auth.permissions import Permission
from hub.auth.viewer import PUBLIC, Viewer
from hub.context import Context
from hub.db import SessionFactory, create_read_session_factory, create_session_factory
from hub.demo import DemoSummary
from hub.models import Account, Department, MarketEntity
from hub.models.access_events import AccessEvent, AccessKind
from hub.settings import Settings

ENTITY_PAGE = """
query { entities(first: 5) { edges { node { uscc name legalRepresentativeIdNumber } } } }
"""


class Runner:
    def __init__(self, schema: strawberry.Schema, engine: AsyncEngine, settings: Settings) -> None:
        self.schema = schema
        self.settings = settings
        self.read_sessions = create_read_session_factory(engine)
        self.write_sessions = create_session_factory(engine)

    async def run(self, viewer: Viewer, access_log: AccessLog | None) -> dict[str, Any]:
        context = Context(
            viewer=viewer,
            read_sessions=self.read_sessions,
            write_sessions=self.write_sessions,
            settings=self.settings,
            access_log=access_log,
        )
        result = await self.schema.execute(ENTITY_PAGE, context_value=context)
        assert result.errors is None, result.errors
        assert result.data is not None
        return result.data


async def _staff(session_factory: SessionFactory) -> Viewer:
    async with session_factory() as session:
        department = (
            await session.execute(
                select(Department.id).where(
                    Department.region_code == "210000", Department.code == "231"
                )
            )
        ).scalar_one()
        account = (await session.execute(select(Account.id).limit(1))).scalar_one()
    return Viewer.staff(
        account_id=account,
        department_id=department,
        region_code="210000",
        permissions=frozenset({Permission.PERSONAL_DATA, Permission.CROSS_DEPARTMENT_QUERY}),
    )


async def _count(session_factory: SessionFactory, account_id: int | None = None) -> int:
    async with session_factory() as session:
        statement = select(func.count(AccessEvent.id))
        if account_id is not None:
            statement = statement.where(AccessEvent.account_id == account_id)
        return int((await session.execute(statement)).scalar_one())


async def test_a_staff_read_of_personal_data_is_logged_after_flush(
    schema: strawberry.Schema,
    engine: AsyncEngine,
    settings: Settings,
    session_factory: SessionFactory,
    demo_data: DemoSummary,
) -> None:
    runner = Runner(schema, engine, settings)
    staff = await _staff(session_factory)
    access_log = AccessLog(session_factory)
    before = await _count(session_factory)

    data = await runner.run(staff, access_log)
    entities = [edge["node"] for edge in data["entities"]["edges"]]
    read = [entity for entity in entities if entity["legalRepresentativeIdNumber"]]
    assert read, "the demo entities carry ID numbers"
    # Nothing was written on the read path.
    assert await _count(session_factory) == before
    assert access_log.pending >= len(read)

    pending = access_log.pending
    assert await access_log.flush() == pending
    assert access_log.pending == 0
    async with session_factory() as session:
        rows = (
            await session.scalars(
                select(AccessEvent).where(AccessEvent.account_id == staff.account_id)
            )
        ).all()
    assert {row.what for row in rows} == {AccessKind.PERSONAL_DATA.value}
    assert len({row.entity_id for row in rows}) == len(read)


async def test_a_public_read_is_not_logged(
    schema: strawberry.Schema,
    engine: AsyncEngine,
    settings: Settings,
    session_factory: SessionFactory,
    demo_data: DemoSummary,
) -> None:
    access_log = AccessLog(session_factory)
    await Runner(schema, engine, settings).run(PUBLIC, access_log)
    assert access_log.pending == 0


async def test_the_background_task_flushes_and_stop_drains(
    session_factory: SessionFactory, demo_data: DemoSummary
) -> None:
    staff = await _staff(session_factory)
    assert staff.account_id is not None
    async with session_factory() as session:
        entity = (await session.execute(select(MarketEntity.id).limit(1))).scalar_one()
    access_log = AccessLog(session_factory, batch_size=3, interval=60)
    await access_log.start()
    before = await _count(session_factory, staff.account_id)
    for kind in AccessKind:  # a full batch (3) wakes the writer
        access_log.record(staff.account_id, entity, kind)
        access_log.record(staff.account_id, entity, kind)  # kept once per flush window
    for _ in range(100):
        if await _count(session_factory, staff.account_id) == before + 3:
            break
        await asyncio.sleep(0.02)
    assert await _count(session_factory, staff.account_id) == before + 3
    access_log.record(staff.account_id, entity, AccessKind.COMPLAINTS)  # a new window
    assert access_log.pending == 1
    await access_log.stop()  # drains the rest
    assert await _count(session_factory, staff.account_id) == before + 4
