"""The outbox worker: claim due messages, deliver them over HTTP, settle the outcome.

Guarantees:
- At least once. A message is claimed by a short transaction that leases it (moves its
  `next_attempt_at` forward by `lease_seconds` and counts the attempt) and is settled by
  another after the HTTP call. A worker that dies in between loses nothing: the lease runs
  out and the message is due again. The receiver is idempotent on the `Idempotency-Key`
  (`<topic>:<subject>:<version>`), so a redelivery is harmless.
- In order per subject. A message is only claimed when no earlier message about the same
  subject (record, complaint…) is still undelivered, so a receiver never sees version 3
  of a record before version 2, even with several workers.
- Nothing is dropped. Failures are retried with exponential backoff (with jitter, so a
  receiver coming back is not hit by every message at the same instant) for as long as it
  takes; `last_error` and `attempts` say why a message is late.
- Several workers may run (PostgreSQL: `FOR UPDATE SKIP LOCKED`; SQLite: the claim takes
  the writer lock, so claims queue).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx
from sqlalchemy import ColumnElement, and_, exists, func, or_, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from hub.db import SessionFactory
from hub.models import OutboxMessage, OutboxTopic
from hub.models.base import utcnow
from hub.push.config import PushConfig

logger = logging.getLogger("hub.push")

Clock = Callable[[], datetime]


def idempotency_key(message: OutboxMessage) -> str:
    subject = message.subject_key or f"record:{message.record_id}"
    return f"{message.topic.value}:{subject}:{message.record_version}"


def _no_earlier_undelivered() -> ColumnElement[bool]:
    earlier = aliased(OutboxMessage)
    same_subject = or_(
        and_(earlier.record_id.is_not(None), earlier.record_id == OutboxMessage.record_id),
        and_(earlier.subject_key.is_not(None), earlier.subject_key == OutboxMessage.subject_key),
    )
    return ~exists().where(
        earlier.delivered_at.is_(None),
        earlier.id < OutboxMessage.id,
        same_subject,
    )


@dataclass(frozen=True, slots=True)
class Delivery:
    message_id: int
    delivered: bool
    error: str | None = None


@dataclass
class PushRound:
    claimed: int = 0
    delivered: int = 0
    failed: int = 0


@dataclass(frozen=True, slots=True)
class OutboxStatus:
    pending: int
    due: int
    delivered: int
    # Undelivered messages that failed at least once, and the oldest undelivered message.
    failing: int
    oldest_pending_at: datetime | None
    undeliverable_topics: tuple[OutboxTopic, ...]


class OutboxWorker:
    def __init__(
        self,
        sessions: SessionFactory,
        config: PushConfig,
        client: httpx.AsyncClient,
        *,
        environ: Mapping[str, str] | None = None,
        clock: Clock = utcnow,
        rng: random.Random | None = None,
    ) -> None:
        self.sessions = sessions
        self.config = config
        self.client = client
        self.environ = os.environ if environ is None else environ
        self.clock = clock
        self.rng = rng or random.Random()
        self.topics = tuple(config.destinations)

    async def run_once(self) -> PushRound:
        """Deliver every message that is due now; returns when none is left (or all that
        remain are waiting for their backoff or for an earlier message of their subject)."""
        total = PushRound()
        while self.topics:
            claimed = await self.claim()
            if not claimed:
                break
            deliveries = await self.deliver(claimed)
            await self.settle(deliveries)
            total.claimed += len(claimed)
            total.delivered += sum(1 for item in deliveries if item.delivered)
            total.failed += sum(1 for item in deliveries if not item.delivered)
        return total

    async def run_forever(self, interval_seconds: float, stop: asyncio.Event) -> None:
        while not stop.is_set():
            round_ = await self.run_once()
            if round_.claimed:
                logger.info(
                    "推送 %d 条：成功 %d，失败 %d（稍后重试）",
                    round_.claimed,
                    round_.delivered,
                    round_.failed,
                )
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=interval_seconds)

    async def claim(self) -> list[OutboxMessage]:
        now = self.clock()
        async with self.sessions() as session, session.begin():
            await _lock_for_claim(session)
            statement = (
                select(OutboxMessage)
                .where(
                    OutboxMessage.delivered_at.is_(None),
                    OutboxMessage.next_attempt_at <= now,
                    OutboxMessage.topic.in_(self.topics),
                    _no_earlier_undelivered(),
                )
                .order_by(OutboxMessage.id)
                .limit(self.config.batch_size)
            )
            if session.get_bind().dialect.name == "postgresql":
                statement = statement.with_for_update(skip_locked=True, of=OutboxMessage)
            messages = list((await session.scalars(statement)).all())
            if messages:
                await session.execute(
                    update(OutboxMessage)
                    .where(OutboxMessage.id.in_([message.id for message in messages]))
                    .values(
                        next_attempt_at=now + timedelta(seconds=self.config.lease_seconds),
                        attempts=OutboxMessage.attempts + 1,
                    )
                    .execution_options(synchronize_session=False)
                )
        return messages

    async def deliver(self, messages: Sequence[OutboxMessage]) -> list[Delivery]:
        gate = asyncio.Semaphore(self.config.concurrency)

        async def one(message: OutboxMessage) -> Delivery:
            async with gate:
                return await self._post(message)

        return list(await asyncio.gather(*(one(message) for message in messages)))

    async def _post(self, message: OutboxMessage) -> Delivery:
        url = self.config.url(message.topic)
        if url is None:  # claimed only for configured topics; kept for the type checker
            return Delivery(message.id, False, f"主题 {message.topic.value} 未配置接收方")
        headers = {
            "Idempotency-Key": idempotency_key(message),
            **self.config.headers(message.topic, self.environ),
        }
        try:
            response = await self.client.post(url, json=message.payload, headers=headers)
        except httpx.HTTPError as error:
            return Delivery(message.id, False, f"{type(error).__name__}: {error}"[:500])
        if response.is_success:
            return Delivery(message.id, True)
        return Delivery(message.id, False, f"HTTP {response.status_code}: {response.text[:400]}")

    async def settle(self, deliveries: Sequence[Delivery]) -> None:
        now = self.clock()
        delivered = [item.message_id for item in deliveries if item.delivered]
        failed = [item for item in deliveries if not item.delivered]
        async with self.sessions() as session, session.begin():
            if delivered:
                await session.execute(
                    update(OutboxMessage)
                    .where(OutboxMessage.id.in_(delivered))
                    .values(delivered_at=now, last_error=None)
                    .execution_options(synchronize_session=False)
                )
            if failed:
                rows = await session.execute(
                    select(OutboxMessage.id, OutboxMessage.attempts).where(
                        OutboxMessage.id.in_([item.message_id for item in failed])
                    )
                )
                attempts: dict[int, int] = dict(rows.all())
                await session.execute(
                    update(OutboxMessage),
                    [
                        {
                            "id": item.message_id,
                            "next_attempt_at": now + self.backoff(attempts[item.message_id]),
                            "last_error": item.error,
                        }
                        for item in failed
                    ],
                )
        for item in failed:
            logger.warning("推送失败，消息 %d：%s", item.message_id, item.error)

    def backoff(self, attempts: int) -> timedelta:
        """Doubling from `backoff_seconds` per attempt, capped, times a jitter in [0.5, 1]."""
        base = self.config.backoff_seconds * 2 ** max(attempts - 1, 0)
        capped = min(base, self.config.max_backoff_seconds)
        return timedelta(seconds=capped * self.rng.uniform(0.5, 1.0))


async def _lock_for_claim(session: AsyncSession) -> None:
    # SQLite: take the writer lock before reading, so two claims never read the same
    # messages (the read would otherwise see a snapshot the UPDATE cannot build on).
    if session.get_bind().dialect.name == "sqlite":
        await session.execute(text("BEGIN IMMEDIATE"))


async def outbox_status(
    sessions: SessionFactory, config: PushConfig, now: datetime
) -> OutboxStatus:
    undelivered = OutboxMessage.delivered_at.is_(None)
    async with sessions() as session:
        row = (
            await session.execute(
                select(
                    func.count().filter(undelivered),
                    func.count().filter(undelivered, OutboxMessage.next_attempt_at <= now),
                    func.count().filter(OutboxMessage.delivered_at.is_not(None)),
                    func.count().filter(undelivered, OutboxMessage.attempts > 0),
                    func.min(OutboxMessage.created_at).filter(undelivered),
                )
            )
        ).one()
        waiting_topics = (
            await session.scalars(select(OutboxMessage.topic).where(undelivered).distinct())
        ).all()
    configured = set(config.destinations)
    return OutboxStatus(
        pending=row[0],
        due=row[1],
        delivered=row[2],
        failing=row[3],
        oldest_pending_at=row[4],
        undeliverable_topics=tuple(sorted(set(waiting_topics) - configured)),
    )


def http_client(config: PushConfig) -> httpx.AsyncClient:
    # trust_env=False: a proxy from the environment must not silently reroute (or swallow)
    # deliveries to the national receivers.
    return httpx.AsyncClient(
        timeout=config.timeout_seconds,
        trust_env=False,
        limits=httpx.Limits(max_connections=config.concurrency),
    )
