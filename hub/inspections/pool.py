"""The draw's inputs at draw time: the object pool (a filter over the entity directory,
with each candidate's recent inspections by the plan's departments) and the roster of the
departments taking part."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from hub.inspections.draw import Candidate, RosterEntry
from hub.models import InspectionPlan, InspectionPlanDepartment
from hub.queries.inspection_plans import (
    PoolFilter,
    pool_statement,
    recent_inspections_statement,
    roster_statement,
)


def pool_filter_of(plan: InspectionPlan) -> PoolFilter:
    return PoolFilter(
        region_code=plan.pool_region_code,
        entity_kind=plan.pool_entity_kind,
        industry=plan.pool_industry,
        credit_grades=tuple(plan.pool_credit_grades),
    )


def filter_as_json(plan: InspectionPlan) -> dict[str, Any]:
    pool = pool_filter_of(plan)
    return {
        "regionCode": pool.region_code,
        "entityKind": None if pool.entity_kind is None else pool.entity_kind.value,
        "industry": pool.industry,
        "creditGrades": list(pool.credit_grades),
        "status": "OPERATING",
        "exclusionWindowDays": plan.exclusion_window_days,
    }


async def accepted_departments(session: AsyncSession, plan_id: int) -> list[int]:
    rows = await session.scalars(
        select(InspectionPlanDepartment.department_id).where(
            InspectionPlanDepartment.plan_id == plan_id,
            InspectionPlanDepartment.accepted_at.is_not(None),
        )
    )
    return sorted(int(row) for row in rows)


async def candidates(
    session: AsyncSession, plan: InspectionPlan, department_ids: list[int], as_of: date
) -> list[Candidate]:
    pool = pool_filter_of(plan)
    recent: defaultdict[int, set[int]] = defaultdict(set)
    statement = recent_inspections_statement(
        pool, department_ids, as_of, plan.exclusion_window_days
    )
    for entity_id, department_id in (await session.execute(statement)).all():
        recent[int(entity_id)].add(int(department_id))
    return [
        Candidate(
            key=uscc,
            entity_id=int(entity_id),
            recently_inspected_by=tuple(sorted(recent[entity_id])),
        )
        for entity_id, uscc in (await session.execute(pool_statement(pool))).all()
    ]


async def roster(session: AsyncSession, department_ids: list[int]) -> list[RosterEntry]:
    return [
        RosterEntry(
            key=inspector.certificate_number,
            inspector_id=inspector.id,
            department_id=inspector.department_id,
            user_id=inspector.user_id,
        )
        for inspector in await session.scalars(roster_statement(department_ids))
    ]
