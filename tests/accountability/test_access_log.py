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
from hub.auth.policy import readable_complaints
from hub.auth.viewer import PUBLIC, Viewer
from hub.context import Context
from hub.db import SessionFactory, create_read_session_factory, create_session_factory
from hub.demo import DemoSummary
from hub.models import Account, Complaint, Department, MarketEntity, SupervisionRecord
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


# --- complaints and drafts: non-public rows, logged by `@accessLogged` on their types ----

COMPLAINTS = "{ complaints(first: 20) { edges { node { subject content } } } }"
ENTITY_COMPLAINTS = """
query($uscc: String!) {
  entity(uscc: $uscc) { name complaints(first: 5) { edges { node { subject } } } }
}"""
DRAFTS = """
{ records(filter: {statuses: [DRAFT]}, first: 20) { edges { node { decisionNumber } } } }
"""
ONE_RECORD = "query($id: ID!) { node(id: $id) { ... on SupervisionRecord { decisionNumber } } }"
CLERK = "2101002310006"  # 沈阳市市场监督管理局: cross-department query, personal data


async def _clerk(session_factory: SessionFactory) -> Viewer:
    from hub.auth.viewers import staff_viewer

    async with session_factory() as session:
        account = await session.scalar(select(Account.id).where(Account.number == CLERK))
        assert account is not None
        viewer = await staff_viewer(session, account)
    assert viewer is not None
    return viewer


async def _execute(
    runner: Runner,
    document: str,
    viewer: Viewer,
    access_log: AccessLog,
    variables: dict[str, Any] | None = None,
) -> Any:
    context = Context(
        viewer=viewer,
        read_sessions=runner.read_sessions,
        write_sessions=runner.write_sessions,
        settings=runner.settings,
        access_log=access_log,
    )
    return await runner.schema.execute(document, variable_values=variables, context_value=context)


async def _logged(access_log: AccessLog, session_factory: SessionFactory) -> set[tuple[int, str]]:
    """Flush, and return the (entity, kind) pairs just written."""
    async with session_factory() as session:
        high = await session.scalar(select(func.max(AccessEvent.id))) or 0
    await access_log.flush()
    async with session_factory() as session:
        rows = await session.execute(
            select(AccessEvent.entity_id, AccessEvent.what).where(AccessEvent.id > high)
        )
        return {(row[0], row[1]) for row in rows}


async def test_a_staff_read_of_complaints_is_logged_against_their_entities(
    schema: strawberry.Schema,
    engine: AsyncEngine,
    settings: Settings,
    session_factory: SessionFactory,
    demo_data: DemoSummary,
) -> None:
    # given
    runner = Runner(schema, engine, settings)
    clerk = await _clerk(session_factory)
    access_log = AccessLog(session_factory)
    # when
    result = await _execute(runner, COMPLAINTS, clerk, access_log)
    # then
    assert result.errors is None, result.errors
    assert result.data["complaints"]["edges"], "the demo has complaints in 沈阳市"
    async with session_factory() as session:
        entities = set(
            (
                await session.scalars(
                    select(Complaint.entity_id)
                    .where(readable_complaints(clerk))
                    .order_by(Complaint.received_at.desc(), Complaint.id.desc())
                    .limit(20)
                )
            ).all()
        ) - {None}
    logged = await _logged(access_log, session_factory)
    assert logged == {(entity, AccessKind.COMPLAINTS.value) for entity in entities}


async def test_complaints_read_through_their_entity_are_logged(
    schema: strawberry.Schema,
    engine: AsyncEngine,
    settings: Settings,
    session_factory: SessionFactory,
    demo_data: DemoSummary,
) -> None:
    runner = Runner(schema, engine, settings)
    clerk = await _clerk(session_factory)
    async with session_factory() as session:
        entity_id, uscc = (
            await session.execute(
                select(MarketEntity.id, MarketEntity.uscc)
                .join(Complaint, Complaint.entity_id == MarketEntity.id)
                .where(readable_complaints(clerk))
                .limit(1)
            )
        ).one()
    access_log = AccessLog(session_factory)
    result = await _execute(runner, ENTITY_COMPLAINTS, clerk, access_log, {"uscc": uscc})
    assert result.errors is None, result.errors
    assert await _logged(access_log, session_factory) == {(entity_id, AccessKind.COMPLAINTS.value)}
    # the public never reaches complaints, and reading the entity's public page logs nothing
    public_log = AccessLog(session_factory)
    await _execute(runner, ENTITY_COMPLAINTS, PUBLIC, public_log, {"uscc": uscc})
    assert public_log.pending == 0


async def test_a_staff_read_of_drafts_is_logged_and_of_a_published_record_is_not(
    schema: strawberry.Schema,
    engine: AsyncEngine,
    settings: Settings,
    session_factory: SessionFactory,
    demo_data: DemoSummary,
) -> None:
    from hub.collection.changes import Change
    from hub.collection.publication import publish_record
    from tests.accountability.example_support import global_id, new_record

    # given: a draft of the clerk's department, and a record it published
    runner = Runner(schema, engine, settings)
    clerk = await _clerk(session_factory)
    draft_id, _ = await new_record(session_factory, CLERK)
    published_id, version = await new_record(session_factory, CLERK)
    async with session_factory() as session, session.begin():
        await publish_record(Change(session, clerk), published_id, version)
    async with session_factory() as session:
        draft_entity = await session.scalar(
            select(SupervisionRecord.entity_id).where(SupervisionRecord.id == draft_id)
        )
    # when the clerk reads its drafts
    access_log = AccessLog(session_factory)
    result = await _execute(runner, DRAFTS, clerk, access_log)
    # then each draft's entity is logged, as DRAFT_RECORDS
    assert result.errors is None, result.errors
    logged = await _logged(access_log, session_factory)
    assert (draft_entity, AccessKind.DRAFT_RECORDS.value) in logged
    assert {what for _, what in logged} == {AccessKind.DRAFT_RECORDS.value}
    # and reading a published record (what the public sees) logs nothing, staff or public
    for viewer in (clerk, PUBLIC):
        quiet = AccessLog(session_factory)
        read = await _execute(
            runner, ONE_RECORD, viewer, quiet, {"id": global_id("Penalty", published_id)}
        )
        assert read.errors is None, read.errors
        assert read.data["node"]["decisionNumber"]
        assert quiet.pending == 0
    # the public never sees drafts
    public_log = AccessLog(session_factory)
    await _execute(runner, DRAFTS, PUBLIC, public_log)
    assert public_log.pending == 0
