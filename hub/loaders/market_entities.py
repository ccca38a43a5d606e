from __future__ import annotations

from collections.abc import Sequence

from hub.loaders.base import ReadLoader, one_per_key
from hub.models import MarketEntity
from hub.queries.market_entities import market_entities_by_id, market_entities_by_uscc


class MarketEntityByIdLoader(ReadLoader[int, MarketEntity | None]):
    async def batch_load_fn(self, ids: Sequence[int]) -> list[MarketEntity | None]:
        rows = await self.fetch_all(market_entities_by_id(self.viewer, ids))
        return one_per_key(ids, rows, lambda entity: entity.id)


class MarketEntityByUsccLoader(ReadLoader[str, MarketEntity | None]):
    async def batch_load_fn(self, usccs: Sequence[str]) -> list[MarketEntity | None]:
        rows = await self.fetch_all(market_entities_by_uscc(self.viewer, usccs))
        return one_per_key(usccs, rows, lambda entity: entity.uscc)
