"""全程留痕 of reads: an in-process buffer of access events, written in batches.

`record()` only touches a dict (no I/O, no await). Repeated reads of the same entity's
same kind of data by the same account within one flush window are kept once, at the
first read's time: "who read what, when" to the flush interval, and a page that shows
two personal-data fields of an entity, or is reloaded, writes one row, not many.
A background task writes the buffer every `interval` seconds, or as soon as it
holds `batch_size` events, in one multi-row INSERT; `stop()` writes what is left.
Events still buffered when the process dies abruptly are lost: the trade for not
writing on the read path. If a write fails, the batch is logged and dropped, so a
database problem cannot grow the buffer without bound.

Server wiring (for the lead), in the lifespan:

    access_log = AccessLog(write_sessions)
    await access_log.start()
    try:
        yield  # and pass access_log=access_log into every Context
    finally:
        await access_log.stop()
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import datetime

from sqlalchemy import insert

from hub.db import SessionFactory
from hub.models.access_events import AccessEvent, AccessKind
from hub.models.base import utcnow

log = logging.getLogger(__name__)

Key = tuple[int, int, str]  # account_id, entity_id, what


class AccessLog:
    def __init__(
        self, sessions: SessionFactory, *, batch_size: int = 500, interval: float = 2.0
    ) -> None:
        self.sessions = sessions
        self.batch_size = batch_size
        self.interval = interval
        self._buffer: dict[Key, datetime] = {}
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._lock = asyncio.Lock()

    def record(self, account_id: int, entity_id: int, what: AccessKind) -> None:
        """Non-blocking: buffer one access; the background task writes it."""
        key = (account_id, entity_id, what.value)
        if key in self._buffer:
            return
        self._buffer[key] = utcnow()
        if len(self._buffer) >= self.batch_size:
            self._wake.set()

    @property
    def pending(self) -> int:
        return len(self._buffer)

    async def flush(self) -> int:
        """Write everything buffered now; returns how many events were written."""
        async with self._lock:
            batch, self._buffer = self._buffer, {}
            if not batch:
                return 0
            rows = [
                {"account_id": a, "entity_id": e, "what": w, "occurred_at": t}
                for (a, e, w), t in batch.items()
            ]
            try:
                async with self.sessions() as session, session.begin():
                    await session.execute(insert(AccessEvent), rows)
            except Exception:
                log.exception("access log: dropped a batch of %d events", len(rows))
                return 0
            return len(rows)

    async def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="access-log")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await self.flush()

    async def _run(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.interval)
            self._wake.clear()
            await self.flush()
