"""监管投诉: complaints received from the national platform, associated with a market
entity, dispatched to a department by rules, handled, and their result fed back."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from hub.models.base import Base, JSONType, Timestamped, enum_column
from hub.models.regions import RegionLevel
from hub.models.types import BigId


class ComplaintStatus(enum.StrEnum):
    RECEIVED = "RECEIVED"
    DISPATCHED = "DISPATCHED"
    HANDLING = "HANDLING"
    CLOSED = "CLOSED"


class EntityMatch(enum.StrEnum):
    """How the complaint's subject was found in the entity directory."""

    # The USCC the complainant gave is valid and names an entity.
    USCC = "USCC"
    # The name given is exactly an entity's name (one entity only).
    EXACT_NAME = "EXACT_NAME"
    # One candidate scored high enough, and clearly above the next, to be taken as is.
    FUZZY_NAME = "FUZZY_NAME"
    # Candidates were found but none confidently: a person has to choose.
    PENDING = "PENDING"
    # A person chose the entity.
    CONFIRMED = "CONFIRMED"
    # Nothing in the directory resembles the subject (e.g. a street vendor).
    NOT_FOUND = "NOT_FOUND"


class ComplaintOutcome(enum.StrEnum):
    """办理结论."""

    SUBSTANTIATED = "SUBSTANTIATED"  # 属实
    PARTLY_SUBSTANTIATED = "PARTLY_SUBSTANTIATED"  # 部分属实
    UNSUBSTANTIATED = "UNSUBSTANTIATED"  # 不属实


class Complaint(Timestamped, Base):
    __tablename__ = "complaints"
    __table_args__ = (Index("ix_complaints_status_deadline_at", "status", "deadline_at"),)

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

    # As the feed gave them: what the dispatch rules and the entity match read.
    category: Mapped[str | None] = mapped_column(String(32), default=None)
    channel: Mapped[str | None] = mapped_column(String(32), default=None)
    subject_name: Mapped[str | None] = mapped_column(String(200), default=None)
    subject_uscc: Mapped[str | None] = mapped_column(String(32), default=None)
    # None on rows that predate matching (demo rows made by the generator).
    entity_match: Mapped[EntityMatch | None] = mapped_column(
        enum_column(EntityMatch), index=True, default=None
    )
    # Dispatch: when, by which rule (None: by hand), why, and by when it must be handled.
    dispatched_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    dispatch_rule_id: Mapped[int | None] = mapped_column(
        ForeignKey("complaint_dispatch_rules.id"), default=None
    )
    dispatch_reason: Mapped[str | None] = mapped_column(Text, default=None)
    deadline_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    outcome: Mapped[ComplaintOutcome | None] = mapped_column(
        enum_column(ComplaintOutcome), default=None
    )
    # 处理措施: what the department did (责令改正, 立案调查, 调解…).
    measures: Mapped[str | None] = mapped_column(Text, default=None)


class ComplaintCandidate(Base):
    """An entity the subject's name resembles, with its score (0-100): shown to the person
    who confirms the association."""

    __tablename__ = "complaint_candidates"
    __table_args__ = (UniqueConstraint("complaint_id", "entity_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id"), index=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("market_entities.id"))
    score: Mapped[float] = mapped_column(Float)
    rank: Mapped[int] = mapped_column(Integer)


class ComplaintDispatchRule(Timestamped, Base):
    """分派规则: complaints of a category (or mentioning a keyword) whose entity is in
    `region_code`'s subtree go to the department with `department_code` at `level` in the
    entity's region chain. The lowest `priority` wins; more specific regions break ties."""

    __tablename__ = "complaint_dispatch_rules"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True)
    # None: any category.
    category: Mapped[str | None] = mapped_column(String(32), default=None)
    # Any of them in the subject or content; empty: no keyword needed.
    keywords: Mapped[list[str]] = mapped_column(JSONType, default=list)
    department_code: Mapped[str] = mapped_column(String(3))
    level: Mapped[RegionLevel] = mapped_column(enum_column(RegionLevel))
    deadline_days: Mapped[int] = mapped_column(Integer, default=15)
    priority: Mapped[int] = mapped_column(Integer, default=100)
    enabled: Mapped[bool] = mapped_column(default=True)
    created_by_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id"), default=None
    )


class ComplaintFeedCursor(Base):
    """How far the hub has read a feed: advanced in the transaction that stores the page,
    so a pull that fails half-way resumes at the first page it did not store."""

    __tablename__ = "complaint_feed_cursors"

    feed: Mapped[str] = mapped_column(String(64), primary_key=True)
    cursor: Mapped[str] = mapped_column(String(128))
    pulled_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
