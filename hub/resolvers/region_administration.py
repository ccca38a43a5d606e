from __future__ import annotations

from typing import Annotated

import strawberry

from hub.context import Info
from hub.organisation import departments
from hub.organisation.change import Change
from hub.resolvers.changes import run_change
from hub.schema.accounts import Account, EnableDepartmentAdministratorPayload
from hub.schema.departments import Department
from hub.schema.inputs import node_id_of, uscc_of
from hub.schema.mutations import InputError
from hub.schema.organisation_inputs import department_code_of, optional_text_of
from hub.schema.region_administration import (
    CreateDepartmentInput,
    CreateDepartmentPayload,
    EnableDepartmentAdministratorInput,
)

CreateDepartmentResult = Annotated[
    CreateDepartmentPayload | InputError, strawberry.union("CreateDepartmentResult")
]
EnableDepartmentAdministratorResult = Annotated[
    EnableDepartmentAdministratorPayload | InputError,
    strawberry.union("EnableDepartmentAdministratorResult"),
]


@strawberry.type
class RegionAdministrationMutation:
    @strawberry.mutation(description="区划管理员设立本级部门（部门代码须在部门代码表中）")
    async def create_department(
        self, info: Info, input: CreateDepartmentInput
    ) -> CreateDepartmentResult:
        async def make(change: Change) -> CreateDepartmentPayload:
            department = await departments.create_department(
                change,
                code=department_code_of(input.code),
                name=optional_text_of(input.name, field="name", label="部门名称", max_length=128),
                uscc=None if input.uscc is None else uscc_of(input.uscc),
            )
            return CreateDepartmentPayload(department=Department.from_model(department))

        return await run_change(info, make)

    @strawberry.mutation(
        description="区划管理员启用本级部门或直接下级区划市场监督管理部门的管理员账号"
        "（<区划><部门代码>0001，不存在则新建），并设置初始密码"
    )
    async def enable_department_administrator(
        self, info: Info, input: EnableDepartmentAdministratorInput
    ) -> EnableDepartmentAdministratorResult:
        async def make(change: Change) -> EnableDepartmentAdministratorPayload:
            department_id = node_id_of(input.department_id, ("Department",), field="departmentId")
            enabled = await departments.enable_department_administrator(
                change, department_id=department_id
            )
            return EnableDepartmentAdministratorPayload(
                account=Account.from_model(enabled.account),
                initial_password=enabled.initial_password,
                created=enabled.created,
            )

        return await run_change(info, make)
