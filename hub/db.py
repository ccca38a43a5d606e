"""Engine and session factories: the one place that knows how we talk to the database."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeAlias

from sqlalchemy import Select, event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import ConnectionPoolEntry

SessionFactory = async_sessionmaker[AsyncSession]
# Any SELECT, whatever its columns (SQLAlchemy 2.1 types Select by its row's columns).
AnySelect: TypeAlias = Select[*tuple[Any, ...]]


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def create_engine(url: str, *, pool_size: int = 10, echo: bool = False) -> AsyncEngine:
    if is_sqlite(url):
        database = make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(url, echo=echo, connect_args={"timeout": 30})
        event.listen(engine.sync_engine, "connect", _sqlite_on_connect)
        return engine
    return create_async_engine(
        url,
        echo=echo,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_pre_ping=False,
        connect_args={"server_settings": {"application_name": "hub"}},
    )


def _sqlite_on_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
    # SQLite enforces foreign keys only when asked, per connection; WAL lets the
    # server read while `hub demo` or an import writes.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def create_session_factory(engine: AsyncEngine) -> SessionFactory:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


def create_read_session_factory(engine: AsyncEngine) -> SessionFactory:
    """Sessions for loaders: autocommit, so a batch is one SELECT on the wire with no
    BEGIN/ROLLBACK around it, and each batch holds a pooled connection only while it runs."""
    return async_sessionmaker(
        engine.execution_options(isolation_level="AUTOCOMMIT"),
        expire_on_commit=False,
        autoflush=False,
    )


async def refresh_statistics(engine: AsyncEngine) -> None:
    """ANALYZE after a bulk load: PostgreSQL here runs without autovacuum, and a planner
    without statistics picks sequential scans for the paged, filtered queries."""
    async with engine.connect() as connection:
        await connection.exec_driver_sql("ANALYZE")
        await connection.commit()
