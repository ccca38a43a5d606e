"""Building a viewer from the database: who an account or partner client is right now.

Read on every authenticated request (one statement each) rather than frozen into tokens,
so a revoked grant or a disabled account takes effect at the next request.
"""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from hub.auth.permissions import PartnerScope, Permission
from hub.auth.viewer import Viewer
from hub.models import (
    Account,
    AccountStatus,
    Department,
    PartnerClient,
    PartnerClientDepartment,
    PermissionGrant,
)


async def effective_permissions(session: AsyncSession, account: Account) -> frozenset[Permission]:
    """Grants to the account, to its department and to its org unit."""
    grantees = [
        PermissionGrant.account_id == account.id,
        PermissionGrant.department_id == account.department_id,
    ]
    if account.org_unit_id is not None:
        grantees.append(PermissionGrant.org_unit_id == account.org_unit_id)
    rows = await session.execute(
        select(PermissionGrant.permission).where(or_(*grantees)).distinct()
    )
    return frozenset(Permission(value) for value in rows.scalars())


async def staff_viewer(session: AsyncSession, account_id: int) -> Viewer | None:
    """The viewer of an enabled account, or None (unknown or disabled account)."""
    row = (
        await session.execute(
            select(Account, Department)
            .join(Department, Department.id == Account.department_id)
            .where(Account.id == account_id, Account.status == AccountStatus.ENABLED)
        )
    ).first()
    if row is None:
        return None
    account, department = row
    return Viewer.staff(
        department_id=department.id,
        region_code=department.region_code,
        department_code=department.code,
        permissions=await effective_permissions(session, account),
        account_id=account.id,
        user_id=account.user_id,
        is_department_administrator=account.is_department_administrator,
        password_change_required=account.must_change_password,
    )


async def partner_viewer(
    session: AsyncSession, client_id: int, scopes: frozenset[PartnerScope] | None = None
) -> Viewer | None:
    """The viewer of an enabled partner client, or None; `scopes`: those its token was
    granted, further narrowed to those the client still holds."""
    client = await session.get(PartnerClient, client_id)
    if client is None or not client.enabled:
        return None
    departments = await session.execute(
        select(PartnerClientDepartment.department_id).where(
            PartnerClientDepartment.client_id == client_id
        )
    )
    held = frozenset(PartnerScope(scope) for scope in client.scopes.split())
    return Viewer.partner(
        client_id=client_id,
        department_ids=frozenset(departments.scalars()),
        scopes=held if scopes is None else held & scopes,
    )
