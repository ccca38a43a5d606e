"""双随机、一公开 in the graph: plans, their draws and assignments, the inspector roster,
draw verification and completion statistics."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Annotated, cast

import strawberry
from strawberry import relay
from strawberry.scalars import JSON

import hub.schema.credit_evaluations
import hub.schema.inspections  # noqa: F401  (registers InspectionResult)
from hub import models
from hub.context import Info
from hub.inspections.drawing import Verification
from hub.models.base import utcnow
from hub.schema.base import Connection, FromModel, integer_node_ids
from hub.schema.departments import Department, load_department
from hub.schema.market_entities import MarketEntity, load_market_entity
from hub.schema.records import SupervisionRecord
from hub.schema.supervision_items import SupervisionItem

strawberry.enum(
    models.InspectionPlanStatus, description="抽查计划状态：草稿、已抽取、实施中、已办结"
)


@strawberry.type(description="执法检查人员（执法检查人员名录库中的一人）")
class Inspector(relay.Node, FromModel):
    id: relay.NodeID[int]
    name: str = strawberry.field(description="姓名")
    certificate_number: str = strawberry.field(description="执法证号")
    field: str = strawberry.field(description="执法领域")
    active: bool = strawberry.field(description="是否在册（可被抽取）")
    department_id: strawberry.Private[int]

    @strawberry.field(description="所属部门")
    async def department(self, info: Info) -> Department:
        return await load_department(info, self.department_id)


InspectorConnection = Connection[Inspector]


@strawberry.type(description="检查对象范围：对市场主体名录库的筛选条件")
class InspectionPool:
    region_code: str = strawberry.field(description="区划代码（含下级）")
    entity_kind: models.MarketEntityKind | None = strawberry.field(
        description="市场主体类型（空为不限）"
    )
    industry: str | None = strawberry.field(description="行业（空为不限）")
    credit_grades: list[models.CreditGrade] = strawberry.field(
        description="信用等级（本平台最新评价；空为不限）"
    )
    size: int | None = strawberry.field(description="抽取时符合条件的对象数（抽取后才有）")


@strawberry.type(description="参加抽查计划的部门（牵头部门或受邀部门）")
class InspectionPlanDepartment:
    department_id: strawberry.Private[int]
    lead: bool = strawberry.field(description="是否牵头部门")
    accepted_at: datetime | None = strawberry.field(description="确认参加的时间（空为尚未确认）")

    @strawberry.field(description="部门")
    async def department(self, info: Info) -> Department:
        return await load_department(info, self.department_id)


@strawberry.type(description="抽中的检查对象：对象、被抽中的执法检查人员和检查结果")
class InspectionAssignment(relay.Node, FromModel):
    id: relay.NodeID[int]
    position: int = strawberry.field(description="抽中的顺序（从1开始）")
    publication_due_on: date = strawberry.field(
        description="结果公示截止日期（录入前为计划截止日期加公示期限，录入后为检查日期加公示期限）"
    )
    result: models.InspectionResult | None = strawberry.field(description="检查结果（未录入为空）")
    inspected_on: date | None = strawberry.field(description="检查日期")
    findings: str | None = strawberry.field(description="发现问题")
    handling: str | None = strawberry.field(description="处理措施")
    entered_at: datetime | None = strawberry.field(description="结果录入时间")
    plan_id: strawberry.Private[int]
    entity_id: strawberry.Private[int]
    record_id: strawberry.Private[int | None]

    @strawberry.field(description="检查对象（市场主体）")
    async def entity(self, info: Info) -> MarketEntity | None:
        return await load_market_entity(info, self.entity_id)

    @strawberry.field(description="被抽中的执法检查人员（按抽中顺序，至少2名）")
    async def inspectors(self, info: Info) -> list[Inspector]:
        rows = await info.context.loaders.inspectors_by_assignment_id.load(self.id)
        return [Inspector.from_model(row) for row in rows]

    @strawberry.field(description="检查结果形成的行政检查记录")
    async def record(
        self, info: Info
    ) -> Annotated[SupervisionRecord, strawberry.lazy("hub.schema.records")] | None:
        from hub.schema.record_kinds import record_from_model

        if self.record_id is None:
            return None
        row = await info.context.loaders.record_by_id.load(self.record_id)
        return None if row is None else record_from_model(row)

    @strawberry.field(description="结果是否已公示")
    async def published(self, info: Info) -> bool:
        if self.record_id is None:
            return False
        row = await info.context.loaders.record_by_id.load(self.record_id)
        return row is not None and row.published_at is not None

    @strawberry.field(description="是否逾期未公示")
    async def overdue(self, info: Info) -> bool:
        if self.publication_due_on >= utcnow().date():
            return False
        return not await self.published(info)

    @strawberry.field(description="所属抽查计划")
    async def plan(self, info: Info) -> InspectionPlan | None:
        row = await info.context.loaders.inspection_plan_by_id.load(self.plan_id)
        return None if row is None else InspectionPlan.from_model(row)

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[InspectionAssignment | None]:
        loader = info.context.loaders.inspection_assignment_by_id
        rows = await loader.load_many(integer_node_ids(node_ids))
        return [None if row is None else cls.from_model(row) for row in rows]


@strawberry.type(description="双随机抽查计划")
class InspectionPlan(relay.Node, FromModel):
    id: relay.NodeID[int]
    name: str = strawberry.field(description="计划名称")
    status: models.InspectionPlanStatus = strawberry.field(description="状态")
    object_count: int = strawberry.field(description="抽取检查对象数量")
    inspectors_per_object: int = strawberry.field(
        description="每个对象抽取的执法检查人员数（至少2）"
    )
    exclusion_window_days: int = strawberry.field(
        description="回避期限（天）：执法检查人员不检查本部门在抽取前这些天内检查过的对象"
    )
    publication_deadline_days: int = strawberry.field(description="结果公示期限（检查后天数）")
    ends_on: date = strawberry.field(description="检查截止日期")
    remark: str | None = strawberry.field(description="备注")
    seed: str | None = strawberry.field(description="抽取种子（抽取时由操作系统随机数生成）")
    drawn_at: datetime | None = strawberry.field(description="抽取时间")
    draw_digest: str | None = strawberry.field(
        description="抽取摘要：种子与对象、人员快照的SHA-256"
    )
    completed_at: datetime | None = strawberry.field(description="办结时间")
    version: int = strawberry.field(description="版本号（修改时回传，防止覆盖他人的修改）")
    lead_department_id: strawberry.Private[int]
    pool_region_code: strawberry.Private[str]
    pool_entity_kind: strawberry.Private[models.MarketEntityKind | None]
    pool_industry: strawberry.Private[str | None]
    pool_credit_grades: strawberry.Private[list[str]]
    pool_size: strawberry.Private[int | None]

    @strawberry.field(description="检查对象范围")
    def pool(self) -> InspectionPool:
        return InspectionPool(
            region_code=self.pool_region_code,
            entity_kind=self.pool_entity_kind,
            industry=self.pool_industry,
            credit_grades=[models.CreditGrade(grade) for grade in self.pool_credit_grades],
            size=self.pool_size,
        )

    @strawberry.field(description="牵头部门")
    async def lead_department(self, info: Info) -> Department:
        return await load_department(info, self.lead_department_id)

    @strawberry.field(description="参加部门（含牵头部门）")
    async def departments(self, info: Info) -> list[InspectionPlanDepartment]:
        rows = await info.context.loaders.participants_by_plan_id.load(self.id)
        return [
            InspectionPlanDepartment(
                department_id=row.department_id,
                lead=row.department_id == self.lead_department_id,
                accepted_at=row.accepted_at,
            )
            for row in rows
        ]

    @strawberry.field(description="检查的监管事项")
    async def items(self, info: Info) -> list[SupervisionItem]:
        item_ids = await info.context.loaders.item_ids_by_plan_id.load(self.id)
        rows = await info.context.loaders.supervision_item_by_id.load_many(item_ids)
        return [SupervisionItem.from_model(row) for row in rows if row is not None]

    @strawberry.field(description="抽中的检查对象（按抽中顺序）")
    async def assignments(self, info: Info) -> list[InspectionAssignment]:
        rows = await info.context.loaders.assignments_by_plan_id.load(self.id)
        return [InspectionAssignment.from_model(row) for row in rows]

    @strawberry.field(
        description="抽取时保存的快照：pool（筛选条件与按代码排序的候选对象）"
        "与 roster（执法检查人员）"
    )
    async def draw_snapshot(self, info: Info) -> JSON | None:
        snapshot = await info.context.loaders.draw_snapshots_by_plan_id.load(self.id)
        return cast(JSON | None, snapshot)

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[InspectionPlan | None]:
        rows = await info.context.loaders.inspection_plan_by_id.load_many(
            integer_node_ids(node_ids)
        )
        return [None if row is None else cls.from_model(row) for row in rows]


InspectionPlanConnection = Connection[InspectionPlan]
InspectionAssignmentConnection = Connection[InspectionAssignment]


@strawberry.type(description="一个抽中的检查对象及其执法检查人员")
class DrawnObject:
    position: int = strawberry.field(description="顺序")
    uscc: str = strawberry.field(description="检查对象统一社会信用代码")
    inspector_certificate_numbers: list[str] = strawberry.field(
        description="执法证号（按抽中顺序）"
    )


@strawberry.type(description="抽取结果核验：按保存的种子与快照重算，并与库中的抽取结果比对")
class DrawVerification:
    matches: bool = strawberry.field(description="重算结果与库中结果完全一致，且快照未被改动")
    snapshot_intact: bool = strawberry.field(
        description="种子与快照的摘要与抽取时一致（与审计留痕中记录的摘要比对）"
    )
    seed: str = strawberry.field(description="抽取种子")
    algorithm: str = strawberry.field(description="抽取算法（见 docs/random-draw.md）")
    expected: list[DrawnObject] = strawberry.field(description="按种子与快照重算的结果")
    stored: list[DrawnObject] = strawberry.field(description="库中保存的结果")
    mismatches: list[str] = strawberry.field(description="不一致之处")

    @classmethod
    def of(cls, seed: str, algorithm: str, verification: Verification) -> DrawVerification:
        return cls(
            matches=verification.matches,
            snapshot_intact=verification.snapshot_intact,
            seed=seed,
            algorithm=algorithm,
            expected=[
                DrawnObject(
                    position=position,
                    uscc=pick.object_key,
                    inspector_certificate_numbers=list(pick.inspector_keys),
                )
                for position, pick in enumerate(verification.expected, start=1)
            ],
            stored=[
                DrawnObject(
                    position=pick.position,
                    uscc=pick.object_key,
                    inspector_certificate_numbers=list(pick.inspector_keys),
                )
                for pick in verification.stored
            ],
            mismatches=list(verification.mismatches),
        )


@strawberry.type(description="抽查完成情况：抽取、录入、公示、逾期未公示的检查对象数")
class InspectionCompletion:
    drawn: int = strawberry.field(description="抽中的检查对象数")
    entered: int = strawberry.field(description="已录入结果数")
    published: int = strawberry.field(description="已公示结果数")
    overdue: int = strawberry.field(description="逾期未公示数")


@strawberry.type(description="某一抽查计划的完成情况")
class PlanCompletion(InspectionCompletion):
    plan_id: strawberry.Private[int]

    @strawberry.field(description="抽查计划")
    async def plan(self, info: Info) -> InspectionPlan | None:
        row = await info.context.loaders.inspection_plan_by_id.load(self.plan_id)
        return None if row is None else InspectionPlan.from_model(row)


@strawberry.type(
    description="某一部门的抽查完成情况（该部门执法检查人员被抽中的对象；联合检查的对象计入每个参加部门）"
)
class DepartmentCompletion(InspectionCompletion):
    department_id: strawberry.Private[int]

    @strawberry.field(description="部门")
    async def department(self, info: Info) -> Department:
        return await load_department(info, self.department_id)


@strawberry.type(description="双随机抽查完成情况统计（SQL 分组汇总）")
class InspectionPlanStatistics:
    by_plan: list[PlanCompletion] = strawberry.field(description="按计划")
    by_department: list[DepartmentCompletion] = strawberry.field(description="按部门")
    total: InspectionCompletion = strawberry.field(description="合计")


@strawberry.input(description="抽查计划筛选条件")
class InspectionPlanFilter:
    statuses: list[models.InspectionPlanStatus] | None = strawberry.field(
        default=None, description="状态"
    )
    department_id: strawberry.ID | None = strawberry.field(
        default=None, description="参加部门（部门全局ID）"
    )
