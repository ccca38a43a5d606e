"""Statements over the audit trail, always starting from the viewer's readable rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, select

from hub.auth.policy import readable_audit_events
from hub.auth.viewer import Viewer
from hub.db import AnySelect
from hub.models import Account, AuditEvent
from hub.pagination import Ordering, PageArgs

NEWEST_EVENTS_FIRST = Ordering("NEWEST_FIRST", AuditEvent.id, AuditEvent.id, descending=True)


@dataclass(frozen=True, slots=True)
class AuditEventFilter:
    operation: str | None = None
    target_type: str | None = None
    target_id: str | None = None
    # The acting account.
    account_number: str | None = None

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
        return conditions


def _readable(viewer: Viewer, event_filter: AuditEventFilter) -> list[ColumnElement[bool]]:
    return [readable_audit_events(viewer), *event_filter.conditions()]


def audit_events_page(viewer: Viewer, event_filter: AuditEventFilter, page: PageArgs) -> AnySelect:
    return page.apply(select(AuditEvent).where(*_readable(viewer, event_filter)))


def audit_events_count(viewer: Viewer, event_filter: AuditEventFilter) -> AnySelect:
    return select(func.count(AuditEvent.id)).where(*_readable(viewer, event_filter))


def audit_events_by_id(viewer: Viewer, ids: Sequence[int]) -> AnySelect:
    return select(AuditEvent).where(readable_audit_events(viewer), AuditEvent.id.in_(ids))
