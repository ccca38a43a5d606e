"""行政检查 in the graph."""

from __future__ import annotations

from datetime import date

import strawberry

from hub import models
from hub.schema.records import SupervisionRecord

strawberry.enum(
    models.InspectionResult,
    description="检查结果：未发现问题、发现问题、未按登记住所找到",
)


@strawberry.type(description="行政检查")
class Inspection(SupervisionRecord):
    inspected_on: date = strawberry.field(description="检查日期")
    result: models.InspectionResult = strawberry.field(description="检查结果")
    findings: str | None = strawberry.field(description="发现的问题")
    handling: str | None = strawberry.field(description="处理情况")
