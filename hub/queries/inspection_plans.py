"""Statements over inspection plans, their assignments and the inspector roster, always
starting from the viewer's readable plans; and the draw's pool and roster statements."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import ColumnElement, and_, case, func, select

from hub.auth.policy import readable_inspection_plans, readable_inspectors
from hub.auth.viewer import Viewer
from hub.db import AnySelect
from hub.domain.regions import subtree_bounds
from hub.models import (
    CreditEvaluation,
    CreditSource,
    InspectionAssignment,
    InspectionAssignmentInspector,
    InspectionPlan,
    InspectionPlanDepartment,
    InspectionPlanItem,
    InspectionPlanStatus,
    Inspector,
    MarketEntity,
    MarketEntityKind,
    MarketEntityStatus,
    RecordKind,
    RecordStatus,
    SupervisionRecord,
)
from hub.pagination import Ordering, PageArgs, parse_date

NEWEST_PLANS_FIRST = Ordering("NEWEST_FIRST", InspectionPlan.id, InspectionPlan.id, descending=True)
INSPECTORS_BY_CERTIFICATE = Ordering(
    "CERTIFICATE_ASC", Inspector.certificate_number, Inspector.id, descending=False
)
OVERDUE_OLDEST_FIRST = Ordering(
    "DUE_ASC",
    InspectionAssignment.publication_due_on,
    InspectionAssignment.id,
    descending=False,
    parse=parse_date,
)


@dataclass(frozen=True, slots=True)
class PlanFilter:
    statuses: frozenset[InspectionPlanStatus] | None = None
    department_id: int | None = None

    def conditions(self) -> list[ColumnElement[bool]]:
        conditions: list[ColumnElement[bool]] = []
        if self.statuses:
            conditions.append(InspectionPlan.status.in_(self.statuses))
        if self.department_id is not None:
            conditions.append(
                InspectionPlan.id.in_(
                    select(InspectionPlanDepartment.plan_id).where(
                        InspectionPlanDepartment.department_id == self.department_id
                    )
                )
            )
        return conditions


def plans_page(viewer: Viewer, plan_filter: PlanFilter, page: PageArgs) -> AnySelect:
    return page.apply(
        select(InspectionPlan).where(readable_inspection_plans(viewer), *plan_filter.conditions())
    )


def plans_count(viewer: Viewer, plan_filter: PlanFilter) -> AnySelect:
    return select(func.count(InspectionPlan.id)).where(
        readable_inspection_plans(viewer), *plan_filter.conditions()
    )


def plans_by_id(viewer: Viewer, ids: Sequence[int]) -> AnySelect:
    return select(InspectionPlan).where(
        InspectionPlan.id.in_(ids), readable_inspection_plans(viewer)
    )


def _readable_plan_ids(viewer: Viewer) -> AnySelect:
    return select(InspectionPlan.id).where(readable_inspection_plans(viewer))


def assignments_by_plan(viewer: Viewer, plan_ids: Sequence[int]) -> AnySelect:
    return (
        select(InspectionAssignment)
        .where(
            InspectionAssignment.plan_id.in_(plan_ids),
            InspectionAssignment.plan_id.in_(_readable_plan_ids(viewer)),
        )
        .order_by(InspectionAssignment.plan_id, InspectionAssignment.position)
    )


def assignments_by_id(viewer: Viewer, ids: Sequence[int]) -> AnySelect:
    return select(InspectionAssignment).where(
        InspectionAssignment.id.in_(ids),
        InspectionAssignment.plan_id.in_(_readable_plan_ids(viewer)),
    )


def inspectors_by_assignment(viewer: Viewer, assignment_ids: Sequence[int]) -> AnySelect:
    """(assignment id, Inspector), in the order drawn; readable with the assignment's plan
    (a joint plan's departments see each other's inspectors on it)."""
    return (
        select(InspectionAssignmentInspector.assignment_id, Inspector)
        .join(Inspector, Inspector.id == InspectionAssignmentInspector.inspector_id)
        .join(
            InspectionAssignment,
            InspectionAssignment.id == InspectionAssignmentInspector.assignment_id,
        )
        .where(
            InspectionAssignmentInspector.assignment_id.in_(assignment_ids),
            InspectionAssignment.plan_id.in_(_readable_plan_ids(viewer)),
        )
        .order_by(
            InspectionAssignmentInspector.assignment_id, InspectionAssignmentInspector.position
        )
    )


def participants_by_plan(viewer: Viewer, plan_ids: Sequence[int]) -> AnySelect:
    return (
        select(InspectionPlanDepartment)
        .where(
            InspectionPlanDepartment.plan_id.in_(plan_ids),
            InspectionPlanDepartment.plan_id.in_(_readable_plan_ids(viewer)),
        )
        .order_by(InspectionPlanDepartment.plan_id, InspectionPlanDepartment.department_id)
    )


def item_ids_by_plan(viewer: Viewer, plan_ids: Sequence[int]) -> AnySelect:
    return (
        select(InspectionPlanItem.plan_id, InspectionPlanItem.item_id)
        .where(
            InspectionPlanItem.plan_id.in_(plan_ids),
            InspectionPlanItem.plan_id.in_(_readable_plan_ids(viewer)),
        )
        .order_by(InspectionPlanItem.plan_id, InspectionPlanItem.item_id)
    )


def inspectors_page(viewer: Viewer, department_id: int | None, page: PageArgs) -> AnySelect:
    conditions = [readable_inspectors(viewer)]
    if department_id is not None:
        conditions.append(Inspector.department_id == department_id)
    return page.apply(select(Inspector).where(*conditions))


def inspectors_count(viewer: Viewer, department_id: int | None) -> AnySelect:
    conditions = [readable_inspectors(viewer)]
    if department_id is not None:
        conditions.append(Inspector.department_id == department_id)
    return select(func.count(Inspector.id)).where(*conditions)


# --- publication of results (一公开) and overdue ones -----------------------------------------


def overdue_assignments_page(viewer: Viewer, today: date, page: PageArgs) -> AnySelect:
    """Drawn objects whose result is not published by its due date."""
    statement = (
        select(InspectionAssignment)
        .outerjoin(SupervisionRecord, SupervisionRecord.id == InspectionAssignment.record_id)
        .where(
            InspectionAssignment.plan_id.in_(_readable_plan_ids(viewer)),
            InspectionAssignment.publication_due_on < today,
            SupervisionRecord.published_at.is_(None),
        )
    )
    return page.apply(statement)


def overdue_assignments_count(viewer: Viewer, today: date) -> AnySelect:
    return (
        select(func.count(InspectionAssignment.id))
        .outerjoin(SupervisionRecord, SupervisionRecord.id == InspectionAssignment.record_id)
        .where(
            InspectionAssignment.plan_id.in_(_readable_plan_ids(viewer)),
            InspectionAssignment.publication_due_on < today,
            SupervisionRecord.published_at.is_(None),
        )
    )


# --- statistics: one GROUP BY per grouping ---------------------------------------------------


def _counts(today: date) -> tuple[ColumnElement[int], ...]:
    published = SupervisionRecord.published_at.is_not(None)
    return (
        func.count(InspectionAssignment.id).label("drawn"),
        func.count(InspectionAssignment.entered_at).label("entered"),
        func.sum(case((published, 1), else_=0)).label("published"),
        func.sum(
            case(
                (and_(~published, InspectionAssignment.publication_due_on < today), 1),
                else_=0,
            )
        ).label("overdue"),
    )


def _statistics_from(viewer: Viewer, plan_filter: PlanFilter) -> AnySelect:
    return (
        select(InspectionAssignment.id)
        .join(InspectionPlan, InspectionPlan.id == InspectionAssignment.plan_id)
        .outerjoin(SupervisionRecord, SupervisionRecord.id == InspectionAssignment.record_id)
        .where(readable_inspection_plans(viewer), *plan_filter.conditions())
    )


def statistics_by_plan(viewer: Viewer, plan_filter: PlanFilter, today: date) -> AnySelect:
    """Per plan: objects drawn, results entered, published, overdue."""
    return (
        _statistics_from(viewer, plan_filter)
        .with_only_columns(InspectionAssignment.plan_id, *_counts(today))
        .group_by(InspectionAssignment.plan_id)
        .order_by(InspectionAssignment.plan_id)
    )


def statistics_by_department(viewer: Viewer, plan_filter: PlanFilter, today: date) -> AnySelect:
    """Per participating department: the objects its inspectors were drawn for (an
    object inspected jointly counts for each department taking part in it)."""
    department_of_object = (
        select(
            InspectionAssignmentInspector.assignment_id.label("assignment_id"),
            Inspector.department_id.label("department_id"),
        )
        .join(Inspector, Inspector.id == InspectionAssignmentInspector.inspector_id)
        .distinct()
        .subquery()
    )
    return (
        _statistics_from(viewer, plan_filter)
        .join(department_of_object, department_of_object.c.assignment_id == InspectionAssignment.id)
        .with_only_columns(department_of_object.c.department_id, *_counts(today))
        .group_by(department_of_object.c.department_id)
        .order_by(department_of_object.c.department_id)
    )


# --- the draw: the object pool and the roster --------------------------------------------------


@dataclass(frozen=True, slots=True)
class PoolFilter:
    region_code: str
    entity_kind: MarketEntityKind | None
    industry: str | None
    credit_grades: tuple[str, ...]


def pool_statement(pool: PoolFilter) -> AnySelect:
    """(entity id, USCC) of every operating entity the filter admits, by USCC. Credit
    grades are those of each entity's latest evaluation by the hub."""
    conditions: list[ColumnElement[bool]] = [
        MarketEntity.region_code.between(*subtree_bounds(pool.region_code)),
        MarketEntity.status == MarketEntityStatus.OPERATING,
    ]
    if pool.entity_kind is not None:
        conditions.append(MarketEntity.kind == pool.entity_kind)
    if pool.industry is not None:
        conditions.append(MarketEntity.industry == pool.industry)
    if pool.credit_grades:
        newest = (
            select(
                CreditEvaluation.entity_id,
                CreditEvaluation.grade,
                func.row_number()
                .over(
                    partition_by=CreditEvaluation.entity_id,
                    order_by=(CreditEvaluation.evaluated_at.desc(), CreditEvaluation.id.desc()),
                )
                .label("position"),
            )
            .where(CreditEvaluation.source == CreditSource.HUB)
            .subquery()
        )
        graded = select(newest.c.entity_id).where(
            newest.c.position == 1, newest.c.grade.in_(pool.credit_grades)
        )
        conditions.append(MarketEntity.id.in_(graded))
    return select(MarketEntity.id, MarketEntity.uscc).where(*conditions).order_by(MarketEntity.uscc)


def recent_inspections_statement(
    pool: PoolFilter, department_ids: Sequence[int], as_of: date, window_days: int
) -> AnySelect:
    """(entity id, department id) of the INSPECTION records the plan's departments made
    of pool entities within the window before `as_of`."""
    pool_ids = pool_statement(pool).with_only_columns(MarketEntity.id).order_by(None)
    return (
        select(SupervisionRecord.entity_id, SupervisionRecord.department_id)
        .where(
            SupervisionRecord.kind == RecordKind.INSPECTION,
            SupervisionRecord.deleted_at.is_(None),
            SupervisionRecord.status != RecordStatus.WITHDRAWN,
            SupervisionRecord.department_id.in_(department_ids),
            SupervisionRecord.decision_date >= as_of - timedelta(days=window_days),
            SupervisionRecord.decision_date <= as_of,
            SupervisionRecord.entity_id.in_(pool_ids),
        )
        .distinct()
    )


def roster_statement(department_ids: Sequence[int]) -> AnySelect:
    return (
        select(Inspector)
        .where(Inspector.department_id.in_(department_ids), Inspector.active.is_(True))
        .order_by(Inspector.certificate_number)
    )
