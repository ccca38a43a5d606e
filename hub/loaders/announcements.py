from __future__ import annotations

from collections.abc import Sequence

from hub.loaders.base import ReadLoader
from hub.models import Announcement
from hub.queries.announcements import announcements_targeting


class AnnouncementsByTargetEntityLoader(ReadLoader[int, list[Announcement]]):
    async def batch_load_fn(self, entity_ids: Sequence[int]) -> list[list[Announcement]]:
        found: dict[int, list[Announcement]] = {}
        for entity_id, announcement in await self.fetch_rows(
            announcements_targeting(self.viewer, entity_ids)
        ):
            found.setdefault(entity_id, []).append(announcement)
        return [found.get(entity_id, []) for entity_id in entity_ids]
