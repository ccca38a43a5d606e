"""Statements over announcements, always starting from the viewer's readable rows."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, select

from hub.auth.policy import readable_announcements
from hub.auth.viewer import Viewer
from hub.db import AnySelect
from hub.domain.regions import subtree_bounds
from hub.models import Announcement, AnnouncementKind, AnnouncementTarget
from hub.pagination import Ordering, PageArgs

NEWEST_ANNOUNCEMENTS_FIRST = Ordering(
    "NEWEST_FIRST", Announcement.id, Announcement.id, descending=True
)
# How many announcements addressed to one entity its page shows.
TARGETED_PER_ENTITY = 50


class AnnouncementOrder(enum.StrEnum):
    NEWEST_FIRST = "NEWEST_FIRST"


@dataclass(frozen=True, slots=True)
class AnnouncementFilter:
    kind: AnnouncementKind | None = None
    region_code: str | None = None
    department_id: int | None = None

    def conditions(self) -> list[ColumnElement[bool]]:
        conditions: list[ColumnElement[bool]] = []
        if self.kind is not None:
            conditions.append(Announcement.kind == self.kind)
        if self.region_code is not None:
            conditions.append(Announcement.region_code.between(*subtree_bounds(self.region_code)))
        if self.department_id is not None:
            conditions.append(Announcement.department_id == self.department_id)
        return conditions


def _readable(viewer: Viewer, announcement_filter: AnnouncementFilter) -> list[ColumnElement[bool]]:
    return [readable_announcements(viewer), *announcement_filter.conditions()]


def announcements_page(
    viewer: Viewer, announcement_filter: AnnouncementFilter, page: PageArgs
) -> AnySelect:
    return page.apply(select(Announcement).where(*_readable(viewer, announcement_filter)))


def announcements_count(viewer: Viewer, announcement_filter: AnnouncementFilter) -> AnySelect:
    return select(func.count(Announcement.id)).where(*_readable(viewer, announcement_filter))


def announcements_targeting(viewer: Viewer, entity_ids: Sequence[int]) -> AnySelect:
    """Targeted announcements with the entity each addresses: (entity_id, Announcement)."""
    position = (
        func.row_number()
        .over(partition_by=AnnouncementTarget.entity_id, order_by=Announcement.id.desc())
        .label("position")
    )
    numbered = (
        select(AnnouncementTarget.entity_id, Announcement.id.label("id"), position)
        .join(Announcement, Announcement.id == AnnouncementTarget.announcement_id)
        .where(AnnouncementTarget.entity_id.in_(entity_ids), readable_announcements(viewer))
        .subquery()
    )
    return (
        select(numbered.c.entity_id, Announcement)
        .join(numbered, numbered.c.id == Announcement.id)
        .where(numbered.c.position <= TARGETED_PER_ENTITY)
        .order_by(numbered.c.entity_id, numbered.c.position)
    )
