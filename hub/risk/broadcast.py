"""New alerts to the subscribers of this process (in-process fan-out).

Each subscription gets its own queue of alert-id batches; `publish` never blocks and never
fails because of a slow or gone subscriber. Which of the alerts a subscriber may see is
decided when it reads them (`readable_risk_alerts`), not here. With several worker
processes, each process notifies its own subscribers of the alerts its own evaluations
raised; the scheduled evaluation (`hub risk evaluate`) notifies nobody live.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

# A subscriber that stopped reading is dropped from, not allowed to grow without bound.
MAX_PENDING_BATCHES = 1000


class AlertBroadcaster:
    def __init__(self) -> None:
        self._queues: set[asyncio.Queue[tuple[int, ...]]] = set()

    @property
    def subscriber_count(self) -> int:
        return len(self._queues)

    def publish(self, alert_ids: Sequence[int]) -> None:
        if not alert_ids:
            return
        batch = tuple(alert_ids)
        for queue in list(self._queues):
            try:
                queue.put_nowait(batch)
            except asyncio.QueueFull:
                self._queues.discard(queue)

    @asynccontextmanager
    async def subscription(self) -> AsyncIterator[asyncio.Queue[tuple[int, ...]]]:
        queue: asyncio.Queue[tuple[int, ...]] = asyncio.Queue(MAX_PENDING_BATCHES)
        self._queues.add(queue)
        try:
            yield queue
        finally:
            self._queues.discard(queue)
