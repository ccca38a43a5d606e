"""Statements over market entities, always starting from the viewer's readable rows."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, func, select

from hub.auth.policy import readable_market_entities
from hub.auth.viewer import Viewer
from hub.db import AnySelect
from hub.domain.regions import subtree_bounds
from hub.models import MarketEntity, MarketEntityKind, MarketEntityStatus
from hub.pagination import Ordering, PageArgs


class MarketEntityOrder(enum.StrEnum):
    NAME_ASC = "NAME_ASC"
    NAME_DESC = "NAME_DESC"
    USCC_ASC = "USCC_ASC"
    NEWEST_FIRST = "NEWEST_FIRST"


def _ordering(order: MarketEntityOrder, column: Any, *, descending: bool) -> Ordering:
    return Ordering(order, column, MarketEntity.id, descending=descending)


MARKET_ENTITY_ORDERINGS = {
    MarketEntityOrder.NAME_ASC: _ordering(
        MarketEntityOrder.NAME_ASC, MarketEntity.name, descending=False
    ),
    MarketEntityOrder.NAME_DESC: _ordering(
        MarketEntityOrder.NAME_DESC, MarketEntity.name, descending=True
    ),
    MarketEntityOrder.USCC_ASC: _ordering(
        MarketEntityOrder.USCC_ASC, MarketEntity.uscc, descending=False
    ),
    MarketEntityOrder.NEWEST_FIRST: _ordering(
        MarketEntityOrder.NEWEST_FIRST, MarketEntity.id, descending=True
    ),
}


@dataclass(frozen=True, slots=True)
class MarketEntityFilter:
    region_code: str | None = None
    kinds: frozenset[MarketEntityKind] | None = None
    statuses: frozenset[MarketEntityStatus] | None = None
    name_contains: str | None = None
    uscc_prefix: str | None = None

    def conditions(self) -> list[ColumnElement[bool]]:
        entity = MarketEntity
        conditions: list[ColumnElement[bool]] = []
        if self.region_code is not None:
            conditions.append(entity.region_code.between(*subtree_bounds(self.region_code)))
        if self.kinds:
            conditions.append(entity.kind.in_(sorted(self.kinds)))
        if self.statuses:
            conditions.append(entity.status.in_(sorted(self.statuses)))
        if self.name_contains:
            conditions.append(entity.name.contains(self.name_contains, autoescape=True))
        if self.uscc_prefix:
            conditions.append(entity.uscc.startswith(self.uscc_prefix, autoescape=True))
        return conditions


def _readable(viewer: Viewer, entity_filter: MarketEntityFilter) -> list[ColumnElement[bool]]:
    return [readable_market_entities(viewer), *entity_filter.conditions()]


def market_entities_page(
    viewer: Viewer, entity_filter: MarketEntityFilter, page: PageArgs
) -> AnySelect:
    return page.apply(select(MarketEntity).where(*_readable(viewer, entity_filter)))


def market_entities_count(viewer: Viewer, entity_filter: MarketEntityFilter) -> AnySelect:
    return select(func.count(MarketEntity.id)).where(*_readable(viewer, entity_filter))


def market_entities_by_id(viewer: Viewer, ids: Sequence[int]) -> AnySelect:
    return select(MarketEntity).where(MarketEntity.id.in_(ids), readable_market_entities(viewer))


def market_entities_by_uscc(viewer: Viewer, usccs: Sequence[str]) -> AnySelect:
    return select(MarketEntity).where(
        MarketEntity.uscc.in_(usccs), readable_market_entities(viewer)
    )
