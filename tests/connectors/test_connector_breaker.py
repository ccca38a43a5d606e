"""The circuit breaker per connector: closed → open after N consecutive failures →
half-open after the cool-down → closed on a successful trial (open again on a failed one).
Time is an injected clock; the failures are real HTTP errors from the stand-in."""

from __future__ import annotations

from connectors import (
    BreakerPolicy,
    BreakerState,
    CircuitBreaker,
    PartnerTimeoutError,
    PartnerUnavailableError,
)
from tests.connectors.partner_support import MakeRegistry, StandIns

CREDIT = "/credit/batch"
USCC = "91350100M000100Y43"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_the_breaker_opens_rejects_half_opens_and_closes(
    make_registry: MakeRegistry, stand_ins: StandIns
) -> None:
    # given a connector that opens after 2 failures and cools down for 30 s, no retries
    clock = FakeClock()
    registry = make_registry(
        clock=clock, attempts=1, failure_threshold=2, cool_down_seconds=30, cache_ttl_seconds=0
    )
    connector = registry.connectors["national_credit"]
    credit = stand_ins["national_credit"]
    await credit.control(fail_rate=1.0, status=503)

    # when two calls fail
    for _ in range(2):
        (answer,) = await registry.fetch("national_credit", [USCC])
        assert isinstance(answer, PartnerUnavailableError)
    # then the circuit is open and the next call does not reach the partner
    assert connector.breaker.state is BreakerState.OPEN
    (answer,) = await registry.fetch("national_credit", [USCC])
    assert isinstance(answer, PartnerUnavailableError)
    assert "circuit breaker open" in str(answer)
    assert credit.requests(CREDIT) == 2
    assert connector.snapshot().rejected == 1

    # when the cool-down has passed, one trial goes through; it fails: open again
    clock.now += 30
    assert connector.breaker.state is BreakerState.HALF_OPEN
    (answer,) = await registry.fetch("national_credit", [USCC])
    assert isinstance(answer, PartnerUnavailableError)
    assert credit.requests(CREDIT) == 3
    assert connector.breaker.state is BreakerState.OPEN
    clock.now += 29
    await registry.fetch("national_credit", [USCC])
    assert credit.requests(CREDIT) == 3

    # when the partner has recovered and the cool-down passed again, the trial closes it
    await credit.reset()
    clock.now += 1
    (answer,) = await registry.fetch("national_credit", [USCC])
    assert answer is not None
    assert not isinstance(answer, Exception)
    assert connector.breaker.state is BreakerState.CLOSED
    assert connector.snapshot().breaker_state is BreakerState.CLOSED
    assert credit.requests(CREDIT) == 1


async def test_timeouts_count_as_failures(make_registry: MakeRegistry, stand_ins: StandIns) -> None:
    registry = make_registry(
        attempts=1, failure_threshold=1, timeout_seconds=0.05, cache_ttl_seconds=0
    )
    await stand_ins["national_credit"].control(latency_ms=300)
    (answer,) = await registry.fetch("national_credit", [USCC])
    assert isinstance(answer, PartnerTimeoutError)
    snapshot = registry.connectors["national_credit"].snapshot()
    assert snapshot.timeouts == 1
    assert snapshot.breaker_state is BreakerState.OPEN


def test_half_open_lets_one_trial_through_at_a_time() -> None:
    clock = FakeClock()
    breaker = CircuitBreaker(BreakerPolicy(failure_threshold=1, cool_down_seconds=5), clock)
    breaker.record_failure()
    assert not breaker.allow()
    clock.now += 5
    assert breaker.allow()  # the trial
    assert not breaker.allow()  # others wait for its outcome
    breaker.record_success()
    assert breaker.allow()
    assert breaker.allow()


def test_successes_reset_the_count_of_consecutive_failures() -> None:
    breaker = CircuitBreaker(BreakerPolicy(failure_threshold=3), FakeClock())
    for _ in range(5):
        breaker.record_failure()
        breaker.record_failure()
        breaker.record_success()
    assert breaker.state is BreakerState.CLOSED
