"""Helpers the tests share (fixtures live in conftest.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import strawberry
import uvicorn
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from strawberry.types import ExecutionResult

from hub.auth.viewer import PUBLIC, Viewer
from hub.context import Context
from hub.db import create_read_session_factory, create_session_factory
from hub.errors import error_code
from hub.migrations import upgrade_to_head_async
from hub.settings import Settings

# Unset: tests run on SQLite files; a PostgreSQL URL (as .ci/run gives): on fresh
# databases created next to the one it names.
TEST_DATABASE_URL_VARIABLE = "HUB_TEST_DATABASE_URL"


def backend_name() -> str:
    url = os.environ.get(TEST_DATABASE_URL_VARIABLE)
    return make_url(url).get_backend_name() if url else "sqlite"


@asynccontextmanager
async def fresh_database(directory: Path, label: str) -> AsyncIterator[str]:
    """An empty database migrated to head, dropped afterwards: a SQLite file in
    `directory`, or a PostgreSQL database `<configured>_<label>` of its own."""
    configured = os.environ.get(TEST_DATABASE_URL_VARIABLE)
    if not configured:
        url = f"sqlite+aiosqlite:///{directory / f'{label}.sqlite3'}"
        await upgrade_to_head_async(url)
        yield url
        return
    base = make_url(configured)
    name = f"{base.database}_{label}"
    admin = create_async_engine(base, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            await connection.execute(text(f'CREATE DATABASE "{name}"'))
        url = base.set(database=name).render_as_string(hide_password=False)
        await upgrade_to_head_async(url)
        yield url
    finally:
        async with admin.connect() as connection:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


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


SERVER_START_TIMEOUT = 15
SERVER_STOP_TIMEOUT = 10


def require_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"`{name}` is not on PATH, and CI is set: this check must run in CI")
        pytest.skip(f"`{name}` is not on PATH")
    return path


class ServerThread:
    """uvicorn serving an app on 127.0.0.1:<free port> in a background thread."""

    def __init__(self, app: Any, *, lifespan: bool = True) -> None:
        config = uvicorn.Config(
            app,
            host="127.0.0.1",
            port=0,
            log_level="warning",
            access_log=False,
            lifespan="on" if lifespan else "off",
            ws="none",
            loop="asyncio",
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="test-uvicorn", daemon=True)

    def start(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while not self.server.started:
            if not self.thread.is_alive():
                raise RuntimeError("uvicorn exited before it started")
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"uvicorn did not start within {SERVER_START_TIMEOUT}s")
            time.sleep(0.02)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}/graphql"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(SERVER_STOP_TIMEOUT)
        if self.thread.is_alive():
            self.server.force_exit = True
            self.thread.join(SERVER_STOP_TIMEOUT)


NPM_CI_TIMEOUT = 300


def prepare_node_project(directory: Path, installed_marker: str, purpose: str) -> str:
    """Node.js >= 20 and the project's locked packages (`npm ci` when `installed_marker`,
    a path under node_modules, is missing); returns the `node` executable."""
    node = require_tool("node")
    version = subprocess.run(
        [node, "--version"], capture_output=True, text=True, timeout=30, check=True
    ).stdout.strip()
    if int(version.lstrip("v").split(".")[0]) < 20:
        pytest.fail(f"{purpose} needs Node.js >= 20, found {version}")
    if not (directory / "node_modules" / installed_marker).is_file():
        completed = subprocess.run(
            [require_tool("npm"), "ci", "--no-audit", "--no-fund"],
            cwd=directory,
            capture_output=True,
            text=True,
            timeout=NPM_CI_TIMEOUT,
            check=False,
        )
        assert completed.returncode == 0, f"npm ci failed:\n{completed.stdout}\n{completed.stderr}"
    return node
