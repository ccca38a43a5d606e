"""The migrations build the schema the models describe, on the backend under test."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.ext.asyncio import AsyncEngine

from hub.migrations import current_revision, head_revision
from hub.models import Base


async def test_database_is_at_head(engine: AsyncEngine) -> None:
    assert await current_revision(engine) == head_revision()


async def test_models_and_migrations_do_not_drift(engine: AsyncEngine) -> None:
    # given a database migrated from empty to head (the session fixture)
    # when Alembic compares it with the models, as `alembic check` does
    async with engine.connect() as connection:
        differences = await connection.run_sync(
            lambda sync: compare_metadata(
                MigrationContext.configure(sync, opts={"compare_type": True}), Base.metadata
            )
        )
    # then there is nothing left to migrate
    assert differences == []
