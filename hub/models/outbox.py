"""The outbox: what the national systems must be told, written in the transaction that
changes the record, delivered later by a worker (at least once, in order of id)."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Index, Text
from sqlalchemy.orm import Mapped, mapped_column

from hub.models.base import Base, enum_column, utcnow
from hub.models.types import BigId


class OutboxChange(enum.StrEnum):
    PUBLISHED = "PUBLISHED"
    # A published record changed: the national copy is replaced.
    UPDATED = "UPDATED"
    REVOKED = "REVOKED"
    WITHDRAWN = "WITHDRAWN"


class OutboxMessage(Base):
    __tablename__ = "outbox_messages"
    __table_args__ = (
        Index("ix_outbox_messages_delivered_at_next_attempt_at", "delivered_at", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("supervision_records.id"), index=True)
    # The record's version this message describes.
    record_version: Mapped[int]
    change: Mapped[OutboxChange] = mapped_column(enum_column(OutboxChange))
    # The record in the national 双公示 field names (hub.collection.national).
    payload: Mapped[dict[str, Any]]
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text, default=None)
