"""Demo 双随机、一公开: rosters of inspectors for 沈阳市市场监督管理局 and 沈阳市卫生健康委员会,
a single-department plan and a joint plan, drawn, with some results entered and published.

Everything goes through the business rules (hub/inspections), as a person would do it, at
dates in the past so the demo shows results that are published, pending and overdue.
Idempotent: a plan whose lead department and name exist is left alone; inspectors are
keyed by their 执法证号, the extra demo users by their ID number. The draws use fixed
seeds (the graph's draws take the operating system's randomness)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from hub.auth.permissions import Permission
from hub.auth.viewer import Viewer
from hub.collection.changes import Change
from hub.collection.problems import Invalid
from hub.inspections import drawing, plans, results
from hub.models import (
    Account,
    Department,
    InspectionAssignment,
    InspectionAssignmentInspector,
    InspectionPlan,
    InspectionResult,
    Inspector,
    MarketEntityKind,
    RecordKind,
    SupervisionItem,
    SupervisionItemStatus,
)
from hub.queries.inspection_plans import PoolFilter, pool_statement

SHENYANG = "210100"
# A plan is made only where the directory offers this many candidates per object drawn
# (smaller demo scales skip it: a draw of nearly the whole pool shows nothing).
MIN_POOL_PER_OBJECT = 5
MARKET = ("210100", "231")
HEALTH = ("210100", "302")
# Who acts in the demo: the departments' administrators (they hold PLAN_INSPECTIONS).
ACTORS = {MARKET: "2101002310001", HEALTH: "2101003020001"}


@dataclass(frozen=True, slots=True)
class DemoInspector:
    department: tuple[str, str]
    name: str
    certificate_number: str
    field: str
    # The demo account whose user this is (the demo makes no users of its own: the
    # demo's user count is the demo accounts').
    account_number: str


DEMO_INSPECTORS = (
    DemoInspector(MARKET, "张丽华", "LN2101-231-0001", "市场监管综合执法", "2101002310001"),
    DemoInspector(MARKET, "王晓明", "LN2101-231-0006", "市场监管综合执法", "2101002310006"),
    DemoInspector(HEALTH, "孙建国", "LN2101-302-0001", "卫生监督", "2101003020001"),
    DemoInspector(HEALTH, "周婷", "LN2101-302-0006", "卫生监督", "2101003020006"),
)


@dataclass(frozen=True, slots=True)
class DemoResult:
    position: int
    result: InspectionResult
    publish: bool
    findings: str | None = None
    handling: str | None = None


@dataclass(frozen=True, slots=True)
class DemoPlan:
    name: str
    lead: tuple[str, str]
    invited: tuple[tuple[str, str], ...]
    pool_region_code: str
    entity_kind: MarketEntityKind | None
    industry: str | None
    object_count: int
    # Days before today the plan was made and drawn, and its inspections were due.
    made_days_ago: int
    ends_days_ago: int
    results: tuple[DemoResult, ...]


DEMO_PLANS = (
    DemoPlan(
        name="2026年度沈阳市企业登记事项双随机抽查（演示）",
        lead=MARKET,
        invited=(),
        pool_region_code=SHENYANG,
        entity_kind=MarketEntityKind.ENTERPRISE,
        industry=None,
        object_count=8,
        made_days_ago=70,
        ends_days_ago=40,
        results=(
            DemoResult(1, InspectionResult.NORMAL, True),
            DemoResult(
                2,
                InspectionResult.PROBLEMS_FOUND,
                True,
                "未按规定公示年度报告",
                "责令限期改正",
            ),
            DemoResult(3, InspectionResult.NOT_FOUND_AT_ADDRESS, True, None, "列入经营异常名录"),
            DemoResult(4, InspectionResult.NORMAL, False),
        ),
    ),
    DemoPlan(
        name="2026年度沈阳市卫生行业部门联合双随机抽查（演示）",
        lead=MARKET,
        invited=(HEALTH,),
        pool_region_code=SHENYANG,
        entity_kind=None,
        industry="卫生",
        object_count=3,
        made_days_ago=20,
        ends_days_ago=-20,
        results=(DemoResult(1, InspectionResult.NORMAL, True),),
    ),
)


def _at(days_ago: int) -> datetime:
    day = datetime.now(UTC).date() - timedelta(days=days_ago)
    return datetime.combine(day, time(2, 0), tzinfo=UTC)


async def _departments(session: AsyncSession) -> dict[tuple[str, str], Department]:
    wanted = {MARKET, HEALTH}
    rows = await session.scalars(select(Department).where(Department.region_code == SHENYANG))
    return {(d.region_code, d.code): d for d in rows if (d.region_code, d.code) in wanted}


async def _inspectors(session: AsyncSession, departments: dict[tuple[str, str], Department]) -> int:
    """Enrol the demo inspectors that are missing; how many were enrolled now."""
    present = set(
        await session.scalars(
            select(Inspector.certificate_number).where(
                Inspector.certificate_number.in_([i.certificate_number for i in DEMO_INSPECTORS])
            )
        )
    )
    inserted = 0
    for demo in DEMO_INSPECTORS:
        if demo.certificate_number in present or demo.department not in departments:
            continue
        department = departments[demo.department]
        user_id = await _user_of(session, demo)
        if user_id is None:
            continue
        session.add(
            Inspector(
                user_id=user_id,
                department_id=department.id,
                name=demo.name,
                certificate_number=demo.certificate_number,
                field=demo.field,
            )
        )
        inserted += 1
    await session.flush()
    return inserted


async def _user_of(session: AsyncSession, demo: DemoInspector) -> int | None:
    user_id = await session.scalar(
        select(Account.user_id).where(Account.number == demo.account_number)
    )
    return None if user_id is None else int(user_id)


async def _actor(
    session: AsyncSession, key: tuple[str, str], department: Department, now: datetime
) -> Change:
    account = await session.scalar(select(Account).where(Account.number == ACTORS[key]))
    viewer = Viewer.staff(
        department_id=department.id,
        region_code=department.region_code,
        permissions=frozenset(Permission),
        account_id=None if account is None else account.id,
        user_id=None if account is None else account.user_id,
        department_code=department.code,
        is_department_administrator=True,
    )
    return Change(session, viewer, now=now)


async def _inspection_items(session: AsyncSession, codes: list[str]) -> tuple[int, ...]:
    """The first published INSPECTION item of each department code that records may cite:
    a main item with sub-items is only a heading (hub.catalogue)."""
    sub_item = aliased(SupervisionItem)
    found: list[int] = []
    for code in codes:
        item_id = await session.scalar(
            select(SupervisionItem.id)
            .join(Department, Department.id == SupervisionItem.department_id)
            .where(
                Department.code == code,
                SupervisionItem.record_kind == RecordKind.INSPECTION,
                SupervisionItem.status == SupervisionItemStatus.PUBLISHED,
                ~exists().where(sub_item.parent_id == SupervisionItem.id),
            )
            .order_by(SupervisionItem.code)
            .limit(1)
        )
        if item_id is not None:
            found.append(int(item_id))
    return tuple(found)


async def _plan(
    session: AsyncSession, demo: DemoPlan, departments: dict[tuple[str, str], Department]
) -> bool:
    lead = departments[demo.lead]
    exists = await session.scalar(
        select(InspectionPlan.id).where(
            InspectionPlan.lead_department_id == lead.id, InspectionPlan.name == demo.name
        )
    )
    if exists is not None:
        return False
    pool = PoolFilter(demo.pool_region_code, demo.entity_kind, demo.industry, ())
    size = await session.scalar(
        select(func.count()).select_from(pool_statement(pool).order_by(None).subquery())
    )
    if (size or 0) < MIN_POOL_PER_OBJECT * demo.object_count:
        return False
    made = _at(demo.made_days_ago)
    change = await _actor(session, demo.lead, lead, made)
    codes = [demo.lead[1], *(key[1] for key in demo.invited)]
    plan = await plans.create_plan(
        change,
        plans.PlanDraft(
            name=demo.name,
            item_ids=await _inspection_items(session, codes),
            pool_region_code=demo.pool_region_code,
            object_count=demo.object_count,
            ends_on=_at(demo.ends_days_ago).date(),
            invited_department_ids=tuple(departments[key].id for key in demo.invited),
            pool_entity_kind=demo.entity_kind,
            pool_industry=demo.industry,
        ),
    )
    for key in demo.invited:
        await plans.accept_plan(await _actor(session, key, departments[key], made), plan.id)
    seed = hashlib.sha256(f"hub-demo-draw:{demo.name}".encode()).hexdigest()
    await drawing.draw_plan(change, plan.id, plan.version, seed=seed)
    await _results(session, demo, plan.id, departments)
    return True


async def _results(
    session: AsyncSession,
    demo: DemoPlan,
    plan_id: int,
    departments: dict[tuple[str, str], Department],
) -> None:
    by_department = {department.id: key for key, department in departments.items()}
    assignments = {
        a.position: a
        for a in await session.scalars(
            select(InspectionAssignment).where(InspectionAssignment.plan_id == plan_id)
        )
    }
    for entry in demo.results:
        assignment = assignments[entry.position]
        # The department of the first inspector drawn enters the result.
        first = await session.scalar(
            select(Inspector.department_id)
            .join(
                InspectionAssignmentInspector,
                InspectionAssignmentInspector.inspector_id == Inspector.id,
            )
            .where(
                InspectionAssignmentInspector.assignment_id == assignment.id,
                InspectionAssignmentInspector.position == 1,
            )
        )
        key = by_department[int(first)] if first is not None else demo.lead
        inspected = _at(demo.made_days_ago - 5 - entry.position)
        change = await _actor(session, key, departments[key], inspected)
        await results.enter_result(
            change,
            assignment.id,
            results.ResultEntry(
                result=entry.result,
                inspected_on=inspected.date(),
                findings=entry.findings,
                handling=entry.handling,
                publish=entry.publish,
            ),
        )


async def load_demo_inspection_plans(session: AsyncSession) -> tuple[int, int]:
    """(inspectors enrolled now, plans made now)."""
    departments = await _departments(session)
    if set(departments) != {MARKET, HEALTH}:
        return 0, 0
    enrolled = await _inspectors(session, departments)
    made = 0
    for demo in DEMO_PLANS:
        try:
            async with session.begin_nested():
                made += await _plan(session, demo, departments)
        except Invalid:
            # Too few eligible objects or inspectors in this directory: no such plan.
            continue
    return enrolled, made
