"""Alembic environment: async engine from hub settings; the URL may be overridden by the
caller through `config.attributes["database_url"]` (tests and `hub migrate` do)."""

from __future__ import annotations

import asyncio
from logging.config import fileConfig

from alembic import context
from sqlalchemy.engine import Connection

from hub.db import create_engine, is_sqlite
from hub.models import Base
from hub.settings import get_settings

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logging", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = Base.metadata


def _database_url() -> str:
    url = config.attributes.get("database_url")
    return str(url) if url else get_settings().database_url


def _run_migrations(connection: Connection) -> None:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        # Batch mode rebuilds a table as copy, DROP, rename. With foreign keys enforced,
        # the DROP runs an implicit DELETE whose ON DELETE CASCADE empties the rows that
        # reference the old table — the copy included, for self-references. SQLite's
        # documented procedure turns enforcement off for the rebuild (it only takes effect
        # outside a transaction, hence here, before one begins) and checks afterwards.
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        # End SQLAlchemy's autobegun transaction, so Alembic begins and commits its own.
        connection.commit()
    _configure_and_run(connection)
    if sqlite:
        broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")
        connection.commit()
        if broken:
            raise RuntimeError(f"迁移后外键不一致: {broken[:5]}")


def _configure_and_run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER constraints in place; batch mode rebuilds the table.
        render_as_batch=is_sqlite(_database_url()),
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_async() -> None:
    engine = create_engine(_database_url())
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_run_migrations)
    finally:
        await engine.dispose()


def run_migrations_offline() -> None:
    context.configure(
        url=_database_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run_migrations(connection)
    else:
        asyncio.run(_run_async())
