"""监管投诉: complaints received from the national platform, dispatched and handled."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hub.models.base import Base, Timestamped, enum_column
from hub.models.types import BigId


class ComplaintStatus(enum.StrEnum):
    RECEIVED = "RECEIVED"
    DISPATCHED = "DISPATCHED"
    HANDLING = "HANDLING"
    CLOSED = "CLOSED"


class Complaint(Timestamped, Base):
    __tablename__ = "complaints"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    # The national platform's own id: receiving the same complaint twice is a no-op.
    external_id: Mapped[str] = mapped_column(String(64), unique=True)
    entity_id: Mapped[int | None] = mapped_column(
        ForeignKey("market_entities.id"), index=True, default=None
    )
    department_id: Mapped[int | None] = mapped_column(
        ForeignKey("departments.id"), index=True, default=None
    )
    # The handling department's region once dispatched, the entity's before: the region
    # whose departments may see it.
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True)
    status: Mapped[ComplaintStatus] = mapped_column(
        enum_column(ComplaintStatus), default=ComplaintStatus.RECEIVED
    )
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    subject: Mapped[str] = mapped_column(String(200))
    content: Mapped[str] = mapped_column(Text)
    # Personal data: visible only to the handling department.
    complainant_name: Mapped[str] = mapped_column(String(64))
    complainant_phone: Mapped[str | None] = mapped_column(String(32), default=None)
    result: Mapped[str | None] = mapped_column(Text, default=None)
    handled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
