"""Evaluation on change and on a schedule.

On change: a session event collects the entities of the supervision records and complaints
each flush wrote; after the transaction commits, the monitor evaluates the enabled models
for those entities in a background task of its own (a new session, its own transaction)
and pushes the alerts it raised to this process's subscribers.

Why after commit, in the background, rather than inside the change's transaction:
- a record entry or a complaint never fails, nor waits, because risk evaluation does;
- the evaluation reads committed data, so it sees the change and everything committed
  before it, never a transaction that may still roll back;
- the alert is pushed only once it is committed, so a subscriber never hears of an alert
  that does not exist.
What this gives up: if the process stops between the change's commit and the evaluation,
that evaluation is lost; the scheduled evaluation (`hub risk evaluate`, or the periodic
task) catches it up, and the unique constraint on open alerts keeps the two from doubling.

The session events are installed once per process on SQLAlchemy's `Session` class and only
collect ids into `session.info`; a commit triggers an evaluation only on an engine a
`RiskMonitor` was installed for (the server's), so tests and CLI commands without one
evaluate nothing behind their back.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from typing import Any, Final

from sqlalchemy import event, inspect
from sqlalchemy.engine import Engine
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.orm import Session

from hub.db import SessionFactory
from hub.models import Complaint, SupervisionRecord
from hub.risk.broadcast import AlertBroadcaster
from hub.risk.evaluation import evaluate

logger = logging.getLogger("hub.risk")

TOUCHED_ENTITIES: Final = "risk_touched_entities"

_monitors: dict[Engine, RiskMonitor] = {}
_events_installed = False


def _entity_ids(instance: Any) -> Iterable[int]:
    """The entity a record or complaint is about now, and the one it was about before."""
    state = inspect(instance)
    history = state.attrs.entity_id.history
    for value in (*history.added, *history.unchanged, *history.deleted):
        if value is not None:
            yield int(value)


def _after_flush(session: Session, _context: Any) -> None:
    touched: set[int] | None = None
    for instance in (*session.new, *session.dirty, *session.deleted):
        if isinstance(instance, SupervisionRecord | Complaint):
            if touched is None:
                touched = session.info.setdefault(TOUCHED_ENTITIES, set())
            touched.update(_entity_ids(instance))


def _after_commit(session: Session) -> None:
    touched: set[int] | None = session.info.pop(TOUCHED_ENTITIES, None)
    if not touched:
        return
    bind = session.bind
    monitor = _monitors.get(bind) if isinstance(bind, Engine) else None
    if monitor is not None:
        monitor.evaluate_soon(touched)


def _after_soft_rollback(session: Session, _previous: Any) -> None:
    session.info.pop(TOUCHED_ENTITIES, None)


def _install_session_events() -> None:
    global _events_installed
    if _events_installed:
        return
    event.listen(Session, "after_flush", _after_flush)
    event.listen(Session, "after_commit", _after_commit)
    event.listen(Session, "after_soft_rollback", _after_soft_rollback)
    _events_installed = True


class RiskMonitor:
    def __init__(
        self, engine: AsyncEngine, sessions: SessionFactory, alerts: AlertBroadcaster
    ) -> None:
        self.engine = engine
        self.sessions = sessions
        self.alerts = alerts
        self._tasks: set[asyncio.Task[list[int]]] = set()
        self._periodic: asyncio.Task[None] | None = None

    def install(self) -> None:
        """Evaluate after every commit on this engine that touched records or complaints."""
        _install_session_events()
        _monitors[self.engine.sync_engine] = self

    def uninstall(self) -> None:
        if _monitors.get(self.engine.sync_engine) is self:
            del _monitors[self.engine.sync_engine]

    def evaluate_soon(self, entity_ids: set[int]) -> None:
        task = asyncio.get_running_loop().create_task(self.evaluate_entities(entity_ids))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def evaluate_entities(self, entity_ids: set[int] | None) -> list[int]:
        """Evaluate (all entities when None), commit, and push the new alerts."""
        try:
            async with self.sessions() as session, session.begin():
                new_ids = await evaluate(session, entity_ids=entity_ids)
        except Exception:
            # The scheduled evaluation catches up; a failed one must not go unnoticed.
            logger.exception("风险模型评估失败（主体 %s）", sorted(entity_ids or ()))
            return []
        self.alerts.publish(new_ids)
        return new_ids

    async def drain(self) -> None:
        """Wait for the evaluations already started (tests, shutdown)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    def start_periodic(self, interval_seconds: float) -> None:
        async def run() -> None:
            while True:
                await asyncio.sleep(interval_seconds)
                await self.evaluate_entities(None)

        self._periodic = asyncio.get_running_loop().create_task(run())

    async def stop(self) -> None:
        self.uninstall()
        if self._periodic is not None:
            self._periodic.cancel()
            await asyncio.gather(self._periodic, return_exceptions=True)
            self._periodic = None
        await self.drain()
