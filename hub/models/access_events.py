"""全程留痕 of reads: who read which market entity's non-public data, when."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from hub.models.base import Base, utcnow
from hub.models.types import BigId


class AccessKind(enum.StrEnum):
    DRAFT_RECORDS = "DRAFT_RECORDS"
    PERSONAL_DATA = "PERSONAL_DATA"
    COMPLAINTS = "COMPLAINTS"


class AccessEvent(Base):
    """Append-only like audit_events; written in batches by hub.access_log.AccessLog."""

    __tablename__ = "access_events"
    __table_args__ = (Index("ix_access_events_entity_id_occurred_at", "entity_id", "occurred_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    entity_id: Mapped[int] = mapped_column(ForeignKey("market_entities.id"))
    # An AccessKind value (a plain string: a new kind needs no migration).
    what: Mapped[str] = mapped_column(String(32))
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
