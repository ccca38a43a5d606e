"""Statements over the audit trail, always starting from the viewer's readable rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, String, and_, cast, func, or_, select

from hub.auth.policy import readable_audit_events
from hub.auth.viewer import Viewer
from hub.db import AnySelect
from hub.models import Account, AuditEvent, MarketEntity, SupervisionRecord, User
from hub.pagination import Ordering, PageArgs

NEWEST_EVENTS_FIRST = Ordering("NEWEST_FIRST", AuditEvent.id, AuditEvent.id, descending=True)
# Histories read as a story: the first change first.
OLDEST_EVENTS_FIRST = Ordering("OLDEST_FIRST", AuditEvent.id, AuditEvent.id, descending=False)

# The target types of the changes a history covers (hub.collection writes them).
RECORD_TARGET = "SupervisionRecord"
ENTITY_TARGET = "MarketEntity"


@dataclass(frozen=True, slots=True)
class AuditEventFilter:
    operation: str | None = None
    target_type: str | None = None
    target_id: str | None = None
    # The acting account.
    account_number: str | None = None
    account_id: int | None = None
    # Everything about one market entity (by USCC): the entity itself and its records.
    entity_uscc: str | None = None
    occurred_from: datetime | None = None
    occurred_to: datetime | None = None

    def conditions(self) -> list[ColumnElement[bool]]:
        conditions: list[ColumnElement[bool]] = []
        if self.operation is not None:
            conditions.append(AuditEvent.operation == self.operation)
        if self.target_type is not None:
            conditions.append(AuditEvent.target_type == self.target_type)
        if self.target_id is not None:
            conditions.append(AuditEvent.target_id == self.target_id)
        if self.account_number is not None:
            actor = select(Account.id).where(Account.number == self.account_number)
            conditions.append(AuditEvent.account_id.in_(actor))
        if self.account_id is not None:
            conditions.append(AuditEvent.account_id == self.account_id)
        if self.entity_uscc is not None:
            conditions.append(_about_entity(self.entity_uscc))
        if self.occurred_from is not None:
            conditions.append(AuditEvent.occurred_at >= self.occurred_from)
        if self.occurred_to is not None:
            conditions.append(AuditEvent.occurred_at < self.occurred_to)
        return conditions


def _about_entity(uscc: str) -> ColumnElement[bool]:
    """Events whose target is the entity or one of its records (deleted drafts too: their
    history outlives them). Target ids are strings; the ids are compared as text."""
    entity_ids = select(cast(MarketEntity.id, String)).where(MarketEntity.uscc == uscc)
    record_ids = select(cast(SupervisionRecord.id, String)).where(
        SupervisionRecord.entity_id.in_(select(MarketEntity.id).where(MarketEntity.uscc == uscc))
    )
    return or_(
        and_(AuditEvent.target_type == ENTITY_TARGET, AuditEvent.target_id.in_(entity_ids)),
        and_(AuditEvent.target_type == RECORD_TARGET, AuditEvent.target_id.in_(record_ids)),
    )


def record_history_filter(record_id: int) -> AuditEventFilter:
    return AuditEventFilter(target_type=RECORD_TARGET, target_id=str(record_id))


def _readable(viewer: Viewer, event_filter: AuditEventFilter) -> list[ColumnElement[bool]]:
    return [readable_audit_events(viewer), *event_filter.conditions()]


def audit_events_page(viewer: Viewer, event_filter: AuditEventFilter, page: PageArgs) -> AnySelect:
    return page.apply(select(AuditEvent).where(*_readable(viewer, event_filter)))


def audit_events_count(viewer: Viewer, event_filter: AuditEventFilter) -> AnySelect:
    return select(func.count(AuditEvent.id)).where(*_readable(viewer, event_filter))


def audit_events_by_id(viewer: Viewer, ids: Sequence[int]) -> AnySelect:
    return select(AuditEvent).where(readable_audit_events(viewer), AuditEvent.id.in_(ids))


def actor_names(user_ids: Sequence[int]) -> AnySelect:
    """(id, name): the real-name person who acted (实名制), as the trail names them to those
    who may read the trail; the users' other details stay behind `readable_users`."""
    return select(User.id, User.name).where(User.id.in_(user_ids))
