"""Statements over complaints, always starting from the viewer's readable rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, case, func, select
from sqlalchemy.types import Float

from hub.auth.policy import readable_complaints
from hub.auth.viewer import Viewer
from hub.db import AnySelect
from hub.domain.regions import subtree_bounds
from hub.models import (
    Complaint,
    ComplaintCandidate,
    ComplaintDispatchRule,
    ComplaintStatus,
    EntityMatch,
)
from hub.models.base import utcnow
from hub.pagination import Ordering, PageArgs, page_per_parent, parse_datetime

NEWEST_COMPLAINTS_FIRST = Ordering(
    "RECEIVED_AT_DESC", Complaint.received_at, Complaint.id, descending=True, parse=parse_datetime
)


@dataclass(frozen=True, slots=True)
class ComplaintFilter:
    statuses: frozenset[ComplaintStatus] | None = None
    awaiting_confirmation: bool | None = None
    overdue: bool | None = None
    department_id: int | None = None
    region_code: str | None = None
    received_from: datetime | None = None
    received_to: datetime | None = None


def overdue_clause(now: datetime) -> ColumnElement[bool]:
    """Past the deadline: open after it, or closed after it (the same rule as
    `hub.complaints.handling.is_overdue`)."""
    return and_(
        Complaint.deadline_at.is_not(None),
        func.coalesce(Complaint.handled_at, now) > Complaint.deadline_at,
    )


def _conditions(
    viewer: Viewer, filter: ComplaintFilter | None, now: datetime
) -> list[ColumnElement[bool]]:
    conditions = [readable_complaints(viewer)]
    if filter is None:
        return conditions
    if filter.statuses:
        conditions.append(Complaint.status.in_(filter.statuses))
    if filter.awaiting_confirmation is not None:
        pending = Complaint.entity_match == EntityMatch.PENDING
        conditions.append(pending if filter.awaiting_confirmation else ~pending)
    if filter.overdue is not None:
        late = overdue_clause(now)
        conditions.append(late if filter.overdue else ~late)
    if filter.department_id is not None:
        conditions.append(Complaint.department_id == filter.department_id)
    if filter.region_code is not None:
        conditions.append(Complaint.region_code.between(*subtree_bounds(filter.region_code)))
    if filter.received_from is not None:
        conditions.append(Complaint.received_at >= filter.received_from)
    if filter.received_to is not None:
        conditions.append(Complaint.received_at < filter.received_to)
    return conditions


def complaints_page_per_entity(
    viewer: Viewer, page: PageArgs, entity_ids: Sequence[int]
) -> AnySelect:
    return page_per_parent(
        Complaint, Complaint.entity_id, entity_ids, [readable_complaints(viewer)], page
    )


def complaints_count_per_entity(viewer: Viewer, entity_ids: Sequence[int]) -> AnySelect:
    return (
        select(Complaint.entity_id, func.count(Complaint.id))
        .where(readable_complaints(viewer), Complaint.entity_id.in_(entity_ids))
        .group_by(Complaint.entity_id)
    )


def complaints_page(
    viewer: Viewer,
    page: PageArgs,
    filter: ComplaintFilter | None = None,
    now: datetime | None = None,
) -> AnySelect:
    conditions = _conditions(viewer, filter, now or utcnow())
    return page.apply(select(Complaint).where(*conditions))


def complaints_count(
    viewer: Viewer, filter: ComplaintFilter | None = None, now: datetime | None = None
) -> AnySelect:
    conditions = _conditions(viewer, filter, now or utcnow())
    return select(func.count(Complaint.id)).where(*conditions)


def complaints_by_id(viewer: Viewer, ids: Sequence[int]) -> AnySelect:
    return select(Complaint).where(Complaint.id.in_(ids), readable_complaints(viewer))


def candidates_of(complaint_ids: Sequence[int]) -> AnySelect:
    """The candidates of complaints the caller already read (so already readable)."""
    return (
        select(ComplaintCandidate)
        .where(ComplaintCandidate.complaint_id.in_(complaint_ids))
        .order_by(ComplaintCandidate.complaint_id, ComplaintCandidate.rank)
    )


def dispatch_rules(include_disabled: bool) -> AnySelect:
    statement = select(ComplaintDispatchRule).order_by(
        ComplaintDispatchRule.priority, ComplaintDispatchRule.id
    )
    if not include_disabled:
        statement = statement.where(ComplaintDispatchRule.enabled.is_(True))
    return statement


# --- statistics: SQL GROUP BY over the readable rows ------------------------------------------


def handling_seconds(dialect: str) -> ColumnElement[float]:
    """From receipt to 办结, in seconds, for closed complaints (NULL otherwise)."""
    if dialect == "postgresql":
        return func.extract("epoch", Complaint.handled_at - Complaint.received_at).cast(Float)
    return (func.julianday(Complaint.handled_at) - func.julianday(Complaint.received_at)) * 86400.0


def statistics_by_department(
    viewer: Viewer, filter: ComplaintFilter, now: datetime, dialect: str
) -> AnySelect:
    closed = Complaint.status == ComplaintStatus.CLOSED
    return (
        select(
            Complaint.department_id,
            func.count(Complaint.id).label("total"),
            func.sum(case((closed, 1), else_=0)).label("closed"),
            func.sum(case((overdue_clause(now), 1), else_=0)).label("overdue"),
            func.sum(case((closed, handling_seconds(dialect)), else_=None)).label("seconds"),
            func.count(case((closed, Complaint.handled_at), else_=None)).label("timed"),
        )
        .where(*_conditions(viewer, filter, now))
        .group_by(Complaint.department_id)
    )


def statistics_by_status(viewer: Viewer, filter: ComplaintFilter, now: datetime) -> AnySelect:
    return (
        select(Complaint.status, func.count(Complaint.id))
        .where(*_conditions(viewer, filter, now))
        .group_by(Complaint.status)
    )


def statistics_by_outcome(viewer: Viewer, filter: ComplaintFilter, now: datetime) -> AnySelect:
    return (
        select(Complaint.outcome, func.count(Complaint.id))
        .where(*_conditions(viewer, filter, now), Complaint.outcome.is_not(None))
        .group_by(Complaint.outcome)
    )
