"""Helpers the tests share (fixtures live in conftest.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncEngine
from strawberry.types import ExecutionResult

from hub.auth.viewer import PUBLIC, Viewer
from hub.context import Context
from hub.db import create_read_session_factory, create_session_factory
from hub.errors import error_code
from hub.settings import Settings


@dataclass
class StatementLog:
    """Every SQL statement the engine sent while recording."""

    statements: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.statements)


class Graph:
    """Runs documents against the schema as a given viewer, the way the endpoint does."""

    def __init__(self, schema: strawberry.Schema, engine: AsyncEngine, settings: Settings) -> None:
        self.schema = schema
        self.settings = settings
        self.read_sessions = create_read_session_factory(engine)
        self.write_sessions = create_session_factory(engine)

    async def execute(
        self,
        document: str,
        variables: dict[str, Any] | None = None,
        *,
        viewer: Viewer = PUBLIC,
    ) -> ExecutionResult:
        context = Context(
            viewer=viewer,
            read_sessions=self.read_sessions,
            write_sessions=self.write_sessions,
            settings=self.settings,
        )
        return await self.schema.execute(document, variable_values=variables, context_value=context)

    async def data(
        self, document: str, variables: dict[str, Any] | None = None, *, viewer: Viewer = PUBLIC
    ) -> dict[str, Any]:
        result = await self.execute(document, variables, viewer=viewer)
        assert result.errors is None, result.errors
        assert result.data is not None
        return result.data

    async def error_codes(
        self, document: str, variables: dict[str, Any] | None = None, *, viewer: Viewer = PUBLIC
    ) -> list[str]:
        result = await self.execute(document, variables, viewer=viewer)
        assert result.errors, "expected errors"
        # Classified as the HTTP endpoint classifies them (variable coercion errors carry no
        # code of their own until then).
        return [str(error_code(error)) for error in result.errors]
