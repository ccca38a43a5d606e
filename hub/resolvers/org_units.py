from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import relay

from hub.context import Info
from hub.organisation import org_units
from hub.organisation.change import Change
from hub.queries.org_units import org_units_of_department
from hub.resolvers.changes import run_change
from hub.schema.inputs import department_id_of, node_id_of
from hub.schema.mutations import InputError
from hub.schema.org_units import (
    CreateOrgUnitInput,
    DeleteOrgUnitInput,
    DeleteOrgUnitPayload,
    OrgUnit,
    OrgUnitPayload,
    RenameOrgUnitInput,
)
from hub.schema.organisation_inputs import text_of

OrgUnitResult = Annotated[OrgUnitPayload | InputError, strawberry.union("OrgUnitResult")]
DeleteOrgUnitResult = Annotated[
    DeleteOrgUnitPayload | InputError, strawberry.union("DeleteOrgUnitResult")
]


def _name(value: str) -> str:
    return text_of(value, field="name", label="机构名称", max_length=128)


def _org_unit_id(value: strawberry.ID, field: str = "orgUnitId") -> int:
    return node_id_of(value, ("OrgUnit",), field=field)


@strawberry.type
class OrgUnitQuery:
    @strawberry.field(description="部门的全部机构（不填部门则为本部门）")
    async def org_units(
        self, info: Info, department_id: strawberry.ID | None = None
    ) -> list[OrgUnit]:
        context = info.context
        wanted = department_id_of(department_id) or context.viewer.department_id
        if wanted is None:
            return []
        rows = await context.scalars(org_units_of_department(context.viewer, wanted))
        return [OrgUnit.from_model(row) for row in rows]


@strawberry.type
class OrgUnitMutation:
    @strawberry.mutation(description="部门管理员新建机构（可挂在本部门的上级机构下）")
    async def create_org_unit(self, info: Info, input: CreateOrgUnitInput) -> OrgUnitResult:
        async def make(change: Change) -> OrgUnitPayload:
            unit = await org_units.create_org_unit(
                change,
                name=_name(input.name),
                parent_id=None
                if input.parent_id is None
                else _org_unit_id(input.parent_id, field="parentId"),
            )
            return OrgUnitPayload(org_unit=OrgUnit.from_model(unit))

        return await run_change(info, make)

    @strawberry.mutation(description="机构改名")
    async def rename_org_unit(self, info: Info, input: RenameOrgUnitInput) -> OrgUnitResult:
        async def make(change: Change) -> OrgUnitPayload:
            unit = await org_units.rename_org_unit(
                change, org_unit_id=_org_unit_id(input.org_unit_id), name=_name(input.name)
            )
            return OrgUnitPayload(org_unit=OrgUnit.from_model(unit))

        return await run_change(info, make)

    @strawberry.mutation(description="删除机构（须无账号、无下级机构；对该机构的授权一并删除）")
    async def delete_org_unit(self, info: Info, input: DeleteOrgUnitInput) -> DeleteOrgUnitResult:
        async def make(change: Change) -> DeleteOrgUnitPayload:
            deleted = await org_units.delete_org_unit(
                change, org_unit_id=_org_unit_id(input.org_unit_id)
            )
            return DeleteOrgUnitPayload(
                deleted_org_unit_id=strawberry.ID(relay.to_base64("OrgUnit", deleted))
            )

        return await run_change(info, make)
