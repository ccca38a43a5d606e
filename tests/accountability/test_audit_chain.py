"""全程留痕, tamper-evident: the audit events form a hash chain that `hub audit verify`
checks, and the table refuses UPDATE and DELETE."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine
from typer.testing import CliRunner

from hub import audit_chain
from hub.audit import record_change
from hub.audit_chain import verify_chain
from hub.auth.viewer import Viewer
from hub.cli import app
from hub.db import SessionFactory, create_engine, create_session_factory
from hub.models import AuditEvent
from hub.settings import get_settings
from tests.support import backend_name, fresh_database


@pytest.fixture
async def chain_url(tmp_path: Path) -> AsyncIterator[str]:
    async with fresh_database(tmp_path, "audit_chain") as url:
        yield url


@pytest.fixture
async def chain_engine(chain_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(chain_url)
    yield engine
    await engine.dispose()


async def _mutate(sessions: SessionFactory, number: int, events: int = 1) -> None:
    """One transaction writing `events` audit events, as a mutation does."""
    async with sessions() as session, session.begin():
        for index in range(events):
            record_change(
                session,
                Viewer.public(),
                operation="test.change",
                target_type="Thing",
                target_id=f"{number}-{index}",
                before={"名称": "旧"},
                after={"名称": f"新{number}", "金额": 1.5, "嵌套": {"b": 1, "a": [1, 2]}},
                client_address="10.0.0.1",
            )


async def _ids(engine: AsyncEngine) -> list[int]:
    async with create_session_factory(engine)() as session:
        rows = await session.scalars(select(AuditEvent.id).order_by(AuditEvent.chain_sequence))
        return list(rows)


async def _bypassing_triggers(engine: AsyncEngine, statement: str) -> None:
    """What a database owner could do: drop the guard, edit the row directly."""
    async with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            await connection.execute(
                text("ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only")
            )
        else:
            await connection.execute(text("DROP TRIGGER audit_events_no_update"))
            await connection.execute(text("DROP TRIGGER audit_events_no_delete"))
        await connection.execute(text(statement))


async def test_the_chain_verifies_after_mutations(chain_engine: AsyncEngine) -> None:
    sessions = create_session_factory(chain_engine)
    for number in range(4):
        await _mutate(sessions, number)
    await _mutate(sessions, 99, events=3)  # several events in one transaction
    report = await verify_chain(chain_engine)
    assert report.intact, report
    assert report.count == 7


async def test_the_shared_database_chain_verifies(engine: AsyncEngine, demo_data: object) -> None:
    # The demo load and every test before this one wrote through record_change.
    report = await verify_chain(engine)
    assert report.intact, report


async def test_a_chain_longer_than_one_read_batch_verifies(
    chain_engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `hub audit verify` reads the chain in batches, forgetting each before the next.
    monkeypatch.setattr(audit_chain, "VERIFY_BATCH", 2)
    sessions = create_session_factory(chain_engine)
    for number in range(5):
        await _mutate(sessions, number)
    report = await verify_chain(chain_engine)
    assert report.intact, report
    assert report.count == len(await _ids(chain_engine))
    # and an alteration in a later batch is still named
    altered = (await _ids(chain_engine))[-2]
    await _bypassing_triggers(
        chain_engine, f"UPDATE audit_events SET target_id = 'forged' WHERE id = {altered}"
    )
    assert (await verify_chain(chain_engine)).broken_event_id == altered


async def test_a_directly_altered_row_is_named(chain_engine: AsyncEngine) -> None:
    sessions = create_session_factory(chain_engine)
    for number in range(5):
        await _mutate(sessions, number)
    altered = (await _ids(chain_engine))[2]
    await _bypassing_triggers(
        chain_engine, f"UPDATE audit_events SET target_id = 'forged' WHERE id = {altered}"
    )
    report = await verify_chain(chain_engine)
    assert report.broken_event_id == altered
    assert report.count == 2
    assert report.problem is not None
    assert "哈希不符" in report.problem


async def test_a_deleted_row_is_detected_at_the_next(chain_engine: AsyncEngine) -> None:
    sessions = create_session_factory(chain_engine)
    for number in range(5):
        await _mutate(sessions, number)
    ids = await _ids(chain_engine)
    await _bypassing_triggers(chain_engine, f"DELETE FROM audit_events WHERE id = {ids[1]}")
    report = await verify_chain(chain_engine)
    assert report.broken_event_id == ids[2]
    assert report.problem is not None
    assert "链接断裂" in report.problem


async def test_an_inserted_row_is_detected(chain_engine: AsyncEngine) -> None:
    sessions = create_session_factory(chain_engine)
    for number in range(3):
        await _mutate(sessions, number)
    async with chain_engine.begin() as connection:
        await connection.execute(
            text(
                "INSERT INTO audit_events (occurred_at, operation, target_type, target_id,"
                " before, after) VALUES (CURRENT_TIMESTAMP, 'forged', 'Thing', '1', '{}', '{}')"
            )
        )
    report = await verify_chain(chain_engine)
    assert not report.intact
    assert report.count == 3


async def test_the_table_refuses_update_and_delete(chain_engine: AsyncEngine) -> None:
    await _mutate(create_session_factory(chain_engine), 1)
    for statement in (
        "UPDATE audit_events SET target_id = 'forged'",
        "DELETE FROM audit_events",
    ):
        with pytest.raises(DBAPIError, match="append-only"):
            async with chain_engine.begin() as connection:
                await connection.execute(text(statement))
    assert (await verify_chain(chain_engine)).count == 1


async def test_concurrent_appends_keep_one_chain(chain_engine: AsyncEngine) -> None:
    sessions = create_session_factory(chain_engine)
    await asyncio.gather(*(_mutate(sessions, number, events=2) for number in range(20)))
    report = await verify_chain(chain_engine)
    assert report.intact, report
    assert report.count == 40


@pytest.fixture
async def seeded_chain_url(chain_url: str, chain_engine: AsyncEngine) -> str:
    sessions = create_session_factory(chain_engine)
    for number in range(3):
        await _mutate(sessions, number)
    return chain_url


def test_hub_audit_verify_reports_the_chain(
    seeded_chain_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HUB_DATABASE_URL", seeded_chain_url)
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["audit", "verify"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert "审计链完整，共 3 条" in result.output


def test_backend_is_named() -> None:
    assert backend_name()
