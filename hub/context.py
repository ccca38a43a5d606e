"""The typed per-request context every resolver receives."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeAlias

import strawberry
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from hub.auth.viewer import Viewer
from hub.db import SessionFactory
from hub.loaders import Loaders
from hub.settings import Settings

if TYPE_CHECKING:
    from starlette.requests import Request

    from connectors import ConnectorRegistry
    from hub.access_log import AccessLog


@dataclass
class Context:
    viewer: Viewer
    read_sessions: SessionFactory
    write_sessions: SessionFactory
    settings: Settings
    request: Request | None = None
    # The process's partner connectors (created and closed by the server's lifespan).
    partners: ConnectorRegistry | None = None
    # Where reads of non-public entity data are logged (hub.access_log; None: not logged).
    access_log: AccessLog | None = None

    @cached_property
    def loaders(self) -> Loaders:
        return Loaders(self.read_sessions, self.viewer)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """The write session of one mutation: committed once at the end, rolled back
        whole on any error, so a mutation is all-or-nothing.

        On SQLite it begins IMMEDIATE: the sqlite3 driver otherwise starts the transaction
        only at the first INSERT/UPDATE, so reads before it would see a snapshot the write
        cannot build on (SQLITE_BUSY instead of waiting), and a SAVEPOINT before it would
        open — and its RELEASE commit — a transaction of its own. Writers then queue on the
        busy timeout, as PostgreSQL row locks make them queue."""
        async with self.write_sessions() as session, session.begin():
            if session.get_bind().dialect.name == "sqlite":
                await session.execute(text("BEGIN IMMEDIATE"))
            yield session

    @property
    def client_address(self) -> str | None:
        client = self.request.client if self.request is not None else None
        return client.host if client is not None else None

    async def scalars(self, statement: Any) -> Sequence[Any]:
        """Run one read statement for a root resolver, in its own short session."""
        async with self.read_sessions() as session:
            return (await session.execute(statement)).scalars().all()

    async def scalar(self, statement: Any) -> Any:
        async with self.read_sessions() as session:
            return (await session.execute(statement)).scalar_one()


Info: TypeAlias = strawberry.Info[Context, None]
