"""The assembled service: the real schema behind the real HTTP app, on the demo data."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import AsyncIterator

import httpx
import pytest

from hub.demo import DemoSummary
from hub.server import create_hub_app
from hub.settings import Settings


@pytest.fixture
async def client(settings: Settings, demo_data: DemoSummary) -> AsyncIterator[httpx.AsyncClient]:
    app = create_hub_app(settings)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://hub.test") as client:
        yield client
    await app.state.engine.dispose()


async def test_a_public_query_over_http(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/graphql",
        json={"query": "{ entities(first: 2) { totalCount edges { node { uscc } } } }"},
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/graphql-response+json")
    body = response.json()
    assert "errors" not in body
    assert len(body["data"]["entities"]["edges"]) == 2


async def test_ready_when_the_database_answers(client: httpx.AsyncClient) -> None:
    assert (await client.get("/readyz")).status_code == 200
    assert (await client.get("/healthz")).status_code == 200


async def test_bad_input_is_a_coded_error_not_a_500(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/graphql", json={"query": '{ entity(uscc: "91350100M000100Y44") { name } }'}
    )
    assert response.status_code == 200
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"


@pytest.mark.parametrize(
    "first_import",
    ["hub.server", "hub.cli", "hub.schema.root", "hub.schema.risk", "hub.schema.partner_data"],
)
def test_the_served_app_builds_whatever_is_imported_first(first_import: str) -> None:
    # The tests import modules in one order; `hub serve` (uvicorn's factory) and other
    # entry points in others. Type registration must not depend on it.
    program = (
        f"import {first_import}\n"
        "from hub.server import create_app_from_settings\n"
        "create_app_from_settings()\n"
    )
    environment = {**os.environ, "HUB_DATABASE_URL": "sqlite+aiosqlite:///:memory:"}
    done = subprocess.run(
        [sys.executable, "-c", program], env=environment, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
