"""行政许可 in the graph."""

from __future__ import annotations

from datetime import date

import strawberry

from hub import models
from hub.schema.records import SupervisionRecord

strawberry.enum(models.LicenseCategory, description="许可类别：普通、特许、认可、核准、登记、其他")


@strawberry.type(description="行政许可")
class License(SupervisionRecord):
    license_category: models.LicenseCategory = strawberry.field(description="许可类别")
    certificate_name: str = strawberry.field(description="许可证书名称")
    license_number: str = strawberry.field(description="许可编号")
    content: str = strawberry.field(description="许可内容")
    valid_from: date | None = strawberry.field(description="有效期自")
    valid_to: date | None = strawberry.field(description="有效期至")
