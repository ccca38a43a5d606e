"""行政备案 records."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hub.models.records import RecordKind, SupervisionRecord
from hub.models.types import BigId


class Filing(SupervisionRecord):
    __tablename__ = "filings"
    __mapper_args__ = {"polymorphic_identity": RecordKind.FILING}

    id: Mapped[int] = mapped_column(
        BigId, ForeignKey("supervision_records.id", ondelete="CASCADE"), primary_key=True
    )
    filing_subject: Mapped[str] = mapped_column(String(200))
    filed_on: Mapped[date] = mapped_column(Date)
    content: Mapped[str | None] = mapped_column(Text, default=None)
