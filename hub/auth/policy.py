"""What rows a viewer may read: one statement builder per concept, used by every query.

Every list, count, page, lookup by id and nested relation starts from these clauses, so a
viewer never receives, counts or pages through a row it may not see. They are SQL
expressions, not Python checks, so the same rules can be compiled into larger statements.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import ColumnElement, and_, false, or_, true
from sqlalchemy.orm import InstrumentedAttribute

from hub.auth.directives import VisibilityRule
from hub.auth.permissions import Permission
from hub.auth.viewer import Viewer, ViewerKind
from hub.domain.regions import subtree_bounds
from hub.models import (
    Announcement,
    AnnouncementStatus,
    Complaint,
    RecordStatus,
    SupervisionItem,
    SupervisionItemStatus,
    SupervisionRecord,
)
from hub.models.base import utcnow


def _in_subtree(column: InstrumentedAttribute[str], region_code: str) -> ColumnElement[bool]:
    low, high = subtree_bounds(region_code)
    return column.between(low, high)


def publicly_visible_records(now: datetime) -> ColumnElement[bool]:
    """公示: published, publication started, and its period (if any) not yet over."""
    today: date = now.date()
    return and_(
        SupervisionRecord.status == RecordStatus.PUBLISHED,
        SupervisionRecord.published_at <= now,
        or_(
            SupervisionRecord.publication_end_date.is_(None),
            SupervisionRecord.publication_end_date >= today,
        ),
    )


def readable_records(viewer: Viewer, now: datetime | None = None) -> ColumnElement[bool]:
    public = publicly_visible_records(now or utcnow())
    if viewer.kind is ViewerKind.PUBLIC or viewer.department_id is None:
        return public
    own = SupervisionRecord.department_id == viewer.department_id
    if viewer.has(Permission.CROSS_DEPARTMENT_QUERY) and viewer.region_code:
        return or_(own, _in_subtree(SupervisionRecord.region_code, viewer.region_code), public)
    return or_(own, public)


def readable_announcements(viewer: Viewer) -> ColumnElement[bool]:
    published = Announcement.status == AnnouncementStatus.PUBLISHED
    if viewer.kind is ViewerKind.PUBLIC or viewer.department_id is None:
        return published
    return or_(published, Announcement.department_id == viewer.department_id)


def readable_complaints(viewer: Viewer) -> ColumnElement[bool]:
    """Complaints are never public; a department reads those dispatched to it."""
    if viewer.kind is not ViewerKind.STAFF or viewer.department_id is None:
        return false()
    own = Complaint.department_id == viewer.department_id
    if viewer.has(Permission.CROSS_DEPARTMENT_QUERY) and viewer.region_code:
        return or_(own, _in_subtree(Complaint.region_code, viewer.region_code))
    return own


def readable_supervision_items(viewer: Viewer) -> ColumnElement[bool]:
    if viewer.kind is ViewerKind.STAFF:
        return true()
    return SupervisionItem.status == SupervisionItemStatus.PUBLISHED


def readable_credit_evaluations(viewer: Viewer) -> ColumnElement[bool]:
    """Credit grades steer supervision (分级分类监管); they are not published."""
    return true() if viewer.kind is ViewerKind.STAFF else false()


def readable_market_entities(viewer: Viewer) -> ColumnElement[bool]:
    """The entity directory (名录) is public; personal fields are guarded per field."""
    return true()


class FieldAccess(enum.Enum):
    ALLOW = "ALLOW"
    # Show a masked value (2101**********1234) where the directive names a mask, else null
    # with a FORBIDDEN error.
    DENY = "DENY"


def field_access(
    viewer: Viewer, rule: VisibilityRule, owner_department_id: int | None
) -> FieldAccess:
    """Whether the viewer may read a field carrying `@visibility(rule)` on a row owned by
    `owner_department_id` (None: no single owning department, e.g. an entity's
    legal representative)."""
    if viewer.kind is not ViewerKind.STAFF:
        return FieldAccess.DENY
    own_row = owner_department_id is not None and owner_department_id == viewer.department_id
    match rule:
        case VisibilityRule.STAFF:
            allowed = True
        case VisibilityRule.OWN_DEPARTMENT:
            allowed = own_row
        case VisibilityRule.PERSONAL_DATA:
            allowed = own_row or viewer.has(Permission.PERSONAL_DATA)
        case VisibilityRule.ADMINISTRATOR:
            allowed = viewer.is_department_administrator
    return FieldAccess.ALLOW if allowed else FieldAccess.DENY


# While an account still carries its initial password it may only finish the first
# sign-in (DOMAIN.md: before anything else).
FIRST_SIGN_IN_FIELDS = frozenset({"me", "completeFirstLogin", "logout", "__typename"})


def root_field_allowed(viewer: Viewer, field_name: str) -> bool:
    return not viewer.password_change_required or field_name in FIRST_SIGN_IN_FIELDS
