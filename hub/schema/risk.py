"""风险预警 in the graph: risk models, their dimensions, alerts and what crossed."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from typing import Any

import strawberry
from strawberry import relay

import hub.schema.credit_evaluations
import hub.schema.records  # noqa: F401  (registers RecordKind)
from hub import models
from hub.context import Info
from hub.risk.dimensions import DIMENSION_LABELS, Dimension
from hub.risk.models import RiskModelDefinition
from hub.schema.base import Connection, FromModel, integer_node_ids
from hub.schema.departments import Department, load_department
from hub.schema.market_entities import MarketEntity, load_market_entity

strawberry.enum(models.RiskLevel, description="预警等级：蓝、黄、橙、红（由低到高）")
strawberry.enum(
    models.RiskCombination,
    description="维度组合方式：任一维度超过阈值即预警，或全部维度超过阈值才预警",
)
strawberry.enum(
    models.RiskDimensionKind,
    description="信息维度：监管行为数、罚款金额合计（万元）、投诉数、信用等级（统计时段内最差）",
)
strawberry.enum(models.RiskAlertStatus, description="预警状态：待处理、已签收、已办结")


@strawberry.type(description="风险模型的一个信息维度及其阈值")
class RiskDimension:
    kind: models.RiskDimensionKind = strawberry.field(description="信息维度")
    window_days: int = strawberry.field(description="统计时段（最近多少天）")
    record_kind: models.RecordKind | None = strawberry.field(
        description="限定的监管行为类别（仅监管行为数；空为全部类别）"
    )
    threshold: Decimal | None = strawberry.field(description="阈值：达到即越线（数值类维度）")
    grade: models.CreditGrade | None = strawberry.field(
        description="触发预警的信用等级：评为该等级或更差即越线（信用等级维度）"
    )

    @strawberry.field(description="维度名称")
    def label(self) -> str:
        return DIMENSION_LABELS[self.kind]

    @classmethod
    def of(cls, dimension: Dimension) -> RiskDimension:
        return cls(
            kind=dimension.kind,
            window_days=dimension.window_days,
            record_kind=dimension.record_kind,
            threshold=dimension.threshold,
            grade=dimension.grade,
        )


@strawberry.type(description="风险模型：信息维度、阈值与预警等级（部门自定义）")
class RiskModel(relay.Node, FromModel):
    id: relay.NodeID[int]
    name: str = strawberry.field(description="模型名称")
    description: str | None = strawberry.field(description="说明")
    level: models.RiskLevel = strawberry.field(description="预警等级")
    combination: models.RiskCombination = strawberry.field(description="维度组合方式")
    enabled: bool = strawberry.field(description="是否启用")
    created_at: datetime = strawberry.field(description="创建时间")
    updated_at: datetime = strawberry.field(description="最近修改时间")
    department_id: strawberry.Private[int]
    raw_dimensions: strawberry.Private[list[dict[str, Any]]]

    @classmethod
    def from_model(cls, model: Any) -> RiskModel:
        return cls(
            id=model.id,
            name=model.name,
            description=model.description,
            level=model.level,
            combination=model.combination,
            enabled=model.enabled,
            created_at=model.created_at,
            updated_at=model.updated_at,
            department_id=model.department_id,
            raw_dimensions=model.dimensions,
        )

    @strawberry.field(description="信息维度及阈值")
    def dimensions(self) -> list[RiskDimension]:
        return [RiskDimension.of(Dimension.from_json(item)) for item in self.raw_dimensions]

    @strawberry.field(description="所属部门")
    async def department(self, info: Info) -> Department:
        return await load_department(info, self.department_id)

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[RiskModel | None]:
        loader = info.context.loaders.risk_model_by_id
        rows = await loader.load_many(integer_node_ids(node_ids))
        return [None if row is None else cls.from_model(row) for row in rows]


@strawberry.type(description="越线的维度：哪个维度超过了哪个阈值，实际值是多少")
class RiskCrossing:
    dimension: int = strawberry.field(description="维度在模型中的序号（从0开始）")
    kind: models.RiskDimensionKind = strawberry.field(description="信息维度")
    label: str = strawberry.field(description="维度名称")
    window_days: int = strawberry.field(description="统计时段（天）")
    record_kind: models.RecordKind | None = strawberry.field(description="限定的监管行为类别")
    threshold: Decimal | None = strawberry.field(description="阈值（数值类维度）")
    grade: models.CreditGrade | None = strawberry.field(description="触发等级（信用等级维度）")
    value: str = strawberry.field(description="评估时的实际值（数值或信用等级）")

    @classmethod
    def of(cls, data: dict[str, Any]) -> RiskCrossing:
        dimension = Dimension.from_json(data)
        return cls(
            dimension=int(data["dimension"]),
            kind=dimension.kind,
            label=str(data.get("label") or DIMENSION_LABELS[dimension.kind]),
            window_days=dimension.window_days,
            record_kind=dimension.record_kind,
            threshold=dimension.threshold,
            grade=dimension.grade,
            value=str(data["value"]),
        )


@strawberry.type(description="风险预警：某风险模型对某市场主体的预警")
class RiskAlert(relay.Node, FromModel):
    id: relay.NodeID[int]
    level: models.RiskLevel = strawberry.field(description="预警等级")
    status: models.RiskAlertStatus = strawberry.field(description="状态")
    raised_at: datetime = strawberry.field(description="预警时间")
    acknowledged_at: datetime | None = strawberry.field(description="签收时间")
    closed_at: datetime | None = strawberry.field(description="办结时间")
    close_note: str | None = strawberry.field(description="办结说明")
    model_id: strawberry.Private[int]
    entity_id: strawberry.Private[int]
    department_id: strawberry.Private[int]
    raw_crossings: strawberry.Private[list[dict[str, Any]]]

    @classmethod
    def from_model(cls, alert: Any) -> RiskAlert:
        return cls(
            id=alert.id,
            level=alert.level,
            status=alert.status,
            raised_at=alert.raised_at,
            acknowledged_at=alert.acknowledged_at,
            closed_at=alert.closed_at,
            close_note=alert.close_note,
            model_id=alert.model_id,
            entity_id=alert.entity_id,
            department_id=alert.department_id,
            raw_crossings=alert.crossings,
        )

    @strawberry.field(description="越线的维度与实际值")
    def crossings(self) -> list[RiskCrossing]:
        return [RiskCrossing.of(item) for item in self.raw_crossings]

    @strawberry.field(description="触发预警的风险模型")
    async def model(self, info: Info) -> RiskModel | None:
        row = await info.context.loaders.risk_model_by_id.load(self.model_id)
        return None if row is None else RiskModel.from_model(row)

    @strawberry.field(description="被预警的市场主体")
    async def entity(self, info: Info) -> MarketEntity | None:
        return await load_market_entity(info, self.entity_id)

    @strawberry.field(description="负责处理的部门（风险模型所属部门）")
    async def department(self, info: Info) -> Department:
        return await load_department(info, self.department_id)

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[RiskAlert | None]:
        loader = info.context.loaders.risk_alert_by_id
        rows = await loader.load_many(integer_node_ids(node_ids))
        return [None if row is None else cls.from_model(row) for row in rows]


RiskAlertConnection = Connection[RiskAlert]


@strawberry.input(description="风险模型的一个信息维度及其阈值")
class RiskDimensionInput:
    kind: models.RiskDimensionKind = strawberry.field(description="信息维度")
    window_days: int = strawberry.field(description="统计时段（最近多少天，1-3650）")
    record_kind: models.RecordKind | None = strawberry.field(
        default=None, description="限定的监管行为类别（仅监管行为数）"
    )
    threshold: Decimal | None = strawberry.field(
        default=None, description="阈值：达到即越线（数值类维度必填）"
    )
    grade: models.CreditGrade | None = strawberry.field(
        default=None, description="触发预警的信用等级（信用等级维度必填）"
    )

    def to_dimension(self) -> Dimension:
        return Dimension(
            kind=self.kind,
            window_days=self.window_days,
            record_kind=self.record_kind,
            threshold=self.threshold,
            grade=self.grade,
        )


@strawberry.input(description="风险模型定义")
class RiskModelInput:
    name: str = strawberry.field(description="模型名称（本部门内唯一）")
    level: models.RiskLevel = strawberry.field(description="预警等级")
    combination: models.RiskCombination = strawberry.field(description="维度组合方式")
    dimensions: list[RiskDimensionInput] = strawberry.field(description="信息维度及阈值")
    description: str | None = strawberry.field(default=None, description="说明")
    enabled: bool = strawberry.field(default=False, description="是否立即启用")

    def to_definition(self) -> RiskModelDefinition:
        return RiskModelDefinition(
            name=self.name,
            level=self.level,
            combination=self.combination,
            dimensions=[item.to_dimension() for item in self.dimensions],
            description=self.description,
            enabled=self.enabled,
        )


@strawberry.type(description="风险模型变更结果")
class RiskModelPayload:
    risk_model: RiskModel = strawberry.field(description="变更后的风险模型")


@strawberry.type(description="风险预警处理结果")
class RiskAlertPayload:
    risk_alert: RiskAlert = strawberry.field(description="处理后的风险预警")
