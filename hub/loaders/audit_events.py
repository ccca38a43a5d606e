from __future__ import annotations

from collections.abc import Sequence

from hub.loaders.base import ReadLoader, one_per_key
from hub.models import AuditEvent
from hub.queries.audit_events import audit_events_by_id


class AuditEventByIdLoader(ReadLoader[int, AuditEvent | None]):
    async def batch_load_fn(self, ids: Sequence[int]) -> list[AuditEvent | None]:
        rows = await self.fetch_all(audit_events_by_id(self.viewer, ids))
        return one_per_key(ids, rows, lambda event: event.id)
