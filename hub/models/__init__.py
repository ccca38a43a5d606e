"""ORM models, one module per concept; importing this package registers them all."""

from hub.models.access_events import AccessEvent, AccessKind
from hub.models.accounts import Account, AccountStatus, User
from hub.models.announcements import (
    Announcement,
    AnnouncementKind,
    AnnouncementStatus,
    AnnouncementTarget,
)
from hub.models.audit_events import AuditEvent
from hub.models.base import Base
from hub.models.blacklist import BlacklistEntry
from hub.models.complaints import (
    Complaint,
    ComplaintCandidate,
    ComplaintDispatchRule,
    ComplaintFeedCursor,
    ComplaintOutcome,
    ComplaintStatus,
    EntityMatch,
)
from hub.models.credit_evaluations import CreditEvaluation, CreditGrade, CreditSource
from hub.models.credit_rules import CreditIndicator, CreditMeasure, CreditRuleSet
from hub.models.departments import MARKET_SUPERVISION_CODE, Department, OrgUnit
from hub.models.enforcements import Enforcement, EnforcementMeasure
from hub.models.filings import Filing
from hub.models.inspection_plans import (
    InspectionAssignment,
    InspectionAssignmentInspector,
    InspectionPlan,
    InspectionPlanDepartment,
    InspectionPlanItem,
    InspectionPlanStatus,
    Inspector,
)
from hub.models.inspections import Inspection, InspectionResult
from hub.models.licenses import License, LicenseCategory
from hub.models.linkage_notices import (
    EntityRegistration,
    LinkageMatch,
    LinkageNotice,
    LinkageNoticeStatus,
    LinkageOutcome,
    LinkageRule,
)
from hub.models.market_entities import MarketEntity, MarketEntityKind, MarketEntityStatus
from hub.models.national_supervision_items import NationalSupervisionItem
from hub.models.outbox import OutboxChange, OutboxMessage, OutboxTopic
from hub.models.partner_clients import PartnerClient, PartnerClientDepartment
from hub.models.penalties import Penalty, PenaltyType
from hub.models.permission_grants import PermissionGrant
from hub.models.records import RecordKind, RecordStatus, SubjectCategory, SupervisionRecord
from hub.models.refresh_tokens import RefreshToken
from hub.models.regions import Region, RegionLevel
from hub.models.risk_models import (
    RiskAlert,
    RiskAlertStatus,
    RiskCombination,
    RiskDimensionKind,
    RiskLevel,
    RiskModel,
)
from hub.models.supervision_items import SupervisionItem, SupervisionItemStatus

__all__ = [
    "MARKET_SUPERVISION_CODE",
    "AccessEvent",
    "AccessKind",
    "Account",
    "AccountStatus",
    "Announcement",
    "AnnouncementKind",
    "AnnouncementStatus",
    "AnnouncementTarget",
    "AuditEvent",
    "Base",
    "BlacklistEntry",
    "Complaint",
    "ComplaintCandidate",
    "ComplaintDispatchRule",
    "ComplaintFeedCursor",
    "ComplaintOutcome",
    "ComplaintStatus",
    "CreditEvaluation",
    "CreditGrade",
    "CreditIndicator",
    "CreditMeasure",
    "CreditRuleSet",
    "CreditSource",
    "Department",
    "Enforcement",
    "EnforcementMeasure",
    "EntityMatch",
    "EntityRegistration",
    "Filing",
    "Inspection",
    "InspectionAssignment",
    "InspectionAssignmentInspector",
    "InspectionPlan",
    "InspectionPlanDepartment",
    "InspectionPlanItem",
    "InspectionPlanStatus",
    "InspectionResult",
    "Inspector",
    "License",
    "LicenseCategory",
    "LinkageMatch",
    "LinkageNotice",
    "LinkageNoticeStatus",
    "LinkageOutcome",
    "LinkageRule",
    "MarketEntity",
    "MarketEntityKind",
    "MarketEntityStatus",
    "NationalSupervisionItem",
    "OrgUnit",
    "OutboxChange",
    "OutboxMessage",
    "OutboxTopic",
    "PartnerClient",
    "PartnerClientDepartment",
    "Penalty",
    "PenaltyType",
    "PermissionGrant",
    "RecordKind",
    "RecordStatus",
    "RefreshToken",
    "Region",
    "RegionLevel",
    "RiskAlert",
    "RiskAlertStatus",
    "RiskCombination",
    "RiskDimensionKind",
    "RiskLevel",
    "RiskModel",
    "SubjectCategory",
    "SupervisionItem",
    "SupervisionItemStatus",
    "SupervisionRecord",
    "User",
]
