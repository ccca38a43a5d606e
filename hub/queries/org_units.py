"""Statements over org units, always starting from the viewer's readable rows."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from hub.auth.policy import readable_org_units
from hub.auth.viewer import Viewer
from hub.db import AnySelect
from hub.models import OrgUnit


def org_units_of_department(viewer: Viewer, department_id: int) -> AnySelect:
    return (
        select(OrgUnit)
        .where(readable_org_units(viewer), OrgUnit.department_id == department_id)
        .order_by(OrgUnit.id)
    )


def org_units_by_id(viewer: Viewer, ids: Sequence[int]) -> AnySelect:
    return select(OrgUnit).where(readable_org_units(viewer), OrgUnit.id.in_(ids))
