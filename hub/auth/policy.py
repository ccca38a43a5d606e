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
    AccessEvent,
    Account,
    Announcement,
    AnnouncementStatus,
    AuditEvent,
    Complaint,
    Department,
    EntityRegistration,
    LinkageNotice,
    MarketEntity,
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
from hub.reference import PROVINCE_CODE


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
    own = or_(Complaint.department_id == viewer.department_id, complaint_dispatch_scope(viewer))
    if viewer.has(Permission.CROSS_DEPARTMENT_QUERY) and viewer.region_code:
        return or_(own, _in_subtree(Complaint.region_code, viewer.region_code))
    return own


def readable_supervision_items(viewer: Viewer) -> ColumnElement[bool]:
    """The public (and partner systems) read published items; staff also read retired
    items (records made under them keep pointing there) and every item of their own
    department, drafts included."""
    published = SupervisionItem.status == SupervisionItemStatus.PUBLISHED
    if viewer.kind is not ViewerKind.STAFF or viewer.department_id is None:
        return published
    return or_(
        published,
        SupervisionItem.status == SupervisionItemStatus.RETIRED,
        SupervisionItem.department_id == viewer.department_id,
    )


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
    return _overseen(AuditEvent.department_id, viewer)


def _overseen(column: InstrumentedAttribute[int | None], viewer: Viewer) -> ColumnElement[bool]:
    """`column` (a department id) names a department whose trail the viewer may read."""
    if viewer.kind is not ViewerKind.STAFF or viewer.department_id is None:
        return false()
    scopes = [_administered(column, viewer)]
    if viewer.has(Permission.VIEW_AUDIT):
        if viewer.department_code == MARKET_SUPERVISION_CODE and viewer.region_code:
            subtree = select(Department.id).where(
                _in_subtree(Department.region_code, viewer.region_code)
            )
            scopes.append(column.in_(subtree))
        else:
            scopes.append(column == viewer.department_id)
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


# --- supervision-item catalogue ------------------------------------------------------------


def writable_catalogue(viewer: Viewer, department_id: int) -> str | None:
    """Whether the viewer may maintain the supervision items of a department: None if it
    may, else the reason. Only staff of that department holding MANAGE_CATALOGUE."""
    if viewer.kind is not ViewerKind.STAFF or viewer.department_id is None:
        return "需要以部门账号登录"
    if not viewer.has(Permission.MANAGE_CATALOGUE):
        return "尚未获得监管事项目录管理权限"
    if department_id != viewer.department_id:
        return "只能管理本部门的监管事项"
    return None


def readable_national_items(viewer: Viewer) -> ColumnElement[bool]:
    """The national catalogue (国家监管事项目录) is public, as the national platform
    publishes it."""
    return true()


# --- 双随机、一公开: inspection plans and the inspector roster ---------------------------------
# (Models imported inside the functions: this section is appended by a parallel branch and
# leaves the shared import list above untouched; the lead may hoist them when merging.)


def readable_inspection_plans(viewer: Viewer) -> ColumnElement[bool]:
    """Plans (and their draws and assignments) are read by the departments taking part,
    and by cross-department query holders of the lead department's region subtree; the
    public sees published results only, as INSPECTION records."""
    from hub.models import InspectionPlan, InspectionPlanDepartment

    if viewer.kind is not ViewerKind.STAFF or viewer.department_id is None:
        return false()
    taking_part = exists().where(
        InspectionPlanDepartment.plan_id == InspectionPlan.id,
        InspectionPlanDepartment.department_id == viewer.department_id,
    )
    if viewer.has(Permission.CROSS_DEPARTMENT_QUERY) and viewer.region_code:
        return or_(taking_part, _in_subtree(InspectionPlan.region_code, viewer.region_code))
    return taking_part


def readable_inspectors(viewer: Viewer) -> ColumnElement[bool]:
    """The roster of one's own department; cross-department query holders also those of
    the departments of their region subtree."""
    from hub.models import Inspector

    if viewer.kind is not ViewerKind.STAFF or viewer.department_id is None:
        return false()
    own = Inspector.department_id == viewer.department_id
    if viewer.has(Permission.CROSS_DEPARTMENT_QUERY) and viewer.region_code:
        subtree = select(Department.id).where(
            _in_subtree(Department.region_code, viewer.region_code)
        )
        return or_(own, Inspector.department_id.in_(subtree))
    return own


# --- 证照联动: registrations, linkage notices and their routing rules ----------------------


def readable_linkage_notices(viewer: Viewer) -> ColumnElement[bool]:
    """A notice is read by its approving department, by the market-supervision department
    that registered the entity (the feedback), and by cross-department query holders of the
    approving department's region subtree. Never public."""
    if viewer.kind is not ViewerKind.STAFF or viewer.department_id is None:
        return false()
    own = or_(
        LinkageNotice.department_id == viewer.department_id,
        LinkageNotice.registering_department_id == viewer.department_id,
    )
    if viewer.has(Permission.CROSS_DEPARTMENT_QUERY) and viewer.region_code:
        return or_(own, _in_subtree(LinkageNotice.region_code, viewer.region_code))
    return own


