"""登录 in the graph: the sign-in mutations' payloads, the signed-in account (`me`) and its
menu."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Annotated

import strawberry

from hub.auth.permissions import MenuItem as MenuEntry
from hub.auth.permissions import Permission
from hub.auth.sign_in import Refused
from hub.context import Info
from hub.schema.departments import Department, load_department
from hub.schema.mutations import FieldError, InputError

strawberry.enum(Permission, description="权限：自上而下逐级授予，菜单由权限决定")


@strawberry.type(description="登录成功：访问令牌与刷新令牌")
class LoginPayload:
    access_token: str = strawberry.field(
        description="访问令牌（JWT），随请求放在 Authorization: Bearer 请求头中"
    )
    refresh_token: str = strawberry.field(
        description="刷新令牌：访问令牌过期前后用它换取新的一对令牌；每个只能使用一次"
    )
    expires_in: int = strawberry.field(description="访问令牌的有效期（秒）")
    token_type: str = strawberry.field(description="令牌类型，固定为 Bearer")
    password_change_required: bool = strawberry.field(
        description="是否须先完成首次登录（completeFirstLogin：补全个人信息并修改初始密码）"
    )


LoginResult = Annotated[
    LoginPayload | InputError, strawberry.union("LoginResult", description="登录结果")
]
RefreshTokenResult = Annotated[
    LoginPayload | InputError,
    strawberry.union("RefreshTokenResult", description="刷新令牌的结果"),
]


@strawberry.type(description="已退出登录：该次登录的刷新令牌与访问令牌均已失效")
class LogoutPayload:
    logged_out: bool = strawberry.field(description="总是 true（重复退出不报错）")


LogoutResult = Annotated[
    LogoutPayload | InputError, strawberry.union("LogoutResult", description="退出登录的结果")
]


@strawberry.type(description="密码已修改：该账号的所有登录均已结束，请用新密码重新登录")
class ChangePasswordPayload:
    changed_at: datetime = strawberry.field(description="修改时间")


ChangePasswordResult = Annotated[
    ChangePasswordPayload | InputError,
    strawberry.union("ChangePasswordResult", description="修改密码的结果"),
]


@strawberry.input(description="首次登录：补全个人信息，并把初始密码改为自己的密码")
class CompleteFirstLoginInput:
    phone: str = strawberry.field(description="手机号码（11位）")
    new_password: str = strawberry.field(
        description="新密码：10到128位，含大写字母、小写字母、数字、符号中的至少三类，不含账号"
    )
    name: str | None = strawberry.field(default=None, description="姓名（不填则保持不变）")
    id_number: str | None = strawberry.field(
        default=None, description="居民身份证号码（不填则保持不变）"
    )


@strawberry.type(description="已完成首次登录：该账号的所有登录均已结束，请用新密码重新登录")
class CompleteFirstLoginPayload:
    completed_at: datetime = strawberry.field(description="完成时间")


CompleteFirstLoginResult = Annotated[
    CompleteFirstLoginPayload | InputError,
    strawberry.union("CompleteFirstLoginResult", description="首次登录的结果"),
]


def input_error(refused: Refused) -> InputError:
    return InputError.of(
        refused.message,
        *(FieldError(field=field, message=message) for field, message in refused.fields),
        code=refused.code,
    )


@strawberry.type(description="工作门户的菜单项（由权限决定是否显示）")
class MenuItem:
    key: str = strawberry.field(description="稳定的菜单键，如 records")
    title: str = strawberry.field(description="菜单标题")
    permission: Permission | None = strawberry.field(
        description="显示该菜单所需的权限（null：所有部门用户）"
    )

    @classmethod
    def from_item(cls, item: MenuEntry) -> MenuItem:
        return cls(key=item.key, title=item.title, permission=item.permission)


@strawberry.type(description="当前登录的账号")
class Me:
    account_number: str = strawberry.field(description="账号（13位）")
    user_name: str | None = strawberry.field(description="持有该账号的用户姓名")
    permissions: list[Permission] = strawberry.field(description="当前拥有的权限")
    menu: list[MenuItem] = strawberry.field(description="按权限显示的菜单")
    password_change_required: bool = strawberry.field(
        description="是否须先完成首次登录（补全个人信息并修改初始密码）"
    )
    is_department_administrator: bool = strawberry.field(
        description="是否部门管理员（账号序号0001-0005）"
    )
    is_region_administrator: bool = strawberry.field(
        description="是否区划管理员（市场监督管理部门的管理员）"
    )
    department_id: strawberry.Private[int]

    @strawberry.field(description="账号所属部门")
    async def department(self, info: Info) -> Department:
        return await load_department(info, self.department_id)


@strawberry.type(description="当前接入的合作系统（OAuth2 客户端）")
class SignedInPartner:
    client_id: str = strawberry.field(description="客户端标识")
    name: str = strawberry.field(description="合作系统名称")
    department_ids: strawberry.Private[list[int]]

    @strawberry.field(description="可代为报送数据的部门")
    async def departments(self, info: Info) -> list[Department]:
        return list(
            await asyncio.gather(*(load_department(info, id_) for id_ in self.department_ids))
        )
