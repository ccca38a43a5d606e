from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from hub.auth.policy import readable_national_items, readable_supervision_items
from hub.loaders.base import ReadLoader, many_per_key, one_per_key
from hub.models import NationalSupervisionItem, SupervisionItem


class SupervisionItemByIdLoader(ReadLoader[int, SupervisionItem | None]):
    async def batch_load_fn(self, ids: Sequence[int]) -> list[SupervisionItem | None]:
        statement = select(SupervisionItem).where(
            SupervisionItem.id.in_(ids), readable_supervision_items(self.viewer)
        )
        return one_per_key(ids, await self.fetch_all(statement), lambda item: item.id)


class SubItemsByParentIdLoader(ReadLoader[int, list[SupervisionItem]]):
    async def batch_load_fn(self, ids: Sequence[int]) -> list[list[SupervisionItem]]:
        statement = (
            select(SupervisionItem)
            .where(SupervisionItem.parent_id.in_(ids), readable_supervision_items(self.viewer))
            .order_by(SupervisionItem.code)
        )
        rows = await self.fetch_all(statement)
        return many_per_key(ids, rows, lambda item: item.parent_id or 0)


class NationalItemByIdLoader(ReadLoader[int, NationalSupervisionItem | None]):
    async def batch_load_fn(self, ids: Sequence[int]) -> list[NationalSupervisionItem | None]:
        statement = select(NationalSupervisionItem).where(
            NationalSupervisionItem.id.in_(ids), readable_national_items(self.viewer)
        )
        return one_per_key(ids, await self.fetch_all(statement), lambda item: item.id)
