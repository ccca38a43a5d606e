"""信用分类监管 in the graph."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import strawberry
from strawberry.scalars import JSON

from hub import models
from hub.schema.base import FromModel

strawberry.enum(models.CreditGrade, description="信用等级：A（低风险）至 D（高风险）")
strawberry.enum(models.CreditSource, description="评价来源：本平台指标评价、国家平台推送")


@strawberry.type(description="一次信用评价")
class CreditEvaluation(FromModel):
    source: models.CreditSource = strawberry.field(description="评价来源")
    grade: models.CreditGrade = strawberry.field(description="信用等级")
    score: Decimal = strawberry.field(description="得分（0-100）")
    evaluated_at: datetime = strawberry.field(description="评价时间")
    explanation: JSON = strawberry.field(description="各指标的贡献")


@strawberry.type(description="市场主体的信用：本平台评价与国家平台评价")
class Credit:
    hub: CreditEvaluation | None = strawberry.field(description="本平台最新评价")
    national: CreditEvaluation | None = strawberry.field(description="国家平台最新评价")

    @classmethod
    def from_evaluations(cls, evaluations: list[models.CreditEvaluation]) -> Credit | None:
        if not evaluations:
            return None
        by_source = {row.source: CreditEvaluation.from_model(row) for row in evaluations}
        return cls(
            hub=by_source.get(models.CreditSource.HUB),
            national=by_source.get(models.CreditSource.NATIONAL),
        )
