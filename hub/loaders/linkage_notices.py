from __future__ import annotations

from collections.abc import Sequence

from hub.loaders.base import ReadLoader, one_per_key
from hub.models import EntityRegistration, LinkageNotice
from hub.queries.linkage_notices import notices_by_id, registrations_by_id


class LinkageNoticeByIdLoader(ReadLoader[int, LinkageNotice | None]):
    async def batch_load_fn(self, ids: Sequence[int]) -> list[LinkageNotice | None]:
        rows = await self.fetch_all(notices_by_id(self.viewer, ids))
        return one_per_key(ids, rows, lambda notice: notice.id)


class EntityRegistrationByIdLoader(ReadLoader[int, EntityRegistration | None]):
    async def batch_load_fn(self, ids: Sequence[int]) -> list[EntityRegistration | None]:
        rows = await self.fetch_all(registrations_by_id(self.viewer, ids))
        return one_per_key(ids, rows, lambda registration: registration.id)
