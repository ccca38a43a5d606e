"""监管投诉 in the graph."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry import relay

from hub import models
from hub.schema.base import Connection, FromModel

strawberry.enum(models.ComplaintStatus, description="投诉状态：已接收、已分派、办理中、已办结")


@strawberry.type(description="监管投诉（来自国家平台）")
class Complaint(relay.Node, FromModel):
    id: relay.NodeID[int]
    external_id: str = strawberry.field(description="国家平台投诉编号")
    status: models.ComplaintStatus = strawberry.field(description="状态")
    received_at: datetime = strawberry.field(description="接收时间")
    subject: str = strawberry.field(description="投诉事由")
    content: str = strawberry.field(description="投诉内容")
    complainant_name: str = strawberry.field(description="投诉人（个人信息）")
    complainant_phone: str | None = strawberry.field(description="投诉人联系电话（个人信息）")
    result: str | None = strawberry.field(description="办理结果")
    handled_at: datetime | None = strawberry.field(description="办结时间")


ComplaintConnection = Connection[Complaint]
