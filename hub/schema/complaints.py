"""监管投诉 in the graph."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from sqlalchemy import select
from strawberry import relay

from hub import models
from hub.auth.directives import Mask, VisibilityRule, access_logged, visibility
from hub.complaints.handling import OUTCOME_LABELS, is_overdue
from hub.context import Info
from hub.models.access_events import AccessKind
from hub.models.base import utcnow
from hub.schema.base import Connection, FromModel, integer_node_ids
from hub.schema.departments import Department, load_department

if TYPE_CHECKING:
    from hub.schema.market_entities import MarketEntity

MarketEntityRef = Annotated["MarketEntity", strawberry.lazy("hub.schema.market_entities")]

strawberry.enum(models.ComplaintStatus, description="投诉状态：已接收、已分派、办理中、已办结")
strawberry.enum(
    models.EntityMatch,
    description=(
        "被投诉主体的关联方式：统一社会信用代码、名称精确匹配、名称模糊匹配、"
        "待人工确认、已人工确认、未找到"
    ),
)
strawberry.enum(models.ComplaintOutcome, description="办理结论：属实、部分属实、不属实")


async def _load_entity(info: Info, entity_id: int) -> MarketEntity | None:
    from hub.schema.market_entities import load_market_entity

    return await load_market_entity(info, entity_id)


@strawberry.type(description="被投诉主体的候选市场主体（名称相似度由高到低）")
class ComplaintEntityCandidate(FromModel):
    score: float = strawberry.field(description="名称相似度（0-100）")
    rank: int = strawberry.field(description="名次（1为最相似）")
    entity_id: strawberry.Private[int]

    @strawberry.field(description="候选市场主体")
    async def entity(self, info: Info) -> MarketEntityRef | None:
        return await _load_entity(info, self.entity_id)


@strawberry.type(
    description="监管投诉（来自国家平台）", directives=[access_logged(AccessKind.COMPLAINTS)]
)
class Complaint(relay.Node, FromModel):
    id: relay.NodeID[int]
    external_id: str = strawberry.field(description="国家平台投诉编号")
    status: models.ComplaintStatus = strawberry.field(description="状态")
    received_at: datetime = strawberry.field(description="接收时间")
    subject: str = strawberry.field(description="投诉事由")
    content: str = strawberry.field(description="投诉内容")
    complainant_name: str = strawberry.field(
        description="投诉人（个人信息，仅办理部门可见）",
        directives=[visibility(VisibilityRule.OWN_DEPARTMENT, Mask.NAME)],
    )
    complainant_phone: str | None = strawberry.field(
        description="投诉人联系电话（个人信息，仅办理部门可见）",
        directives=[visibility(VisibilityRule.OWN_DEPARTMENT, Mask.PHONE)],
    )
    result: str | None = strawberry.field(description="办理结果")
    handled_at: datetime | None = strawberry.field(description="办结时间")
    category: str | None = strawberry.field(description="投诉类别（国家平台所填）")
    channel: str | None = strawberry.field(description="投诉渠道")
    subject_name: str | None = strawberry.field(description="投诉所称的被投诉主体名称")
    subject_uscc: str | None = strawberry.field(description="投诉所称的统一社会信用代码")
    entity_match: models.EntityMatch | None = strawberry.field(
        description="被投诉主体的关联方式（待人工确认时见候选主体）"
    )
    dispatched_at: datetime | None = strawberry.field(description="分派时间")
    dispatch_reason: str | None = strawberry.field(description="分派依据（规则或重新分派原因）")
    deadline_at: datetime | None = strawberry.field(description="办理期限")
    accepted_at: datetime | None = strawberry.field(description="受理时间")
    outcome: models.ComplaintOutcome | None = strawberry.field(description="办理结论")
    measures: str | None = strawberry.field(description="处理措施")
    department_id: strawberry.Private[int | None]
    entity_id: strawberry.Private[int | None]

    @property
    def owner_department_id(self) -> int | None:
        """The handling department."""
        return self.department_id

    @property
    def accessed_entity_id(self) -> int | None:
        """Complaints are never public: every read is logged against the entity complained
        about (`@accessLogged`, hub.access_log)."""
        return self.entity_id

    @strawberry.field(description="办理部门")
    async def department(self, info: Info) -> Department | None:
        if self.department_id is None:
            return None
        return await load_department(info, self.department_id)

    @strawberry.field(description="被投诉的市场主体（已关联时）")
    async def entity(self, info: Info) -> MarketEntityRef | None:
        if self.entity_id is None:
            return None
        return await _load_entity(info, self.entity_id)

    @strawberry.field(description="候选市场主体（名称模糊匹配所得，供人工确认）")
    async def candidates(self, info: Info) -> list[ComplaintEntityCandidate]:
        rows = await info.context.loaders.candidates_by_complaint.load(self.id)
        return [ComplaintEntityCandidate.from_model(row) for row in rows]

    @strawberry.field(description="是否超期（未在办理期限内办结）")
    def overdue(self) -> bool:
        return is_overdue(self.deadline_at, self.handled_at, utcnow())

    @strawberry.field(description="办理结论（中文）")
    def outcome_label(self) -> str | None:
        return None if self.outcome is None else OUTCOME_LABELS[self.outcome]

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Complaint | None]:
        rows = await info.context.loaders.complaint_by_id.load_many(integer_node_ids(node_ids))
        return [None if row is None else cls.from_model(row) for row in rows]


ComplaintConnection = Connection[Complaint]


@strawberry.type(description="投诉分派规则：按投诉类别、关键词与主体所在区划分派到某级某部门")
class ComplaintDispatchRule(relay.Node, FromModel):
    id: relay.NodeID[int]
    name: str = strawberry.field(description="规则名称")
    region_code: str = strawberry.field(description="适用区划（含下级）")
    category: str | None = strawberry.field(description="投诉类别（空：任意类别）")
    keywords: list[str] = strawberry.field(description="关键词（任一出现在事由或内容中；空：不限）")
    department_code: str = strawberry.field(description="办理部门代码（3位）")
    level: models.RegionLevel = strawberry.field(description="办理部门所在层级")
    deadline_days: int = strawberry.field(description="办理期限（天）")
    priority: int = strawberry.field(description="优先级（数值小者优先）")
    enabled: bool = strawberry.field(description="是否启用")
    created_at: datetime = strawberry.field(description="创建时间")

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[ComplaintDispatchRule | None]:
        ids = integer_node_ids(node_ids)
        rows = await info.context.scalars(
            select(models.ComplaintDispatchRule).where(models.ComplaintDispatchRule.id.in_(ids))
        )
        found = {row.id: cls.from_model(row) for row in rows}
        return [found.get(rule_id) for rule_id in ids]


@strawberry.type(description="按状态统计")
class ComplaintStatusCount:
    status: models.ComplaintStatus = strawberry.field(description="状态")
    count: int = strawberry.field(description="投诉数")


@strawberry.type(description="按办理结论统计")
class ComplaintOutcomeCount:
    outcome: models.ComplaintOutcome = strawberry.field(description="办理结论")
    count: int = strawberry.field(description="投诉数")


@strawberry.type(description="按办理部门统计（未分派的投诉部门为空）")
class ComplaintDepartmentStatistics:
    total: int = strawberry.field(description="投诉数")
    closed: int = strawberry.field(description="已办结")
    overdue: int = strawberry.field(description="超期")
    average_handling_hours: float | None = strawberry.field(
        description="平均办理时长（小时，自接收至办结）"
    )
    department_id: strawberry.Private[int | None]

    @strawberry.field(description="办理部门")
    async def department(self, info: Info) -> Department | None:
        if self.department_id is None:
            return None
        return await load_department(info, self.department_id)


@strawberry.type(description="投诉统计（当前用户可见的投诉）")
class ComplaintStatistics:
    total: int = strawberry.field(description="投诉数")
    closed: int = strawberry.field(description="已办结")
    overdue: int = strawberry.field(description="超期")
    average_handling_hours: float | None = strawberry.field(
        description="平均办理时长（小时，自接收至办结）"
    )
    by_status: list[ComplaintStatusCount] = strawberry.field(description="按状态")
    by_outcome: list[ComplaintOutcomeCount] = strawberry.field(description="按办理结论")
    by_department: list[ComplaintDepartmentStatistics] = strawberry.field(description="按办理部门")
