"""违法失信（黑名单） in the graph."""

from __future__ import annotations

from datetime import date

import strawberry

from hub.schema.records import SupervisionRecord


@strawberry.type(description="违法失信（黑名单）")
class BlacklistEntry(SupervisionRecord):
    reason: str = strawberry.field(description="列入原因")
    listing_authority: str = strawberry.field(description="列入机关")
    listed_on: date = strawberry.field(description="列入日期")
    removal_date: date | None = strawberry.field(description="移出日期")
