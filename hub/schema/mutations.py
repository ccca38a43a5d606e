"""What every mutation returns: its payload, or an error a form can show field by field.

GraphQL errors are for authentication, authorization and bugs; a refused input is data.
"""

from __future__ import annotations

import strawberry

from hub.errors import BAD_USER_INPUT


@strawberry.type(description="某个输入字段的错误")
class FieldError:
    field: str = strawberry.field(description="输入字段（camelCase 路径，如 input.uscc）")
    message: str = strawberry.field(description="可直接显示给用户的说明")


@strawberry.type(description="输入未被接受：整体说明与逐字段错误")
class InputError:
    message: str = strawberry.field(description="整体说明")
    code: str = strawberry.field(description="稳定的错误代码，如 BAD_USER_INPUT、CONFLICT")
    field_errors: list[FieldError] = strawberry.field(description="逐字段错误")

    @classmethod
    def of(cls, message: str, *field_errors: FieldError, code: str = BAD_USER_INPUT) -> InputError:
        return cls(message=message, code=code, field_errors=list(field_errors))

    @classmethod
    def on(cls, field: str, message: str, *, code: str = BAD_USER_INPUT) -> InputError:
        return cls(
            message=message, code=code, field_errors=[FieldError(field=field, message=message)]
        )
