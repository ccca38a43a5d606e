from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from hub.loaders.base import ReadLoader, one_per_key
from hub.models import Department


class DepartmentByIdLoader(ReadLoader[int, Department | None]):
    async def batch_load_fn(self, ids: Sequence[int]) -> list[Department | None]:
        rows = await self.fetch_all(select(Department).where(Department.id.in_(ids)))
        return one_per_key(ids, rows, lambda department: department.id)
