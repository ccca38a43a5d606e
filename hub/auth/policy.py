"""What rows a viewer may read: one statement builder per concept, used by every query.

Every list, count, page, lookup by id and nested relation starts from these clauses, so a
viewer never receives, counts or pages through a row it may not see. They are SQL
expressions, not Python checks, so the same rules can be compiled into larger statements.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import ColumnElement, and_, exists, false, or_, select, true
from sqlalchemy.orm import InstrumentedAttribute

from hub.auth.directives import VisibilityRule
from hub.auth.permissions import PartnerScope, Permission
from hub.auth.viewer import Viewer, ViewerKind
from hub.domain.regions import subtree_bounds
from hub.models import (
    MARKET_SUPERVISION_CODE,
    Account,
    Announcement,
    AnnouncementStatus,
    AuditEvent,
    Complaint,
    Department,
    OrgUnit,
    PartnerClient,
    PartnerClientDepartment,
    PermissionGrant,
    RecordStatus,
    RiskAlert,
    RiskModel,
    SupervisionItem,
    SupervisionItemStatus,
    SupervisionRecord,
    User,
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
    # A deleted draft is gone from every read; it stays in the table with its audit trail.
    live = SupervisionRecord.deleted_at.is_(None)
    public = publicly_visible_records(now or utcnow())
    if viewer.kind is ViewerKind.PUBLIC or viewer.department_id is None:
        return and_(live, public)
    own = SupervisionRecord.department_id == viewer.department_id
    if viewer.has(Permission.CROSS_DEPARTMENT_QUERY) and viewer.region_code:
        subtree = _in_subtree(SupervisionRecord.region_code, viewer.region_code)
        return and_(live, or_(own, subtree, public))
    return and_(live, or_(own, public))


def readable_partner_submissions(viewer: Viewer) -> ColumnElement[bool]:
    """A partner system reads back the records it submitted (drafts too), nothing else."""
    if viewer.kind is not ViewerKind.PARTNER or viewer.partner_client_id is None:
        return false()
    if PartnerScope.RECORDS_READ not in viewer.partner_scopes:
        return false()
    return and_(
        SupervisionRecord.deleted_at.is_(None),
        SupervisionRecord.partner_client_id == viewer.partner_client_id,
    )


_PERMISSION_NAMES = {
    Permission.RECORD_ENTRY: "监管信息归集",
    Permission.PUBLISH_RECORDS: "公示管理",
}


def writable_department(
    viewer: Viewer, department_id: int, permission: Permission = Permission.RECORD_ENTRY
) -> str | None:
    """Whether the viewer may change the supervision records (or announcements) of a
    department: None if it may, else the reason it may not.

    Staff: only its own department, holding `permission` (RECORD_ENTRY to enter,
    PUBLISH_RECORDS to publish, revoke and announce). Partner systems: the departments
    their client is bound to (they submit; publishing is part of the submission)."""
    match viewer.kind:
        case ViewerKind.STAFF:
            if viewer.department_id is None:
                return "需要以部门账号登录"
            if not viewer.has(permission):
                return f"尚未获得{_PERMISSION_NAMES.get(permission, permission.value)}权限"
            if department_id != viewer.department_id:
                return "只能管理本部门的监管信息"
            return None
        case ViewerKind.PARTNER:
            if department_id not in viewer.partner_department_ids:
                return "该对接系统未绑定此部门"
            return None
        case _:
            return "需要登录"


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
FIRST_SIGN_IN_FIELDS = frozenset(
    {"me", "completeFirstLogin", "login", "refreshToken", "logout", "__typename"}
)


def root_field_allowed(viewer: Viewer, field_name: str) -> bool:
    return not viewer.password_change_required or field_name in FIRST_SIGN_IN_FIELDS


# --- organisation: accounts, users, org units, grants, audit trail, partner clients -------
# A department administrator administers its own department; a region administrator also
# every department of its region subtree. Everything below starts from that scope.


def _administered(column: InstrumentedAttribute[int | None], viewer: Viewer) -> ColumnElement[bool]:
    """`column` (a department id) names a department the viewer administers."""
    if viewer.kind is not ViewerKind.STAFF or viewer.department_id is None:
        return false()
    if viewer.is_region_administrator and viewer.region_code:
        subtree = select(Department.id).where(
            _in_subtree(Department.region_code, viewer.region_code)
        )
        return column.in_(subtree)
    if viewer.is_department_administrator:
        return column == viewer.department_id
    return false()


def readable_accounts(viewer: Viewer) -> ColumnElement[bool]:
    """Administrators read the accounts of their scope; every account reads itself."""
    if viewer.kind is not ViewerKind.STAFF:
        return false()
    return or_(_administered(Account.department_id, viewer), Account.id == viewer.account_id)


def readable_users(viewer: Viewer) -> ColumnElement[bool]:
    """Users registered by, or holding an account of, a department the viewer administers;
    and the viewer's own user."""
    if viewer.kind is not ViewerKind.STAFF:
        return false()
    holders = select(Account.user_id).where(
        Account.user_id.is_not(None), _administered(Account.department_id, viewer)
    )
    return or_(
        _administered(User.department_id, viewer),
        User.id.in_(holders),
        User.id == viewer.user_id,
    )


