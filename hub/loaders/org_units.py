from __future__ import annotations

from collections.abc import Sequence

from hub.loaders.base import ReadLoader, one_per_key
from hub.models import OrgUnit
from hub.queries.org_units import org_units_by_id


class OrgUnitByIdLoader(ReadLoader[int, OrgUnit | None]):
    async def batch_load_fn(self, ids: Sequence[int]) -> list[OrgUnit | None]:
        rows = await self.fetch_all(org_units_by_id(self.viewer, ids))
        return one_per_key(ids, rows, lambda unit: unit.id)
