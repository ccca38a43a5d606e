"""监管投诉: the lists (handling department, dispatchers), the dispatch rules, statistics,
and the handling steps as mutations."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Annotated

import strawberry

from hub import models
from hub.auth.directives import VisibilityRule, visibility
from hub.collection.changes import Change
from hub.complaints import handling, rules
from hub.context import Info
from hub.models.base import utcnow
from hub.pagination import Page
from hub.queries.complaints import (
    NEWEST_COMPLAINTS_FIRST,
    complaints_count,
    complaints_page,
    dispatch_rules,
    statistics_by_department,
    statistics_by_outcome,
    statistics_by_status,
)
from hub.queries.complaints import (
    ComplaintFilter as ComplaintQueryFilter,
)
from hub.resolvers.record_entry import run_collection
from hub.schema.base import page_args
from hub.schema.complaints import (
    Complaint,
    ComplaintConnection,
    ComplaintDepartmentStatistics,
    ComplaintDispatchRule,
    ComplaintOutcomeCount,
    ComplaintStatistics,
    ComplaintStatusCount,
)
from hub.schema.inputs import date_range_of, department_id_of, node_id_of, region_code_of
from hub.schema.mutations import InputError


@strawberry.input(description="投诉筛选条件")
class ComplaintFilter:
    statuses: list[models.ComplaintStatus] | None = strawberry.field(
        default=None, description="状态"
    )
    awaiting_confirmation: bool | None = strawberry.field(
        default=None, description="true：只看被投诉主体待人工确认的投诉"
    )
    overdue: bool | None = strawberry.field(default=None, description="true：只看超期的投诉")
    department_id: strawberry.ID | None = strawberry.field(default=None, description="办理部门")
    region_code: str | None = strawberry.field(default=None, description="区划（含下级）")
    received_from: date | None = strawberry.field(default=None, description="接收日期起")
    received_to: date | None = strawberry.field(default=None, description="接收日期止（含）")

    def to_query(self) -> ComplaintQueryFilter:
        date_range_of(self.received_from, self.received_to, field="receivedFrom")
        return ComplaintQueryFilter(
            statuses=frozenset(self.statuses) if self.statuses else None,
            awaiting_confirmation=self.awaiting_confirmation,
            overdue=self.overdue,
            department_id=department_id_of(self.department_id),
            region_code=region_code_of(self.region_code),
            received_from=_start_of(self.received_from),
            received_to=_start_of(
                self.received_to + timedelta(days=1) if self.received_to else None
            ),
        )


def _start_of(day: date | None) -> datetime | None:
    return None if day is None else datetime.combine(day, time.min).astimezone()


def _complaint_id(value: strawberry.ID) -> int:
    return node_id_of(value, ("Complaint",), field="id")


@strawberry.type
class ComplaintQuery:
    @strawberry.field(
        description=("投诉（办理部门；投诉分派部门含本区划下级；有跨部门查询权限者含本区划下级）"),
        directives=[visibility(VisibilityRule.STAFF)],
    )
    async def complaints(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        filter: ComplaintFilter | None = None,
    ) -> ComplaintConnection | None:
        page = page_args(info, first, after, NEWEST_COMPLAINTS_FIRST)
        context = info.context
        query_filter = filter.to_query() if filter is not None else None
        now = utcnow()
        rows = await context.scalars(complaints_page(context.viewer, page, query_filter, now))

        async def count() -> int:
            statement = complaints_count(context.viewer, query_filter, now)
            return int(await context.scalar(statement))

        return ComplaintConnection.from_page(
            Page.from_overfetch(list(rows), page),
            NEWEST_COMPLAINTS_FIRST,
            Complaint.from_model,
            count,
        )

    @strawberry.field(
        description="投诉分派规则（按优先级）",
        directives=[visibility(VisibilityRule.STAFF)],
    )
    async def complaint_dispatch_rules(
        self, info: Info, include_disabled: bool = False
    ) -> list[ComplaintDispatchRule] | None:
        rows = await info.context.scalars(dispatch_rules(include_disabled))
        return [ComplaintDispatchRule.from_model(row) for row in rows]

    @strawberry.field(
        description="投诉统计：按办理部门、状态、办理结论，平均办理时长与超期数（当前用户可见的投诉）",
        directives=[visibility(VisibilityRule.STAFF)],
    )
    async def complaint_statistics(
        self, info: Info, filter: ComplaintFilter | None = None
    ) -> ComplaintStatistics | None:
        context = info.context
        query_filter = filter.to_query() if filter is not None else ComplaintQueryFilter()
        now = utcnow()
        viewer = context.viewer
        async with context.read_sessions() as session:
            dialect = session.get_bind().dialect.name
            departments = (
                await session.execute(statistics_by_department(viewer, query_filter, now, dialect))
            ).all()
            statuses = (
                await session.execute(statistics_by_status(viewer, query_filter, now))
            ).all()
            outcomes = (
                await session.execute(statistics_by_outcome(viewer, query_filter, now))
            ).all()
        by_department = [
            ComplaintDepartmentStatistics(
                department_id=row.department_id,
                total=int(row.total),
                closed=int(row.closed or 0),
                overdue=int(row.overdue or 0),
                average_handling_hours=_hours(row.seconds, row.timed),
            )
            for row in departments
        ]
        seconds = sum(float(row.seconds or 0) for row in departments)
        timed = sum(int(row.timed or 0) for row in departments)
        return ComplaintStatistics(
            total=sum(d.total for d in by_department),
            closed=sum(d.closed for d in by_department),
            overdue=sum(d.overdue for d in by_department),
            average_handling_hours=_hours(seconds, timed),
            by_status=[ComplaintStatusCount(status=s, count=int(c)) for s, c in statuses],
            by_outcome=[ComplaintOutcomeCount(outcome=o, count=int(c)) for o, c in outcomes],
            by_department=sorted(by_department, key=lambda d: (-d.total, d.department_id or 0)),
        )


def _hours(seconds: float | None, count: int | None) -> float | None:
    if not count or seconds is None:
        return None
    return round(float(seconds) / int(count) / 3600, 1)


@strawberry.type(description="投诉办理的结果")
class ComplaintPayload:
    complaint: Complaint


ComplaintResult = Annotated[ComplaintPayload | InputError, strawberry.union("ComplaintResult")]


@strawberry.input(description="办理结果")
class HandleComplaintInput:
    result: str = strawberry.field(description="办理结果（反馈国家平台）")
    outcome: models.ComplaintOutcome = strawberry.field(description="办理结论")
    measures: str | None = strawberry.field(default=None, description="处理措施")


@strawberry.input(description="新建投诉分派规则")
class CreateComplaintDispatchRuleInput:
    name: str = strawberry.field(description="规则名称（唯一）")
    region_code: str = strawberry.field(description="适用区划（含下级）")
    department_code: str = strawberry.field(description="办理部门代码（3位）")
    level: models.RegionLevel = strawberry.field(description="办理部门所在层级")
    category: str | None = strawberry.field(default=None, description="投诉类别（空：任意）")
    keywords: list[str] = strawberry.field(
        default_factory=list, description="关键词（任一出现即适用；空：不限）"
    )
    deadline_days: int = strawberry.field(default=15, description="办理期限（天）")
    priority: int = strawberry.field(default=100, description="优先级（数值小者优先）")

    def to_rule(self) -> rules.RuleInput:
        region = region_code_of(self.region_code)
        assert region is not None
        return rules.RuleInput(
            name=self.name,
            region_code=region,
            department_code=self.department_code.strip(),
            level=self.level,
            category=self.category,
            keywords=tuple(self.keywords),
            deadline_days=self.deadline_days,
            priority=self.priority,
        )


@strawberry.type(description="分派规则变更的结果")
class ComplaintDispatchRulePayload:
    rule: ComplaintDispatchRule


ComplaintDispatchRuleResult = Annotated[
    ComplaintDispatchRulePayload | InputError, strawberry.union("ComplaintDispatchRuleResult")
]


def _payload(complaint: models.Complaint) -> ComplaintPayload:
    return ComplaintPayload(complaint=Complaint.from_model(complaint))


@strawberry.type
class ComplaintMutation:
    @strawberry.mutation(
        description="确认被投诉主体（从候选中选择或指定）；尚未分派的投诉随即按规则分派"
    )
    async def confirm_complaint_entity(
        self, info: Info, id: strawberry.ID, entity_id: strawberry.ID
    ) -> ComplaintResult:
        async def make(change: Change) -> ComplaintPayload:
            entity = node_id_of(entity_id, ("MarketEntity",), field="entityId")
            return _payload(await handling.confirm_entity(change, _complaint_id(id), entity))

        return await run_collection(info, make, prefix="")

    @strawberry.mutation(description="重新分派投诉（须说明原因）")
    async def redispatch_complaint(
        self, info: Info, id: strawberry.ID, department_id: strawberry.ID, reason: str
    ) -> ComplaintResult:
        days = info.context.settings.complaint_deadline_days

        async def make(change: Change) -> ComplaintPayload:
            department = department_id_of(department_id)
            assert department is not None
            complaint = await handling.redispatch(
                change, _complaint_id(id), department, reason, days
            )
            return _payload(complaint)

        return await run_collection(info, make, prefix="")

    @strawberry.mutation(description="受理已分派给本部门的投诉")
    async def accept_complaint(self, info: Info, id: strawberry.ID) -> ComplaintResult:
        async def make(change: Change) -> ComplaintPayload:
            return _payload(await handling.accept(change, _complaint_id(id)))

        return await run_collection(info, make, prefix="")

    @strawberry.mutation(description="填写（或修改）办理结果、办理结论与处理措施")
    async def handle_complaint(
        self, info: Info, id: strawberry.ID, input: HandleComplaintInput
    ) -> ComplaintResult:
        async def make(change: Change) -> ComplaintPayload:
            complaint = await handling.record_result(
                change,
                _complaint_id(id),
                result=input.result,
                outcome=input.outcome,
                measures=input.measures,
            )
            return _payload(complaint)

        return await run_collection(info, make)

    @strawberry.mutation(description="办结投诉：办理结果反馈国家平台")
    async def close_complaint(self, info: Info, id: strawberry.ID) -> ComplaintResult:
        async def make(change: Change) -> ComplaintPayload:
            return _payload(await handling.close(change, _complaint_id(id)))

        return await run_collection(info, make, prefix="")

    @strawberry.mutation(description="新建投诉分派规则（区划管理员）")
    async def create_complaint_dispatch_rule(
        self, info: Info, input: CreateComplaintDispatchRuleInput
    ) -> ComplaintDispatchRuleResult:
        async def make(change: Change) -> ComplaintDispatchRulePayload:
            rule = await rules.create_rule(change, input.to_rule())
            return ComplaintDispatchRulePayload(rule=ComplaintDispatchRule.from_model(rule))

        return await run_collection(info, make)

    @strawberry.mutation(description="启用或停用投诉分派规则（区划管理员）")
    async def set_complaint_dispatch_rule_enabled(
        self, info: Info, id: strawberry.ID, enabled: bool
    ) -> ComplaintDispatchRuleResult:
        async def make(change: Change) -> ComplaintDispatchRulePayload:
            rule_id = node_id_of(id, ("ComplaintDispatchRule",), field="id")
            rule = await rules.set_enabled(change, rule_id, enabled)
            return ComplaintDispatchRulePayload(rule=ComplaintDispatchRule.from_model(rule))

        return await run_collection(info, make, prefix="")
