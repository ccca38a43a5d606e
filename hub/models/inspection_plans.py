"""双随机、一公开: inspection plans, the inspector roster (执法检查人员名录库), the departments
taking part in a plan, and what a draw assigned (objects, and inspectors per object).

A plan keeps the snapshots its draw was made from (the candidate pool and the roster, both
in a fixed order) and the seed, so anyone can recompute the draw (docs/random-draw.md)."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from hub.models.base import Base, JSONType, Timestamped, enum_column
from hub.models.inspections import InspectionResult
from hub.models.market_entities import MarketEntityKind
from hub.models.types import BigId


class InspectionPlanStatus(enum.StrEnum):
    DRAFT = "DRAFT"
    DRAWN = "DRAWN"
    IN_PROGRESS = "IN_PROGRESS"
    COMPLETED = "COMPLETED"


class Inspector(Timestamped, Base):
    """One person enrolled in a department's inspector roster, with their 执法证号."""

    __tablename__ = "inspectors"
    __table_args__ = (UniqueConstraint("department_id", "user_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    # 姓名 as enrolled (the roster is published with it; the user row holds personal data).
    name: Mapped[str] = mapped_column(String(64))
    certificate_number: Mapped[str] = mapped_column(String(32), unique=True)
    # 执法领域
    field: Mapped[str] = mapped_column(String(100))
    active: Mapped[bool] = mapped_column(default=True)


class InspectionPlan(Timestamped, Base):
    __tablename__ = "inspection_plans"
    __table_args__ = (
        UniqueConstraint("lead_department_id", "name"),
        CheckConstraint("object_count >= 1", name="object_count_positive"),
        # At least two inspectors per object: an inspector never inspects alone.
        CheckConstraint("inspectors_per_object >= 2", name="at_least_two_inspectors"),
        CheckConstraint("exclusion_window_days >= 0", name="exclusion_window_not_negative"),
        CheckConstraint("publication_deadline_days >= 1", name="publication_deadline_positive"),
        Index("ix_inspection_plans_region_code_status", "region_code", "status"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    status: Mapped[InspectionPlanStatus] = mapped_column(
        enum_column(InspectionPlanStatus), default=InspectionPlanStatus.DRAFT
    )
    lead_department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    # The lead department's region (region-subtree visibility without a join).
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"))
    created_by_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id"), default=None
    )
    # The object pool: a filter over the entity directory.
    pool_region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"))
    pool_entity_kind: Mapped[MarketEntityKind | None] = mapped_column(
        enum_column(MarketEntityKind), default=None
    )
    pool_industry: Mapped[str | None] = mapped_column(String(64), default=None)
    # Credit grades (latest hub evaluation) the pool is limited to; empty: any grade.
    pool_credit_grades: Mapped[list[str]] = mapped_column(JSONType, default=list)
    object_count: Mapped[int] = mapped_column()
    inspectors_per_object: Mapped[int] = mapped_column(default=2)
    # An inspector is not assigned to an entity their own department inspected within
    # this many days before the draw.
    exclusion_window_days: Mapped[int] = mapped_column(default=365)
    # Results are published (一公开) within this many days after the inspection.
    publication_deadline_days: Mapped[int] = mapped_column(default=20)
    # Inspections are to be done by this date.
    ends_on: Mapped[date] = mapped_column(Date)
    remark: Mapped[str | None] = mapped_column(Text, default=None)
    # The draw: its seed (hex, from the operating system's randomness), when, and the
    # snapshots it was computed from (docs/random-draw.md).
    seed: Mapped[str | None] = mapped_column(String(64), default=None)
    drawn_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    # Large (the whole pool): loaded only where asked for (`undefer`), never by a list.
    pool_snapshot: Mapped[dict[str, Any] | None] = mapped_column(
        default=None, deferred=True, deferred_raiseload=True
    )
    roster_snapshot: Mapped[dict[str, Any] | None] = mapped_column(
        default=None, deferred=True, deferred_raiseload=True
    )
    pool_size: Mapped[int | None] = mapped_column(default=None)
    # SHA-256 over seed and both snapshots, also written into the draw's audit event.
    draw_digest: Mapped[str | None] = mapped_column(String(64), default=None)
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


class InspectionPlanDepartment(Base):
    """A department taking part in a plan: the lead, and the departments it invited (a
    joint plan, 联合抽查); an invited department takes part once it accepts."""

    __tablename__ = "inspection_plan_departments"

    plan_id: Mapped[int] = mapped_column(
        ForeignKey("inspection_plans.id", ondelete="CASCADE"), primary_key=True
    )
    department_id: Mapped[int] = mapped_column(
        ForeignKey("departments.id"), primary_key=True, index=True
    )
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)


class InspectionPlanItem(Base):
    """The supervision items a plan inspects (each department's own INSPECTION items)."""

    __tablename__ = "inspection_plan_items"

    plan_id: Mapped[int] = mapped_column(
        ForeignKey("inspection_plans.id", ondelete="CASCADE"), primary_key=True
    )
    item_id: Mapped[int] = mapped_column(ForeignKey("supervision_items.id"), primary_key=True)


class InspectionAssignment(Timestamped, Base):
    """One drawn object of a plan, with its result once entered."""

    __tablename__ = "inspection_assignments"
    __table_args__ = (
        UniqueConstraint("plan_id", "position"),
        UniqueConstraint("plan_id", "entity_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("inspection_plans.id", ondelete="CASCADE"))
    # 1-based order in which the draw picked the object.
    position: Mapped[int] = mapped_column()
    entity_id: Mapped[int] = mapped_column(ForeignKey("market_entities.id"), index=True)
    # Publication is due by this date: the plan's end (at the draw), then the inspection
    # date, plus the plan's publication deadline.
    publication_due_on: Mapped[date] = mapped_column(Date)
    result: Mapped[InspectionResult | None] = mapped_column(
        enum_column(InspectionResult), default=None
    )
    inspected_on: Mapped[date | None] = mapped_column(Date, default=None)
    findings: Mapped[str | None] = mapped_column(Text, default=None)
    handling: Mapped[str | None] = mapped_column(Text, default=None)
    # The department that entered the result and the INSPECTION record it became.
    result_department_id: Mapped[int | None] = mapped_column(
        ForeignKey("departments.id"), default=None
    )
    record_id: Mapped[int | None] = mapped_column(
        ForeignKey("supervision_records.id"), index=True, default=None
    )
    entered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)


class InspectionAssignmentInspector(Base):
    __tablename__ = "inspection_assignment_inspectors"

    assignment_id: Mapped[int] = mapped_column(
        ForeignKey("inspection_assignments.id", ondelete="CASCADE"), primary_key=True
    )
    inspector_id: Mapped[int] = mapped_column(
        ForeignKey("inspectors.id"), primary_key=True, index=True
    )
    # 1-based order in which the draw picked the inspector for the object.
    position: Mapped[int] = mapped_column()