def readable_org_units(viewer: Viewer) -> ColumnElement[bool]:
    """A department's internal units are known to all its staff and its administrators."""
    if viewer.kind is not ViewerKind.STAFF:
        return false()
    return or_(
        _administered(OrgUnit.department_id, viewer),
        OrgUnit.department_id == viewer.department_id,
    )


def readable_permission_grants(viewer: Viewer) -> ColumnElement[bool]:
    """Grants to what the viewer may read (accounts, departments it administers, org units),
    grants to its own department, and the grants it gave."""
    if viewer.kind is not ViewerKind.STAFF:
        return false()
    return or_(
        PermissionGrant.account_id.in_(select(Account.id).where(readable_accounts(viewer))),
        _administered(PermissionGrant.department_id, viewer),
        PermissionGrant.department_id == viewer.department_id,
        PermissionGrant.org_unit_id.in_(select(OrgUnit.id).where(readable_org_units(viewer))),
        PermissionGrant.granted_by_account_id == viewer.account_id,
    )


def readable_audit_events(viewer: Viewer) -> ColumnElement[bool]:
    """全程留痕: administrators read the trail of their scope; VIEW_AUDIT holders that of their
    department, or of their region subtree when they belong to its market-supervision
    department (which administers the region)."""
    if viewer.kind is not ViewerKind.STAFF or viewer.department_id is None:
        return false()
    scopes = [_administered(AuditEvent.department_id, viewer)]
    if viewer.has(Permission.VIEW_AUDIT):
        if viewer.department_code == MARKET_SUPERVISION_CODE and viewer.region_code:
            subtree = select(Department.id).where(
                _in_subtree(Department.region_code, viewer.region_code)
            )
            scopes.append(AuditEvent.department_id.in_(subtree))
        else:
            scopes.append(AuditEvent.department_id == viewer.department_id)
    return or_(*scopes)


def readable_partner_clients(viewer: Viewer) -> ColumnElement[bool]:
    """Clients bound to a department the viewer administers, and those it created."""
    if viewer.kind is not ViewerKind.STAFF:
        return false()
    bound = exists().where(
        PartnerClientDepartment.client_id == PartnerClient.id,
        _administered(PartnerClientDepartment.department_id, viewer),
    )
    return or_(bound, PartnerClient.created_by_account_id == viewer.account_id)


# --- 风险预警 and 对监管的监管 -----------------------------------------------------------
# A department's risk models and their alerts are its own; CROSS_DEPARTMENT_QUERY holders
# also read those of the departments of their region subtree.


def readable_risk_models(viewer: Viewer) -> ColumnElement[bool]:
    if viewer.kind is not ViewerKind.STAFF or viewer.department_id is None:
        return false()
    own = RiskModel.department_id == viewer.department_id
    if viewer.has(Permission.CROSS_DEPARTMENT_QUERY) and viewer.region_code:
        return or_(own, _in_subtree(RiskModel.region_code, viewer.region_code))
    return own


def readable_risk_alerts(viewer: Viewer) -> ColumnElement[bool]:
    if viewer.kind is not ViewerKind.STAFF or viewer.department_id is None:
        return false()
    own = RiskAlert.department_id == viewer.department_id
    if viewer.has(Permission.CROSS_DEPARTMENT_QUERY) and viewer.region_code:
        return or_(own, _in_subtree(RiskAlert.region_code, viewer.region_code))
    return own


def risk_management_refusal(viewer: Viewer, department_id: int | None = None) -> str | None:
    """Whether the viewer may define risk models and handle alerts of a department (its
    own, holding MANAGE_RISK): None if it may, else the reason it may not. Without a
    department: whether it may manage risk at all (e.g. subscribe to alerts)."""
    if viewer.kind is not ViewerKind.STAFF or viewer.department_id is None:
        return "需要以部门账号登录"
    if not viewer.has(Permission.MANAGE_RISK):
        return "尚未获得风险预警权限"
    if department_id is not None and department_id != viewer.department_id:
        return "只能管理本部门的风险模型与预警"
    return None


def statistics_region(viewer: Viewer) -> str | None:
    """The region subtree whose oversight statistics the viewer may read (VIEW_STATISTICS or
    CROSS_DEPARTMENT_QUERY holders: their own region's), or None when it may read none."""
    if viewer.kind is not ViewerKind.STAFF or viewer.region_code is None:
        return None
    if viewer.has(Permission.VIEW_STATISTICS) or viewer.has(Permission.CROSS_DEPARTMENT_QUERY):
        return viewer.region_code
    return None
