"""行政备案 in the graph."""

from __future__ import annotations

from datetime import date

import strawberry

from hub.schema.records import SupervisionRecord


@strawberry.type(description="行政备案")
class Filing(SupervisionRecord):
    filing_subject: str = strawberry.field(description="备案事项")
    filed_on: date = strawberry.field(description="备案日期")
    content: str | None = strawberry.field(description="备案内容")
