from __future__ import annotations

from collections.abc import Sequence

from hub.loaders.base import ReadLoader, one_per_key
from hub.models import PermissionGrant
from hub.queries.permission_grants import permission_grants_by_id


class PermissionGrantByIdLoader(ReadLoader[int, PermissionGrant | None]):
    async def batch_load_fn(self, ids: Sequence[int]) -> list[PermissionGrant | None]:
        rows = await self.fetch_all(permission_grants_by_id(self.viewer, ids))
        return one_per_key(ids, rows, lambda grant: grant.id)
