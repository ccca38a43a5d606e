"""One change to the organisation: the write session, who makes it, and its audit event."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from hub.audit import record_change
from hub.auth.viewer import Viewer
from hub.models import AuditEvent


@dataclass
class Change:
    session: AsyncSession
    viewer: Viewer
    client_address: str | None = None
    events: list[AuditEvent] = field(default_factory=list)

    def record(
        self,
        *,
        operation: str,
        target_type: str,
        target_id: int | str,
        department_id: int | None,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
    ) -> AuditEvent:
        """The one audit event of this change (全程留痕), in its transaction; personal data
        in `before`/`after` must already be masked."""
        if self.events:
            raise RuntimeError(f"{operation}: a change records exactly one audit event")
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

    @property
    def recorded(self) -> bool:
        return len(self.events) == 1
