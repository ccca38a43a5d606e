"""全程留痕: one append-only event per change, written in the changing transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, DateTime, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from hub.models.base import Base, utcnow
from hub.models.types import BigId


class AuditEvent(Base):
    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_events_target", "target_type", "target_id"),
        Index("ix_audit_events_account_id_occurred_at", "account_id", "occurred_at"),
        Index("ix_audit_events_chain_sequence", "chain_sequence", unique=True),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Who: an account (and the user holding it then), or a partner client; both None for
    # the system itself (demo load, scheduled jobs).
    account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL"), default=None
    )
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    partner_client_id: Mapped[int | None] = mapped_column(
        ForeignKey("partner_clients.id", ondelete="SET NULL"), default=None
    )
    # The department whose administrators may read the event.
    department_id: Mapped[int | None] = mapped_column(
        ForeignKey("departments.id", ondelete="SET NULL"), index=True, default=None
    )
    client_address: Mapped[str | None] = mapped_column(String(64), default=None)
    operation: Mapped[str] = mapped_column(String(64), index=True)
    target_type: Mapped[str] = mapped_column(String(64))
    target_id: Mapped[str] = mapped_column(String(64))
    # The changed fields only: {"field": value}; personal data is stored masked.
    before: Mapped[dict[str, Any]] = mapped_column(default=dict)
    after: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # The hash chain (hub.audit_chain): position in commit order, the previous event's
    # hash ("" for the first) and SHA-256 over this event's content and previous_hash.
    # Set at flush; NULL never after migration 0007 (which backfills older events).
    chain_sequence: Mapped[int | None] = mapped_column(BigInteger, default=None)
    previous_hash: Mapped[str | None] = mapped_column(String(64), default=None)
    hash: Mapped[str | None] = mapped_column(String(64), default=None)
