"""行政区划 in the graph."""

from __future__ import annotations

import strawberry

from hub import models
from hub.context import Info
from hub.schema.base import FromModel

strawberry.enum(models.RegionLevel, description="区划级别：省、市、县")


@strawberry.type(description="行政区划（GB/T 2260）")
class Region(FromModel):
    code: str = strawberry.field(description="六位区划代码，如 210102")
    name: str = strawberry.field(description="区划名称，如 和平区")
    level: models.RegionLevel
    parent_code: str | None = strawberry.field(description="上级区划代码")

    @strawberry.field(description="上级区划")
    async def parent(self, info: Info) -> Region | None:
        if self.parent_code is None:
            return None
        return await find_region(info, self.parent_code)

    @strawberry.field(description="下级区划")
    async def children(self, info: Info) -> list[Region]:
        directory = await info.context.loaders.region_directory()
        return [Region.from_model(child) for child in directory.children.get(self.code, [])]


async def find_region(info: Info, code: str) -> Region | None:
    region = (await info.context.loaders.region_directory()).by_code.get(code)
    return None if region is None else Region.from_model(region)


async def load_region(info: Info, code: str) -> Region:
    region = await find_region(info, code)
    if region is None:  # a foreign key guarantees it; a missing row is a bug, not input
        raise LookupError(f"region {code} missing")
    return region
