"""双随机、一公开: plans, the roster, the draw and its verification, results, statistics."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry
from sqlalchemy.orm import undefer

from hub.collection.changes import Change
from hub.context import Info
from hub.errors import NotFound
from hub.inspections import draw, drawing, plans, results, roster
from hub.models import CreditGrade, InspectionResult, MarketEntityKind
from hub.models import InspectionPlan as PlanModel
from hub.models.base import utcnow
from hub.pagination import Page
from hub.queries.inspection_plans import (
    INSPECTORS_BY_CERTIFICATE,
    NEWEST_PLANS_FIRST,
    OVERDUE_OLDEST_FIRST,
    PlanFilter,
    inspectors_count,
    inspectors_page,
    overdue_assignments_count,
    overdue_assignments_page,
    plans_by_id,
    plans_count,
    plans_page,
    statistics_by_department,
    statistics_by_plan,
)
from hub.resolvers.record_entry import run_collection
from hub.schema.base import page_args
from hub.schema.inputs import department_id_of, node_id_of, region_code
from hub.schema.inspection_plans import (
    DepartmentCompletion,
    DrawVerification,
    InspectionAssignment,
    InspectionAssignmentConnection,
    InspectionCompletion,
    InspectionPlan,
    InspectionPlanConnection,
    InspectionPlanFilter,
    InspectionPlanStatistics,
    Inspector,
    InspectorConnection,
    PlanCompletion,
)
from hub.schema.mutations import InputError


def _plan_id(value: strawberry.ID, field: str = "id") -> int:
    return node_id_of(value, ("InspectionPlan",), field=field)


def _plan_filter(value: InspectionPlanFilter | None) -> PlanFilter:
    if value is None:
        return PlanFilter()
    return PlanFilter(
        statuses=frozenset(value.statuses) if value.statuses else None,
        department_id=department_id_of(value.department_id),
    )


# --- inputs and payloads ------------------------------------------------------------------------


@strawberry.input(description="检查对象范围：对市场主体名录库的筛选")
class InspectionPoolInput:
    region_code: str = strawberry.field(description="区划代码（含下级），应在本部门所在区划内")
    entity_kind: MarketEntityKind | None = strawberry.field(
        default=None, description="市场主体类型"
    )
    industry: str | None = strawberry.field(default=None, description="行业")
    credit_grades: list[CreditGrade] = strawberry.field(
        default_factory=list, description="信用等级（本平台最新评价；空为不限）"
    )


@strawberry.input(description="新建双随机抽查计划（草稿）")
class CreateInspectionPlanInput:
    name: str = strawberry.field(description="计划名称")
    item_ids: list[strawberry.ID] = strawberry.field(description="检查的监管事项（行政检查类）")
    pool: InspectionPoolInput = strawberry.field(description="检查对象范围")
    object_count: int = strawberry.field(description="抽取检查对象数量")
    ends_on: date = strawberry.field(description="检查截止日期")
    inspectors_per_object: int = strawberry.field(
        default=2, description="每个对象抽取的执法检查人员数（至少2）"
    )
    invited_department_ids: list[strawberry.ID] = strawberry.field(
        default_factory=list, description="邀请参加联合抽查的部门（须确认参加后才能抽取）"
    )
    exclusion_window_days: int = strawberry.field(
        default=plans.DEFAULT_EXCLUSION_WINDOW_DAYS,
        description="回避期限（天）：不抽取本部门在此期间检查过该对象的执法检查人员",
    )
    publication_deadline_days: int = strawberry.field(
        default=plans.DEFAULT_PUBLICATION_DEADLINE_DAYS, description="结果公示期限（检查后天数）"
    )
    remark: str | None = strawberry.field(default=None, description="备注")

    def to_draft(self) -> plans.PlanDraft:
        return plans.PlanDraft(
            name=self.name,
            item_ids=tuple(
                node_id_of(item_id, ("SupervisionItem",), field="itemIds")
                for item_id in self.item_ids
            ),
            pool_region_code=region_code(self.pool.region_code, field="pool.regionCode"),
            object_count=self.object_count,
            ends_on=self.ends_on,
            invited_department_ids=tuple(
                node_id_of(d, ("Department",), field="invitedDepartmentIds")
                for d in self.invited_department_ids
            ),
            pool_entity_kind=self.pool.entity_kind,
            pool_industry=self.pool.industry,
            pool_credit_grades=tuple(self.pool.credit_grades),
            inspectors_per_object=self.inspectors_per_object,
            exclusion_window_days=self.exclusion_window_days,
            publication_deadline_days=self.publication_deadline_days,
            remark=self.remark,
        )


@strawberry.input(description="登记执法检查人员")
class EnrolInspectorInput:
    user_id: strawberry.ID = strawberry.field(description="本部门的用户（全局ID）")
    certificate_number: str = strawberry.field(description="执法证号")
    field: str = strawberry.field(description="执法领域")


@strawberry.input(description="录入一个检查对象的检查结果")
class InspectionResultInput:
    result: InspectionResult = strawberry.field(description="检查结果")
    inspected_on: date = strawberry.field(description="检查日期")
    findings: str | None = strawberry.field(default=None, description="发现问题（发现问题时必填）")
    handling: str | None = strawberry.field(
        default=None, description="处理措施（发现问题或未找到时必填）"
    )
    publish: bool = strawberry.field(
        default=False, description="同时公示形成的检查记录（需公示管理权限）"
    )


@strawberry.type(description="抽查计划变更的结果")
class InspectionPlanPayload:
    plan: InspectionPlan


@strawberry.type(description="检查结果录入的结果")
class InspectionAssignmentPayload:
    assignment: InspectionAssignment


@strawberry.type(description="执法检查人员登记的结果")
class InspectorPayload:
    inspector: Inspector


InspectionPlanResult = Annotated[
    InspectionPlanPayload | InputError, strawberry.union("InspectionPlanResult")
]
InspectionAssignmentResult = Annotated[
    InspectionAssignmentPayload | InputError, strawberry.union("InspectionAssignmentResult")
]
InspectorResult = Annotated[InspectorPayload | InputError, strawberry.union("InspectorResult")]


def _plan_payload(plan: PlanModel) -> InspectionPlanPayload:
    return InspectionPlanPayload(plan=InspectionPlan.from_model(plan))


# --- queries ------------------------------------------------------------------------------------


@strawberry.type
class InspectionPlanQuery:
    @strawberry.field(description="双随机抽查计划（参加部门及本区划跨部门查询人员可见）")
    async def inspection_plans(
        self,
        info: Info,
        filter: InspectionPlanFilter | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> InspectionPlanConnection:
        plan_filter = _plan_filter(filter)
        page = page_args(info, first, after, NEWEST_PLANS_FIRST)
        context = info.context
        rows = await context.scalars(plans_page(context.viewer, plan_filter, page))

        async def count() -> int:
            return int(await context.scalar(plans_count(context.viewer, plan_filter)))

        return InspectionPlanConnection.from_page(
            Page.from_overfetch(list(rows), page),
            NEWEST_PLANS_FIRST,
            InspectionPlan.from_model,
            count,
        )

    @strawberry.field(description="执法检查人员名录库（本部门；跨部门查询人员含本区划各部门）")
    async def inspectors(
        self,
        info: Info,
        department_id: strawberry.ID | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> InspectorConnection:
        department = department_id_of(department_id)
        page = page_args(info, first, after, INSPECTORS_BY_CERTIFICATE)
        context = info.context
        rows = await context.scalars(inspectors_page(context.viewer, department, page))

        async def count() -> int:
            return int(await context.scalar(inspectors_count(context.viewer, department)))

        return InspectorConnection.from_page(
            Page.from_overfetch(list(rows), page),
            INSPECTORS_BY_CERTIFICATE,
            Inspector.from_model,
            count,
        )

    @strawberry.field(description="逾期未公示的抽查结果（按公示截止日期先后）")
    async def overdue_inspection_results(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> InspectionAssignmentConnection:
        page = page_args(info, first, after, OVERDUE_OLDEST_FIRST)
        context = info.context
        today = utcnow().date()
        rows = await context.scalars(overdue_assignments_page(context.viewer, today, page))

        async def count() -> int:
            return int(await context.scalar(overdue_assignments_count(context.viewer, today)))

        return InspectionAssignmentConnection.from_page(
            Page.from_overfetch(list(rows), page),
            OVERDUE_OLDEST_FIRST,
            InspectionAssignment.from_model,
            count,
        )

    @strawberry.field(description="核验一次抽取：按保存的种子与快照重算，并与库中的抽取结果比对")
    async def verify_draw(self, info: Info, plan_id: strawberry.ID) -> DrawVerification:
        context = info.context
        statement = plans_by_id(context.viewer, [_plan_id(plan_id, "planId")]).options(
            undefer(PlanModel.pool_snapshot), undefer(PlanModel.roster_snapshot)
        )
        async with context.read_sessions() as session:
            plan = await session.scalar(statement)
            if plan is None:
                raise NotFound("抽查计划不存在", field="planId")
            if plan.seed is None:
                raise NotFound("该计划尚未抽取", field="planId")
            verification = await drawing.verify_draw(session, plan)
        return DrawVerification.of(plan.seed, draw.ALGORITHM, verification)

    @strawberry.field(
        description="双随机抽查完成情况统计：按计划、按部门的抽取、录入、公示、逾期数"
    )
    async def inspection_plan_statistics(
        self, info: Info, filter: InspectionPlanFilter | None = None
    ) -> InspectionPlanStatistics:
        plan_filter = _plan_filter(filter)
        context = info.context
        today = utcnow().date()
        async with context.read_sessions() as session:
            by_plan = (
                await session.execute(statistics_by_plan(context.viewer, plan_filter, today))
            ).all()
            by_department = (
                await session.execute(statistics_by_department(context.viewer, plan_filter, today))
            ).all()
        plan_rows = [
            PlanCompletion(
                plan_id=row[0],
                drawn=row[1],
                entered=row[2],
                published=int(row[3] or 0),
                overdue=int(row[4] or 0),
            )
            for row in by_plan
        ]
        return InspectionPlanStatistics(
            by_plan=plan_rows,
            by_department=[
                DepartmentCompletion(
                    department_id=row[0],
                    drawn=row[1],
                    entered=row[2],
                    published=int(row[3] or 0),
                    overdue=int(row[4] or 0),
                )
                for row in by_department
            ],
            total=InspectionCompletion(
                drawn=sum(row.drawn for row in plan_rows),
                entered=sum(row.entered for row in plan_rows),
                published=sum(row.published for row in plan_rows),
                overdue=sum(row.overdue for row in plan_rows),
            ),
        )


# --- mutations ----------------------------------------------------------------------------------


@strawberry.type
class InspectionPlanMutation:
    @strawberry.mutation(description="登记本部门的执法检查人员（执法检查人员名录库）")
    async def enrol_inspector(self, info: Info, input: EnrolInspectorInput) -> InspectorResult:
        async def make(change: Change) -> InspectorPayload:
            user_id = node_id_of(input.user_id, ("User",), field="userId")
            inspector = await roster.enrol_inspector(
                change, user_id, input.certificate_number, input.field
            )
            return InspectorPayload(inspector=Inspector.from_model(inspector))

        return await run_collection(info, make)

    @strawberry.mutation(description="新建双随机抽查计划（本部门牵头；可邀请其他部门联合抽查）")
    async def create_inspection_plan(
        self, info: Info, input: CreateInspectionPlanInput
    ) -> InspectionPlanResult:
        async def make(change: Change) -> InspectionPlanPayload:
            return _plan_payload(await plans.create_plan(change, input.to_draft()))

        return await run_collection(info, make)

    @strawberry.mutation(description="受邀部门确认参加联合抽查计划")
    async def accept_inspection_plan(self, info: Info, id: strawberry.ID) -> InspectionPlanResult:
        async def make(change: Change) -> InspectionPlanPayload:
            return _plan_payload(await plans.accept_plan(change, _plan_id(id)))

        return await run_collection(info, make)

    @strawberry.mutation(
        description="随机抽取检查对象与执法检查人员（牵头部门；种子由系统随机生成并保存，可复核）"
    )
    async def draw_inspection_plan(
        self, info: Info, id: strawberry.ID, version: int
    ) -> InspectionPlanResult:
        async def make(change: Change) -> InspectionPlanPayload:
            return _plan_payload(await drawing.draw_plan(change, _plan_id(id), version))

        return await run_collection(info, make)

    @strawberry.mutation(
        description="录入一个检查对象的检查结果，形成本部门的行政检查记录（可同时公示）"
    )
    async def enter_inspection_result(
        self, info: Info, id: strawberry.ID, input: InspectionResultInput
    ) -> InspectionAssignmentResult:
        async def make(change: Change) -> InspectionAssignmentPayload:
            assignment = await results.enter_result(
                change,
                node_id_of(id, ("InspectionAssignment",), field="id"),
                results.ResultEntry(
                    result=input.result,
                    inspected_on=input.inspected_on,
                    findings=input.findings,
                    handling=input.handling,
                    publish=input.publish,
                ),
            )
            return InspectionAssignmentPayload(
                assignment=InspectionAssignment.from_model(assignment)
            )

        return await run_collection(info, make)

    @strawberry.mutation(description="办结抽查计划（全部结果已录入并公示后，牵头部门办结）")
    async def complete_inspection_plan(
        self, info: Info, id: strawberry.ID, version: int
    ) -> InspectionPlanResult:
        async def make(change: Change) -> InspectionPlanPayload:
            return _plan_payload(await plans.complete_plan(change, _plan_id(id), version))

        return await run_collection(info, make)


__all__ = ["InspectionPlanMutation", "InspectionPlanQuery"]
