"""信用分类规则 in the graph: versions, their indicators, and the input of a new version."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import strawberry

from hub import models
from hub.context import Info
from hub.credit.rules import Indicator, Rules
from hub.schema.base import FromModel

# Every GraphQL type using CreditMeasure imports it from here, after its registration.
MEASURE = strawberry.enum(models.CreditMeasure, description="信用指标统计的内容")


@strawberry.type(description="信用指标：统计什么、每单位加减多少分、上限与统计年限")
class CreditIndicator(FromModel):
    position: int = strawberry.field(description="顺序")
    measure: models.CreditMeasure = strawberry.field(description="指标统计的内容")
    name: str = strawberry.field(description="指标名称")
    description: str = strawberry.field(description="设置依据")
    points_per_unit: Decimal = strawberry.field(description="每单位分值（负数为扣分）")
    max_points: Decimal | None = strawberry.field(description="分值上限（绝对值）")
    window_years: int | None = strawberry.field(description="统计年限（空：按当前状态，不限年限）")


@strawberry.type(description="信用分类规则的一个版本（同一时间只有一个版本生效）")
class CreditRuleSet(FromModel):
    id: strawberry.Private[int]
    version: int = strawberry.field(description="版本号")
    name: str = strawberry.field(description="名称")
    description: str = strawberry.field(description="规则说明与依据")
    base_score: Decimal = strawberry.field(description="基准分")
    grade_a_min_score: Decimal = strawberry.field(description="A类最低分")
    grade_b_min_score: Decimal = strawberry.field(description="B类最低分")
    grade_c_min_score: Decimal = strawberry.field(description="C类最低分（低于此为D类）")
    active: bool | None = strawberry.field(description="是否为生效版本")
    activated_at: datetime | None = strawberry.field(description="最近一次生效时间")
    created_at: datetime = strawberry.field(description="创建时间")

    @strawberry.field(description="指标")
    async def indicators(self, info: Info) -> list[CreditIndicator]:
        rows = await info.context.loaders.credit_indicators_by_rule_set_id.load(self.id)
        return [CreditIndicator.from_model(row) for row in rows]


@strawberry.input(description="一个信用指标")
class CreditIndicatorInput:
    measure: models.CreditMeasure = strawberry.field(description="指标统计的内容（每种一次）")
    name: str = strawberry.field(description="指标名称")
    description: str = strawberry.field(description="设置依据")
    points_per_unit: Decimal = strawberry.field(description="每单位分值，-100到100，不为0")
    max_points: Decimal | None = strawberry.field(
        default=None, description="分值上限（绝对值），0到100"
    )
    window_years: int | None = strawberry.field(
        default=None, description="统计年限1到10；有效许可、黑名单可不设"
    )


@strawberry.input(description="新版本的信用分类规则（保存后立即生效，并重新评价全部市场主体）")
class CreditRuleSetInput:
    name: str = strawberry.field(description="名称")
    description: str = strawberry.field(description="规则说明与依据")
    base_score: Decimal = strawberry.field(description="基准分，0到100")
    grade_a_min_score: Decimal = strawberry.field(description="A类最低分")
    grade_b_min_score: Decimal = strawberry.field(description="B类最低分")
    grade_c_min_score: Decimal = strawberry.field(description="C类最低分；须 C < B < A")
    indicators: list[CreditIndicatorInput] = strawberry.field(description="指标，1到20个")

    def to_rules(self) -> Rules:
        return Rules(
            name=self.name,
            description=self.description,
            base_score=self.base_score,
            grade_a_min_score=self.grade_a_min_score,
            grade_b_min_score=self.grade_b_min_score,
            grade_c_min_score=self.grade_c_min_score,
            indicators=tuple(
                Indicator(
                    measure=item.measure,
                    name=item.name,
                    description=item.description,
                    points_per_unit=item.points_per_unit,
                    max_points=item.max_points,
                    window_years=item.window_years,
                )
                for item in self.indicators
            ),
        )


@strawberry.type(description="信用分类规则变更的结果")
class CreditRuleSetPayload:
    rule_set: CreditRuleSet = strawberry.field(description="生效的规则版本")
    evaluated_entities: int = strawberry.field(description="按该版本重新评价的市场主体数")
