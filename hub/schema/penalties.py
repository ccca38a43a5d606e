"""行政处罚 in the graph."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Self

import strawberry

from hub import models
from hub.schema.records import SupervisionRecord

strawberry.enum(
    models.PenaltyType,
    description="处罚类别：警告、罚款、没收违法所得、没收非法财物、责令停产停业、暂扣或者吊销许可证/执照、行政拘留、其他",
)


@strawberry.type(description="行政处罚")
class Penalty(SupervisionRecord):
    violation_type: str = strawberry.field(description="违法行为类型")
    violation_facts: str = strawberry.field(description="违法事实")
    legal_basis: str = strawberry.field(description="处罚依据")
    penalty_types: list[models.PenaltyType] = strawberry.field(description="处罚类别（可多项）")
    content: str = strawberry.field(description="处罚内容")
    fine_amount: Decimal | None = strawberry.field(description="罚款金额（万元）")
    confiscated_amount: Decimal | None = strawberry.field(
        description="没收违法所得、没收非法财物的金额（万元）"
    )
    suspended_license: str | None = strawberry.field(description="暂扣或吊销证照名称及编号")
    penalty_valid_until: date | None = strawberry.field(description="处罚有效期")

    @classmethod
    def from_model(cls, model: Any) -> Self:
        penalty = super().from_model(model)
        penalty.penalty_types = [models.PenaltyType(value) for value in model.penalty_types]
        return penalty
