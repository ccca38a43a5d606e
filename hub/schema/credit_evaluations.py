"""信用分类监管 in the graph: an entity's credit, combined from the hub's evaluation and the
national platform's, and explaining itself."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import strawberry
from strawberry.scalars import JSON

from hub import models
from hub.auth.directives import VisibilityRule, visibility
from hub.context import Info
from hub.credit.combination import RULE, CombinationBasis, Combined, combine
from hub.errors import HubError
from hub.loaders.partners import PARTNER_TIMEOUT, PARTNER_UNAVAILABLE
from hub.schema.base import FromModel
from hub.schema.credit_rules import MEASURE  # noqa: F401  (registers CreditMeasure first)

strawberry.enum(
    CombinationBasis,
    description="综合等级的依据：两方评价、仅本平台评价、仅国家平台评价",
)

PARTNER_CODES = frozenset({PARTNER_UNAVAILABLE, PARTNER_TIMEOUT})


@strawberry.type(description="一个信用指标对本平台评价的贡献")
class CreditContribution:
    measure: models.CreditMeasure | None = strawberry.field(description="指标统计的内容")
    indicator: str = strawberry.field(description="指标名称")
    value: float = strawberry.field(description="指标取值（次数、件数或万元）")
    points: float = strawberry.field(description="加减分（负数为扣分）")
    points_per_unit: float | None = strawberry.field(description="每单位分值")
    max_points: float | None = strawberry.field(description="分值上限（绝对值）")
    window_years: int | None = strawberry.field(description="统计年限（空：不限，按当前状态）")
    since: date | None = strawberry.field(description="统计起始日")
    source: str | None = strawberry.field(description="数据来源")

    @classmethod
    def from_explanation(cls, item: Mapping[str, Any]) -> CreditContribution:
        measure = item.get("measure")
        since = item.get("since")
        return cls(
            measure=models.CreditMeasure(measure) if measure else None,
            indicator=str(item.get("indicator", "")),
            value=float(item.get("value") or 0),
            points=float(item.get("points") or 0),
            points_per_unit=_float(item.get("pointsPerUnit")),
            max_points=_float(item.get("maxPoints")),
            window_years=item.get("windowYears"),
            since=date.fromisoformat(since) if since else None,
            source=item.get("source"),
        )


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


@strawberry.type(description="一次信用评价（本平台指标评价，或存储的国家平台推送结果）")
class CreditEvaluation(FromModel):
    source: models.CreditSource = strawberry.field(description="评价来源")
    grade: models.CreditGrade = strawberry.field(description="信用等级")
    score: Decimal = strawberry.field(description="得分（0-100）")
    evaluated_at: datetime = strawberry.field(description="评价时间")
    explanation: JSON = strawberry.field(description="评价说明（原始记录：规则版本、各指标的贡献）")

    @strawberry.field(description="所用信用分类规则的版本（本平台评价）")
    def rule_set_version(self) -> int | None:
        rule_set = self.explanation.get("ruleSet") if isinstance(self.explanation, dict) else None
        version = rule_set.get("version") if isinstance(rule_set, dict) else None
        return version if isinstance(version, int) else None

    @strawberry.field(description="各指标的取值与加减分")
    def contributions(self) -> list[CreditContribution]:
        items = self.explanation.get("indicators") if isinstance(self.explanation, dict) else None
        return [
            CreditContribution.from_explanation(item)
            for item in items or []
            if isinstance(item, dict)
        ]


@strawberry.type(description="国家平台的信用评价，及其来自何处")
class NationalCreditEvaluation:
    grade: models.CreditGrade = strawberry.field(description="信用等级")
    score: Decimal | None = strawberry.field(description="得分（0-100）")
    evaluated_at: datetime | None = strawberry.field(description="评价时间")
    origin: str = strawberry.field(description="来源说明")
    connector: str | None = strawberry.field(description="实时查询所用的连接器（存储结果为空）")
    live: bool = strawberry.field(description="是否在本次查询时实时取自国家平台")


@strawberry.type(description="市场主体的信用：本平台评价与国家平台评价，及综合等级")
class Credit:
    uscc: strawberry.Private[str]
    hub_row: strawberry.Private[models.CreditEvaluation | None]
    stored_national: strawberry.Private[models.CreditEvaluation | None]

    @classmethod
    def of(cls, uscc: str, evaluations: list[models.CreditEvaluation]) -> Credit:
        by_source = {row.source: row for row in evaluations}
        return cls(
            uscc=uscc,
            hub_row=by_source.get(models.CreditSource.HUB),
            stored_national=by_source.get(models.CreditSource.NATIONAL),
        )

    async def _national(self, info: Info) -> NationalCreditEvaluation | None:
        """Live from the national credit connector when one provides the dataset; the
        stored (pushed) evaluation only when none is configured. A failing partner raises
        its PARTNER_* error."""
        # Imported here: partner_data's types use CreditGrade, which must be registered
        # (strawberry.enum above) before any type that uses it is defined.
        from hub.schema.partner_data import NATIONAL_CREDIT, national_credit_of

        registry = info.context.partners
        provider = registry.provider(NATIONAL_CREDIT) if registry is not None else None
        if provider is None:
            row = self.stored_national
            if row is None:
                return None
            return NationalCreditEvaluation(
                grade=row.grade,
                score=row.score,
                evaluated_at=row.evaluated_at,
                origin="国家平台推送的评价结果（本平台存储；未配置实时查询连接器）",
                connector=None,
                live=False,
            )
        found = await national_credit_of(info, self.uscc)
        if found is None:
            return None
        return NationalCreditEvaluation(
            grade=found.grade,
            score=found.score,
            evaluated_at=found.evaluated_at,
            origin="国家信用平台（查询时实时获取）",
            connector=provider.name,
            live=True,
        )

    async def _combined(self, info: Info) -> Combined | None:
        try:
            national = await self._national(info)
        except HubError as error:
            if error.code not in PARTNER_CODES:
                raise
            national = None  # reported at `national`'s own path when it is selected
        hub = self.hub_row.grade if self.hub_row is not None else None
        return combine(hub, national.grade if national is not None else None)

    @strawberry.field(description="综合信用等级（规则见 combinationRule）")
    async def grade(self, info: Info) -> models.CreditGrade | None:
        combined = await self._combined(info)
        return None if combined is None else combined.grade

    @strawberry.field(description="综合等级依据了哪些评价（国家平台不可用时为仅本平台）")
    async def basis(self, info: Info) -> CombinationBasis | None:
        combined = await self._combined(info)
        return None if combined is None else combined.basis

    @strawberry.field(description="综合等级的计算规则")
    def combination_rule(self) -> str:
        return RULE

    @strawberry.field(
        description="本平台按信用分类规则的评价（含各指标贡献）",
        directives=[visibility(VisibilityRule.STAFF)],
    )
    def hub(self) -> CreditEvaluation | None:
        return None if self.hub_row is None else CreditEvaluation.from_model(self.hub_row)

    @strawberry.field(
        description="国家平台评价（实时查询；外部系统不可用时为空并在此路径报告错误）",
        directives=[visibility(VisibilityRule.STAFF)],
    )
    async def national(self, info: Info) -> NationalCreditEvaluation | None:
        return await self._national(info)
