from __future__ import annotations

import strawberry

from hub.context import Info
from hub.schema.inputs import region_code
from hub.schema.regions import Region, find_region


@strawberry.type
class RegionQuery:
    @strawberry.field(description="行政区划树的根（省级），沿 children 向下展开")
    async def regions(self, info: Info) -> list[Region]:
        directory = await info.context.loaders.region_directory()
        return [Region.from_model(region) for region in directory.roots]

    @strawberry.field(description="按区划代码查询")
    async def region(self, info: Info, code: str) -> Region | None:
        return await find_region(info, region_code(code, field="code"))
