"""Statements over complaints, always starting from the viewer's readable rows."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select

from hub.auth.policy import readable_complaints
from hub.auth.viewer import Viewer
from hub.db import AnySelect
from hub.models import Complaint
from hub.pagination import Ordering, PageArgs, page_per_parent, parse_datetime

NEWEST_COMPLAINTS_FIRST = Ordering(
    "RECEIVED_AT_DESC", Complaint.received_at, Complaint.id, descending=True, parse=parse_datetime
)


def complaints_page_per_entity(
    viewer: Viewer, page: PageArgs, entity_ids: Sequence[int]
) -> AnySelect:
    return page_per_parent(
        Complaint, Complaint.entity_id, entity_ids, [readable_complaints(viewer)], page
    )


def complaints_count_per_entity(viewer: Viewer, entity_ids: Sequence[int]) -> AnySelect:
    return (
        select(Complaint.entity_id, func.count(Complaint.id))
        .where(readable_complaints(viewer), Complaint.entity_id.in_(entity_ids))
        .group_by(Complaint.entity_id)
    )


def complaints_page(viewer: Viewer, page: PageArgs) -> AnySelect:
    return page.apply(select(Complaint).where(readable_complaints(viewer)))


def complaints_count(viewer: Viewer) -> AnySelect:
    return select(func.count(Complaint.id)).where(readable_complaints(viewer))
