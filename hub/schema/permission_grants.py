"""权限 in the graph: who holds which permission, and from whose grant."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay

from hub.auth.permissions import Permission
from hub.context import Info
from hub.schema.base import Connection, FromModel, integer_node_ids
from hub.schema.departments import Department, load_department
from hub.schema.org_units import OrgUnit, load_org_unit

if TYPE_CHECKING:
    from hub.schema.accounts import Account

AccountRef = Annotated["Account", strawberry.lazy("hub.schema.accounts")]

# Registered with the same description as hub.schema.sign_in (either may be imported first).
strawberry.enum(Permission, description="权限：自上而下逐级授予，菜单由权限决定")
PERMISSION_ORDER = list(Permission)


@strawberry.type(description="一条授权：授予账号、部门或机构，源自授权人自己持有的授权")
class PermissionGrant(relay.Node, FromModel):
    id: relay.NodeID[int]
    permission: Permission = strawberry.field(description="权限")
    created_at: datetime = strawberry.field(description="授权时间")
    account_id: strawberry.Private[int | None]
    department_id: strawberry.Private[int | None]
    org_unit_id: strawberry.Private[int | None]
    parent_grant_id: strawberry.Private[int | None]
    granted_by_account_id: strawberry.Private[int | None]

    @strawberry.field(description="被授权账号（当前用户可见时）")
    async def account(self, info: Info) -> AccountRef | None:
        from hub.schema.accounts import load_account

        if self.account_id is None:
            return None
        return await load_account(info, self.account_id)

    @strawberry.field(description="被授权部门")
    async def department(self, info: Info) -> Department | None:
        if self.department_id is None:
            return None
        return await load_department(info, self.department_id)

    @strawberry.field(description="被授权机构")
    async def org_unit(self, info: Info) -> OrgUnit | None:
        if self.org_unit_id is None:
            return None
        return await load_org_unit(info, self.org_unit_id)

    @strawberry.field(description="该授权所源自的上级授权（当前用户可见时；系统根授权为空）")
    async def parent(self, info: Info) -> PermissionGrant | None:
        if self.parent_grant_id is None:
            return None
        row = await info.context.loaders.permission_grant_by_id.load(self.parent_grant_id)
        return None if row is None else PermissionGrant.from_model(row)

    @strawberry.field(description="授权人账号")
    async def granted_by_account_number(self, info: Info) -> str | None:
        if self.granted_by_account_id is None:
            return None
        return await info.context.loaders.account_number_by_id.load(self.granted_by_account_id)

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[PermissionGrant | None]:
        loader = info.context.loaders.permission_grant_by_id
        rows = await loader.load_many(integer_node_ids(node_ids))
        return [None if row is None else cls.from_model(row) for row in rows]


PermissionGrantConnection = Connection[PermissionGrant]


@strawberry.input(one_of=True, description="被授权对象：账号、部门或机构，三选一")
class GranteeInput:
    account_id: strawberry.ID | None = strawberry.UNSET
    department_id: strawberry.ID | None = strawberry.UNSET
    org_unit_id: strawberry.ID | None = strawberry.UNSET


@strawberry.input(description="授权（只能向下授予自己持有的权限）")
class GrantPermissionInput:
    permission: Permission
    grantee: GranteeInput


@strawberry.input(description="收回授权（由其派生的授权一并收回）")
class RevokePermissionInput:
    grant_id: strawberry.ID


@strawberry.input(description="授权筛选条件")
class PermissionGrantFilter:
    permission: Permission | None = None
    account_id: strawberry.ID | None = strawberry.field(default=None, description="被授权账号")
    department_id: strawberry.ID | None = strawberry.field(default=None, description="被授权部门")
    org_unit_id: strawberry.ID | None = strawberry.field(default=None, description="被授权机构")


@strawberry.type(description="已授权")
class GrantPermissionPayload:
    grant: PermissionGrant


@strawberry.type(description="已收回授权")
class RevokePermissionPayload:
    revoked_grant_id: strawberry.ID
    revoked_count: int = strawberry.field(description="收回的授权数（含由其派生的）")
