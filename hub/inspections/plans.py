"""Inspection plans: creation (with its validation), joining a joint plan, completion.
Each change in the mutation's one transaction, audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select

from hub.auth.permissions import Permission
from hub.collection.changes import Change, camel, json_value
from hub.collection.problems import CONFLICT, NOT_FOUND, Invalid, Problems, stale
from hub.domain.regions import subtree_bounds
from hub.errors import Forbidden
from hub.models import (
    CreditGrade,
    Department,
    InspectionAssignment,
    InspectionPlan,
    InspectionPlanDepartment,
    InspectionPlanItem,
    InspectionPlanStatus,
    MarketEntityKind,
    RecordKind,
    Region,
    SupervisionItem,
    SupervisionItemStatus,
    SupervisionRecord,
)

TARGET_TYPE = "InspectionPlan"
MAX_OBJECTS = 1000
MAX_INSPECTORS_PER_OBJECT = 10
MAX_WINDOW_DAYS = 3650
MAX_DEADLINE_DAYS = 365
DEFAULT_EXCLUSION_WINDOW_DAYS = 365
# 抽查结果自产生之日起20个工作日内公示 (国务院《关于在市场监管领域全面推行部门联合
# "双随机、一公开"监管的意见》); calendar days here, configurable per plan.
DEFAULT_PUBLICATION_DEADLINE_DAYS = 20


@dataclass(frozen=True, slots=True)
class PlanDraft:
    name: str
    item_ids: tuple[int, ...]
    pool_region_code: str
    object_count: int
    ends_on: date
    invited_department_ids: tuple[int, ...] = ()
    pool_entity_kind: MarketEntityKind | None = None
    pool_industry: str | None = None
    pool_credit_grades: tuple[CreditGrade, ...] = ()
    inspectors_per_object: int = 2
    exclusion_window_days: int = DEFAULT_EXCLUSION_WINDOW_DAYS
    publication_deadline_days: int = DEFAULT_PUBLICATION_DEADLINE_DAYS
    remark: str | None = None


def planner_department(change: Change) -> int:
    """The viewer's department, if the viewer may plan inspections."""
    viewer = change.viewer
    if not viewer.is_staff or viewer.department_id is None:
        raise Forbidden("需要以部门账号登录")
    if not viewer.has(Permission.PLAN_INSPECTIONS):
        raise Forbidden("尚未获得双随机抽查权限")
    return viewer.department_id


def plan_snapshot(plan: InspectionPlan) -> dict[str, Any]:
    names = (
        "name",
        "status",
        "pool_region_code",
        "pool_entity_kind",
        "pool_industry",
        "pool_credit_grades",
        "object_count",
        "inspectors_per_object",
        "exclusion_window_days",
        "publication_deadline_days",
        "ends_on",
        "remark",
    )
    return {camel(name): json_value(getattr(plan, name)) for name in names}


def _check_numbers(draft: PlanDraft, today: date, problems: Problems) -> None:
    name = draft.name.strip()
    if not name:
        problems.add("name", "请填写计划名称")
    elif len(name) > 200:
        problems.add("name", "计划名称不能超过200个字符")
    if not 1 <= draft.object_count <= MAX_OBJECTS:
        problems.add("objectCount", f"抽取对象数量应在1到{MAX_OBJECTS}之间")
    if draft.inspectors_per_object < 2:
        problems.add("inspectorsPerObject", "每个检查对象至少需要2名执法检查人员")
    elif draft.inspectors_per_object > MAX_INSPECTORS_PER_OBJECT:
        problems.add(
            "inspectorsPerObject", f"每个检查对象最多{MAX_INSPECTORS_PER_OBJECT}名执法检查人员"
        )
    if not 0 <= draft.exclusion_window_days <= MAX_WINDOW_DAYS:
        problems.add("exclusionWindowDays", f"回避期限应在0到{MAX_WINDOW_DAYS}天之间")
    if not 1 <= draft.publication_deadline_days <= MAX_DEADLINE_DAYS:
        problems.add("publicationDeadlineDays", f"公示期限应在1到{MAX_DEADLINE_DAYS}天之间")
    if draft.ends_on < today:
        problems.add("endsOn", "检查截止日期不能早于今天")
    if draft.pool_industry is not None and len(draft.pool_industry) > 64:
        problems.add("pool.industry", "行业不能超过64个字符")


