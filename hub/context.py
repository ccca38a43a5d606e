"""The typed per-request context every resolver receives."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeAlias

import strawberry

from hub.auth.viewer import Viewer
from hub.db import SessionFactory
from hub.loaders import Loaders
from hub.settings import Settings

if TYPE_CHECKING:
    from starlette.requests import Request


@dataclass
class Context:
    viewer: Viewer
    read_sessions: SessionFactory
    write_sessions: SessionFactory
    settings: Settings
    request: Request | None = None

    @cached_property
    def loaders(self) -> Loaders:
        return Loaders(self.read_sessions, self.viewer)

    async def scalars(self, statement: Any) -> Sequence[Any]:
        """Run one read statement for a root resolver, in its own short session."""
        async with self.read_sessions() as session:
            return (await session.execute(statement)).scalars().all()

    async def scalar(self, statement: Any) -> Any:
        async with self.read_sessions() as session:
            return (await session.execute(statement)).scalar_one()


Info: TypeAlias = strawberry.Info[Context, None]
