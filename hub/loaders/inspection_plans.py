"""Loaders of inspection plans, their departments, items, assignments and inspectors; each
reads through the viewer's readable plans."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import undefer

from hub.loaders.base import ReadLoader, many_per_key, one_per_key
from hub.models import (
    InspectionAssignment,
    InspectionPlan,
    InspectionPlanDepartment,
    Inspector,
)
from hub.queries.inspection_plans import (
    assignments_by_id,
    assignments_by_plan,
    inspectors_by_assignment,
    item_ids_by_plan,
    participants_by_plan,
    plans_by_id,
)


class InspectionPlanByIdLoader(ReadLoader[int, InspectionPlan | None]):
    async def batch_load_fn(self, ids: Sequence[int]) -> list[InspectionPlan | None]:
        rows = await self.fetch_all(plans_by_id(self.viewer, ids))
        return one_per_key(ids, rows, lambda plan: plan.id)


class DrawSnapshotsByPlanIdLoader(ReadLoader[int, dict[str, Any] | None]):
    """The stored pool and roster snapshots of drawn plans (large: only when asked for)."""

    async def batch_load_fn(self, ids: Sequence[int]) -> list[dict[str, Any] | None]:
        statement = plans_by_id(self.viewer, ids).options(
            undefer(InspectionPlan.pool_snapshot), undefer(InspectionPlan.roster_snapshot)
        )
        plans = one_per_key(ids, await self.fetch_all(statement), lambda plan: plan.id)
        return [
            None
            if plan is None or plan.pool_snapshot is None
            else {"pool": plan.pool_snapshot, "roster": plan.roster_snapshot}
            for plan in plans
        ]


class AssignmentsByPlanIdLoader(ReadLoader[int, list[InspectionAssignment]]):
    async def batch_load_fn(self, plan_ids: Sequence[int]) -> list[list[InspectionAssignment]]:
        rows = await self.fetch_all(assignments_by_plan(self.viewer, plan_ids))
        return many_per_key(plan_ids, rows, lambda assignment: assignment.plan_id)


class InspectionAssignmentByIdLoader(ReadLoader[int, InspectionAssignment | None]):
    async def batch_load_fn(self, ids: Sequence[int]) -> list[InspectionAssignment | None]:
        rows = await self.fetch_all(assignments_by_id(self.viewer, ids))
        return one_per_key(ids, rows, lambda assignment: assignment.id)


class InspectorsByAssignmentIdLoader(ReadLoader[int, list[Inspector]]):
    async def batch_load_fn(self, assignment_ids: Sequence[int]) -> list[list[Inspector]]:
        rows = await self.fetch_rows(inspectors_by_assignment(self.viewer, assignment_ids))
        grouped = many_per_key(assignment_ids, rows, lambda row: row[0])
        return [[inspector for _, inspector in group] for group in grouped]


class ParticipantsByPlanIdLoader(ReadLoader[int, list[InspectionPlanDepartment]]):
    async def batch_load_fn(self, plan_ids: Sequence[int]) -> list[list[InspectionPlanDepartment]]:
        rows = await self.fetch_all(participants_by_plan(self.viewer, plan_ids))
        return many_per_key(plan_ids, rows, lambda participant: participant.plan_id)


class ItemIdsByPlanIdLoader(ReadLoader[int, list[int]]):
    async def batch_load_fn(self, plan_ids: Sequence[int]) -> list[list[int]]:
        rows = await self.fetch_rows(item_ids_by_plan(self.viewer, plan_ids))
        grouped = many_per_key(plan_ids, rows, lambda row: row[0])
        return [[int(item_id) for _, item_id in group] for group in grouped]
