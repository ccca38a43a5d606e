"""Statements over the access log (who read which entity's non-public data), always
starting from the viewer's readable rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, func, select

from hub.auth.policy import readable_access_events
from hub.auth.viewer import Viewer
from hub.db import AnySelect
from hub.models import AccessEvent, MarketEntity
from hub.pagination import Ordering, PageArgs

NEWEST_ACCESSES_FIRST = Ordering("NEWEST_FIRST", AccessEvent.id, AccessEvent.id, descending=True)


@dataclass(frozen=True, slots=True)
class AccessEventFilter:
    entity_uscc: str | None = None
    account_id: int | None = None
    occurred_from: datetime | None = None
    occurred_to: datetime | None = None

    def conditions(self) -> list[ColumnElement[bool]]:
        conditions: list[ColumnElement[bool]] = []
        if self.entity_uscc is not None:
            entity = select(MarketEntity.id).where(MarketEntity.uscc == self.entity_uscc)
            conditions.append(AccessEvent.entity_id.in_(entity))
        if self.account_id is not None:
            conditions.append(AccessEvent.account_id == self.account_id)
        if self.occurred_from is not None:
            conditions.append(AccessEvent.occurred_at >= self.occurred_from)
        if self.occurred_to is not None:
            conditions.append(AccessEvent.occurred_at < self.occurred_to)
        return conditions


def _readable(viewer: Viewer, access_filter: AccessEventFilter) -> list[ColumnElement[bool]]:
    return [readable_access_events(viewer), *access_filter.conditions()]


def access_events_page(
    viewer: Viewer, access_filter: AccessEventFilter, page: PageArgs
) -> AnySelect:
    return page.apply(select(AccessEvent).where(*_readable(viewer, access_filter)))


def access_events_count(viewer: Viewer, access_filter: AccessEventFilter) -> AnySelect:
    return select(func.count(AccessEvent.id)).where(*_readable(viewer, access_filter))
