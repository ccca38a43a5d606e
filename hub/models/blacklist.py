"""违法失信 (黑名单) records."""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hub.models.records import RecordKind, SupervisionRecord
from hub.models.types import BigId


class BlacklistEntry(SupervisionRecord):
    __tablename__ = "blacklist_entries"
    __table_args__ = (
        CheckConstraint(
            "removal_date IS NULL OR removal_date >= listed_on", name="removed_after_listed"
        ),
    )
    __mapper_args__ = {"polymorphic_identity": RecordKind.BLACKLIST}

    id: Mapped[int] = mapped_column(
        BigId, ForeignKey("supervision_records.id", ondelete="CASCADE"), primary_key=True
    )
    reason: Mapped[str] = mapped_column(Text)
    listing_authority: Mapped[str] = mapped_column(String(200))
    listed_on: Mapped[date] = mapped_column(Date)
    removal_date: Mapped[date | None] = mapped_column(Date, default=None)
