"""监管行为: the interface every record kind implements."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay

from hub import models
from hub.auth.directives import access_logged
from hub.auth.policy import record_is_public
from hub.collection import publication_rules
from hub.context import Info
from hub.domain.working_days import beijing_date
from hub.models.access_events import AccessKind
from hub.models.base import utcnow
from hub.queries.records import RecordFilter as RecordQueryFilter
from hub.queries.records import RecordOrder
from hub.schema.base import Connection, FromModel, integer_node_ids
from hub.schema.departments import Department, load_department
from hub.schema.inputs import date_range_of, department_id_of, region_code_of, uscc_of
from hub.schema.regions import Region, load_region

if TYPE_CHECKING:
    from hub.schema.market_entities import MarketEntity
    from hub.schema.supervision_items import SupervisionItem

strawberry.enum(
    models.RecordKind,
    description="监管行为类别：行政许可、行政检查、行政备案、行政处罚、行政强制、违法失信（黑名单）",
)
strawberry.enum(models.RecordStatus, description="当前状态：草稿、已公示、已撤销、已撤回")
strawberry.enum(
    models.SubjectCategory, description="行政相对人类别：法人及非法人组织、自然人、个体工商户"
)
strawberry.enum(RecordOrder, description="监管行为排序方式")


@strawberry.interface(
    description="监管行为（监管信息）：六类记录的共同字段，字段名对应国家“双公示”标准",
    directives=[access_logged(AccessKind.DRAFT_RECORDS)],
)
class SupervisionRecord(relay.Node, FromModel):
    id: relay.NodeID[int]
    kind: models.RecordKind
    status: models.RecordStatus = strawberry.field(description="当前状态")
    subject_name: str = strawberry.field(description="行政相对人名称")
    subject_category: models.SubjectCategory = strawberry.field(description="行政相对人类别")
    subject_uscc: str | None = strawberry.field(description="行政相对人统一社会信用代码")
    legacy_subject_code: str | None = strawberry.field(
        description="历史数据中不是18位统一社会信用代码的原主体代码（原样保留，待更正后推送国家平台）"
    )
    document_name: str = strawberry.field(description="文书名称")
    decision_number: str = strawberry.field(description="文书号（决定文书号）")
    decision_date: date = strawberry.field(description="决定日期")
    published_at: datetime | None = strawberry.field(description="公示日期")
    publication_end_date: date | None = strawberry.field(description="公示截止期")
    remark: str | None = strawberry.field(description="备注")
    version: int = strawberry.field(description="版本号：更新时提交所读版本，防止覆盖他人修改")
    created_at: datetime = strawberry.field(description="归集时间")

    department_id: strawberry.Private[int]
    region_code: strawberry.Private[str]
    entity_id: strawberry.Private[int | None]
    item_id: strawberry.Private[int | None]

    @property
    def accessed_entity_id(self) -> int | None:
        """A read of a record the public does not see (a draft, a revoked or ended one)
        is logged against its entity (`@accessLogged`, hub.access_log)."""
        if record_is_public(self.status, self.published_at, self.publication_end_date, utcnow()):
            return None
        return self.entity_id

    @strawberry.field(
        description="公示时限：决定之日起7个工作日（按国务院公布的节假日与调休计算）；"
        "仅行政许可、行政处罚（双公示）有此时限，其他类别为空"
    )
    def publication_deadline(self) -> date | None:
        return publication_rules.publication_deadline(self.kind, self.decision_date)

    @strawberry.field(
        description="是否在公示时限内公示：已公示的按公示日期判断；超过时限仍未公示为否；"
        "无时限或时限未到且未公示时为空（仅提示，不影响公示）"
    )
    def published_within_deadline(self) -> bool | None:
        return publication_rules.published_within_deadline(
            self.kind, self.decision_date, self.published_at, beijing_date(utcnow())
        )

    @strawberry.field(description="决定机关（数据来源单位）")
    async def department(self, info: Info) -> Department:
        return await load_department(info, self.department_id)

    @strawberry.field(description="决定机关所在区划")
    async def region(self, info: Info) -> Region:
        return await load_region(info, self.region_code)

    @strawberry.field(description="行政相对人对应的市场主体")
    async def entity(
        self, info: Info
    ) -> Annotated[MarketEntity, strawberry.lazy("hub.schema.market_entities")] | None:
        from hub.schema.market_entities import load_market_entity

        return None if self.entity_id is None else await load_market_entity(info, self.entity_id)

    @strawberry.field(description="所依据的监管事项")
    async def item(
        self, info: Info
    ) -> Annotated[SupervisionItem, strawberry.lazy("hub.schema.supervision_items")] | None:
        from hub.schema.supervision_items import load_supervision_item

        return None if self.item_id is None else await load_supervision_item(info, self.item_id)

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[SupervisionRecord | None]:
        from hub.schema.record_kinds import record_from_model

        rows = await info.context.loaders.record_by_id.load_many(integer_node_ids(node_ids))
        records = [None if row is None else record_from_model(row) for row in rows]
        # A global ID names a kind; an id of another kind does not resolve.
        return [record if isinstance(record, cls) else None for record in records]


SupervisionRecordConnection = Connection[SupervisionRecord]


@strawberry.input(description="监管行为筛选条件")
class RecordFilter:
    kinds: list[models.RecordKind] | None = strawberry.field(default=None, description="类别")
    statuses: list[models.RecordStatus] | None = strawberry.field(default=None, description="状态")
    department_id: strawberry.ID | None = strawberry.field(
        default=None, description="决定机关（部门全局ID）"
    )
    region_code: str | None = strawberry.field(
        default=None, description="区划代码，匹配该区划及全部下级"
    )
    entity_uscc: str | None = strawberry.field(
        default=None, description="行政相对人统一社会信用代码"
    )
    decision_date_from: date | None = strawberry.field(default=None, description="决定日期起")
    decision_date_to: date | None = strawberry.field(default=None, description="决定日期止")

    def to_query(self) -> RecordQueryFilter:
        date_range_of(self.decision_date_from, self.decision_date_to, field="decisionDateFrom")
        return RecordQueryFilter(
            kinds=frozenset(self.kinds) if self.kinds else None,
            statuses=frozenset(self.statuses) if self.statuses else None,
            department_id=department_id_of(self.department_id),
            region_code=region_code_of(self.region_code),
            entity_uscc=None
            if self.entity_uscc is None
            else uscc_of(self.entity_uscc, field="entityUscc"),
            decided_from=self.decision_date_from,
            decided_to=self.decision_date_to,
        )
