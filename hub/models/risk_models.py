"""风险预警: risk models (information dimensions, thresholds, a level) and the alerts they raise.

A model is data, owned by one department and applied to the market entities of that
department's region subtree. Its dimensions are kept as a JSON list (each one a kind from
`RiskDimensionKind`, a time window and a threshold); `hub.risk.dimensions` turns each kind
into one aggregate over the entity's rows, so adding a kind is one registry entry there.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from hub.models.base import Base, JSONType, Timestamped, enum_column
from hub.models.types import BigId


class RiskLevel(enum.StrEnum):
    """预警等级, from low to high: 蓝 黄 橙 红."""

    BLUE = "BLUE"
    YELLOW = "YELLOW"
    ORANGE = "ORANGE"
    RED = "RED"


class RiskCombination(enum.StrEnum):
    """How a model's dimensions combine: any one crossing raises the alert, or all must."""

    ANY = "ANY"
    ALL = "ALL"


class RiskDimensionKind(enum.StrEnum):
    # Supervision records of the entity decided within the window (optionally of one kind).
    RECORD_COUNT = "RECORD_COUNT"
    # 罚款金额 (万元) of the entity's penalties decided within the window, summed.
    FINE_AMOUNT_SUM = "FINE_AMOUNT_SUM"
    # Complaints about the entity received within the window.
    COMPLAINT_COUNT = "COMPLAINT_COUNT"
    # The worst credit grade the entity was evaluated with within the window (A best, D worst).
    CREDIT_GRADE = "CREDIT_GRADE"


class RiskAlertStatus(enum.StrEnum):
    OPEN = "OPEN"
    ACKNOWLEDGED = "ACKNOWLEDGED"
    CLOSED = "CLOSED"


class RiskModel(Timestamped, Base):
    __tablename__ = "risk_models"
    __table_args__ = (UniqueConstraint("department_id", "name"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    # The owning department's region: the model applies to the entities of its subtree.
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"))
    name: Mapped[str] = mapped_column(String(100))
    description: Mapped[str | None] = mapped_column(Text, default=None)
    level: Mapped[RiskLevel] = mapped_column(enum_column(RiskLevel))
    combination: Mapped[RiskCombination] = mapped_column(enum_column(RiskCombination))
    enabled: Mapped[bool] = mapped_column(default=False)
    # [{"kind", "recordKind", "windowDays", "threshold", "grade"}, ...] (hub.risk.dimensions).
    dimensions: Mapped[list[dict[str, Any]]] = mapped_column(JSONType)
    created_by_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id"), default=None
    )


class RiskAlert(Base):
    __tablename__ = "risk_alerts"
    __table_args__ = (
        # One open (or acknowledged) alert per model and entity: `open_marker` is TRUE until
        # the alert is closed and NULL after, and NULLs never collide in a unique constraint,
        # so closed alerts pile up as history while a second open one cannot exist — even
        # when two evaluations race.
        UniqueConstraint("model_id", "entity_id", "open_marker"),
        Index("ix_risk_alerts_department_id_raised_at", "department_id", "raised_at"),
        Index("ix_risk_alerts_region_code_raised_at", "region_code", "raised_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    model_id: Mapped[int] = mapped_column(ForeignKey("risk_models.id"))
    entity_id: Mapped[int] = mapped_column(ForeignKey("market_entities.id"), index=True)
    # The model's department and its region: whose users see and handle the alert.
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"))
    level: Mapped[RiskLevel] = mapped_column(enum_column(RiskLevel))
    status: Mapped[RiskAlertStatus] = mapped_column(
        enum_column(RiskAlertStatus), default=RiskAlertStatus.OPEN
    )
    open_marker: Mapped[bool | None] = mapped_column(default=True)
    # Which dimension crossed which threshold, with the value found:
    # [{"dimension": index, "kind", "recordKind", "windowDays", "threshold", "grade",
    #   "value"}, ...].
    crossings: Mapped[list[dict[str, Any]]] = mapped_column(JSONType)
    raised_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    acknowledged_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    acknowledged_by_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id"), default=None
    )
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    closed_by_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id"), default=None
    )
    close_note: Mapped[str | None] = mapped_column(Text, default=None)
