"""区划管理 in the graph: a region administrator's departments and their administrators."""

from __future__ import annotations

import strawberry

from hub.schema.departments import Department


@strawberry.input(description="设立本级部门")
class CreateDepartmentInput:
    code: str = strawberry.field(description="三位部门代码（须在部门代码表中）")
    name: str | None = strawberry.field(
        default=None, description="部门名称；不填则按区划和部门代码生成，如 康平县卫生健康局"
    )
    uscc: str | None = strawberry.field(default=None, description="部门统一社会信用代码")


@strawberry.input(description="启用部门管理员账号（<区划><部门代码>0001）")
class EnableDepartmentAdministratorInput:
    department_id: strawberry.ID = strawberry.field(
        description="本级部门，或直接下级区划的市场监督管理部门"
    )


@strawberry.type(description="部门已设立")
class CreateDepartmentPayload:
    department: Department
