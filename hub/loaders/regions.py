from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select

from hub.loaders.base import ReadLoader
from hub.models import Region

ALL_REGIONS = "*"


@dataclass(frozen=True)
class RegionDirectory:
    """All regions of the province, by code and by parent.

    Regions are a small, fixed reference table (115 rows for Liaoning) reached from every
    depth of a query (an entity's region, its parent, a department's region). Reading the
    whole table once per request makes that one statement whatever the query's shape, where
    a per-code loader would batch differently at each depth."""

    by_code: dict[str, Region]
    children: dict[str, list[Region]] = field(default_factory=dict)

    @classmethod
    def of(cls, regions: Sequence[Region]) -> RegionDirectory:
        children: dict[str, list[Region]] = {}
        for region in sorted(regions, key=lambda region: region.code):
            if region.parent_code is not None:
                children.setdefault(region.parent_code, []).append(region)
        return cls({region.code: region for region in regions}, children)

    @property
    def roots(self) -> list[Region]:
        return sorted(
            (region for region in self.by_code.values() if region.parent_code is None),
            key=lambda region: region.code,
        )


class RegionDirectoryLoader(ReadLoader[str, RegionDirectory]):
    """One key, `ALL_REGIONS`: the whole table."""

    async def batch_load_fn(self, keys: Sequence[str]) -> list[RegionDirectory]:
        directory = RegionDirectory.of(await self.fetch_all(select(Region)))
        return [directory for _ in keys]
