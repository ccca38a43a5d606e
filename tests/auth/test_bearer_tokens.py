"""Every kind of bad access token is an HTTP 401 with a coded error and a challenge."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from joserfc import jwt
from joserfc.jwk import ECKey

from hub.auth.keys import load_or_create
from hub.demo import DEMO_PASSWORD, DemoSummary
from hub.models import AccountStatus
from hub.server import create_hub_app
from hub.settings import Settings
from tests.auth.conftest import LOGIN, ME, TEST_PASSWORD, AccountFactory, Hub, HubFactory


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unsigned(header: dict[str, Any], claims: dict[str, Any]) -> str:
    return _b64(json.dumps(header).encode()) + "." + _b64(json.dumps(claims).encode())


def _claims_of(token: str) -> dict[str, Any]:
    payload = token.split(".")[1]
    claims: dict[str, Any] = json.loads(
        base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    )
    return claims


Forge = Callable[[dict[str, Any], "Forger"], str]


class Forger:
    """Makes tokens like the hub's, with the hub's key or another one."""

    def __init__(self, settings: Settings, valid_token: str) -> None:
        self.key = load_or_create(settings.key_dir)
        self.claims = _claims_of(valid_token)
        self.now = int(self.claims["iat"])

    def sign(
        self,
        changes: dict[str, Any] | None = None,
        *,
        key: ECKey | None = None,
        header: dict[str, Any] | None = None,
        drop: tuple[str, ...] = (),
    ) -> str:
        claims = {**self.claims, **(changes or {})}
        for name in drop:
            claims.pop(name)
        return jwt.encode(
            header or {"alg": "ES256", "kid": self.key.kid, "typ": "at+jwt"},
            claims,
            key or self.key.private_key,
            algorithms=["ES256"],
        )


BAD_TOKENS: dict[str, Callable[[Forger], str]] = {
    "expired": lambda f: f.sign({"exp": f.now - 3600, "iat": f.now - 7200, "nbf": f.now - 7200}),
    "not yet valid": lambda f: f.sign({"nbf": f.now + 3600}),
    "issued in the future": lambda f: f.sign({"iat": f.now + 3600}),
    "wrong issuer": lambda f: f.sign({"iss": "https://elsewhere.example"}),
    "wrong audience": lambda f: f.sign({"aud": "urn:someone-else"}),
    "signed by another key": lambda f: f.sign(key=ECKey.generate_key("P-256", private=True)),
    "another key under the hub's kid": lambda f: f.sign(
        key=ECKey.generate_key("P-256", private=True),
        header={"alg": "ES256", "kid": f.key.kid, "typ": "at+jwt"},
    ),
    "alg none": lambda f: _unsigned({"alg": "none", "typ": "at+jwt"}, f.claims) + ".",
    "HS256 with the public key as secret": lambda f: _hs256_confusion(f),
    "tampered claims": lambda f: _tampered(f),
    "not an access token (typ JWT)": lambda f: f.sign(
        header={"alg": "ES256", "kid": f.key.kid, "typ": "JWT"}
    ),
    "no typ": lambda f: f.sign(header={"alg": "ES256", "kid": f.key.kid}),
    "no exp": lambda f: f.sign(drop=("exp",)),
    "no jti": lambda f: f.sign(drop=("jti",)),
    "no sign-in (sid)": lambda f: f.sign(drop=("sid",)),
    "unknown kind": lambda f: f.sign({"kind": "admin"}),
    "exp beyond datetime": lambda f: f.sign({"exp": 10**20}),
    "exp not a number": lambda f: f.sign({"exp": "tomorrow"}),
    "subject not an account number": lambda f: f.sign({"sub": "admin"}),
    "unknown account": lambda f: f.sign({"sub": "2101002319999"}),
    "unknown sign-in": lambda f: f.sign({"sid": "00000000-0000-0000-0000-000000000000"}),
    "partner token of an unknown client": lambda f: f.sign(
        {"kind": "partner", "sub": "nobody", "client_id": "nobody", "scope": ""}, drop=("sid",)
    ),
    "oversized": lambda f: f.sign({"padding": "x" * 9000}),
    "garbage": lambda f: "garbage",
    "three dots of garbage": lambda f: "a.b.c",
    "bad base64": lambda f: "!!!.@@@.###",
    "json array payload": lambda f: (
        _unsigned({"alg": "ES256"}, {}).split(".")[0] + "." + _b64(b"[1,2]") + ".sig"
    ),
    "a JWE-shaped token": lambda f: "a.b.c.d.e",
}


def _hs256_confusion(forger: Forger) -> str:
    public_pem = forger.key.private_key.as_pem(private=False)
    signing_input = _unsigned(
        {"alg": "HS256", "kid": forger.key.kid, "typ": "at+jwt"}, forger.claims
    )
    signature = hmac.new(public_pem, signing_input.encode(), hashlib.sha256).digest()
    return signing_input + "." + _b64(signature)


def _tampered(forger: Forger) -> str:
    header, _, signature = forger.sign().split(".")
    claims = _b64(json.dumps({**forger.claims, "sub": "2100002310001"}).encode())
    return f"{header}.{claims}.{signature}"


def _assert_refused(response: Any, *, error: str | None = "invalid_token") -> None:
    assert response.status_code == 401
    body = response.json()
    assert "data" not in body
    [refusal] = body["errors"]
    assert refusal["extensions"] == {"code": "UNAUTHENTICATED"}
    assert refusal["message"]
    challenge = response.headers["www-authenticate"]
    assert challenge.startswith('Bearer realm="hub"')
    if error is not None:
        assert f'error="{error}"' in challenge
    else:
        assert "error=" not in challenge


@pytest.fixture(scope="module")
async def demo_token(auth_settings: Settings, demo_data: DemoSummary) -> str:
    """One sign-in for the module (a password check costs ~0.3 s here): its token stays
    valid across apps, which share the key and the database."""
    app = create_hub_app(auth_settings)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://hub.test") as client:
        response = await client.post(
            "/graphql",
            json={
                "query": LOGIN,
                "variables": {"account": "2101022310006", "password": DEMO_PASSWORD},
            },
        )
    await app.state.engine.dispose()
    token: str = response.json()["data"]["login"]["accessToken"]
    return token


@pytest.fixture
async def signed_in(
    make_hub: HubFactory, auth_settings: Settings, demo_token: str
) -> tuple[Hub, Forger]:
    return await make_hub(), Forger(auth_settings, demo_token)


async def test_the_forger_makes_tokens_the_hub_accepts(signed_in: tuple[Hub, Forger]) -> None:
    hub, forger = signed_in
    me = (await hub.data(ME, token=forger.sign()))["me"]
    assert me["accountNumber"] == "2101022310006"


@pytest.mark.parametrize("forge", BAD_TOKENS.values(), ids=BAD_TOKENS.keys())
async def test_a_bad_token_is_a_401(
    signed_in: tuple[Hub, Forger], forge: Callable[[Forger], str]
) -> None:
    hub, forger = signed_in
    _assert_refused(await hub.post(ME, token=forge(forger)))


async def test_an_expired_token_of_the_hub_itself_is_refused(
    make_hub: HubFactory, new_account: AccountFactory
) -> None:
    hub = await make_hub()
    account = await new_account()
    token = (await hub.signed_in(account.number, TEST_PASSWORD))["accessToken"]
    hub.clock.advance(minutes=14)
    assert (await hub.data(ME, token=token))["me"]["accountNumber"] == account.number
    hub.clock.advance(minutes=1, seconds=31)  # past exp and the 30 s leeway
    _assert_refused(await hub.post(ME, token=token))


async def test_a_disabled_account_loses_access_at_its_next_request(
    make_hub: HubFactory, new_account: AccountFactory, session_factory: Any
) -> None:
    from hub.models import Account

    hub = await make_hub()
    account = await new_account()
    token = (await hub.signed_in(account.number, TEST_PASSWORD))["accessToken"]
    async with session_factory() as session, session.begin():
        stored = await session.get(Account, account.id)
        stored.status = AccountStatus.DISABLED
    _assert_refused(await hub.post(ME, token=token))


@pytest.mark.parametrize(
    ("header", "error"),
    [
        ("Basic dXNlcjpwYXNz", None),
        ("Bearer", "invalid_token"),
        ("Bearer    ", "invalid_token"),
        ("Token abc", None),
    ],
)
async def test_other_authorization_headers_are_refused(
    make_hub: HubFactory, header: str, error: str | None
) -> None:
    hub = await make_hub()
    response = await hub.client.post(
        "/graphql", json={"query": ME}, headers={"Authorization": header}
    )
    _assert_refused(response, error=error)


async def test_two_authorization_headers_are_refused(make_hub: HubFactory) -> None:
    hub = await make_hub()
    response = await hub.client.post(
        "/graphql",
        json={"query": ME},
        headers=[("Authorization", "Bearer a"), ("Authorization", "Bearer b")],
    )
    _assert_refused(response, error="invalid_request")


async def test_the_bearer_scheme_is_case_insensitive(signed_in: tuple[Hub, Forger]) -> None:
    hub, forger = signed_in
    response = await hub.client.post(
        "/graphql", json={"query": ME}, headers={"Authorization": f"bearer {forger.sign()}"}
    )
    assert response.status_code == 200
    assert response.json()["data"]["me"]["accountNumber"] == "2101022310006"


async def test_a_refused_token_on_a_get_request_is_a_401_too(
    signed_in: tuple[Hub, Forger],
) -> None:
    hub, _ = signed_in
    response = await hub.client.get(
        "/graphql", params={"query": ME}, headers={"Authorization": "Bearer garbage"}
    )
    _assert_refused(response)
