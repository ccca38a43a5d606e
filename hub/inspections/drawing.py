"""Drawing a plan (once, by its lead department) and verifying a past draw.

The seed comes from the operating system's randomness at draw time (`secrets`) and is
stored with the pool and roster snapshots; `verify_draw` recomputes the picks from what is
stored and compares them with the assignment rows, so a changed row shows up."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from hub.collection.changes import Change, json_value
from hub.collection.problems import CONFLICT, Invalid
from hub.inspections import draw, pool
from hub.inspections.plans import TARGET_TYPE, plan_for_change, require_lead
from hub.models import (
    AuditEvent,
    InspectionAssignment,
    InspectionAssignmentInspector,
    InspectionPlan,
    InspectionPlanDepartment,
    InspectionPlanStatus,
    Inspector,
    MarketEntity,
)

SEED_BYTES = 32


def new_seed() -> str:
    return secrets.token_hex(SEED_BYTES)


async def draw_plan(
    change: Change, plan_id: int, version: int, *, seed: str | None = None
) -> InspectionPlan:
    """`seed` is for the demo data only (a fixed seed keeps the demo reproducible); every
    draw through the graph takes a fresh one."""
    plan = await plan_for_change(change, plan_id, version)
    require_lead(change, plan)
    session = change.session
    if plan.status is not InspectionPlanStatus.DRAFT:
        raise Invalid.on("id", "该计划已抽取，不能重复抽取", code=CONFLICT)
    pending = await session.scalars(
        select(InspectionPlanDepartment.department_id).where(
            InspectionPlanDepartment.plan_id == plan.id,
            InspectionPlanDepartment.accepted_at.is_(None),
        )
    )
    if pending.first() is not None:
        raise Invalid.on("id", "还有受邀部门未确认参加，不能抽取", code=CONFLICT)
    departments = await pool.accepted_departments(session, plan.id)
    candidates = await pool.candidates(session, plan, departments, change.today)
    roster = await pool.roster(session, departments)
    seed = seed or new_seed()
    try:
        outcome = draw.compute_draw(
            seed, plan.id, candidates, roster, plan.object_count, plan.inspectors_per_object
        )
    except draw.DrawImpossible as impossible:
        raise Invalid.on("id", str(impossible), code=CONFLICT) from impossible

    pool_snapshot = draw.pool_snapshot(
        pool.filter_as_json(plan), change.today.isoformat(), candidates
    )
    roster_snapshot = draw.roster_snapshot(roster)
    plan.seed = seed
    plan.drawn_at = change.now
    plan.pool_snapshot = pool_snapshot
    plan.roster_snapshot = roster_snapshot
    plan.pool_size = len(candidates)
    plan.draw_digest = draw.digest(seed, plan.id, pool_snapshot, roster_snapshot)
    plan.status = InspectionPlanStatus.DRAWN
    due = plan.ends_on + timedelta(days=plan.publication_deadline_days)
    for position, pick in enumerate(outcome.picks, start=1):
        assignment = InspectionAssignment(
            plan_id=plan.id, position=position, entity_id=pick.entity_id, publication_due_on=due
        )
        session.add(assignment)
        await session.flush()
        for rank, inspector_id in enumerate(pick.inspector_ids, start=1):
            session.add(
                InspectionAssignmentInspector(
                    assignment_id=assignment.id, inspector_id=inspector_id, position=rank
                )
            )
    await session.flush()
    change.audit(
        operation="inspectionPlan.draw",
        target_type=TARGET_TYPE,
        target_id=plan.id,
        department_id=plan.lead_department_id,
        before={"status": InspectionPlanStatus.DRAFT.value},
        after={
            "status": plan.status.value,
            "algorithm": draw.ALGORITHM,
            "seed": seed,
            "drawDigest": plan.draw_digest,
            "drawnAt": json_value(plan.drawn_at),
            "poolSize": len(candidates),
            "rosterSize": len(roster),
            "objects": [pick.object_key for pick in outcome.picks],
            "inspectors": [list(pick.inspector_keys) for pick in outcome.picks],
            "passedOver": list(outcome.passed_over),
        },
    )
    return plan


# --- verification -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StoredPick:
    position: int
    object_key: str
    inspector_keys: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Verification:
    matches: bool
    # The stored digest equals both the recomputed one and the one in the draw's audit event.
    snapshot_intact: bool
    expected: tuple[draw.Pick, ...]
    stored: tuple[StoredPick, ...]
    mismatches: tuple[str, ...]


async def _stored_picks(session: AsyncSession, plan_id: int) -> list[StoredPick]:
    rows = (
        await session.execute(
            select(
                InspectionAssignment.position,
                MarketEntity.uscc,
                Inspector.certificate_number,
            )
            .join(MarketEntity, MarketEntity.id == InspectionAssignment.entity_id)
            .outerjoin(
                InspectionAssignmentInspector,
                InspectionAssignmentInspector.assignment_id == InspectionAssignment.id,
            )
            .outerjoin(Inspector, Inspector.id == InspectionAssignmentInspector.inspector_id)
            .where(InspectionAssignment.plan_id == plan_id)
            .order_by(InspectionAssignment.position, InspectionAssignmentInspector.position)
        )
    ).all()
    picks: dict[int, tuple[str, list[str]]] = {}
    for position, uscc, certificate in rows:
        entry = picks.setdefault(position, (uscc, []))
        if certificate is not None:
            entry[1].append(certificate)
    return [
        StoredPick(position, uscc, tuple(keys)) for position, (uscc, keys) in sorted(picks.items())
    ]


async def _audited_digest(session: AsyncSession, plan_id: int) -> str | None:
    event = await session.scalar(
        select(AuditEvent)
        .where(
            AuditEvent.operation == "inspectionPlan.draw",
            AuditEvent.target_type == TARGET_TYPE,
            AuditEvent.target_id == str(plan_id),
        )
        .order_by(AuditEvent.id.desc())
        .limit(1)
    )
    if event is None or not event.after:
        return None
    value = event.after.get("drawDigest")
    return value if isinstance(value, str) else None


def _describe(expected: draw.Pick | None, stored: StoredPick | None, position: int) -> str:
    want = "无" if expected is None else f"{expected.object_key} {list(expected.inspector_keys)}"
    found = "无" if stored is None else f"{stored.object_key} {list(stored.inspector_keys)}"
    return f"第{position}个检查对象：按种子重算为 {want}，库中为 {found}"


async def verify_draw(session: AsyncSession, plan: InspectionPlan) -> Verification:
    """Recompute the draw from the plan's stored seed and snapshots and compare it with the
    stored assignments (objects and inspectors, in order)."""
    if plan.seed is None or plan.pool_snapshot is None or plan.roster_snapshot is None:
        raise Invalid.on("planId", "该计划尚未抽取", code=CONFLICT)
    try:
        outcome = draw.compute_draw(
            plan.seed,
            plan.id,
            draw.candidates_of(plan.pool_snapshot),
            draw.roster_of(plan.roster_snapshot),
            plan.object_count,
            plan.inspectors_per_object,
        )
        expected = outcome.picks
    except draw.DrawImpossible:
        expected = ()
    stored = await _stored_picks(session, plan.id)
    mismatches: list[str] = []
    for index in range(max(len(expected), len(stored))):
        want = expected[index] if index < len(expected) else None
        found = stored[index] if index < len(stored) else None
        same = (
            want is not None
            and found is not None
            and found.position == index + 1
            and want.object_key == found.object_key
            and want.inspector_keys == found.inspector_keys
        )
        if not same:
            mismatches.append(_describe(want, found, index + 1))
    recomputed = draw.digest(plan.seed, plan.id, plan.pool_snapshot, plan.roster_snapshot)
    audited = await _audited_digest(session, plan.id)
    intact = recomputed == plan.draw_digest == audited
    if not intact:
        mismatches.append("抽取快照或种子与抽取时审计留痕的摘要不一致")
    return Verification(
        matches=not mismatches,
        snapshot_intact=intact,
        expected=expected,
        stored=tuple(stored),
        mismatches=tuple(mismatches),
    )
