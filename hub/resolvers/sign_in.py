"""Sign-in mutations and the signed-in viewer's own account (`me`)."""

from __future__ import annotations

import strawberry
from sqlalchemy import select

from hub import models
from hub.auth import sign_in
from hub.auth.bearer import Unauthenticated
from hub.auth.permissions import Permission, menu_for
from hub.auth.sign_in import AuthServices, PersonalDetails, Refused
from hub.auth.viewer import Viewer
from hub.context import Info
from hub.schema.mutations import InputError
from hub.schema.sign_in import (
    ChangePasswordPayload,
    ChangePasswordResult,
    CompleteFirstLoginInput,
    CompleteFirstLoginPayload,
    CompleteFirstLoginResult,
    LoginPayload,
    LoginResult,
    LogoutPayload,
    LogoutResult,
    Me,
    MenuItem,
    RefreshTokenResult,
    SignedInPartner,
    input_error,
)


def auth_services(info: Info) -> AuthServices:
    """The sign-in services of the running app (`hub.server.create_hub_app` puts them on
    the app's state)."""
    request = info.context.request
    services = getattr(request.app.state, "auth", None) if request is not None else None
    if not isinstance(services, AuthServices):
        raise RuntimeError("sign-in runs only inside the hub app (hub.server.create_hub_app)")
    return services


def _signed_in_account(viewer: Viewer) -> int:
    if not viewer.is_staff or viewer.account_id is None:
        raise Unauthenticated("请先登录")
    return viewer.account_id


def _login_payload(outcome: sign_in.SignedIn) -> LoginPayload:
    return LoginPayload(
        access_token=outcome.access_token.value,
        refresh_token=outcome.refresh_token,
        expires_in=outcome.access_token.expires_in,
        token_type="Bearer",
        password_change_required=outcome.password_change_required,
    )


@strawberry.type
class SignInMutation:
    @strawberry.mutation(
        description="用账号（13位）和密码登录；账号或密码错误时不区分是哪一项。"
        "多次失败后账号锁定一段时间。每个请求最多一次登录。"
    )
    async def login(self, info: Info, account: str, password: str) -> LoginResult:
        outcome = await sign_in.login(
            auth_services(info),
            info.context.write_sessions,
            number=account.strip(),
            password=password,
            address=info.context.client_address,
        )
        return input_error(outcome) if isinstance(outcome, Refused) else _login_payload(outcome)

    @strawberry.mutation(
        description="用刷新令牌换取新的一对令牌（旧的刷新令牌随即作废；"
        "已作废的刷新令牌再次出现时，该次登录整体失效）"
    )
    async def refresh_token(self, info: Info, refresh_token: str) -> RefreshTokenResult:
        outcome = await sign_in.refresh(
            auth_services(info),
            info.context.write_sessions,
            token=refresh_token,
            address=info.context.client_address,
        )
        return input_error(outcome) if isinstance(outcome, Refused) else _login_payload(outcome)

    @strawberry.mutation(description="退出登录：结束该刷新令牌所属的这次登录")
    async def logout(self, info: Info, refresh_token: str) -> LogoutResult:
        if not refresh_token.strip():
            return InputError.on("refreshToken", "请提供刷新令牌")
        await sign_in.logout(
            auth_services(info),
            info.context.write_sessions,
            token=refresh_token.strip(),
            address=info.context.client_address,
        )
        return LogoutPayload(logged_out=True)

    @strawberry.mutation(
        description="修改当前账号的密码；成功后该账号的所有登录均结束，须用新密码重新登录"
    )
    async def change_password(
        self, info: Info, current_password: str, new_password: str
    ) -> ChangePasswordResult:
        viewer = info.context.viewer
        _signed_in_account(viewer)
        outcome = await sign_in.change_password(
            auth_services(info),
            info.context.write_sessions,
            viewer,
            current_password=current_password,
            new_password=new_password,
            address=info.context.client_address,
        )
        if isinstance(outcome, Refused):
            return input_error(outcome)
        return ChangePasswordPayload(changed_at=outcome)

    # Named explicitly: the first-sign-in gate (hub.auth.visibility) matches root fields
    # by their GraphQL name, which Strawberry otherwise sets only when building a schema.
    @strawberry.mutation(
        name="completeFirstLogin",
        description="首次登录：补全个人信息并修改初始密码；完成后须用新密码重新登录",
    )
    async def complete_first_login(
        self, info: Info, input: CompleteFirstLoginInput
    ) -> CompleteFirstLoginResult:
        viewer = info.context.viewer
        _signed_in_account(viewer)
        outcome = await sign_in.complete_first_login(
            auth_services(info),
            info.context.write_sessions,
            viewer,
            details=PersonalDetails(phone=input.phone, name=input.name, id_number=input.id_number),
            new_password=input.new_password,
            address=info.context.client_address,
        )
        if isinstance(outcome, Refused):
            return input_error(outcome)
        return CompleteFirstLoginPayload(completed_at=outcome)


@strawberry.type
class ViewerQuery:
    @strawberry.field(description="当前登录的账号（未登录的社会公众与合作系统为 null）")
    async def me(self, info: Info) -> Me | None:
        viewer = info.context.viewer
        if not viewer.is_staff or viewer.account_id is None or viewer.department_id is None:
            return None
        async with info.context.read_sessions() as session:
            row = (
                await session.execute(
                    select(models.Account.number, models.User.name)
                    .outerjoin(models.User, models.User.id == models.Account.user_id)
                    .where(models.Account.id == viewer.account_id)
                )
            ).first()
        if row is None:
            return None
        number, user_name = row
        held = [permission for permission in Permission if permission in viewer.permissions]
        return Me(
            account_number=number,
            user_name=user_name,
            permissions=held,
            menu=[MenuItem.from_item(item) for item in menu_for(viewer.permissions)],
            password_change_required=viewer.password_change_required,
            is_department_administrator=viewer.is_department_administrator,
            is_region_administrator=viewer.is_region_administrator,
            department_id=viewer.department_id,
        )

    @strawberry.field(description="当前接入的合作系统（用合作系统的访问令牌时；否则为 null）")
    async def signed_in_partner(self, info: Info) -> SignedInPartner | None:
        viewer = info.context.viewer
        if viewer.partner_client_id is None:
            return None
        async with info.context.read_sessions() as session:
            client = await session.get(models.PartnerClient, viewer.partner_client_id)
        if client is None:
            return None
        return SignedInPartner(
            client_id=client.client_id,
            name=client.name,
            department_ids=sorted(viewer.partner_department_ids),
        )