def readable_entity_registrations(viewer: Viewer) -> ColumnElement[bool]:
    """A registration is read by whoever reads one of its notices, by its registering
    department, and by cross-department query holders of its region subtree."""
    if viewer.kind is not ViewerKind.STAFF or viewer.department_id is None:
        return false()
    noticed = exists().where(
        LinkageNotice.registration_id == EntityRegistration.id,
        readable_linkage_notices(viewer),
    )
    scopes = [EntityRegistration.registering_department_id == viewer.department_id, noticed]
    if viewer.has(Permission.CROSS_DEPARTMENT_QUERY) and viewer.region_code:
        scopes.append(_in_subtree(EntityRegistration.region_code, viewer.region_code))
    return or_(*scopes)


def linkage_handling_refusal(viewer: Viewer, department_id: int) -> str | None:
    """Whether the viewer may sign for and handle the notices of a department: None if it
    may, else why not."""
    if viewer.kind is not ViewerKind.STAFF or viewer.department_id is None:
        return "需要以部门账号登录"
    if not viewer.has(Permission.HANDLE_LINKAGE):
        return "尚未获得证照联动权限"
    if department_id != viewer.department_id:
        return "只能办理本部门收到的告知"
    return None


def registration_submission_refusal(viewer: Viewer, department_id: int) -> str | None:
    """Registrations come from a partner client holding `registrations:write`, for a
    market-supervision department it is bound to (checked by the caller: the code)."""
    if viewer.kind is not ViewerKind.PARTNER or viewer.partner_client_id is None:
        return "仅登记注册系统（对接客户端）可以推送"
    if PartnerScope.REGISTRATIONS_WRITE not in viewer.partner_scopes:
        return "访问令牌未获授权 registrations:write"
    if department_id not in viewer.partner_department_ids:
        return "该对接系统未绑定此登记机关"
    return None


def linkage_rule_refusal(viewer: Viewer) -> str | None:
    """The routing rules are province-wide: the provincial region administrator (of the
    market-supervision department, which administers the region) maintains them."""
    if viewer.kind is not ViewerKind.STAFF or not viewer.is_region_administrator:
        return "仅区划管理员可以维护证照联动规则"
    if viewer.region_code != PROVINCE_CODE:
        return "证照联动规则全省统一，由省级区划管理员维护"
    return None


def readable_linkage_rules(viewer: Viewer) -> ColumnElement[bool]:
    """The routing rules are working configuration: every department user reads them."""
    return true() if viewer.kind is ViewerKind.STAFF else false()


# --- complaints: intake and dispatch (监管投诉分派) ------------------------------------------


def complaint_dispatch_scope(viewer: Viewer) -> ColumnElement[bool]:
    """The complaints a viewer dispatches: HANDLE_COMPLAINTS holders of a market-supervision
    department (which receives complaints for its region) read, associate and re-dispatch
    the complaints of their region subtree; complainant data stays with the handling
    department all the same (the field rule)."""
    if (
        viewer.kind is not ViewerKind.STAFF
        or viewer.department_code != MARKET_SUPERVISION_CODE
        or not viewer.has(Permission.HANDLE_COMPLAINTS)
        or not viewer.region_code
    ):
        return false()
    return _in_subtree(Complaint.region_code, viewer.region_code)


def readable_access_events(viewer: Viewer) -> ColumnElement[bool]:
    """Who read an entity's non-public data: readable by those who may read the audit trail
    of the reading account's department (its administrators, VIEW_AUDIT holders)."""
    if viewer.kind is not ViewerKind.STAFF or viewer.department_id is None:
        return false()
    readers = select(Account.id).where(_overseen(Account.department_id, viewer))
    return AccessEvent.account_id.in_(readers)


def record_is_public(
    status: RecordStatus,
    published_at: datetime | None,
    publication_end_date: date | None,
    now: datetime,
) -> bool:
    """`publicly_visible_records` for one row in hand (what the access log asks of a record
    read: did the reader see something the public cannot?)."""
    if status is not RecordStatus.PUBLISHED or published_at is None:
        return False
    if published_at.tzinfo is None:  # SQLite hands back naive UTC
        published_at = published_at.replace(tzinfo=now.tzinfo)
    return published_at <= now and (
        publication_end_date is None or publication_end_date >= now.date()
    )


# --- 信用分类监管: rule sets and grade statistics ------------------------------------------


def readable_credit_rule_sets(viewer: Viewer) -> ColumnElement[bool]:
    """The rules are read by those who manage them (MANAGE_CREDIT_RULES)."""
    if viewer.kind is ViewerKind.STAFF and viewer.has(Permission.MANAGE_CREDIT_RULES):
        return true()
    return false()


def countable_credit_entities(viewer: Viewer) -> ColumnElement[bool]:
    """Entities whose hub grades an analyst may count: those registered in the viewer's
    region subtree, for holders of VIEW_STATISTICS or CROSS_DEPARTMENT_QUERY."""
    if viewer.kind is not ViewerKind.STAFF or not viewer.region_code:
        return false()
    if not (
        viewer.has(Permission.VIEW_STATISTICS) or viewer.has(Permission.CROSS_DEPARTMENT_QUERY)
    ):
        return false()
    return _in_subtree(MarketEntity.region_code, viewer.region_code)


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
