"""The official GraphQL-over-HTTP audit (npm `graphql-http`) against a real server.

Runs `tests/http_audit/audit.mjs` with Node.js against the app served by uvicorn on
a free port. Without `node`/`npm` on PATH the test is skipped, unless `CI` is set.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import strawberry
from starlette.requests import Request

from hub.http import HubSchema, create_app, graphql_extensions
from hub.settings import Environment, Settings
from tests.support import ServerThread, prepare_node_project, require_tool

AUDIT_DIR = Path(__file__).resolve().parents[1] / "http_audit"
AUDIT_TIMEOUT = 180


@strawberry.type
class Query:
    @strawberry.field
    def hello(self) -> str:
        return "你好"


@strawberry.type
class Mutation:
    @strawberry.mutation
    def touch(self) -> bool:
        return True


async def context_getter(request: Request) -> Request:
    return request


@pytest.fixture
def server_url() -> Iterator[str]:
    settings = Settings(  # independent of HUB_* variables and .env
        _env_file=None,
        environment=Environment.PROD,
        max_query_depth=12,
        max_aliases=30,
        max_tokens=5000,
        document_cache_size=1024,
    )
    schema = HubSchema(query=Query, mutation=Mutation, extensions=graphql_extensions(settings))
    app = create_app(settings=settings, schema=schema, context_getter=context_getter, engine=None)
    server = ServerThread(app, lifespan=False)
    url = server.start()
    try:
        yield url
    finally:
        server.stop()
    assert not server.thread.is_alive(), "uvicorn did not stop"


@pytest.fixture(scope="module")
def audit_script() -> Path:
    prepare_node_project(AUDIT_DIR, "graphql-http/package.json", "the audit")
    return AUDIT_DIR / "audit.mjs"


@pytest.mark.slow
def test_graphql_over_http_audit(audit_script: Path, server_url: str) -> None:
    completed = subprocess.run(
        [require_tool("node"), str(audit_script), server_url],
        cwd=AUDIT_DIR,
        capture_output=True,
        text=True,
        timeout=AUDIT_TIMEOUT,
        check=False,
    )
    output = completed.stdout + completed.stderr
    print(output)  # shown by pytest when the test fails, and with -s
    summary = [
        line for line in completed.stdout.splitlines() if line.startswith("graphql-http audit:")
    ]
    assert summary, f"no summary line in the audit output:\n{output}"
    assert " 0 MUST failed" in summary[0], output
    assert completed.returncode == 0, output
