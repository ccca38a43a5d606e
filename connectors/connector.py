"""One partner system at run time: its transport, cache, breaker and metrics, and the
policy of a call (deadline, retries with backoff)."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Sequence
from typing import Any

from connectors.breaker import CircuitBreaker
from connectors.cache import MISSING, TTLCache
from connectors.config import ConnectorConfig, DatasetConfig
from connectors.errors import (
    CallFailed,
    PartnerError,
    PartnerTimeoutError,
    PartnerUnavailableError,
)
from connectors.metrics import ConnectorMetrics, MetricsSnapshot
from connectors.transports import Item, Transport, dig, transport_for

logger = logging.getLogger(__name__)

Clock = Callable[[], float]


class Connector:
    def __init__(
        self,
        config: ConnectorConfig,
        *,
        clock: Clock = time.monotonic,
        transport: Transport | None = None,
    ) -> None:
        self.config = config
        self.name = config.name
        self.transport = transport or transport_for(config)
        self.breaker = CircuitBreaker(config.breaker, clock)
        self.cache = TTLCache(config.cache_max_entries, clock)
        self.metrics = ConnectorMetrics()
        self._concurrency = asyncio.Semaphore(config.max_concurrency)

    async def fetch(self, dataset_name: str, keys: Sequence[str]) -> list[Any]:
        """Per key, aligned with `keys`: the mapped item (a list of them for a `many`
        dataset; None or [] when the partner has nothing), or the `PartnerError` that
        kept the partner from answering for it."""
        dataset = self.config.datasets[dataset_name]
        found: dict[str, Any] = {}
        missing: list[str] = []
        for key in dict.fromkeys(keys):
            cached = self.cache.get((dataset.name, key))
            if cached is MISSING:
                missing.append(key)
            else:
                found[key] = cached
        self.metrics.cache_hits += len(found)
        self.metrics.cache_misses += len(missing)
        if missing:
            size = dataset.batch_size if dataset.batched else 1
            chunks = [missing[i : i + size] for i in range(0, len(missing), size)]
            outcomes = await asyncio.gather(*(self._fetch_chunk(dataset, c) for c in chunks))
            for outcome in outcomes:
                found.update(outcome)
        return [found[key] for key in keys]

    async def _fetch_chunk(self, dataset: DatasetConfig, keys: list[str]) -> dict[str, Any]:
        try:
            async with self._concurrency:
                items = await self.call(lambda: self.transport.fetch(dataset, keys))
        except PartnerError as error:
            return dict.fromkeys(keys, error)
        answers = self._by_key(dataset, keys, items)
        for key, value in answers.items():
            self.cache.put((dataset.name, key), value, dataset.cache_ttl_seconds)
        return answers

    @staticmethod
    def _by_key(dataset: DatasetConfig, keys: list[str], items: list[Item]) -> dict[str, Any]:
        answers: dict[str, Any] = {key: [] if dataset.many else None for key in keys}
        for item in items:
            key = dig(item, dataset.key)
            if key is None or str(key) not in answers:
                continue
            mapped = {field: dig(item, path) for field, path in dataset.fields.items()}
            if dataset.many:
                answers[str(key)].append(mapped)
            else:
                answers[str(key)] = mapped
        return answers

    async def call(self, attempt: Callable[[], Any]) -> Any:
        """Run `attempt()` within the connector's deadline, retrying transient failures
        with backoff while the breaker lets calls through."""
        policy = self.config.retry
        deadline = time.monotonic() + self.config.timeout_seconds
        failure: PartnerError | None = None
        for number in range(1, policy.attempts + 1):
            if number > 1:
                self.metrics.retries += 1
                pause = policy.backoff(number - 1)
                if time.monotonic() + pause >= deadline:
                    break
                await asyncio.sleep(pause)
            if not self.breaker.allow():
                self.metrics.rejected += 1
                raise failure or PartnerUnavailableError(self.name, "circuit breaker open")
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            started = time.perf_counter()
            self.metrics.calls += 1
            try:
                async with asyncio.timeout(remaining):
                    result = await attempt()
            except TimeoutError:
                self._failed(started)
                self.metrics.timeouts += 1
                failure = PartnerTimeoutError(
                    self.name, f"no answer within {self.config.timeout_seconds:g}s"
                )
                logger.warning("connector %s: attempt %d timed out", self.name, number)
                continue
            except CallFailed as error:
                self._failed(started)
                self.metrics.errors += 1
                failure = PartnerUnavailableError(self.name, str(error))
                logger.warning("connector %s: attempt %d failed: %s", self.name, number, error)
                if not error.transient:
                    raise failure from error
                continue
            self.metrics.observe(time.perf_counter() - started)
            self.breaker.record_success()
            return result
        if isinstance(failure, PartnerTimeoutError) or failure is None:
            raise failure or PartnerTimeoutError(
                self.name, f"no answer within {self.config.timeout_seconds:g}s"
            )
        raise failure

    def _failed(self, started: float) -> None:
        self.metrics.observe(time.perf_counter() - started)
        self.breaker.record_failure()

    def snapshot(self) -> MetricsSnapshot:
        m = self.metrics
        return MetricsSnapshot(
            connector=self.name,
            kind=self.config.kind.value,
            calls=m.calls,
            errors=m.errors,
            timeouts=m.timeouts,
            retries=m.retries,
            rejected=m.rejected,
            cache_hits=m.cache_hits,
            cache_misses=m.cache_misses,
            latency_p50_ms=m.percentile(0.50),
            latency_p95_ms=m.percentile(0.95),
            latency_p99_ms=m.percentile(0.99),
            breaker_state=self.breaker.state,
            consecutive_failures=self.breaker.consecutive_failures,
        )

    async def aclose(self) -> None:
        await self.transport.aclose()
