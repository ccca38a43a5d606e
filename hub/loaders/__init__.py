"""Per-request DataLoaders, created lazily on first use: a request pays only for the
loaders its query touches, and no cache outlives the request."""

from __future__ import annotations

from functools import cached_property

from hub.auth.viewer import Viewer
from hub.db import SessionFactory
from hub.loaders.announcements import AnnouncementsByTargetEntityLoader
from hub.loaders.complaints import ComplaintCountByEntityLoader, ComplaintPagesByEntityLoader
from hub.loaders.credit_evaluations import LatestCreditEvaluationsByEntityIdLoader
from hub.loaders.departments import DepartmentByIdLoader
from hub.loaders.market_entities import MarketEntityByIdLoader, MarketEntityByUsccLoader
from hub.loaders.records import (
    RecordByIdLoader,
    RecordCountByEntityLoader,
    RecordPagesByEntityLoader,
)
from hub.loaders.regions import ALL_REGIONS, RegionDirectory, RegionDirectoryLoader
from hub.loaders.supervision_items import SubItemsByParentIdLoader, SupervisionItemByIdLoader


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
    def latest_credit_by_entity_id(self) -> LatestCreditEvaluationsByEntityIdLoader:
        return LatestCreditEvaluationsByEntityIdLoader(self._read_sessions, self._viewer)

    @cached_property
    def complaint_pages_by_entity(self) -> ComplaintPagesByEntityLoader:
        return ComplaintPagesByEntityLoader(self._read_sessions, self._viewer)

    @cached_property
    def complaint_count_by_entity(self) -> ComplaintCountByEntityLoader:
        return ComplaintCountByEntityLoader(self._read_sessions, self._viewer)

    @cached_property
    def announcements_by_target_entity(self) -> AnnouncementsByTargetEntityLoader:
        return AnnouncementsByTargetEntityLoader(self._read_sessions, self._viewer)
