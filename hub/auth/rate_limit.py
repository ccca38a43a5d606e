"""Attempt limits for sign-in, checked before any password or secret hash is computed.

Built on `limits` (moving windows): counters live in the process by default
(`async+memory://`), or in a store shared by all workers (`async+redis://…`) given by
`HUB_RATE_LIMIT_STORAGE_URI`. Two limits apply to every attempt: one per client address
(one source guessing many accounts) and one per account or partner client (many sources
guessing one account). A third window stands in for the lockout of account numbers that
do not exist, so that they lock like real ones and the lock does not tell which exist.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from limits import RateLimitItem, RateLimitItemPerSecond, parse
from limits.aio.storage import Storage
from limits.aio.strategies import MovingWindowRateLimiter
from limits.storage import storage_from_string

from hub.settings import Settings


@dataclass(frozen=True, slots=True)
class Limited:
    """An attempt refused: the next one is allowed in `retry_after` seconds."""

    retry_after: int


def _storage(uri: str) -> Storage:
    storage = storage_from_string(uri)
    if not isinstance(storage, Storage):
        raise ValueError(f"rate limit storage {uri!r} is not asynchronous: use async+memory:// …")
    return storage


class AttemptLimiter:
    def __init__(
        self,
        *,
        per_address: str,
        per_account: str,
        max_failures: int,
        lockout_seconds: int,
        storage_uri: str = "async+memory://",
    ) -> None:
        self._limiter = MovingWindowRateLimiter(_storage(storage_uri))
        self._per_address = parse(per_address)
        self._per_account = parse(per_account)
        self._unknown_failures = RateLimitItemPerSecond(max_failures, lockout_seconds)

    @classmethod
    def from_settings(cls, settings: Settings) -> AttemptLimiter:
        return cls(
            per_address=settings.login_rate_limit_per_address,
            per_account=settings.login_rate_limit_per_account,
            max_failures=settings.login_max_failures,
            lockout_seconds=settings.login_lockout_seconds,
            storage_uri=settings.rate_limit_storage_uri,
        )

    async def attempt(self, namespace: str, *, address: str | None, subject: str) -> Limited | None:
        """Count one attempt of `subject` (an account number, a client id) from `address`;
        None when it may go ahead."""
        keys = (
            (self._per_address, "address", address or "-"),
            (self._per_account, "subject", subject),
        )
        for item, kind, key in keys:
            if not await self._limiter.hit(item, namespace, kind, key):
                return await self._limited(item, namespace, kind, key)
        return None

    async def unknown_account_locked(self, number: str) -> Limited | None:
        item = self._unknown_failures
        if await self._limiter.test(item, "unknown", number):
            return None
        return await self._limited(item, "unknown", number)

    async def unknown_account_failed(self, number: str) -> None:
        await self._limiter.hit(self._unknown_failures, "unknown", number)

    async def _limited(self, item: RateLimitItem, *identifiers: str) -> Limited:
        stats = await self._limiter.get_window_stats(item, *identifiers)
        return Limited(retry_after=max(1, math.ceil(stats.reset_time - time.time())))


__all__ = ["AttemptLimiter", "Limited"]
