"""Per-request DataLoaders, created lazily on first use: a request pays only for the
loaders its query touches, and no cache outlives the request."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from hub.auth.viewer import Viewer
from hub.db import SessionFactory
from hub.loaders.accounts import (
    AccountByIdLoader,
    AccountNumberByIdLoader,
    AccountsByUserIdLoader,
    PermissionsByAccountLoader,
)
from hub.loaders.announcements import AnnouncementsByTargetEntityLoader
from hub.loaders.audit_events import ActorNameByUserIdLoader, AuditEventByIdLoader
from hub.loaders.complaints import (
    CandidatesByComplaintLoader,
    ComplaintByIdLoader,
    ComplaintCountByEntityLoader,
    ComplaintPagesByEntityLoader,
)
from hub.loaders.credit_evaluations import (
    CreditIndicatorsByRuleSetIdLoader,
    LatestCreditEvaluationsByEntityIdLoader,
)
from hub.loaders.departments import DepartmentByIdLoader
from hub.loaders.inspection_plans import (
    AssignmentsByPlanIdLoader,
    DrawSnapshotsByPlanIdLoader,
    InspectionAssignmentByIdLoader,
    InspectionPlanByIdLoader,
    InspectorsByAssignmentIdLoader,
    ItemIdsByPlanIdLoader,
    ParticipantsByPlanIdLoader,
)
from hub.loaders.linkage_notices import EntityRegistrationByIdLoader, LinkageNoticeByIdLoader
from hub.loaders.market_entities import MarketEntityByIdLoader, MarketEntityByUsccLoader
from hub.loaders.org_units import OrgUnitByIdLoader
from hub.loaders.partner_clients import (
    DepartmentIdsByPartnerClientLoader,
    PartnerClientByIdLoader,
)
from hub.loaders.partners import PartnerDataByKeyLoader
from hub.loaders.permission_grants import PermissionGrantByIdLoader
from hub.loaders.records import (
    RecordByIdLoader,
    RecordCountByEntityLoader,
    RecordPagesByEntityLoader,
)
from hub.loaders.regions import ALL_REGIONS, RegionDirectory, RegionDirectoryLoader
from hub.loaders.risk import RiskAlertByIdLoader, RiskModelByIdLoader
from hub.loaders.supervision_items import (
    NationalItemByIdLoader,
    SubItemsByParentIdLoader,
    SupervisionItemByIdLoader,
)
from hub.loaders.users import UserByIdLoader

if TYPE_CHECKING:
    from connectors import ConnectorRegistry


class Loaders:
    def __init__(self, read_sessions: SessionFactory, viewer: Viewer) -> None:
        self._read_sessions = read_sessions
        self._viewer = viewer

    @cached_property
    def _region_directory(self) -> RegionDirectoryLoader:
        return RegionDirectoryLoader(self._read_sessions, self._viewer)

    async def region_directory(self) -> RegionDirectory:
        return await self._region_directory.load(ALL_REGIONS)

    @cached_property
    def department_by_id(self) -> DepartmentByIdLoader:
        return DepartmentByIdLoader(self._read_sessions, self._viewer)

    @cached_property
    def market_entity_by_id(self) -> MarketEntityByIdLoader:
        return MarketEntityByIdLoader(self._read_sessions, self._viewer)

    @cached_property
    def market_entity_by_uscc(self) -> MarketEntityByUsccLoader:
        return MarketEntityByUsccLoader(self._read_sessions, self._viewer)

    @cached_property
    def record_by_id(self) -> RecordByIdLoader:
        return RecordByIdLoader(self._read_sessions, self._viewer)

    @cached_property
    def record_pages_by_entity(self) -> RecordPagesByEntityLoader:
        return RecordPagesByEntityLoader(self._read_sessions, self._viewer)

    @cached_property
    def record_count_by_entity(self) -> RecordCountByEntityLoader:
        return RecordCountByEntityLoader(self._read_sessions, self._viewer)

    @cached_property
    def supervision_item_by_id(self) -> SupervisionItemByIdLoader:
        return SupervisionItemByIdLoader(self._read_sessions, self._viewer)

    @cached_property
    def sub_items_by_parent_id(self) -> SubItemsByParentIdLoader:
        return SubItemsByParentIdLoader(self._read_sessions, self._viewer)

    @cached_property
    def national_item_by_id(self) -> NationalItemByIdLoader:
        return NationalItemByIdLoader(self._read_sessions, self._viewer)

    @cached_property
    def latest_credit_by_entity_id(self) -> LatestCreditEvaluationsByEntityIdLoader:
        return LatestCreditEvaluationsByEntityIdLoader(self._read_sessions, self._viewer)

    @cached_property
    def credit_indicators_by_rule_set_id(self) -> CreditIndicatorsByRuleSetIdLoader:
        return CreditIndicatorsByRuleSetIdLoader(self._read_sessions, self._viewer)

    @cached_property
    def complaint_pages_by_entity(self) -> ComplaintPagesByEntityLoader:
        return ComplaintPagesByEntityLoader(self._read_sessions, self._viewer)

    @cached_property
    def complaint_count_by_entity(self) -> ComplaintCountByEntityLoader:
        return ComplaintCountByEntityLoader(self._read_sessions, self._viewer)

    @cached_property
    def complaint_by_id(self) -> ComplaintByIdLoader:
        return ComplaintByIdLoader(self._read_sessions, self._viewer)

    @cached_property
    def candidates_by_complaint(self) -> CandidatesByComplaintLoader:
        return CandidatesByComplaintLoader(self._read_sessions, self._viewer)

    @cached_property
    def announcements_by_target_entity(self) -> AnnouncementsByTargetEntityLoader:
        return AnnouncementsByTargetEntityLoader(self._read_sessions, self._viewer)

    @cached_property
    def risk_model_by_id(self) -> RiskModelByIdLoader:
        return RiskModelByIdLoader(self._read_sessions, self._viewer)

    @cached_property
    def risk_alert_by_id(self) -> RiskAlertByIdLoader:
        return RiskAlertByIdLoader(self._read_sessions, self._viewer)

    # --- organisation ---------------------------------------------------------------------

    @cached_property
    def account_by_id(self) -> AccountByIdLoader:
        return AccountByIdLoader(self._read_sessions, self._viewer)

    @cached_property
    def accounts_by_user_id(self) -> AccountsByUserIdLoader:
        return AccountsByUserIdLoader(self._read_sessions, self._viewer)

    @cached_property
    def account_number_by_id(self) -> AccountNumberByIdLoader:
        return AccountNumberByIdLoader(self._read_sessions, self._viewer)

    @cached_property
    def permissions_by_account(self) -> PermissionsByAccountLoader:
        return PermissionsByAccountLoader(self._read_sessions, self._viewer)

    @cached_property
    def user_by_id(self) -> UserByIdLoader:
        return UserByIdLoader(self._read_sessions, self._viewer)

    @cached_property
    def org_unit_by_id(self) -> OrgUnitByIdLoader:
        return OrgUnitByIdLoader(self._read_sessions, self._viewer)

    @cached_property
    def permission_grant_by_id(self) -> PermissionGrantByIdLoader:
        return PermissionGrantByIdLoader(self._read_sessions, self._viewer)

    @cached_property
    def audit_event_by_id(self) -> AuditEventByIdLoader:
        return AuditEventByIdLoader(self._read_sessions, self._viewer)

    @cached_property
    def actor_name_by_user_id(self) -> ActorNameByUserIdLoader:
        return ActorNameByUserIdLoader(self._read_sessions, self._viewer)

    @cached_property
    def partner_client_by_id(self) -> PartnerClientByIdLoader:
        return PartnerClientByIdLoader(self._read_sessions, self._viewer)

    @cached_property
    def department_ids_by_partner_client(self) -> DepartmentIdsByPartnerClientLoader:
        return DepartmentIdsByPartnerClientLoader(self._read_sessions, self._viewer)

    # --- 双随机、一公开 ----------------------------------------------------------------------

    @cached_property
    def inspection_plan_by_id(self) -> InspectionPlanByIdLoader:
        return InspectionPlanByIdLoader(self._read_sessions, self._viewer)

    @cached_property
    def draw_snapshots_by_plan_id(self) -> DrawSnapshotsByPlanIdLoader:
        return DrawSnapshotsByPlanIdLoader(self._read_sessions, self._viewer)

    @cached_property
    def assignments_by_plan_id(self) -> AssignmentsByPlanIdLoader:
        return AssignmentsByPlanIdLoader(self._read_sessions, self._viewer)

    @cached_property
    def inspection_assignment_by_id(self) -> InspectionAssignmentByIdLoader:
        return InspectionAssignmentByIdLoader(self._read_sessions, self._viewer)

    @cached_property
    def inspectors_by_assignment_id(self) -> InspectorsByAssignmentIdLoader:
        return InspectorsByAssignmentIdLoader(self._read_sessions, self._viewer)

    @cached_property
    def participants_by_plan_id(self) -> ParticipantsByPlanIdLoader:
        return ParticipantsByPlanIdLoader(self._read_sessions, self._viewer)

    @cached_property
    def item_ids_by_plan_id(self) -> ItemIdsByPlanIdLoader:
        return ItemIdsByPlanIdLoader(self._read_sessions, self._viewer)

    # --- 证照联动 ----------------------------------------------------------------------------

    @cached_property
    def linkage_notice_by_id(self) -> LinkageNoticeByIdLoader:
        return LinkageNoticeByIdLoader(self._read_sessions, self._viewer)

    @cached_property
    def entity_registration_by_id(self) -> EntityRegistrationByIdLoader:
        return EntityRegistrationByIdLoader(self._read_sessions, self._viewer)

    # Partner systems (issue 5): one loader per dataset, on the process's connectors.
    @cached_property
    def _partner_data(self) -> dict[str, PartnerDataByKeyLoader]:
        return {}

    def partner_data(
        self, registry: ConnectorRegistry | None, dataset: str
    ) -> PartnerDataByKeyLoader:
        loader = self._partner_data.get(dataset)
        if loader is None:
            loader = self._partner_data[dataset] = PartnerDataByKeyLoader(registry, dataset)
        return loader
