"""信用分类监管: credit evaluations of market entities, the hub's own and the national one."""

from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, Numeric
from sqlalchemy.orm import Mapped, mapped_column

from hub.models.base import Base, enum_column
from hub.models.types import BigId


class CreditGrade(enum.StrEnum):
    A = "A"
    B = "B"
    C = "C"
    D = "D"


class CreditSource(enum.StrEnum):
    HUB = "HUB"
    NATIONAL = "NATIONAL"


class CreditEvaluation(Base):
    __tablename__ = "credit_evaluations"
    __table_args__ = (
        CheckConstraint("score >= 0 AND score <= 100", name="score_between_0_and_100"),
        Index("ix_credit_evaluations_entity_id_evaluated_at", "entity_id", "evaluated_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("market_entities.id"))
    source: Mapped[CreditSource] = mapped_column(enum_column(CreditSource))
    grade: Mapped[CreditGrade] = mapped_column(enum_column(CreditGrade))
    score: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    evaluated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # How the grade came about: {"source": ..., "indicators": [{"indicator", "value",
    # "points"}, ...], "score": ...} (hub.credit.engine writes the hub's).
    explanation: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # The rule set version a hub evaluation was computed with (None: national, or legacy).
    rule_set_id: Mapped[int | None] = mapped_column(
        ForeignKey("credit_rule_sets.id"), index=True, default=None
    )
