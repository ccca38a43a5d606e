"""市场主体 in the graph."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

import strawberry
from strawberry import relay

from hub import models
from hub.auth.directives import Mask, VisibilityRule, visibility
from hub.context import Info
from hub.errors import BadUserInput
from hub.queries.complaints import NEWEST_COMPLAINTS_FIRST
from hub.queries.market_entities import MarketEntityFilter as MarketEntityQueryFilter
from hub.queries.market_entities import MarketEntityOrder
from hub.queries.records import RECORD_ORDERINGS, RecordOrder
from hub.schema.announcements import Announcement
from hub.schema.base import Connection, FromModel, integer_node_ids, page_args
from hub.schema.complaints import Complaint, ComplaintConnection
from hub.schema.credit_evaluations import Credit
from hub.schema.inputs import region_code_of, search_text_of, uscc_of, uscc_prefix_of
from hub.schema.partner_data import (
    AbnormalOperation,
    AnnualReport,
    NationalCredit,
    abnormal_operation_of,
    annual_reports_of,
    national_credit_of,
)
from hub.schema.record_kinds import record_from_model
from hub.schema.records import RecordFilter, SupervisionRecordConnection
from hub.schema.regions import Region, load_region

strawberry.enum(
    models.MarketEntityKind, description="市场主体类型：企业、个体工商户、农民专业合作社"
)
strawberry.enum(models.MarketEntityStatus, description="登记状态：存续、吊销、注销、迁出")
strawberry.enum(MarketEntityOrder, description="市场主体排序方式")


# A federation entity keyed by `uscc`: other subgraphs extend it by that key.
@strawberry.federation.type(keys=["uscc"], description="市场主体：企业、个体工商户、农民专业合作社")
class MarketEntity(relay.Node, FromModel):
    id: relay.NodeID[int]
    uscc: str = strawberry.field(description="统一社会信用代码")
    name: str = strawberry.field(description="名称")
    kind: models.MarketEntityKind = strawberry.field(description="市场主体类型")
    status: models.MarketEntityStatus = strawberry.field(description="登记状态")
    legal_representative: str = strawberry.field(description="法定代表人（负责人、经营者）")
    legal_representative_id_type: str | None = strawberry.field(
        description="法定代表人证件类型",
        directives=[visibility(VisibilityRule.PERSONAL_DATA)],
    )
    legal_representative_id_number: str | None = strawberry.field(
        description="法定代表人证件号码（个人信息，无权者见遮蔽值）",
        directives=[visibility(VisibilityRule.PERSONAL_DATA, Mask.ID_NUMBER)],
    )
    address: str = strawberry.field(description="住所（经营场所）")
    industry: str | None = strawberry.field(description="行业")
    business_scope: str | None = strawberry.field(description="经营范围")
    registered_capital: Decimal | None = strawberry.field(description="注册资本（万元）")
    established_on: date | None = strawberry.field(description="成立日期")
    region_code: str = strawberry.field(description="登记机关所在区划代码")

    @property
    def owner_department_id(self) -> int | None:
        """An entity's personal data belongs to no single department."""
        return None

    @property
    def access_subject(self) -> tuple[int, models.AccessKind]:
        """What an allowed read of a guarded field reads: this entity's personal data
        (logged by the VisibilityExtension, hub.access_log)."""
        return self.id, models.AccessKind.PERSONAL_DATA

    @strawberry.field(description="所在区划")
    async def region(self, info: Info) -> Region:
        return await load_region(info, self.region_code)

    @strawberry.field(description="该主体的监管行为（按当前用户可见范围）")
    async def records(
        self,
        info: Info,
        filter: RecordFilter | None = None,
        first: int | None = None,
        after: str | None = None,
        order_by: RecordOrder = RecordOrder.DECISION_DATE_DESC,
    ) -> SupervisionRecordConnection:
        record_filter = (filter or RecordFilter()).to_query()
        page = page_args(info, first, after, RECORD_ORDERINGS[order_by])
        rows = await info.context.loaders.record_pages_by_entity.load(
            (self.id, record_filter, page)
        )
        loaders = info.context.loaders

        async def count() -> int:
            return await loaders.record_count_by_entity.load((self.id, record_filter))

        return SupervisionRecordConnection.from_page(
            rows, RECORD_ORDERINGS[order_by], record_from_model, count
        )

    @strawberry.field(
        description="针对该主体的投诉（仅办理部门可见）",
        directives=[visibility(VisibilityRule.STAFF)],
    )
    async def complaints(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> ComplaintConnection | None:
        page = page_args(info, first, after, NEWEST_COMPLAINTS_FIRST)
        rows = await info.context.loaders.complaint_pages_by_entity.load((self.id, page))
        loaders = info.context.loaders

        async def count() -> int:
            return await loaders.complaint_count_by_entity.load(self.id)

        return ComplaintConnection.from_page(
            rows, NEWEST_COMPLAINTS_FIRST, Complaint.from_model, count
        )

    @strawberry.field(
        description="信用分类结果：综合等级、本平台评价与国家平台评价（监管部门内部使用，不公示）",
        directives=[visibility(VisibilityRule.STAFF)],
    )
    async def credit(self, info: Info) -> Credit | None:
        evaluations = await info.context.loaders.latest_credit_by_entity_id.load(self.id)
        return Credit.of(self.uscc, evaluations)

    @strawberry.field(description="针对该主体的特指性公告")
    async def announcements(self, info: Info) -> list[Announcement]:
        rows = await info.context.loaders.announcements_by_target_entity.load(self.id)
        return [Announcement.from_model(row) for row in rows]

    @strawberry.field(
        description="国家信用平台信用评价（实时查询外部系统；监管部门可见）",
        directives=[visibility(VisibilityRule.STAFF)],
    )
    async def national_credit(self, info: Info) -> NationalCredit | None:
        return await national_credit_of(info, self.uscc)

    @strawberry.field(description="企业年度报告（实时查询国家企业信用信息公示系统）")
    async def annual_reports(self, info: Info) -> list[AnnualReport] | None:
        return await annual_reports_of(info, self.uscc)

    @strawberry.field(description="经营异常名录状态（实时查询国家企业信用信息公示系统）")
    async def abnormal_operation(self, info: Info) -> AbnormalOperation | None:
        return await abnormal_operation_of(info, self.uscc)

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[MarketEntity | None]:
        loader = info.context.loaders.market_entity_by_id
        rows = await loader.load_many(integer_node_ids(node_ids))
        return [None if row is None else cls.from_model(row) for row in rows]

    @classmethod
    async def resolve_reference(cls, info: Info, **representation: object) -> MarketEntity | None:
        """`_entities` for a `{__typename: "MarketEntity", uscc}` representation: the same
        validation, loader and row policy as `entity(uscc)`; the fields then pass through
        their own `@visibility` extensions as anywhere else."""
        uscc = representation.get("uscc")
        if not isinstance(uscc, str):
            raise BadUserInput("实体表示缺少统一社会信用代码", field="uscc")
        row = await info.context.loaders.market_entity_by_uscc.load(uscc_of(uscc))
        return None if row is None else cls.from_model(row)


MarketEntityConnection = Connection[MarketEntity]


@strawberry.input(description="市场主体筛选条件")
class MarketEntityFilter:
    region_code: str | None = strawberry.field(
        default=None, description="区划代码，匹配该区划及全部下级"
    )
    kinds: list[models.MarketEntityKind] | None = strawberry.field(
        default=None, description="市场主体类型"
    )
    statuses: list[models.MarketEntityStatus] | None = strawberry.field(
        default=None, description="登记状态"
    )
    name_contains: str | None = strawberry.field(default=None, description="名称包含")
    uscc_prefix: str | None = strawberry.field(default=None, description="统一社会信用代码前缀")

    def to_query(self) -> MarketEntityQueryFilter:
        return MarketEntityQueryFilter(
            region_code=region_code_of(self.region_code),
            kinds=frozenset(self.kinds) if self.kinds else None,
            statuses=frozenset(self.statuses) if self.statuses else None,
            name_contains=search_text_of(self.name_contains, field="nameContains"),
            uscc_prefix=uscc_prefix_of(self.uscc_prefix),
        )


async def load_market_entity(info: Info, entity_id: int) -> MarketEntity | None:
    row = await info.context.loaders.market_entity_by_id.load(entity_id)
    return None if row is None else MarketEntity.from_model(row)
