from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import relay

from hub.context import Info
from hub.organisation import grants
from hub.organisation.change import Change
from hub.organisation.grants import Grantee, GranteeKind
from hub.pagination import Page
from hub.queries.permission_grants import (
    NEWEST_GRANTS_FIRST,
    permission_grants_count,
    permission_grants_page,
)
from hub.queries.permission_grants import PermissionGrantFilter as GrantQueryFilter
from hub.resolvers.changes import run_change
from hub.schema.base import page_args
from hub.schema.inputs import department_id_of, node_id_of
from hub.schema.mutations import InputError
from hub.schema.permission_grants import (
    GranteeInput,
    GrantPermissionInput,
    GrantPermissionPayload,
    PermissionGrant,
    PermissionGrantConnection,
    PermissionGrantFilter,
    RevokePermissionInput,
    RevokePermissionPayload,
)

GrantPermissionResult = Annotated[
    GrantPermissionPayload | InputError, strawberry.union("GrantPermissionResult")
]
RevokePermissionResult = Annotated[
    RevokePermissionPayload | InputError, strawberry.union("RevokePermissionResult")
]


def _grantee(grantee: GranteeInput) -> Grantee:
    # @oneOf: GraphQL itself guarantees exactly one of the three is given.
    if grantee.account_id:
        field = "grantee.accountId"
        return Grantee(
            GranteeKind.ACCOUNT, node_id_of(grantee.account_id, ("Account",), field=field)
        )
    if grantee.department_id:
        field = "grantee.departmentId"
        kind = GranteeKind.DEPARTMENT
        return Grantee(kind, node_id_of(grantee.department_id, ("Department",), field=field))
    assert grantee.org_unit_id
    field = "grantee.orgUnitId"
    return Grantee(GranteeKind.ORG_UNIT, node_id_of(grantee.org_unit_id, ("OrgUnit",), field=field))


def _optional_id(value: strawberry.ID | None, type_name: str, field: str) -> int | None:
    return None if value is None else node_id_of(value, (type_name,), field=field)


@strawberry.type
class PermissionGrantQuery:
    @strawberry.field(
        description="授权（分页，新授权在前）：授予当前用户可管理的账号、部门、机构的，"
        "授予本部门的，以及本人授出的"
    )
    async def permission_grants(
        self,
        info: Info,
        filter: PermissionGrantFilter | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> PermissionGrantConnection:
        given = filter or PermissionGrantFilter()
        grant_filter = GrantQueryFilter(
            permission=given.permission,
            account_id=_optional_id(given.account_id, "Account", "filter.accountId"),
            department_id=department_id_of(given.department_id, field="filter.departmentId"),
            org_unit_id=_optional_id(given.org_unit_id, "OrgUnit", "filter.orgUnitId"),
        )
        page = page_args(info, first, after, NEWEST_GRANTS_FIRST)
        context = info.context
        rows = await context.scalars(permission_grants_page(context.viewer, grant_filter, page))

        async def count() -> int:
            return int(await context.scalar(permission_grants_count(context.viewer, grant_filter)))

        return PermissionGrantConnection.from_page(
            Page.from_overfetch(list(rows), page),
            NEWEST_GRANTS_FIRST,
            PermissionGrant.from_model,
            count,
        )


@strawberry.type
class PermissionGrantMutation:
    @strawberry.mutation(
        description="授权：只能向下授予自己持有的权限（需持有权限分配权限）；"
        "上级区划管理员→直接下级区划管理员，区划管理员→本级部门及其管理员账号，"
        "部门管理员→本部门账号和机构"
    )
    async def grant_permission(
        self, info: Info, input: GrantPermissionInput
    ) -> GrantPermissionResult:
        async def make(change: Change) -> GrantPermissionPayload:
            grant = await grants.grant_permission(
                change, permission=input.permission, grantee=_grantee(input.grantee)
            )
            return GrantPermissionPayload(grant=PermissionGrant.from_model(grant))

        return await run_change(info, make)

    @strawberry.mutation(
        description="收回授权（授权人或其上级授权人）：由其派生的下级授权一并收回，即时生效"
    )
    async def revoke_permission(
        self, info: Info, input: RevokePermissionInput
    ) -> RevokePermissionResult:
        async def make(change: Change) -> RevokePermissionPayload:
            grant_id = node_id_of(input.grant_id, ("PermissionGrant",), field="grantId")
            revoked = await grants.revoke_permission(change, grant_id=grant_id)
            return RevokePermissionPayload(
                revoked_grant_id=strawberry.ID(
                    relay.to_base64("PermissionGrant", revoked.grant_id)
                ),
                revoked_count=revoked.revoked_count,
            )

        return await run_change(info, make)
