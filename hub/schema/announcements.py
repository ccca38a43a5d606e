"""监管公告 in the graph."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry import relay

from hub import models
from hub.context import Info
from hub.queries.announcements import AnnouncementFilter as AnnouncementQueryFilter
from hub.queries.announcements import AnnouncementOrder
from hub.schema.base import Connection, FromModel
from hub.schema.departments import Department, load_department
from hub.schema.inputs import department_id_of, region_code_of

strawberry.enum(models.AnnouncementKind, description="公告类别：普发性、特指性（面向具体市场主体）")
strawberry.enum(models.AnnouncementStatus, description="公告状态：草稿、已发布、已撤回")
strawberry.enum(AnnouncementOrder, description="公告排序方式")


@strawberry.type(description="监管公告")
class Announcement(relay.Node, FromModel):
    id: relay.NodeID[int]
    kind: models.AnnouncementKind = strawberry.field(description="公告类别")
    status: models.AnnouncementStatus = strawberry.field(description="状态")
    title: str = strawberry.field(description="标题")
    body: str = strawberry.field(description="正文")
    published_at: datetime | None = strawberry.field(description="发布时间")
    department_id: strawberry.Private[int]

    @strawberry.field(description="发布部门")
    async def department(self, info: Info) -> Department:
        return await load_department(info, self.department_id)


AnnouncementConnection = Connection[Announcement]


@strawberry.input(description="公告筛选条件")
class AnnouncementFilter:
    kind: models.AnnouncementKind | None = None
    region_code: str | None = strawberry.field(default=None, description="区划代码（含下级）")
    department_id: strawberry.ID | None = strawberry.field(default=None, description="发布部门")

    def to_query(self) -> AnnouncementQueryFilter:
        return AnnouncementQueryFilter(
            kind=self.kind,
            region_code=region_code_of(self.region_code),
            department_id=department_id_of(self.department_id),
        )
