"""证照联动 in the graph: notices, the registrations behind them, the routing rules, and the
handling statistics."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay

from hub import models
from hub.context import Info
from hub.queries.linkage_notices import NoticeFilter, is_overdue, rules_by_id
from hub.schema.base import Connection, FromModel, integer_node_ids
from hub.schema.departments import Department, load_department
from hub.schema.inputs import department_id_of, region_code_of

if TYPE_CHECKING:
    from hub.schema.licenses import License
    from hub.schema.market_entities import MarketEntity

strawberry.enum(
    models.LinkageNoticeStatus, description="告知状态：待签收、已签收（办理中）、已办结"
)
strawberry.enum(
    models.LinkageOutcome,
    description="办理结果：已办理许可、无需许可、申请人未申请",
)
strawberry.enum(
    models.LinkageMatch, description="规则匹配方式：经营范围关键词、行业代码（GB/T 4754）前缀"
)


@strawberry.type(description="市场主体登记信息（登记注册系统推送）")
class EntityRegistration(FromModel):
    uscc: str = strawberry.field(description="统一社会信用代码")
    name: str = strawberry.field(description="名称")
    region_code: str = strawberry.field(description="登记所在区划代码")
    business_scope: str = strawberry.field(description="经营范围")
    industry_code: str | None = strawberry.field(description="行业代码（GB/T 4754）")
    registered_on: date = strawberry.field(description="登记日期")
    registering_department_id: strawberry.Private[int]

    @strawberry.field(description="登记机关（市场监督管理部门）")
    async def registering_department(self, info: Info) -> Department:
        return await load_department(info, self.registering_department_id)


@strawberry.type(description="证照联动告知（双告知）：一条登记对一个审批部门的告知")
class LinkageNotice(relay.Node, FromModel):
    id: relay.NodeID[int]
    status: models.LinkageNoticeStatus = strawberry.field(description="状态")
    outcome: models.LinkageOutcome | None = strawberry.field(description="办理结果（办结后）")
    permit_names: str = strawberry.field(description="需办理的许可（按规则）")
    received_at: datetime = strawberry.field(description="接收时间")
    sign_due_on: date = strawberry.field(description="签收期限（含当日）")
    handle_due_on: date = strawberry.field(description="办理期限（含当日）")
    signed_at: datetime | None = strawberry.field(description="签收时间")
    closed_at: datetime | None = strawberry.field(description="办结时间")
    close_reason: str | None = strawberry.field(description="未办理许可的原因")
    version: int = strawberry.field(description="版本号：签收、办理时提交所读版本")
    overdue: bool = strawberry.field(description="是否逾期：逾期未签收，或逾期未办结")
    registration_id: strawberry.Private[int]
    entity_id: strawberry.Private[int]
    department_id: strawberry.Private[int]
    registering_department_id: strawberry.Private[int]
    license_record_id: strawberry.Private[int | None]

    @classmethod
    def of(cls, notice: models.LinkageNotice, today: date) -> LinkageNotice:
        return cls(
            id=notice.id,
            status=notice.status,
            outcome=notice.outcome,
            permit_names=notice.permit_names,
            received_at=notice.received_at,
            sign_due_on=notice.sign_due_on,
            handle_due_on=notice.handle_due_on,
            signed_at=notice.signed_at,
            closed_at=notice.closed_at,
            close_reason=notice.close_reason,
            version=notice.version,
            overdue=is_overdue(notice, today),
            registration_id=notice.registration_id,
            entity_id=notice.entity_id,
            department_id=notice.department_id,
            registering_department_id=notice.registering_department_id,
            license_record_id=notice.license_record_id,
        )

    @strawberry.field(description="审批部门（收到告知的部门）")
    async def department(self, info: Info) -> Department:
        return await load_department(info, self.department_id)

    @strawberry.field(description="登记机关（推送登记的市场监督管理部门）")
    async def registering_department(self, info: Info) -> Department:
        return await load_department(info, self.registering_department_id)

    @strawberry.field(description="登记信息")
    async def registration(self, info: Info) -> EntityRegistration | None:
        row = await info.context.loaders.entity_registration_by_id.load(self.registration_id)
        return None if row is None else EntityRegistration.from_model(row)

    @strawberry.field(description="市场主体")
    async def entity(
        self, info: Info
    ) -> Annotated[MarketEntity, strawberry.lazy("hub.schema.market_entities")] | None:
        from hub.schema.market_entities import load_market_entity

        return await load_market_entity(info, self.entity_id)

    @strawberry.field(description="办理的行政许可（已办理许可时；按记录的可见性）")
    async def license(
        self, info: Info
    ) -> Annotated[License, strawberry.lazy("hub.schema.licenses")] | None:
        from hub.schema.record_kinds import record_from_model

        if self.license_record_id is None:
            return None
        row = await info.context.loaders.record_by_id.load(self.license_record_id)
        return None if row is None else record_from_model(row)  # type: ignore[return-value]

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[LinkageNotice | None]:
        from hub.linkage.deadlines import beijing_date
        from hub.models.base import utcnow

        today = beijing_date(utcnow())
        rows = await info.context.loaders.linkage_notice_by_id.load_many(integer_node_ids(node_ids))
        return [None if row is None else cls.of(row, today) for row in rows]


LinkageNoticeConnection = Connection[LinkageNotice]


@strawberry.input(description="告知查询条件（均为可选，同时给出时取交集）")
class LinkageNoticeFilter:
    statuses: list[models.LinkageNoticeStatus] | None = strawberry.field(
        default=None, description="状态"
    )
    overdue: bool | None = strawberry.field(
        default=None, description="true：只看逾期的；false：只看未逾期的"
    )
    department_id: strawberry.ID | None = strawberry.field(
        default=None, description="审批部门（全局ID）"
    )
    registering_department_id: strawberry.ID | None = strawberry.field(
        default=None, description="登记机关（全局ID）"
    )
    region_code: str | None = strawberry.field(
        default=None, description="审批部门所在区划（含下级）"
    )

    def to_query(self) -> NoticeFilter:
        return NoticeFilter(
            statuses=None if self.statuses is None else frozenset(self.statuses),
            overdue=self.overdue,
            department_id=department_id_of(self.department_id, field="filter.departmentId"),
            registering_department_id=department_id_of(
                self.registering_department_id, field="filter.registeringDepartmentId"
            ),
            region_code=region_code_of(self.region_code, field="filter.regionCode"),
        )


@strawberry.type(description="证照联动规则：经营范围关键词或行业代码 → 审批部门")
class LinkageRule(relay.Node, FromModel):
    id: relay.NodeID[int]
    code: str = strawberry.field(description="规则编号")
    match: models.LinkageMatch = strawberry.field(description="匹配方式")
    pattern: str = strawberry.field(description="关键词或行业代码前缀")
    department_code: str = strawberry.field(description="审批部门的三位部门代码")
    permit_name: str = strawberry.field(description="需办理的许可")
    sign_within_days: int = strawberry.field(description="签收时限（工作日）")
    handle_within_days: int = strawberry.field(description="办理时限（工作日）")
    enabled: bool = strawberry.field(description="是否启用")

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[LinkageRule | None]:
        ids = integer_node_ids(node_ids)
        rows = await info.context.scalars(rules_by_id(info.context.viewer, ids))
        found = {row.id: row for row in rows}
        return [None if found.get(i) is None else cls.from_model(found[i]) for i in ids]


LinkageRuleConnection = Connection[LinkageRule]


@strawberry.type(description="某审批部门的告知办理统计")
class LinkageDepartmentStatistics:
    pending: int = strawberry.field(description="待签收")
    signed: int = strawberry.field(description="已签收（办理中）")
    closed: int = strawberry.field(description="已办结")
    total: int = strawberry.field(description="合计")
    overdue: int = strawberry.field(description="逾期（未签收或未办结）")
    average_handling_days: float | None = strawberry.field(
        description="已办结告知从接收到办结的平均天数"
    )
    department_id: strawberry.Private[int]

    @strawberry.field(description="审批部门")
    async def department(self, info: Info) -> Department:
        return await load_department(info, self.department_id)


@strawberry.type(description="证照联动统计（当前用户可见的告知）")
class LinkageStatistics:
    departments: list[LinkageDepartmentStatistics] = strawberry.field(description="按审批部门")
    total: int = strawberry.field(description="告知总数")
    overdue: int = strawberry.field(description="逾期告知数")
    average_handling_days: float | None = strawberry.field(
        description="已办结告知从接收到办结的平均天数"
    )
