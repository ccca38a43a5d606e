"""权限: who holds which permission, and from whose grant.

Grants form a tree: each grant names the grant its granter held the permission by.
Revoking a grant deletes its whole subtree (ON DELETE CASCADE), so revoking upstream takes
effect downstream at once. Root grants (no parent) are the system's, held by the
provincial region administrator.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column

from hub.auth.permissions import Permission
from hub.models.base import Base, enum_column, utcnow
from hub.models.types import BigId


class PermissionGrant(Base):
    __tablename__ = "permission_grants"
    __table_args__ = (
        CheckConstraint(
            "(CASE WHEN account_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN department_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN org_unit_id IS NULL THEN 0 ELSE 1 END) = 1",
            name="exactly_one_grantee",
        ),
        Index("ix_permission_grants_account_id", "account_id"),
        Index("ix_permission_grants_department_id", "department_id"),
        Index("ix_permission_grants_org_unit_id", "org_unit_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    permission: Mapped[Permission] = mapped_column(enum_column(Permission))
    account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), default=None
    )
    department_id: Mapped[int | None] = mapped_column(
        ForeignKey("departments.id", ondelete="CASCADE"), default=None
    )
    org_unit_id: Mapped[int | None] = mapped_column(
        ForeignKey("org_units.id", ondelete="CASCADE"), default=None
    )
    parent_grant_id: Mapped[int | None] = mapped_column(
        ForeignKey("permission_grants.id", ondelete="CASCADE"), index=True, default=None
    )
    granted_by_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL"), default=None
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
