"""权限分配: permissions are granted downward only, and only by those who hold them.

Every grant names the granter's own grant it derives from (`parent_grant_id`): revoking a
grant deletes its subtree (ON DELETE CASCADE), so whoever received the permission further
down loses it at the same moment.

Who may grant to whom:
- an upper region administrator → the administrator accounts of the market-supervision
  departments of the regions directly below (the lower region administrators);
- a region administrator → the departments of its own level and their administrator
  accounts;
- a department administrator → the accounts and org units of its own department;
- nobody upward or sideways, nobody to itself, and nobody what it does not hold, and
  only with GRANT_PERMISSIONS.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, delete, func, or_, select

from hub.auth.permissions import Permission
from hub.errors import Forbidden
from hub.models import MARKET_SUPERVISION_CODE, Account, Department, OrgUnit, PermissionGrant
from hub.organisation.authority import is_directly_below, require_staff
from hub.organisation.change import Change
from hub.organisation.refusals import CONFLICT, NOT_FOUND, Refused


class GranteeKind(enum.StrEnum):
    ACCOUNT = "ACCOUNT"
    DEPARTMENT = "DEPARTMENT"
    ORG_UNIT = "ORG_UNIT"


_FIELDS = {
    GranteeKind.ACCOUNT: "grantee.accountId",
    GranteeKind.DEPARTMENT: "grantee.departmentId",
    GranteeKind.ORG_UNIT: "grantee.orgUnitId",
}


@dataclass(frozen=True, slots=True)
class Grantee:
    kind: GranteeKind
    id: int

    @property
    def field(self) -> str:
        return _FIELDS[self.kind]

    def condition(self) -> ColumnElement[bool]:
        match self.kind:
            case GranteeKind.ACCOUNT:
                return PermissionGrant.account_id == self.id
            case GranteeKind.DEPARTMENT:
                return PermissionGrant.department_id == self.id
            case GranteeKind.ORG_UNIT:
                return PermissionGrant.org_unit_id == self.id

    @classmethod
    def of(cls, grant: PermissionGrant) -> Grantee:
        if grant.account_id is not None:
            return cls(GranteeKind.ACCOUNT, grant.account_id)
        if grant.department_id is not None:
            return cls(GranteeKind.DEPARTMENT, grant.department_id)
        assert grant.org_unit_id is not None  # exactly one grantee (a CHECK constraint)
        return cls(GranteeKind.ORG_UNIT, grant.org_unit_id)


SIDEWAYS = "只能向下授权：本部门的账号和机构、本级部门及其管理员账号、直接下级区划管理员"


async def _holding_grant(change: Change, permission: Permission) -> PermissionGrant:
    """The granter's own grant of the permission (to its account first, then its org unit,
    then its department): the parent of what it grants."""
    session = change.session
    me = await session.get(Account, change.viewer.account_id)
    if me is None:
        raise Forbidden("账号不存在")
    holders = [
        PermissionGrant.account_id == me.id,
        PermissionGrant.department_id == me.department_id,
    ]
    if me.org_unit_id is not None:
        holders.append(PermissionGrant.org_unit_id == me.org_unit_id)
    grants = (
        await session.scalars(
            select(PermissionGrant)
            .where(PermissionGrant.permission == permission, or_(*holders))
            .order_by(PermissionGrant.id)
        )
    ).all()
    if not grants:
        raise Forbidden("不能授予自己未持有的权限")

    def preference(grant: PermissionGrant) -> int:
        return 0 if grant.account_id is not None else 1 if grant.org_unit_id is not None else 2

    return min(grants, key=preference)


async def _grantee_department(change: Change, grantee: Grantee) -> int:
    """The department of a grantee the viewer may grant to (Forbidden otherwise)."""
    viewer = change.viewer
    session = change.session
    match grantee.kind:
        case GranteeKind.ACCOUNT:
            account = await session.get(Account, grantee.id)
            if account is None:
                raise Refused("账号不存在", field=grantee.field, code=NOT_FOUND)
            if account.id == viewer.account_id:
                raise Refused("不能授权给自己", field=grantee.field)
            department = await session.get(Department, account.department_id)
            assert department is not None  # a foreign key
            own_department = (
                viewer.is_department_administrator and department.id == viewer.department_id
            )
            region_admin_to_admin = viewer.is_region_administrator and (
                account.is_department_administrator
                and (
                    department.region_code == viewer.region_code
                    or (
                        department.code == MARKET_SUPERVISION_CODE
                        and is_directly_below(department.region_code, str(viewer.region_code))
                    )
                )
            )
            if not (own_department or region_admin_to_admin):
                raise Forbidden(SIDEWAYS)
            return department.id
        case GranteeKind.DEPARTMENT:
            department = await session.get(Department, grantee.id)
            if department is None:
                raise Refused("部门不存在", field=grantee.field, code=NOT_FOUND)
            if not (
                viewer.is_region_administrator and department.region_code == viewer.region_code
            ):
                raise Forbidden(SIDEWAYS)
            return department.id
        case GranteeKind.ORG_UNIT:
            unit = await session.get(OrgUnit, grantee.id)
            if unit is None:
                raise Refused("机构不存在", field=grantee.field, code=NOT_FOUND)
            if not (
                viewer.is_department_administrator and unit.department_id == viewer.department_id
            ):
                raise Forbidden(SIDEWAYS)
            return unit.department_id


def _snapshot(grant: PermissionGrant) -> dict[str, Any]:
    grantee = Grantee.of(grant)
    return {
        "permission": grant.permission.value,
        "granteeType": grantee.kind.value,
        "granteeId": grantee.id,
        "parentGrantId": grant.parent_grant_id,
    }


async def grant_permission(
    change: Change, *, permission: Permission, grantee: Grantee
) -> PermissionGrant:
    viewer = change.viewer
    account_id, _department_id, _region_code = require_staff(viewer)
    if not viewer.has(Permission.GRANT_PERMISSIONS):
        raise Forbidden("尚未获得权限分配权限")
    parent = await _holding_grant(change, permission)
    department_id = await _grantee_department(change, grantee)
    session = change.session
    duplicate = await session.scalar(
        select(PermissionGrant.id).where(
            PermissionGrant.permission == permission, grantee.condition()
        )
    )
    if duplicate is not None:
        raise Refused("已授予该权限", field="permission", code=CONFLICT)
    grant = PermissionGrant(
        permission=permission,
        account_id=grantee.id if grantee.kind is GranteeKind.ACCOUNT else None,
        department_id=grantee.id if grantee.kind is GranteeKind.DEPARTMENT else None,
        org_unit_id=grantee.id if grantee.kind is GranteeKind.ORG_UNIT else None,
        parent_grant_id=parent.id,
        granted_by_account_id=account_id,
    )
    session.add(grant)
    await session.flush()
    change.record(
        operation="permission.grant",
        target_type="PermissionGrant",
        target_id=grant.id,
        department_id=department_id,
        after=_snapshot(grant),
    )
    return grant


@dataclass(frozen=True, slots=True)
class RevokedGrant:
    grant_id: int
    # The grant itself and every grant derived from it.
    revoked_count: int


async def _department_of(change: Change, grantee: Grantee) -> int | None:
    match grantee.kind:
        case GranteeKind.ACCOUNT:
            return await change.session.scalar(
                select(Account.department_id).where(Account.id == grantee.id)
            )
        case GranteeKind.DEPARTMENT:
            return grantee.id
        case GranteeKind.ORG_UNIT:
            return await change.session.scalar(
                select(OrgUnit.department_id).where(OrgUnit.id == grantee.id)
            )


async def revoke_permission(change: Change, *, grant_id: int) -> RevokedGrant:
    """By the granter, or by anyone who granted one of the grants it derives from; the
    grants derived from it go with it."""
    account_id, _department_id, _region_code = require_staff(change.viewer)
    session = change.session
    grant = await session.get(PermissionGrant, grant_id)
    if grant is None:
        raise Refused("授权不存在", field="grantId", code=NOT_FOUND)
    current: PermissionGrant | None = grant
    while current is not None and current.granted_by_account_id != account_id:
        parent_id = current.parent_grant_id
        current = None if parent_id is None else await session.get(PermissionGrant, parent_id)
    if current is None:
        raise Forbidden("只能收回本人或经本人授出的权限")
    tree = select(PermissionGrant.id).where(PermissionGrant.id == grant.id).cte(recursive=True)
    tree = tree.union_all(
        select(PermissionGrant.id).where(PermissionGrant.parent_grant_id == tree.c.id)
    )
    revoked = int(await session.scalar(select(func.count()).select_from(tree)) or 0)
    before = _snapshot(grant)
    department_id = await _department_of(change, Grantee.of(grant))
    await session.execute(delete(PermissionGrant).where(PermissionGrant.id == grant.id))
    change.record(
        operation="permission.revoke",
        target_type="PermissionGrant",
        target_id=grant.id,
        department_id=department_id,
        before=before,
        after={"revokedCount": revoked},
    )
    return RevokedGrant(grant.id, revoked)
