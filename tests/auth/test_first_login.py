"""completeFirstLogin: personal details and a password of one's own, then sign in again."""

from __future__ import annotations

from sqlalchemy import select

from hub.db import SessionFactory
from hub.demo.identifiers import resident_id_check_character
from hub.models import Account, AuditEvent, User
from tests.auth.conftest import ME, TEST_PASSWORD, AccountFactory, HubFactory

COMPLETE = """
mutation Complete($input: CompleteFirstLoginInput!) {
  completeFirstLogin(input: $input) {
    __typename
    ... on CompleteFirstLoginPayload { completedAt }
    ... on InputError { message code fieldErrors { field message } }
  }
}
"""
NEW_PASSWORD = "Mine#2026word"


def _id_number(sequence: int) -> str:
    first_seventeen = f"21010219880512{sequence:03d}"
    return first_seventeen + resident_id_check_character(first_seventeen)


async def test_first_login_flow(
    make_hub: HubFactory, new_account: AccountFactory, session_factory: SessionFactory
) -> None:
    # given: an account with an initial password
    hub = await make_hub()
    account = await new_account(must_change_password=True)
    signed_in = await hub.signed_in(account.number, TEST_PASSWORD)
    assert signed_in["passwordChangeRequired"] is True
    token = signed_in["accessToken"]
    assert (await hub.data(ME, token=token))["me"]["passwordChangeRequired"] is True
    id_number = _id_number(account.id % 1000)
    # when
    details = {"name": "周明", "idNumber": id_number.lower(), "phone": "13912345678"}
    result = (
        await hub.data(COMPLETE, {"input": {**details, "newPassword": NEW_PASSWORD}}, token=token)
    )["completeFirstLogin"]
    # then: done, and the sign-in that did it is over
    assert result["__typename"] == "CompleteFirstLoginPayload"
    assert (await hub.post(ME, token=token)).status_code == 401
    assert (await hub.login(account.number, TEST_PASSWORD))["code"] == "INVALID_CREDENTIALS"
    again = await hub.signed_in(account.number, NEW_PASSWORD)
    assert again["passwordChangeRequired"] is False
    me = (await hub.data(ME, token=again["accessToken"]))["me"]
    assert me["passwordChangeRequired"] is False
    assert me["userName"] == "周明"
    async with session_factory() as session:
        stored = await session.get(Account, account.id)
        assert stored is not None
        assert stored.must_change_password is False
        assert stored.password_changed_at is not None
        user = await session.get(User, stored.user_id)
        assert user is not None
        assert (user.name, user.id_number, user.phone) == ("周明", id_number, "13912345678")
        event = (
            await session.execute(
                select(AuditEvent).where(
                    AuditEvent.operation == "account.first_login_completed",
                    AuditEvent.target_id == str(account.id),
                )
            )
        ).scalar_one()
    # personal data is masked in the trail
    assert event.after["phone"] == "139****5678"
    assert event.after["idNumber"] == id_number[:4] + "*" * 10 + id_number[-4:]
    # and it is done once
    repeated = (
        await hub.data(
            COMPLETE,
            {"input": {"phone": "13912345678", "newPassword": "Other#2026word"}},
            token=again["accessToken"],
        )
    )["completeFirstLogin"]
    assert repeated["code"] == "FIRST_LOGIN_COMPLETED"


async def test_every_bad_field_is_reported_at_once(
    make_hub: HubFactory, new_account: AccountFactory
) -> None:
    hub = await make_hub()
    account = await new_account(must_change_password=True)
    token = (await hub.signed_in(account.number, TEST_PASSWORD))["accessToken"]
    bad = {"name": "周", "idNumber": "210102198805120000", "phone": "12345", "newPassword": "weak"}
    result = (await hub.data(COMPLETE, {"input": bad}, token=token))["completeFirstLogin"]
    assert result["__typename"] == "InputError"
    fields = {error["field"] for error in result["fieldErrors"]}
    assert fields == {"input.name", "input.idNumber", "input.phone", "input.newPassword"}


async def test_the_new_password_must_not_be_the_initial_one(
    make_hub: HubFactory, new_account: AccountFactory
) -> None:
    hub = await make_hub()
    account = await new_account(must_change_password=True)
    token = (await hub.signed_in(account.number, TEST_PASSWORD))["accessToken"]
    variables = {"input": {"phone": "13912345678", "newPassword": TEST_PASSWORD}}
    result = (await hub.data(COMPLETE, variables, token=token))["completeFirstLogin"]
    assert result["fieldErrors"] == [
        {"field": "input.newPassword", "message": "新密码不能与初始密码相同"}
    ]


async def test_an_id_number_held_by_another_user_is_refused(
    make_hub: HubFactory, new_account: AccountFactory, session_factory: SessionFactory
) -> None:
    hub = await make_hub()
    async with session_factory() as session:
        taken = await session.scalar(select(User.id_number).where(User.id_number.is_not(None)))
    assert taken is not None  # a demo user's
    account = await new_account(must_change_password=True)
    token = (await hub.signed_in(account.number, TEST_PASSWORD))["accessToken"]
    variables = {"input": {"idNumber": taken, "phone": "13912345678", "newPassword": NEW_PASSWORD}}
    result = (await hub.data(COMPLETE, variables, token=token))["completeFirstLogin"]
    assert result["fieldErrors"] == [
        {"field": "input.idNumber", "message": "该证件号码已登记给其他用户"}
    ]


async def test_an_account_without_a_user_must_give_a_name(
    make_hub: HubFactory, new_account: AccountFactory, session_factory: SessionFactory
) -> None:
    hub = await make_hub()
    account = await new_account(must_change_password=True, with_user=False)
    token = (await hub.signed_in(account.number, TEST_PASSWORD))["accessToken"]
    nameless = {"input": {"phone": "13912345678", "newPassword": NEW_PASSWORD}}
    result = (await hub.data(COMPLETE, nameless, token=token))["completeFirstLogin"]
    assert result["fieldErrors"] == [{"field": "input.name", "message": "请填写姓名"}]
    named = {"input": {**nameless["input"], "name": "吴桐"}}
    done = (await hub.data(COMPLETE, named, token=token))["completeFirstLogin"]
    assert done["__typename"] == "CompleteFirstLoginPayload"
    async with session_factory() as session:
        stored = await session.get(Account, account.id)
        assert stored is not None
        assert stored.user_id is not None
        user = await session.get(User, stored.user_id)
    assert user is not None
    assert (user.name, user.department_id) == ("吴桐", account.department_id)


async def test_before_completing_the_first_login_only_it_me_and_logout_are_open(
    make_hub: HubFactory, new_account: AccountFactory
) -> None:
    hub = await make_hub()
    account = await new_account(must_change_password=True)
    signed_in = await hub.signed_in(account.number, TEST_PASSWORD)
    token = signed_in["accessToken"]
    change = 'mutation { changePassword(currentPassword: "a", newPassword: "b") { __typename } }'
    refused = (await hub.post(change, token=token)).json()
    assert [error["extensions"]["code"] for error in refused["errors"]] == [
        "PASSWORD_CHANGE_REQUIRED"
    ]
    assert (await hub.data(ME, token=token))["me"]["accountNumber"] == account.number
    logout = "mutation($t: String!) { logout(refreshToken: $t) { __typename } }"
    result = await hub.data(logout, {"t": signed_in["refreshToken"]}, token=token)
    assert result == {"logout": {"__typename": "LogoutPayload"}}
