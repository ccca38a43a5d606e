"""changePassword: the policy, the current password, and signing out everywhere."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from hub.db import SessionFactory
from hub.models import AuditEvent
from tests.auth.conftest import ME, TEST_PASSWORD, AccountFactory, HubFactory

CHANGE = """
mutation Change($current: String!, $new: String!) {
  changePassword(currentPassword: $current, newPassword: $new) {
    __typename
    ... on ChangePasswordPayload { changedAt }
    ... on InputError { message code fieldErrors { field message } }
  }
}
"""
NEW_PASSWORD = "Fresh#2026word"


@pytest.mark.parametrize(
    ("new", "problem"),
    [
        ("Sh0rt!", "密码长度应为10到128位"),
        ("alllowercaseletters", "密码须包含大写字母、小写字母、数字、符号中的至少三类"),
        ("Xx#{number}", "密码不能包含账号"),
        (TEST_PASSWORD, "新密码不能与当前密码相同"),
    ],
)
async def test_a_new_password_against_the_policy_is_refused_on_its_field(
    make_hub: HubFactory, new_account: AccountFactory, new: str, problem: str
) -> None:
    hub = await make_hub()
    account = await new_account()
    token = (await hub.signed_in(account.number, TEST_PASSWORD))["accessToken"]
    hashes = hub.verifier.calls
    variables = {"current": TEST_PASSWORD, "new": new.format(number=account.number)}
    result = (await hub.data(CHANGE, variables, token=token))["changePassword"]
    assert result["__typename"] == "InputError"
    assert result["code"] == "BAD_USER_INPUT"
    assert {"field": "newPassword", "message": problem} in result["fieldErrors"]
    assert hub.verifier.calls == hashes  # refused before checking the current password


async def test_a_wrong_current_password_is_refused_and_counted(
    make_hub: HubFactory, new_account: AccountFactory
) -> None:
    hub = await make_hub(login_max_failures=2)
    account = await new_account()
    token = (await hub.signed_in(account.number, TEST_PASSWORD))["accessToken"]
    variables = {"current": "Wrong@2026pass", "new": NEW_PASSWORD}
    result = (await hub.data(CHANGE, variables, token=token))["changePassword"]
    assert result["fieldErrors"] == [{"field": "currentPassword", "message": "当前密码不正确"}]
    # a stolen access token does not give unlimited guesses either
    await hub.data(CHANGE, variables, token=token)
    locked = (await hub.data(CHANGE, variables, token=token))["changePassword"]
    assert locked["code"] == "ACCOUNT_LOCKED"


async def test_changing_the_password_signs_out_everywhere(
    make_hub: HubFactory, new_account: AccountFactory, session_factory: SessionFactory
) -> None:
    # given: two sign-ins
    hub = await make_hub()
    account = await new_account()
    here = await hub.signed_in(account.number, TEST_PASSWORD)
    elsewhere = await hub.signed_in(account.number, TEST_PASSWORD)
    # when
    variables = {"current": TEST_PASSWORD, "new": NEW_PASSWORD}
    result = (await hub.data(CHANGE, variables, token=here["accessToken"]))["changePassword"]
    # then
    assert result["__typename"] == "ChangePasswordPayload"
    assert result["changedAt"]
    for signed_in in (here, elsewhere):
        assert (await hub.post(ME, token=signed_in["accessToken"])).status_code == 401
    assert (await hub.login(account.number, TEST_PASSWORD))["code"] == "INVALID_CREDENTIALS"
    assert (await hub.login(account.number, NEW_PASSWORD))["__typename"] == "LoginPayload"
    async with session_factory() as session:
        event = (
            await session.execute(
                select(AuditEvent).where(
                    AuditEvent.operation == "account.password_changed",
                    AuditEvent.target_id == str(account.id),
                )
            )
        ).scalar_one()
    assert event.account_id == account.id
    assert event.after == {"endedSessions": 2}
    assert TEST_PASSWORD not in str(event.before) + str(event.after)


async def test_changing_a_password_needs_a_signed_in_account(make_hub: HubFactory) -> None:
    hub = await make_hub()
    response = await hub.post(CHANGE, {"current": TEST_PASSWORD, "new": NEW_PASSWORD})
    body = response.json()
    assert body["data"] is None
    assert [error["extensions"]["code"] for error in body["errors"]] == ["UNAUTHENTICATED"]
    assert body["errors"][0]["message"] == "请先登录"
