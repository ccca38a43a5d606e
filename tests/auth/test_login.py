"""login: the happy path, refusals that do not tell which part was wrong, and lockout."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from hub.db import SessionFactory
from hub.demo import DEMO_PASSWORD
from hub.models import Account, AccountStatus, AuditEvent
from tests.auth.conftest import ME, TEST_PASSWORD, AccountFactory, HubFactory


async def test_a_demo_account_signs_in_and_is_seen_as_itself(make_hub: HubFactory) -> None:
    # given
    hub = await make_hub()
    # when
    result = await hub.login("2101002310006", DEMO_PASSWORD)
    # then
    assert result["__typename"] == "LoginPayload"
    assert result["tokenType"] == "Bearer"
    assert result["expiresIn"] == 15 * 60
    assert result["passwordChangeRequired"] is False
    assert result["accessToken"].count(".") == 2
    assert len(result["refreshToken"]) >= 40
    me = (await hub.data(ME, token=result["accessToken"]))["me"]
    assert me["accountNumber"] == "2101002310006"
    assert me["department"]["name"] == "沈阳市市场监督管理局"


async def test_without_a_token_the_viewer_is_the_public(make_hub: HubFactory) -> None:
    hub = await make_hub()
    assert (await hub.data(ME))["me"] is None


async def test_wrong_password_and_unknown_account_get_the_same_answer_at_the_same_cost(
    make_hub: HubFactory,
) -> None:
    # given
    hub = await make_hub()
    # when
    wrong_password = await hub.login("2101002310006", "Wrong@2026pass")
    unknown_account = await hub.login("2101002319876", "Wrong@2026pass")
    # then: one message, one code, no field singled out; each attempt cost one hash
    assert wrong_password == unknown_account
    assert wrong_password == {
        "__typename": "InputError",
        "message": "账号或密码错误",
        "code": "INVALID_CREDENTIALS",
        "fieldErrors": [],
    }
    assert hub.verifier.calls == 2


@pytest.mark.parametrize(
    "account", ["210100231000", "21010023100061", "2101002310OO6", "２１０１００２３１０００６", ""]
)
async def test_an_account_that_is_not_thirteen_digits_is_refused_on_its_field(
    make_hub: HubFactory, account: str
) -> None:
    hub = await make_hub()
    result = await hub.login(account, DEMO_PASSWORD)
    assert result["__typename"] == "InputError"
    assert result["code"] == "BAD_USER_INPUT"
    assert result["fieldErrors"] == [{"field": "account", "message": "账号应为13位数字"}]
    assert hub.verifier.calls == 0


async def test_the_reserved_sequence_0000_never_signs_in(make_hub: HubFactory) -> None:
    hub = await make_hub()
    result = await hub.login("2101002310000", DEMO_PASSWORD)
    assert result["code"] == "INVALID_CREDENTIALS"


async def test_a_disabled_account_is_told_so_only_with_the_right_password(
    make_hub: HubFactory, new_account: AccountFactory
) -> None:
    hub = await make_hub()
    account = await new_account(status=AccountStatus.DISABLED)
    assert (await hub.login(account.number, "Wrong@2026pass"))["code"] == "INVALID_CREDENTIALS"
    assert (await hub.login(account.number, TEST_PASSWORD))["code"] == "ACCOUNT_DISABLED"


async def test_repeated_failures_lock_the_account_until_the_period_ends(
    make_hub: HubFactory, new_account: AccountFactory, session_factory: SessionFactory
) -> None:
    # given
    hub = await make_hub(login_max_failures=5, login_lockout_seconds=15 * 60)
    account = await new_account()
    # when: five wrong passwords
    for _ in range(5):
        result = await hub.login(account.number, "Wrong@2026pass")
        assert result["code"] == "INVALID_CREDENTIALS"
    # then: even the right password is refused, without computing a hash
    hashes = hub.verifier.calls
    locked = await hub.login(account.number, TEST_PASSWORD)
    assert locked["code"] == "ACCOUNT_LOCKED"
    assert "15分钟" in locked["message"]
    assert hub.verifier.calls == hashes
    # and a minute before the end it still is
    hub.clock.advance(minutes=14)
    assert (await hub.login(account.number, TEST_PASSWORD))["code"] == "ACCOUNT_LOCKED"
    # and once the period is over the right password signs in, and the count starts over
    hub.clock.advance(minutes=1, seconds=1)
    assert (await hub.login(account.number, TEST_PASSWORD))["__typename"] == "LoginPayload"
    async with session_factory() as session:
        stored = await session.get(Account, account.id)
        assert stored is not None
        assert stored.failed_logins == 0
        assert stored.locked_until is None
        operations = list(
            (
                await session.execute(
                    select(AuditEvent.operation)
                    .where(AuditEvent.target_type == "account")
                    .where(AuditEvent.target_id == str(account.id))
                    .order_by(AuditEvent.id)
                )
            ).scalars()
        )
    assert operations == [
        *["account.login_failed"] * 5,
        "account.locked",
        "account.login_succeeded",
    ]


async def test_a_success_resets_the_failure_count(
    make_hub: HubFactory, new_account: AccountFactory
) -> None:
    hub = await make_hub(login_max_failures=3)
    account = await new_account()
    for _ in range(2):
        await hub.login(account.number, "Wrong@2026pass")
    assert (await hub.login(account.number, TEST_PASSWORD))["__typename"] == "LoginPayload"
    for _ in range(2):
        await hub.login(account.number, "Wrong@2026pass")
    assert (await hub.login(account.number, TEST_PASSWORD))["__typename"] == "LoginPayload"


async def test_an_unknown_account_locks_like_a_real_one(make_hub: HubFactory) -> None:
    # given
    hub = await make_hub(login_max_failures=3)
    # when
    answers = [(await hub.login("2101002318888", "Wrong@2026pass"))["code"] for _ in range(4)]
    # then: the same answers a real account gives, so the lock tells nothing either
    assert answers == ["INVALID_CREDENTIALS"] * 3 + ["ACCOUNT_LOCKED"]
    assert hub.verifier.calls == 3


async def test_sign_in_events_name_the_client_address(
    make_hub: HubFactory, new_account: AccountFactory, session_factory: SessionFactory
) -> None:
    hub = await make_hub()
    account = await new_account()
    await hub.signed_in(account.number, TEST_PASSWORD)
    async with session_factory() as session:
        event = (
            await session.execute(
                select(AuditEvent).where(
                    AuditEvent.operation == "account.login_succeeded",
                    AuditEvent.target_id == str(account.id),
                )
            )
        ).scalar_one()
    assert event.account_id == account.id
    assert event.department_id == account.department_id
    assert event.client_address == "203.0.113.10"
