"""The outbox: what the national systems must be told, written in the transaction that
changes the record, delivered later by a worker (at least once, in order of id)."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hub.models.base import Base, enum_column, utcnow
from hub.models.types import BigId


class OutboxTopic(enum.StrEnum):
    """What a message is about, which decides where `hub push` delivers it."""

    # A 双公示 record for the national credit systems (信用中国 / 公示系统 style receivers).
    RECORD = "RECORD"
    # A complaint's handling result, fed back to the national complaint platform.
    COMPLAINT_RESULT = "COMPLAINT_RESULT"
    # A license-linkage notice's outcome, fed back to the registration side (证照联动).
    LINKAGE_FEEDBACK = "LINKAGE_FEEDBACK"


class OutboxChange(enum.StrEnum):
    PUBLISHED = "PUBLISHED"
    # A published record changed: the national copy is replaced.
    UPDATED = "UPDATED"
    REVOKED = "REVOKED"
    WITHDRAWN = "WITHDRAWN"
    # A complaint or linkage notice was handled: its result goes back to where it came from.
    HANDLED = "HANDLED"


class OutboxMessage(Base):
    __tablename__ = "outbox_messages"
    __table_args__ = (
        Index("ix_outbox_messages_delivered_at_next_attempt_at", "delivered_at", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    topic: Mapped[OutboxTopic] = mapped_column(
        enum_column(OutboxTopic), default=OutboxTopic.RECORD, server_default="RECORD"
    )
    # The record a RECORD message describes; other topics name their subject in
    # `subject_key` and leave this empty.
    record_id: Mapped[int | None] = mapped_column(
        ForeignKey("supervision_records.id"), index=True, default=None
    )
    # The subject's version this message describes (the record's `version`); receivers
    # are idempotent on (topic, subject, version).
    record_version: Mapped[int]
    # Non-record subjects: e.g. "complaint:<external id>"; records use "record:<id>".
    subject_key: Mapped[str | None] = mapped_column(String(128), default=None)
    change: Mapped[OutboxChange] = mapped_column(enum_column(OutboxChange))
    # The record in the national 双公示 field names (hub.collection.national).
    payload: Mapped[dict[str, Any]]
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text, default=None)
