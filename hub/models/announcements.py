"""监管公告: general announcements (普发性) and targeted notices to named entities (特指性)."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hub.models.base import Base, Timestamped, enum_column
from hub.models.types import BigId


class AnnouncementKind(enum.StrEnum):
    GENERAL = "GENERAL"
    TARGETED = "TARGETED"


class AnnouncementStatus(enum.StrEnum):
    DRAFT = "DRAFT"
    PUBLISHED = "PUBLISHED"
    WITHDRAWN = "WITHDRAWN"


class Announcement(Timestamped, Base):
    __tablename__ = "announcements"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True)
    kind: Mapped[AnnouncementKind] = mapped_column(enum_column(AnnouncementKind))
    status: Mapped[AnnouncementStatus] = mapped_column(
        enum_column(AnnouncementStatus), default=AnnouncementStatus.DRAFT
    )
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    published_at: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True), index=True, default=None
    )
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)


class AnnouncementTarget(Base):
    """A market entity a targeted announcement is addressed to."""

    __tablename__ = "announcement_targets"

    announcement_id: Mapped[int] = mapped_column(
        ForeignKey("announcements.id", ondelete="CASCADE"), primary_key=True
    )
    entity_id: Mapped[int] = mapped_column(
        ForeignKey("market_entities.id"), primary_key=True, index=True
    )
