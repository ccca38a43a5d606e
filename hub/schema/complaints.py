"""监管投诉 in the graph."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry import relay

from hub import models
from hub.auth.directives import Mask, VisibilityRule, access_logged, visibility
from hub.context import Info
from hub.models.access_events import AccessKind
from hub.schema.base import Connection, FromModel
from hub.schema.departments import Department, load_department

strawberry.enum(models.ComplaintStatus, description="投诉状态：已接收、已分派、办理中、已办结")


@strawberry.type(
    description="监管投诉（来自国家平台）", directives=[access_logged(AccessKind.COMPLAINTS)]
)
class Complaint(relay.Node, FromModel):
    id: relay.NodeID[int]
    external_id: str = strawberry.field(description="国家平台投诉编号")
    status: models.ComplaintStatus = strawberry.field(description="状态")
    received_at: datetime = strawberry.field(description="接收时间")
    subject: str = strawberry.field(description="投诉事由")
    content: str = strawberry.field(description="投诉内容")
    complainant_name: str = strawberry.field(
        description="投诉人（个人信息，仅办理部门可见）",
        directives=[visibility(VisibilityRule.OWN_DEPARTMENT, Mask.NAME)],
    )
    complainant_phone: str | None = strawberry.field(
        description="投诉人联系电话（个人信息，仅办理部门可见）",
        directives=[visibility(VisibilityRule.OWN_DEPARTMENT, Mask.PHONE)],
    )
    result: str | None = strawberry.field(description="办理结果")
    handled_at: datetime | None = strawberry.field(description="办结时间")
    department_id: strawberry.Private[int | None]
    entity_id: strawberry.Private[int | None]

    @property
    def owner_department_id(self) -> int | None:
        """The handling department."""
        return self.department_id

    @property
    def accessed_entity_id(self) -> int | None:
        """Complaints are never public: every read is logged against the entity complained
        about (`@accessLogged`, hub.access_log)."""
        return self.entity_id

    @strawberry.field(description="办理部门")
    async def department(self, info: Info) -> Department | None:
        if self.department_id is None:
            return None
        return await load_department(info, self.department_id)


ComplaintConnection = Connection[Complaint]
