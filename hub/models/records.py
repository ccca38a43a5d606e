"""监管行为: the supervision record, shared columns of all six kinds.

Each kind keeps its own fields in its own table (joined-table inheritance), so the database
types and constrains them and SQL statistics can group by them. Statements that load whole
records outer-join all kind tables (`hub.queries.records.WHOLE_RECORDS`), so a page of mixed
kinds is still one statement; counts and filters touch the base table alone.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Date,
    DateTime,
    ForeignKey,
    Index,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from hub.models.base import Base, Timestamped, enum_column
from hub.models.types import BigId


class RecordKind(enum.StrEnum):
    LICENSE = "LICENSE"
    INSPECTION = "INSPECTION"
    FILING = "FILING"
    PENALTY = "PENALTY"
    ENFORCEMENT = "ENFORCEMENT"
    BLACKLIST = "BLACKLIST"


class RecordStatus(enum.StrEnum):
    DRAFT = "DRAFT"
    PUBLISHED = "PUBLISHED"
    REVOKED = "REVOKED"
    WITHDRAWN = "WITHDRAWN"


class SubjectCategory(enum.StrEnum):
    """行政相对人类别 of the national 双公示 standard."""

    LEGAL_PERSON = "LEGAL_PERSON"
    NATURAL_PERSON = "NATURAL_PERSON"
    INDIVIDUAL_BUSINESS = "INDIVIDUAL_BUSINESS"


class SupervisionRecord(Timestamped, Base):
    __tablename__ = "supervision_records"
    __table_args__: tuple[Any, ...] = (
        # A decision number is unique per department and kind among live records only: a
        # soft-deleted draft gives its number back (a partial index on both backends).
        # Number first: a batch's lookup of many numbers is an index range scan whatever
        # the planner's statistics say about departments.
        Index(
            "uq_supervision_records_live_decision_number",
            "decision_number",
            "department_id",
            "kind",
            unique=True,
            sqlite_where=text("deleted_at IS NULL"),
            postgresql_where=text("deleted_at IS NULL"),
        ),
        Index("ix_supervision_records_entity_id_decision_date", "entity_id", "decision_date"),
        Index("ix_supervision_records_region_code_decision_date", "region_code", "decision_date"),
        Index("ix_supervision_records_kind_decision_date", "kind", "decision_date"),
        Index("ix_supervision_records_status_decision_date", "status", "decision_date"),
        # A partner's own id of a record: resubmitting it updates the record, never
        # duplicates it (a unique index, not a constraint, so SQLite can add it in place).
        Index(
            "ix_supervision_records_partner_client_id_partner_record_id",
            "partner_client_id",
            "partner_record_id",
            unique=True,
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    kind: Mapped[RecordKind] = mapped_column(enum_column(RecordKind))
    status: Mapped[RecordStatus] = mapped_column(
        enum_column(RecordStatus), default=RecordStatus.DRAFT
    )
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    # The recording department's region, kept on the row so region-subtree filters are one
    # index range scan instead of a join.
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"))
    entity_id: Mapped[int | None] = mapped_column(ForeignKey("market_entities.id"), default=None)
    item_id: Mapped[int | None] = mapped_column(
        ForeignKey("supervision_items.id"), index=True, default=None
    )
    subject_name: Mapped[str] = mapped_column(String(200))
    subject_category: Mapped[SubjectCategory] = mapped_column(enum_column(SubjectCategory))
    subject_uscc: Mapped[str | None] = mapped_column(String(18), default=None)
    # An imported legacy record's subject code that is no USCC at all (wrong length: old
    # 15-digit registration numbers, organisation codes…): kept as it came, with
    # subject_uscc empty, reported, and held back from national push until corrected.
    legacy_subject_code: Mapped[str | None] = mapped_column(String(64), default=None)
    document_name: Mapped[str] = mapped_column(String(200))
    decision_number: Mapped[str] = mapped_column(String(100))
    decision_date: Mapped[date] = mapped_column(Date)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    publication_end_date: Mapped[date | None] = mapped_column(Date, default=None)
    remark: Mapped[str | None] = mapped_column(Text, default=None)
    version: Mapped[int] = mapped_column(default=1)
    # 撤销 / 撤回: when and why publication ended before its time (the audit trail keeps who).
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    revocation_reason: Mapped[str | None] = mapped_column(Text, default=None)
    # Soft delete (drafts only): gone from every read, kept with its audit trail.
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    # Submitted by a partner system: the client and the partner's own id of the record.
    partner_client_id: Mapped[int | None] = mapped_column(
        ForeignKey("partner_clients.id"), default=None
    )
    partner_record_id: Mapped[str | None] = mapped_column(String(100), default=None)

    __mapper_args__ = {
        "polymorphic_on": "kind",
        "version_id_col": version,
    }
