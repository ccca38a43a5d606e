from __future__ import annotations

from collections.abc import Sequence

from hub.loaders.base import ReadLoader, one_per_key
from hub.models import AuditEvent
from hub.queries.audit_events import actor_names, audit_events_by_id


class AuditEventByIdLoader(ReadLoader[int, AuditEvent | None]):
    async def batch_load_fn(self, ids: Sequence[int]) -> list[AuditEvent | None]:
        rows = await self.fetch_all(audit_events_by_id(self.viewer, ids))
        return one_per_key(ids, rows, lambda event: event.id)


class ActorNameByUserIdLoader(ReadLoader[int, str | None]):
    """Who acted (audit events): the user's name only, whoever may read the event."""

    async def batch_load_fn(self, user_ids: Sequence[int]) -> list[str | None]:
        names: dict[int, str] = dict(await self.fetch_rows(actor_names(user_ids)))
        return [names.get(user_id) for user_id in user_ids]
