"""One collection change: its write transaction, who makes it, when, and its audit events
(one per changed row)."""

from __future__ import annotations

import enum
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from hub.audit import record_change
from hub.auth.viewer import Viewer
from hub.context import Context
from hub.models import AuditEvent
from hub.models.base import utcnow


@dataclass
class Change:
    session: AsyncSession
    viewer: Viewer
    client_address: str | None = None
    now: datetime = field(default_factory=utcnow)
    events: list[AuditEvent] = field(default_factory=list)
    # Read-only rows a batch looks up again and again (supervision items), by key.
    lookups: dict[Any, Any] = field(default_factory=dict)

    @property
    def today(self) -> date:
        return self.now.date()

    def audit(
        self,
        *,
        operation: str,
        target_type: str,
        target_id: int | str,
        department_id: int | None,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
    ) -> AuditEvent:
        event = record_change(
            self.session,
            self.viewer,
            operation=operation,
            target_type=target_type,
            target_id=target_id,
            before=before,
            after=after,
            department_id=department_id,
            client_address=self.client_address,
        )
        self.events.append(event)
        return event


@asynccontextmanager
async def write_transaction(context: Context) -> AsyncIterator[Change]:
    """The mutation's one write transaction (`Context.transaction`, which also explains
    how writers queue on SQLite)."""
    async with context.transaction() as session:
        yield Change(session, context.viewer, context.client_address)


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def json_value(value: Any) -> Any:
    """A column value as JSON (audit snapshots, outbox payloads)."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        # The same amount reads back with the column's scale: compare and show it plain.
        return format(value.normalize(), "f")
    if isinstance(value, list | tuple):
        return [json_value(item) for item in value]
    return value
