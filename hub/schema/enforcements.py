"""行政强制 in the graph."""

from __future__ import annotations

from datetime import date

import strawberry

from hub import models
from hub.schema.records import SupervisionRecord

strawberry.enum(
    models.EnforcementMeasure,
    description="行政强制措施：查封场所、设施或者财物，扣押财物，冻结存款、汇款，限制公民人身自由，其他",
)


@strawberry.type(description="行政强制")
class Enforcement(SupervisionRecord):
    measure: models.EnforcementMeasure = strawberry.field(description="强制措施种类")
    legal_basis: str = strawberry.field(description="强制依据")
    content: str = strawberry.field(description="强制内容")
    starts_on: date = strawberry.field(description="起始日期")
    ends_on: date | None = strawberry.field(description="截止日期")
