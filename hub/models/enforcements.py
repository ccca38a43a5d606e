"""行政强制 records."""

from __future__ import annotations

import enum
from datetime import date

from sqlalchemy import CheckConstraint, Date, ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column

from hub.models.base import enum_column
from hub.models.records import RecordKind, SupervisionRecord
from hub.models.types import BigId


class EnforcementMeasure(enum.StrEnum):
    """行政强制措施 (行政强制法 art. 9)."""

    SEALING_UP = "SEALING_UP"
    SEIZURE = "SEIZURE"
    FREEZING_OF_FUNDS = "FREEZING_OF_FUNDS"
    RESTRICTION_OF_PERSONAL_FREEDOM = "RESTRICTION_OF_PERSONAL_FREEDOM"
    OTHER = "OTHER"


class Enforcement(SupervisionRecord):
    __tablename__ = "enforcements"
    __table_args__ = (
        CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="ends_after_it_starts"),
    )
    __mapper_args__ = {"polymorphic_identity": RecordKind.ENFORCEMENT}

    id: Mapped[int] = mapped_column(
        BigId, ForeignKey("supervision_records.id", ondelete="CASCADE"), primary_key=True
    )
    measure: Mapped[EnforcementMeasure] = mapped_column(enum_column(EnforcementMeasure))
    legal_basis: Mapped[str] = mapped_column(Text)
    content: Mapped[str] = mapped_column(Text)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date, default=None)
