"""Fixtures of the HTTP layer tests."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from hub.settings import Environment, Settings

ClientFactory = Callable[[Starlette], httpx.AsyncClient]


@pytest.fixture
def make_settings() -> Callable[..., Settings]:
    """Settings independent of the environment (`HUB_*` variables, `.env`)."""

    def make(**overrides: Any) -> Settings:
        values: dict[str, Any] = {
            "environment": Environment.DEV,
            "max_query_depth": 12,
            "max_aliases": 30,
            "max_tokens": 5000,
            "document_cache_size": 1024,
        }
        values.update(overrides)
        return Settings(_env_file=None, **values)

    return make


@pytest.fixture
async def client_for() -> AsyncIterator[ClientFactory]:
    """`client_for(app)`: an httpx client calling the app in-process, closed after."""
    clients: list[httpx.AsyncClient] = []

    def make(app: Starlette) -> httpx.AsyncClient:
        client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://hub.test"
        )
        clients.append(client)
        return client

    yield make
    for client in clients:
        await client.aclose()
