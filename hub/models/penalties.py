"""行政处罚 records."""

from __future__ import annotations

import enum
from datetime import date
from decimal import Decimal

from sqlalchemy import CheckConstraint, Date, ForeignKey, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hub.models.base import JSONType
from hub.models.records import RecordKind, SupervisionRecord
from hub.models.types import BigId


class PenaltyType(enum.StrEnum):
    """处罚类别; several may apply to one decision."""

    WARNING = "WARNING"
    FINE = "FINE"
    CONFISCATION_OF_ILLEGAL_GAINS = "CONFISCATION_OF_ILLEGAL_GAINS"
    CONFISCATION_OF_ILLEGAL_PROPERTY = "CONFISCATION_OF_ILLEGAL_PROPERTY"
    SUSPENSION_OF_BUSINESS = "SUSPENSION_OF_BUSINESS"
    LICENSE_SUSPENSION_OR_REVOCATION = "LICENSE_SUSPENSION_OR_REVOCATION"
    DETENTION = "DETENTION"
    OTHER = "OTHER"


class Penalty(SupervisionRecord):
    __tablename__ = "penalties"
    __table_args__ = (
        CheckConstraint("fine_amount IS NULL OR fine_amount >= 0", name="fine_not_negative"),
        CheckConstraint(
            "confiscated_amount IS NULL OR confiscated_amount >= 0",
            name="confiscated_not_negative",
        ),
    )
    __mapper_args__ = {"polymorphic_identity": RecordKind.PENALTY}

    id: Mapped[int] = mapped_column(
        BigId, ForeignKey("supervision_records.id", ondelete="CASCADE"), primary_key=True
    )
    violation_type: Mapped[str] = mapped_column(String(200))
    violation_facts: Mapped[str] = mapped_column(Text)
    legal_basis: Mapped[str] = mapped_column(Text)
    # A list of PenaltyType values; a JSON array because one decision may carry several.
    penalty_types: Mapped[list[str]] = mapped_column(JSONType)
    content: Mapped[str] = mapped_column(Text)
    # 万元, as the national exchange expects.
    fine_amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 6), default=None)
    confiscated_amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 6), default=None)
    suspended_license: Mapped[str | None] = mapped_column(String(200), default=None)
    # 处罚有效期: how long the penalty binds the subject; publication may end earlier
    # (credit repair) and is the record's publication_end_date.
    penalty_valid_until: Mapped[date | None] = mapped_column(Date, default=None)
