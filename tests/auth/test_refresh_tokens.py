"""Refresh tokens rotate; a used one presented again ends its whole sign-in; logout ends it."""

from __future__ import annotations

from sqlalchemy import select

from hub.db import SessionFactory
from hub.models import AuditEvent, RefreshToken
from tests.auth.conftest import ME, TEST_PASSWORD, AccountFactory, Hub, HubFactory

REFRESH = """
mutation Refresh($token: String!) {
  refreshToken(refreshToken: $token) {
    __typename
    ... on LoginPayload { accessToken refreshToken expiresIn passwordChangeRequired }
    ... on InputError { message code }
  }
}
"""

LOGOUT = """
mutation Logout($token: String!) {
  logout(refreshToken: $token) {
    __typename
    ... on LogoutPayload { loggedOut }
    ... on InputError { code fieldErrors { field } }
  }
}
"""


async def _refresh(hub: Hub, token: str) -> dict[str, object]:
    result: dict[str, object] = (await hub.data(REFRESH, {"token": token}))["refreshToken"]
    return result


async def test_a_refresh_token_is_exchanged_once_for_a_new_pair(
    make_hub: HubFactory, new_account: AccountFactory
) -> None:
    # given
    hub = await make_hub()
    account = await new_account()
    first = await hub.signed_in(account.number, TEST_PASSWORD)
    # when
    second = await _refresh(hub, first["refreshToken"])
    # then
    assert second["__typename"] == "LoginPayload"
    assert second["refreshToken"] != first["refreshToken"]
    assert second["accessToken"] != first["accessToken"]
    assert second["expiresIn"] == 15 * 60
    me = (await hub.data(ME, token=str(second["accessToken"])))["me"]
    assert me["accountNumber"] == account.number
    # and the new one can be exchanged in turn
    third = await _refresh(hub, str(second["refreshToken"]))
    assert third["__typename"] == "LoginPayload"


async def test_a_used_refresh_token_presented_again_revokes_the_whole_sign_in(
    make_hub: HubFactory, new_account: AccountFactory, session_factory: SessionFactory
) -> None:
    # given: a sign-in whose first refresh token was used
    hub = await make_hub()
    account = await new_account()
    first = await hub.signed_in(account.number, TEST_PASSWORD)
    second = await _refresh(hub, first["refreshToken"])
    assert second["__typename"] == "LoginPayload"
    # when: the used one comes back (a stolen copy, a replay)
    replay = await _refresh(hub, first["refreshToken"])
    # then: refused, and the legitimate newer token is dead too, as are the access tokens
    assert replay == {
        "__typename": "InputError",
        "message": "登录已失效，请重新登录",
        "code": "INVALID_REFRESH_TOKEN",
    }
    assert (await _refresh(hub, str(second["refreshToken"])))["code"] == "INVALID_REFRESH_TOKEN"
    for access in (first["accessToken"], second["accessToken"]):
        response = await hub.post(ME, token=str(access))
        assert response.status_code == 401
    async with session_factory() as session:
        tokens = (
            await session.execute(select(RefreshToken).where(RefreshToken.account_id == account.id))
        ).scalars()
        assert all(token.revoked_at is not None for token in tokens)
        event = (
            await session.execute(
                select(AuditEvent).where(
                    AuditEvent.operation == "refresh_family.revoked",
                    AuditEvent.target_id == str(account.id),
                )
            )
        ).scalar_one()
    assert event.after["reason"] == "refresh_token_reused"
    # and signing in again works
    assert (await hub.login(account.number, TEST_PASSWORD))["__typename"] == "LoginPayload"


async def test_another_sign_in_of_the_same_account_survives_a_replay(
    make_hub: HubFactory, new_account: AccountFactory
) -> None:
    hub = await make_hub()
    account = await new_account()
    laptop = await hub.signed_in(account.number, TEST_PASSWORD)
    phone = await hub.signed_in(account.number, TEST_PASSWORD)
    await _refresh(hub, laptop["refreshToken"])
    await _refresh(hub, laptop["refreshToken"])  # replay: ends the laptop's sign-in
    assert (await hub.post(ME, token=laptop["accessToken"])).status_code == 401
    assert (await hub.data(ME, token=phone["accessToken"]))["me"] is not None


async def test_an_expired_refresh_token_is_refused(
    make_hub: HubFactory, new_account: AccountFactory
) -> None:
    hub = await make_hub(refresh_token_lifetime_seconds=3600)
    account = await new_account()
    signed_in = await hub.signed_in(account.number, TEST_PASSWORD)
    hub.clock.advance(hours=1)
    assert (await _refresh(hub, signed_in["refreshToken"]))["code"] == "INVALID_REFRESH_TOKEN"


async def test_rotation_does_not_extend_the_sign_in(
    make_hub: HubFactory, new_account: AccountFactory
) -> None:
    hub = await make_hub(refresh_token_lifetime_seconds=3600)
    account = await new_account()
    token = (await hub.signed_in(account.number, TEST_PASSWORD))["refreshToken"]
    hub.clock.advance(minutes=50)
    token = str((await _refresh(hub, token))["refreshToken"])
    hub.clock.advance(minutes=10)
    assert (await _refresh(hub, token))["code"] == "INVALID_REFRESH_TOKEN"


async def test_garbage_refresh_tokens_are_refused(make_hub: HubFactory) -> None:
    hub = await make_hub()
    for token in ("", "not-a-token", "x" * 10_000):
        assert (await _refresh(hub, token))["code"] == "INVALID_REFRESH_TOKEN"


async def test_logout_ends_the_sign_in(
    make_hub: HubFactory, new_account: AccountFactory, session_factory: SessionFactory
) -> None:
    # given
    hub = await make_hub()
    account = await new_account()
    signed_in = await hub.signed_in(account.number, TEST_PASSWORD)
    # when
    result = (await hub.data(LOGOUT, {"token": signed_in["refreshToken"]}))["logout"]
    # then
    assert result == {"__typename": "LogoutPayload", "loggedOut": True}
    assert (await _refresh(hub, signed_in["refreshToken"]))["code"] == "INVALID_REFRESH_TOKEN"
    response = await hub.post(ME, token=signed_in["accessToken"])
    assert response.status_code == 401
    # and logging out again is harmless
    again = (await hub.data(LOGOUT, {"token": signed_in["refreshToken"]}))["logout"]
    assert again["loggedOut"] is True
    async with session_factory() as session:
        reasons = [
            event.after["reason"]
            for event in (
                await session.execute(
                    select(AuditEvent).where(
                        AuditEvent.operation == "refresh_family.revoked",
                        AuditEvent.target_id == str(account.id),
                    )
                )
            ).scalars()
        ]
    assert reasons == ["logout"]


async def test_logout_needs_a_token(make_hub: HubFactory) -> None:
    hub = await make_hub()
    result = (await hub.data(LOGOUT, {"token": "  "}))["logout"]
    assert result == {
        "__typename": "InputError",
        "code": "BAD_USER_INPUT",
        "fieldErrors": [{"field": "refreshToken"}],
    }
