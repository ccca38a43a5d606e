"""POST /oauth/token: the client credentials grant for partner systems (RFC 6749 §4.4)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import select

from hub.db import SessionFactory
from hub.demo import DEMO_PARTNER_CLIENT_ID, DEMO_PARTNER_SECRET
from hub.models import AuditEvent
from tests.auth.conftest import ME, HubFactory

PARTNER = "{ signedInPartner { clientId name departments { name } } me { accountNumber } }"
GRANT = {"grant_type": "client_credentials"}


def _assert_error(response: httpx.Response, status: int, error: str) -> dict[str, Any]:
    assert response.status_code == status
    assert response.headers["cache-control"] == "no-store"
    body: dict[str, Any] = response.json()
    assert body["error"] == error
    assert body["error_description"].isascii()
    assert body["message"]
    return body


async def test_http_basic_authentication(make_hub: HubFactory) -> None:
    # given
    hub = await make_hub()
    # when
    response = await hub.client.post(
        "/oauth/token", data=GRANT, auth=(DEMO_PARTNER_CLIENT_ID, DEMO_PARTNER_SECRET)
    )
    # then
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["pragma"] == "no-cache"
    body = response.json()
    assert set(body) == {"access_token", "token_type", "expires_in", "scope"}
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 15 * 60
    assert body["scope"] == "records:write records:read registrations:write"


async def test_credentials_in_the_body_and_a_narrower_scope(make_hub: HubFactory) -> None:
    hub = await make_hub()
    form = {
        **GRANT,
        "client_id": DEMO_PARTNER_CLIENT_ID,
        "client_secret": DEMO_PARTNER_SECRET,
        "scope": "records:read",
    }
    response = await hub.client.post("/oauth/token", data=form)
    assert response.status_code == 200
    assert response.json()["scope"] == "records:read"


async def test_a_partner_token_is_a_partner_viewer(
    make_hub: HubFactory, session_factory: SessionFactory
) -> None:
    # given
    hub = await make_hub()
    response = await hub.client.post(
        "/oauth/token", data=GRANT, auth=(DEMO_PARTNER_CLIENT_ID, DEMO_PARTNER_SECRET)
    )
    token = response.json()["access_token"]
    # when
    data = await hub.data(PARTNER, token=token)
    # then
    assert data["me"] is None
    assert data["signedInPartner"]["clientId"] == DEMO_PARTNER_CLIENT_ID
    assert [d["name"] for d in data["signedInPartner"]["departments"]] == ["沈阳市市场监督管理局"]
    async with session_factory() as session:
        event = (
            await session.execute(
                select(AuditEvent)
                .where(AuditEvent.operation == "partner_client.token_issued")
                .order_by(AuditEvent.id.desc())
                .limit(1)
            )
        ).scalar_one()
    assert event.partner_client_id is not None
    assert event.client_address == "203.0.113.10"


async def test_a_staff_viewer_has_no_partner(make_hub: HubFactory) -> None:
    hub = await make_hub()
    assert (await hub.data(PARTNER))["signedInPartner"] is None
    assert (await hub.data(ME))["me"] is None


@pytest.mark.parametrize(
    ("client_id", "secret"),
    [
        (DEMO_PARTNER_CLIENT_ID, "wrong-secret"),
        ("no-such-client", DEMO_PARTNER_SECRET),
        ("bad id with spaces", DEMO_PARTNER_SECRET),
    ],
)
async def test_wrong_credentials_are_invalid_client(
    make_hub: HubFactory, client_id: str, secret: str
) -> None:
    hub = await make_hub()
    response = await hub.client.post("/oauth/token", data=GRANT, auth=(client_id, secret))
    _assert_error(response, 401, "invalid_client")
    assert response.headers["www-authenticate"].startswith('Basic realm="hub"')
    body_auth = {**GRANT, "client_id": client_id, "client_secret": secret}
    _assert_error(await hub.client.post("/oauth/token", data=body_auth), 401, "invalid_client")


async def test_an_unknown_client_costs_a_hash_like_a_known_one(make_hub: HubFactory) -> None:
    hub = await make_hub()
    await hub.client.post("/oauth/token", data=GRANT, auth=("no-such-client", "secret"))
    assert hub.verifier.calls == 1


async def test_no_client_authentication_is_invalid_client(make_hub: HubFactory) -> None:
    hub = await make_hub()
    _assert_error(await hub.client.post("/oauth/token", data=GRANT), 401, "invalid_client")
    malformed = {"Authorization": "Basic not-base64!"}
    response = await hub.client.post("/oauth/token", data=GRANT, headers=malformed)
    _assert_error(response, 401, "invalid_client")


async def test_two_authentication_methods_are_refused(make_hub: HubFactory) -> None:
    hub = await make_hub()
    form = {**GRANT, "client_id": DEMO_PARTNER_CLIENT_ID, "client_secret": DEMO_PARTNER_SECRET}
    response = await hub.client.post(
        "/oauth/token", data=form, auth=(DEMO_PARTNER_CLIENT_ID, DEMO_PARTNER_SECRET)
    )
    _assert_error(response, 400, "invalid_request")


@pytest.mark.parametrize("grant_type", ["password", "authorization_code", "refresh_token"])
async def test_other_grant_types_are_unsupported(make_hub: HubFactory, grant_type: str) -> None:
    hub = await make_hub()
    response = await hub.client.post(
        "/oauth/token",
        data={"grant_type": grant_type},
        auth=(DEMO_PARTNER_CLIENT_ID, DEMO_PARTNER_SECRET),
    )
    _assert_error(response, 400, "unsupported_grant_type")
    assert hub.verifier.calls == 0


@pytest.mark.parametrize("scope", ["records:delete", "records:read admin", "", "records:read  "])
async def test_a_scope_beyond_the_clients_is_invalid_scope(
    make_hub: HubFactory, scope: str
) -> None:
    hub = await make_hub()
    response = await hub.client.post(
        "/oauth/token",
        data={**GRANT, "scope": scope},
        auth=(DEMO_PARTNER_CLIENT_ID, DEMO_PARTNER_SECRET),
    )
    _assert_error(response, 400, "invalid_scope")


@pytest.mark.parametrize(
    ("content", "headers"),
    [
        (b'{"grant_type": "client_credentials"}', {"Content-Type": "application/json"}),
        (b"grant_type=client_credentials", {}),
        (b"grant_type=client_credentials", {"Content-Type": "text/plain"}),
        (
            b"grant_type=client_credentials&grant_type=client_credentials",
            {"Content-Type": "application/x-www-form-urlencoded"},
        ),
        (b"scope=records:read", {"Content-Type": "application/x-www-form-urlencoded"}),
        (b"\xff\xfe", {"Content-Type": "application/x-www-form-urlencoded"}),
        (
            b"grant_type=client_credentials&pad=" + b"x" * 9000,
            {"Content-Type": "application/x-www-form-urlencoded"},
        ),
    ],
    ids=["json", "no content type", "text", "repeated", "no grant type", "not utf-8", "too big"],
)
async def test_malformed_requests_are_invalid_request(
    make_hub: HubFactory, content: bytes, headers: dict[str, str]
) -> None:
    hub = await make_hub()
    response = await hub.client.post(
        "/oauth/token",
        content=content,
        headers=headers,
        auth=(DEMO_PARTNER_CLIENT_ID, DEMO_PARTNER_SECRET),
    )
    _assert_error(response, 400, "invalid_request")


async def test_only_post_is_accepted(make_hub: HubFactory) -> None:
    hub = await make_hub()
    response = await hub.client.get("/oauth/token")
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"


async def test_client_attempts_are_limited_before_hashing(make_hub: HubFactory) -> None:
    hub = await make_hub(login_rate_limit_per_account="2/minute")
    for _ in range(2):
        response = await hub.client.post("/oauth/token", data=GRANT, auth=("demo-partner", "x"))
        assert response.status_code == 401
    response = await hub.client.post(
        "/oauth/token", data=GRANT, auth=(DEMO_PARTNER_CLIENT_ID, DEMO_PARTNER_SECRET)
    )
    body = _assert_error(response, 429, "temporarily_unavailable")
    assert int(response.headers["retry-after"]) > 0
    assert body["message"]
    assert hub.verifier.calls == 2


async def test_form_encoded_basic_credentials_are_decoded(make_hub: HubFactory) -> None:
    # RFC 6749 §2.3.1: id and secret are form-urlencoded before base64
    hub = await make_hub()
    response = await hub.client.post(
        "/oauth/token", data=GRANT, auth=("demo%2Dpartner", DEMO_PARTNER_SECRET)
    )
    assert response.status_code == 200
