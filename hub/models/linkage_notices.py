"""证照联动 / 双告知: market supervision's registrations, the rules that route them, and the
notices the approving departments receive, sign for and handle."""

from __future__ import annotations

import enum
from datetime import date, datetime

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

from hub.models.base import Base, Timestamped, enum_column, utcnow
from hub.models.types import BigId


class LinkageMatch(enum.StrEnum):
    """What a rule looks at in a registration."""

    # A word contained in the business scope text (经营范围), e.g. 餐饮.
    KEYWORD = "KEYWORD"
    # A prefix of the GB/T 4754 industry code (国民经济行业分类), e.g. G54.
    INDUSTRY_CODE = "INDUSTRY_CODE"


class LinkageRule(Timestamped, Base):
    """One routing rule: registrations matching it need a permit of a department code."""

    __tablename__ = "linkage_rules"
    __table_args__ = (
        UniqueConstraint("match", "pattern", "department_code"),
        CheckConstraint("length(department_code) = 3", name="department_code_is_three_digits"),
        CheckConstraint(
            "sign_within_days >= 0 AND handle_within_days >= sign_within_days",
            name="deadlines_in_order",
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    # The natural key: hub/data/linkage_rules.csv rows keep theirs across loads.
    code: Mapped[str] = mapped_column(String(64), unique=True)
    match: Mapped[LinkageMatch] = mapped_column(enum_column(LinkageMatch))
    pattern: Mapped[str] = mapped_column(String(64))
    # The approving department's 3-digit code; the level is chosen per registration.
    department_code: Mapped[str] = mapped_column(String(3))
    # The permit the approving department issues (食品经营许可证, 道路运输经营许可证…).
    permit_name: Mapped[str] = mapped_column(String(128))
    # Working days from receipt: to sign for (签收) the notice, and to handle it.
    sign_within_days: Mapped[int] = mapped_column(default=3)
    handle_within_days: Mapped[int] = mapped_column(default=20)
    enabled: Mapped[bool] = mapped_column(default=True)


class EntityRegistration(Timestamped, Base):
    """A registration pushed by market supervision's registration system; the same USCC and
    registration date is the same registration (resubmitting updates it)."""

    __tablename__ = "entity_registrations"
    __table_args__ = (UniqueConstraint("uscc", "registered_on"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    uscc: Mapped[str] = mapped_column(String(18))
    registered_on: Mapped[date] = mapped_column(Date)
    name: Mapped[str] = mapped_column(String(200))
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True)
    business_scope: Mapped[str] = mapped_column(Text)
    industry_code: Mapped[str | None] = mapped_column(String(16), default=None)
    entity_id: Mapped[int] = mapped_column(ForeignKey("market_entities.id"), index=True)
    # The market-supervision department that registered the entity (登记机关).
    registering_department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    partner_client_id: Mapped[int | None] = mapped_column(
        ForeignKey("partner_clients.id"), default=None
    )


class LinkageNoticeStatus(enum.StrEnum):
    PENDING = "PENDING"  # 待签收
    SIGNED = "SIGNED"  # 已签收, being handled
    CLOSED = "CLOSED"  # 已办结, with an outcome


class LinkageOutcome(enum.StrEnum):
    LICENSED = "LICENSED"  # the license was issued and recorded
    NOT_REQUIRED = "NOT_REQUIRED"  # the business needs no permit of this department
    NOT_APPLIED = "NOT_APPLIED"  # the applicant did not apply


class LinkageNotice(Timestamped, Base):
    """告知信息: one per registration and approving department."""

    __tablename__ = "linkage_notices"
    __table_args__ = (
        UniqueConstraint("registration_id", "department_id"),
        Index("ix_linkage_notices_department_id_status", "department_id", "status"),
        Index("ix_linkage_notices_region_code_received_at", "region_code", "received_at"),
        CheckConstraint("(status = 'CLOSED') = (outcome IS NOT NULL)", name="closed_with_outcome"),
        CheckConstraint(
            "outcome IS NULL OR outcome != 'LICENSED' OR license_record_id IS NOT NULL",
            name="licensed_with_license",
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("entity_registrations.id"))
    entity_id: Mapped[int] = mapped_column(ForeignKey("market_entities.id"), index=True)
    # The approving department, and its region (region-subtree filters without a join).
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"))
    registering_department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    # The permits the matching rules name, joined with "、".
    permit_names: Mapped[str] = mapped_column(String(500))
    status: Mapped[LinkageNoticeStatus] = mapped_column(
        enum_column(LinkageNoticeStatus), default=LinkageNoticeStatus.PENDING
    )
    outcome: Mapped[LinkageOutcome | None] = mapped_column(
        enum_column(LinkageOutcome), default=None
    )
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Fixed at receipt from the rules then in force (working days, Beijing dates).
    sign_due_on: Mapped[date] = mapped_column(Date)
    handle_due_on: Mapped[date] = mapped_column(Date)
    signed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    signed_by_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL"), default=None
    )
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    closed_by_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL"), default=None
    )
    license_record_id: Mapped[int | None] = mapped_column(
        ForeignKey("supervision_records.id"), index=True, default=None
    )
    close_reason: Mapped[str | None] = mapped_column(Text, default=None)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}
