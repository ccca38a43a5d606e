"""Attempt limits apply before any password hash is computed."""

from __future__ import annotations

from hub.demo import DEMO_PASSWORD
from tests.auth.conftest import HubFactory


async def test_one_address_guessing_many_accounts_is_stopped_before_hashing(
    make_hub: HubFactory,
) -> None:
    # given: three attempts a minute per client address
    hub = await make_hub(login_rate_limit_per_address="3/minute")
    for sequence in range(3):
        result = await hub.login(f"210100231{7000 + sequence}", "Guess@2026pass")
        assert result["code"] == "INVALID_CREDENTIALS"
    assert hub.verifier.calls == 3
    # when
    limited = await hub.login("2101002310006", DEMO_PASSWORD)
    # then: refused without a hash, even with the right password
    assert limited["__typename"] == "InputError"
    assert limited["code"] == "RATE_LIMITED"
    assert limited["message"].startswith("尝试过于频繁")
    assert hub.verifier.calls == 3
    # and another address is not affected
    other = hub.client_from("198.51.100.7")
    assert (await hub.login("2101002310006", DEMO_PASSWORD, client=other))[
        "__typename"
    ] == "LoginPayload"


async def test_many_addresses_guessing_one_account_are_stopped_before_hashing(
    make_hub: HubFactory,
) -> None:
    # given: two attempts a minute per account
    hub = await make_hub(login_rate_limit_per_account="2/minute")
    for address in ("198.51.100.1", "198.51.100.2"):
        result = await hub.login("2101022310006", "Guess@2026pass", client=hub.client_from(address))
        assert result["code"] == "INVALID_CREDENTIALS"
    # when
    limited = await hub.login(
        "2101022310006", DEMO_PASSWORD, client=hub.client_from("198.51.100.3")
    )
    # then
    assert limited["code"] == "RATE_LIMITED"
    assert hub.verifier.calls == 2
    # and other accounts are not affected
    assert (await hub.login("2101002310006", DEMO_PASSWORD))["__typename"] == "LoginPayload"


async def test_the_limits_are_per_app_and_not_shared_between_tests(make_hub: HubFactory) -> None:
    hub = await make_hub(login_rate_limit_per_account="1/minute")
    assert (await hub.login("2101022310006", DEMO_PASSWORD))["__typename"] == "LoginPayload"
    assert (await hub.login("2101022310006", DEMO_PASSWORD))["code"] == "RATE_LIMITED"
    fresh = await make_hub(login_rate_limit_per_account="1/minute")
    assert (await fresh.login("2101022310006", DEMO_PASSWORD))["__typename"] == "LoginPayload"
