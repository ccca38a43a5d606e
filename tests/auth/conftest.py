"""Sign-in over HTTP: the real app (`hub.server.create_hub_app`) on the demo data, with its
signing key in a temporary directory, a clock the tests move, and a password verifier
that counts its calls."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from starlette.applications import Starlette

from hub.auth.passwords import hash_secret, verify_secret
from hub.auth.sign_in import AuthServices
from hub.db import SessionFactory
from hub.demo import DemoSummary
from hub.models import Account, AccountStatus, Department, User
from hub.server import create_hub_app
from hub.settings import Settings

TEST_PASSWORD = "Test@2026pass"
CLIENT_ADDRESS = "203.0.113.10"

LOGIN = """
mutation Login($account: String!, $password: String!) {
  login(account: $account, password: $password) {
    __typename
    ... on LoginPayload { accessToken refreshToken expiresIn tokenType passwordChangeRequired }
    ... on InputError { message code fieldErrors { field message } }
  }
}
"""

ME = """
{
  me {
    accountNumber userName permissions passwordChangeRequired
    isDepartmentAdministrator isRegionAdministrator
    department { name code regionCode }
    menu { key title permission }
  }
}
"""


class Clock:
    """The services' clock: real time when the test starts, then moved by hand."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC).replace(microsecond=0)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class CountingVerifier:
    calls: int = 0

    def __call__(self, stored_hash: str, secret: str) -> bool:
        self.calls += 1
        return verify_secret(stored_hash, secret)


@dataclass
class Hub:
    """One running app and an HTTP client for it."""

    app: Starlette
    client: httpx.AsyncClient
    clock: Clock
    verifier: CountingVerifier
    clients: list[httpx.AsyncClient] = field(default_factory=list)

    @property
    def services(self) -> AuthServices:
        services = self.app.state.auth
        assert isinstance(services, AuthServices)
        return services

    def client_from(self, address: str) -> httpx.AsyncClient:
        """Another client, calling from `address`."""
        client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=self.app, client=(address, 40000)),
            base_url="http://hub.test",
        )
        self.clients.append(client)
        return client

    async def post(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        token: str | None = None,
        client: httpx.AsyncClient | None = None,
    ) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
        return await (client or self.client).post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )

    async def data(
        self, query: str, variables: dict[str, Any] | None = None, *, token: str | None = None
    ) -> dict[str, Any]:
        response = await self.post(query, variables, token=token)
        body = response.json()
        assert response.status_code == 200, body
        assert "errors" not in body, body
        data: dict[str, Any] = body["data"]
        return data

    async def login(
        self, account: str, password: str, *, client: httpx.AsyncClient | None = None
    ) -> dict[str, Any]:
        response = await self.post(LOGIN, {"account": account, "password": password}, client=client)
        body = response.json()
        assert response.status_code == 200, body
        assert "errors" not in body, body
        result: dict[str, Any] = body["data"]["login"]
        return result

    async def signed_in(self, account: str, password: str) -> dict[str, Any]:
        result = await self.login(account, password)
        assert result["__typename"] == "LoginPayload", result
        return result


HubFactory = Callable[..., Awaitable[Hub]]


@pytest.fixture(scope="session")
def auth_settings(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The suite's settings with the signing key in a temporary directory (never var/)."""
    return settings.model_copy(update={"key_dir": tmp_path_factory.mktemp("keys")})


@pytest.fixture
async def make_hub(auth_settings: Settings, demo_data: DemoSummary) -> AsyncIterator[HubFactory]:
    """`await make_hub(**settings_overrides)`: a fresh app (fresh attempt counters)."""
    hubs: list[Hub] = []

    async def make(**overrides: Any) -> Hub:
        settings = auth_settings.model_copy(update=overrides) if overrides else auth_settings
        app = create_hub_app(settings)
        clock = Clock()
        verifier = CountingVerifier()
        app.state.auth.clock = clock
        app.state.auth.verify_password = verifier
        client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app, client=(CLIENT_ADDRESS, 40000)),
            base_url="http://hub.test",
        )
        hub = Hub(app, client, clock, verifier)
        hubs.append(hub)
        return hub

    yield make
    for hub in hubs:
        for client in (hub.client, *hub.clients):
            await client.aclose()
        await hub.app.state.engine.dispose()


@pytest.fixture
async def hub(make_hub: HubFactory) -> Hub:
    return await make_hub()


@dataclass(frozen=True)
class FreshAccount:
    id: int
    number: str
    user_id: int | None
    department_id: int


AccountFactory = Callable[..., Awaitable[FreshAccount]]


@cache
def _hash(password: str) -> str:
    """Argon2 costs ~0.3 s on the CI machine: test accounts share one hash per password."""
    return hash_secret(password)


@pytest.fixture
def new_account(session_factory: SessionFactory, demo_data: DemoSummary) -> AccountFactory:
    """`await new_account(...)`: an account of 和平区市场监督管理局 of the test's own (sequence
    9000 and up), so tests that change passwords or lock accounts leave the demo's alone."""

    async def make(
        *,
        password: str = TEST_PASSWORD,
        must_change_password: bool = False,
        status: AccountStatus = AccountStatus.ENABLED,
        with_user: bool = True,
    ) -> FreshAccount:
        prefix = "210102231"
        async with session_factory() as session, session.begin():
            department_id = (
                await session.execute(
                    select(Department.id).where(
                        Department.region_code == "210102", Department.code == "231"
                    )
                )
            ).scalar_one()
            highest = await session.scalar(
                select(func.max(Account.number)).where(Account.number.like(f"{prefix}9%"))
            )
            sequence = int(highest[9:]) + 1 if highest else 9000
            number = f"{prefix}{sequence:04d}"
            user = None
            if with_user:
                user = User(name="测试用户", department_id=department_id)
                session.add(user)
                await session.flush()
            account = Account(
                number=number,
                department_id=department_id,
                user_id=None if user is None else user.id,
                password_hash=_hash(password),
                must_change_password=must_change_password,
                status=status,
            )
            session.add(account)
            await session.flush()
            return FreshAccount(account.id, number, account.user_id, department_id)

    return make
