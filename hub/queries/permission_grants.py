"""Statements over permission grants, always starting from the viewer's readable rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, select

from hub.auth.permissions import Permission
from hub.auth.policy import readable_permission_grants
from hub.auth.viewer import Viewer
from hub.db import AnySelect
from hub.models import PermissionGrant
from hub.pagination import Ordering, PageArgs

NEWEST_GRANTS_FIRST = Ordering(
    "NEWEST_FIRST", PermissionGrant.id, PermissionGrant.id, descending=True
)


@dataclass(frozen=True, slots=True)
class PermissionGrantFilter:
    permission: Permission | None = None
    account_id: int | None = None
    department_id: int | None = None
    org_unit_id: int | None = None

    def conditions(self) -> list[ColumnElement[bool]]:
        conditions: list[ColumnElement[bool]] = []
        if self.permission is not None:
            conditions.append(PermissionGrant.permission == self.permission)
        if self.account_id is not None:
            conditions.append(PermissionGrant.account_id == self.account_id)
        if self.department_id is not None:
            conditions.append(PermissionGrant.department_id == self.department_id)
        if self.org_unit_id is not None:
            conditions.append(PermissionGrant.org_unit_id == self.org_unit_id)
        return conditions


def _readable(viewer: Viewer, grant_filter: PermissionGrantFilter) -> list[ColumnElement[bool]]:
    return [readable_permission_grants(viewer), *grant_filter.conditions()]


def permission_grants_page(
    viewer: Viewer, grant_filter: PermissionGrantFilter, page: PageArgs
) -> AnySelect:
    return page.apply(select(PermissionGrant).where(*_readable(viewer, grant_filter)))


def permission_grants_count(viewer: Viewer, grant_filter: PermissionGrantFilter) -> AnySelect:
    return select(func.count(PermissionGrant.id)).where(*_readable(viewer, grant_filter))


def permission_grants_by_id(viewer: Viewer, ids: Sequence[int]) -> AnySelect:
    return select(PermissionGrant).where(
        readable_permission_grants(viewer), PermissionGrant.id.in_(ids)
    )
