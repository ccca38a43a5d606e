"""行政检查 records."""

from __future__ import annotations

import enum
from datetime import date

from sqlalchemy import Date, ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column

from hub.models.base import enum_column
from hub.models.records import RecordKind, SupervisionRecord
from hub.models.types import BigId


class InspectionResult(enum.StrEnum):
    NORMAL = "NORMAL"
    PROBLEMS_FOUND = "PROBLEMS_FOUND"
    NOT_FOUND_AT_ADDRESS = "NOT_FOUND_AT_ADDRESS"


class Inspection(SupervisionRecord):
    __tablename__ = "inspections"
    __mapper_args__ = {"polymorphic_identity": RecordKind.INSPECTION}

    id: Mapped[int] = mapped_column(
        BigId, ForeignKey("supervision_records.id", ondelete="CASCADE"), primary_key=True
    )
    inspected_on: Mapped[date] = mapped_column(Date)
    result: Mapped[InspectionResult] = mapped_column(enum_column(InspectionResult))
    findings: Mapped[str | None] = mapped_column(Text, default=None)
    handling: Mapped[str | None] = mapped_column(Text, default=None)