def _within(region_code: str, ancestor: str) -> bool:
    low, high = subtree_bounds(ancestor)
    return low <= region_code <= high


async def _departments(
    change: Change, lead: Department, invited: tuple[int, ...], problems: Problems
) -> list[Department]:
    if not invited:
        return []
    if lead.id in invited:
        problems.add("invitedDepartmentIds", "牵头部门无需邀请自己")
    if len(set(invited)) != len(invited):
        problems.add("invitedDepartmentIds", "邀请的部门重复")
    found = (
        await change.session.scalars(select(Department).where(Department.id.in_(invited)))
    ).all()
    if len(found) != len(set(invited)):
        problems.add("invitedDepartmentIds", "邀请的部门不存在")
    for department in found:
        if not _within(department.region_code, lead.region_code):
            problems.add("invitedDepartmentIds", f"{department.name}不在本部门所在区划范围内")
    return list(found)


async def _check_items(
    change: Change, draft: PlanDraft, codes: set[str], problems: Problems
) -> None:
    if not draft.item_ids:
        problems.add("itemIds", "至少选择一项监管事项")
        return
    rows = (
        await change.session.execute(
            select(
                SupervisionItem.id,
                SupervisionItem.status,
                SupervisionItem.record_kind,
                Department.code,
            )
            .join(Department, Department.id == SupervisionItem.department_id)
            .where(SupervisionItem.id.in_(draft.item_ids))
        )
    ).all()
    if len(rows) != len(set(draft.item_ids)):
        problems.add("itemIds", "监管事项不存在")
    for _, status, record_kind, code in rows:
        if status is not SupervisionItemStatus.PUBLISHED:
            problems.add("itemIds", "监管事项未发布或已停用")
        elif record_kind is not RecordKind.INSPECTION:
            problems.add("itemIds", "只能选择行政检查类监管事项")
        elif code not in codes:
            problems.add("itemIds", "监管事项不属于参与部门的职责")


async def create_plan(change: Change, draft: PlanDraft) -> InspectionPlan:
    department_id = planner_department(change)
    session, problems = change.session, Problems()
    lead = await session.get(Department, department_id)
    if lead is None:
        raise Forbidden("部门不存在")
    _check_numbers(draft, change.today, problems)
    region = await session.get(Region, draft.pool_region_code)
    if region is None:
        problems.add("pool.regionCode", "区划不存在")
    elif not _within(draft.pool_region_code, lead.region_code):
        problems.add("pool.regionCode", "检查对象范围应在本部门所在区划内")
    invited = await _departments(change, lead, draft.invited_department_ids, problems)
    await _check_items(change, draft, {lead.code, *(d.code for d in invited)}, problems)
    taken = await session.scalar(
        select(func.count(InspectionPlan.id)).where(
            InspectionPlan.lead_department_id == lead.id,
            InspectionPlan.name == draft.name.strip(),
        )
    )
    if taken:
        problems.add("name", "本部门已有同名的抽查计划")
    problems.raise_if_any()

    plan = InspectionPlan(
        name=draft.name.strip(),
        lead_department_id=lead.id,
        region_code=lead.region_code,
        created_by_account_id=change.viewer.account_id,
        pool_region_code=draft.pool_region_code,
        pool_entity_kind=draft.pool_entity_kind,
        pool_industry=draft.pool_industry.strip() if draft.pool_industry else None,
        pool_credit_grades=sorted(grade.value for grade in draft.pool_credit_grades),
        object_count=draft.object_count,
        inspectors_per_object=draft.inspectors_per_object,
        exclusion_window_days=draft.exclusion_window_days,
        publication_deadline_days=draft.publication_deadline_days,
        ends_on=draft.ends_on,
        remark=draft.remark,
        status=InspectionPlanStatus.DRAFT,
    )
    session.add(plan)
    await session.flush()
    session.add(
        InspectionPlanDepartment(plan_id=plan.id, department_id=lead.id, accepted_at=change.now)
    )
    for department in invited:
        session.add(InspectionPlanDepartment(plan_id=plan.id, department_id=department.id))
    for item_id in sorted(set(draft.item_ids)):
        session.add(InspectionPlanItem(plan_id=plan.id, item_id=item_id))
    await session.flush()
    change.audit(
        operation="inspectionPlan.create",
        target_type=TARGET_TYPE,
        target_id=plan.id,
        department_id=lead.id,
        after={
            **plan_snapshot(plan),
            "leadDepartmentId": lead.id,
            "invitedDepartmentIds": sorted(d.id for d in invited),
            "itemIds": sorted(set(draft.item_ids)),
        },
    )
    return plan


