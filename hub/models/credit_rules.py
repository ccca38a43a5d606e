"""信用分类监管 rules: the indicators, their points and windows, and the grade thresholds.

A rule set is data, versioned: a change makes a new version, the old ones stay for the
evaluations that name them. Exactly one version is active (a partial unique index).
"""

from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from hub.models.base import Base, Timestamped, enum_column
from hub.models.types import BigId


class CreditMeasure(enum.StrEnum):
    """What an indicator counts over an entity's published records and its complaints."""

    PENALTY_COUNT = "PENALTY_COUNT"  # 行政处罚决定数（窗口内）
    FINE_AMOUNT = "FINE_AMOUNT"  # 罚款金额合计（万元，窗口内）
    ACTIVE_BLACKLIST = "ACTIVE_BLACKLIST"  # 尚未移出的违法失信（黑名单）记录数
    INSPECTION_PROBLEMS = "INSPECTION_PROBLEMS"  # 检查发现问题或查无下落的次数（窗口内）
    ENFORCEMENT_COUNT = "ENFORCEMENT_COUNT"  # 行政强制数（窗口内）
    COMPLAINT_COUNT = "COMPLAINT_COUNT"  # 收到的投诉数（窗口内）
    VALID_LICENSE = "VALID_LICENSE"  # 在有效期内的行政许可数（正向指标）


class CreditRuleSet(Timestamped, Base):
    __tablename__ = "credit_rule_sets"
    __table_args__ = (
        CheckConstraint(
            "grade_c_min_score >= 0 AND grade_c_min_score < grade_b_min_score"
            " AND grade_b_min_score < grade_a_min_score AND grade_a_min_score <= 100",
            name="thresholds_ordered",
        ),
        CheckConstraint("base_score >= 0 AND base_score <= 100", name="base_score_0_to_100"),
        # Exactly one active version: `active` is TRUE or NULL, and unique (NULLs are
        # distinct), so at most one; the service that activates a version deactivates the
        # previous one in the same transaction, so at least one.
        UniqueConstraint("active"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    version: Mapped[int] = mapped_column(unique=True)
    name: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(Text)
    # Every entity starts here; indicators add or subtract points; clamped to 0..100.
    base_score: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    grade_a_min_score: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    grade_b_min_score: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    grade_c_min_score: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    active: Mapped[bool | None] = mapped_column(default=None)
    activated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    created_by_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id"), default=None
    )


class CreditIndicator(Base):
    __tablename__ = "credit_indicators"
    __table_args__ = (
        UniqueConstraint("rule_set_id", "position"),
        CheckConstraint(
            "points_per_unit >= -100 AND points_per_unit <= 100", name="points_in_range"
        ),
        CheckConstraint(
            "max_points IS NULL OR (max_points > 0 AND max_points <= 100)",
            name="max_points_in_range",
        ),
        CheckConstraint(
            "window_years IS NULL OR (window_years >= 1 AND window_years <= 10)",
            name="window_in_range",
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    rule_set_id: Mapped[int] = mapped_column(
        ForeignKey("credit_rule_sets.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    measure: Mapped[CreditMeasure] = mapped_column(enum_column(CreditMeasure))
    name: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(Text)
    # Points per unit of the measure (negative: a risk), capped in size at max_points.
    points_per_unit: Mapped[Decimal] = mapped_column(Numeric(7, 2))
    max_points: Mapped[Decimal | None] = mapped_column(Numeric(5, 2), default=None)
    # Only what happened in the last N years counts; None: no window (e.g. licenses valid
    # today, blacklist entries not yet removed).
    window_years: Mapped[int | None] = mapped_column(default=None)