async def plan_for_change(
    change: Change, plan_id: int, version: int | None = None
) -> InspectionPlan:
    plan = await change.session.get(InspectionPlan, plan_id, with_for_update=True)
    if plan is None:
        raise Invalid.on("id", "抽查计划不存在", code=NOT_FOUND)
    if version is not None and plan.version != version:
        raise stale()
    return plan


def require_lead(change: Change, plan: InspectionPlan) -> None:
    if planner_department(change) != plan.lead_department_id:
        raise Forbidden("只有牵头部门可以执行此操作")


async def accept_plan(change: Change, plan_id: int) -> InspectionPlan:
    """An invited department joins a joint plan (before the draw)."""
    department_id = planner_department(change)
    plan = await plan_for_change(change, plan_id)
    participation = await change.session.get(InspectionPlanDepartment, (plan.id, department_id))
    if participation is None:
        raise Forbidden("本部门未被邀请参加该抽查计划")
    if participation.accepted_at is not None:
        raise Invalid.on("id", "本部门已参加该抽查计划", code=CONFLICT)
    if plan.status is not InspectionPlanStatus.DRAFT:
        raise Invalid.on("id", "抽查计划已抽取，不能再加入", code=CONFLICT)
    participation.accepted_at = change.now
    await change.session.flush()
    change.audit(
        operation="inspectionPlan.accept",
        target_type=TARGET_TYPE,
        target_id=plan.id,
        department_id=department_id,
        before={"acceptedAt": None},
        after={"departmentId": department_id, "acceptedAt": json_value(change.now)},
    )
    return plan


async def complete_plan(change: Change, plan_id: int, version: int) -> InspectionPlan:
    """Completed once every drawn object's result is entered and published."""
    plan = await plan_for_change(change, plan_id, version)
    require_lead(change, plan)
    if plan.status not in (InspectionPlanStatus.DRAWN, InspectionPlanStatus.IN_PROGRESS):
        raise Invalid.on("id", "只有已抽取或实施中的计划可以办结", code=CONFLICT)
    unpublished = await change.session.scalar(
        select(func.count(InspectionAssignment.id))
        .outerjoin(SupervisionRecord, SupervisionRecord.id == InspectionAssignment.record_id)
        .where(InspectionAssignment.plan_id == plan.id, SupervisionRecord.published_at.is_(None))
    )
    if unpublished:
        raise Invalid.on("id", f"还有{unpublished}个检查对象的结果未录入或未公示", code=CONFLICT)
    before = plan.status
    plan.status = InspectionPlanStatus.COMPLETED
    plan.completed_at = change.now
    await change.session.flush()
    change.audit(
        operation="inspectionPlan.complete",
        target_type=TARGET_TYPE,
        target_id=plan.id,
        department_id=plan.lead_department_id,
        before={"status": before.value},
        after={"status": plan.status.value, "completedAt": json_value(plan.completed_at)},
    )
    return plan
