"""From an HTTP request to its viewer: `Authorization: Bearer <access token>`, or the public.

No Authorization header: the public. A header that is present must carry a valid access
token of an enabled account (whose sign-in was not ended) or of an enabled partner
client; anything else is refused with HTTP 401, a GraphQL-shaped error coded
`UNAUTHENTICATED` and a `WWW-Authenticate: Bearer` challenge (RFC 6750 §3), never
silently downgraded to the public. The viewer is read from the database on every
request, so disabling an account, revoking a grant or signing out takes effect at once.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, ClassVar, Final

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from hub.auth.permissions import PartnerScope
from hub.auth.sign_in import AuthServices, session_is_live
from hub.auth.tokens import AccessToken, InvalidToken, TokenKind, verify_access_token
from hub.auth.viewer import Viewer
from hub.auth.viewers import partner_viewer, staff_viewer
from hub.db import SessionFactory
from hub.errors import HubError
from hub.models import Account, AccountStatus, PartnerClient

if TYPE_CHECKING:
    from starlette.requests import Request
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

logger = logging.getLogger("hub.auth")

UNAUTHENTICATED: Final = "UNAUTHENTICATED"
REALM: Final = "hub"
# Where the refusal leaves its challenge for `BearerChallenge` (in the request's state).
CHALLENGE_STATE: Final = "bearer_challenge"

INVALID_TOKEN_MESSAGE: Final = "访问令牌无效或已过期，请重新登录"


class Unauthenticated(HubError):
    """The request's credentials were refused (HTTP 401)."""

    http_status: ClassVar[int] = 401

    def __init__(self, message: str = INVALID_TOKEN_MESSAGE) -> None:
        super().__init__(message, UNAUTHENTICATED)


def _refuse(request: Request, message: str, error: str | None = "invalid_token") -> Unauthenticated:
    challenge = f'Bearer realm="{REALM}"'
    if error is not None:
        challenge += f', error="{error}"'
    setattr(request.state, CHALLENGE_STATE, challenge)
    return Unauthenticated(message)


async def viewer_for_request(
    request: Request, services: AuthServices, sessions: SessionFactory
) -> Viewer:
    headers = request.headers.getlist("authorization")
    if not headers:
        return Viewer.public()
    if len(headers) > 1:
        raise _refuse(request, "只能提供一个 Authorization 请求头", "invalid_request")
    scheme, _, credentials = headers[0].strip().partition(" ")
    if scheme.lower() != "bearer":
        # RFC 6750 §3.1: no error code for a request without (bearer) credentials.
        raise _refuse(request, "请使用 Bearer 访问令牌（Authorization: Bearer …）", None)
    token = credentials.strip()
    if not token:
        raise _refuse(request, INVALID_TOKEN_MESSAGE)
    try:
        claims = verify_access_token(
            services.keys.get(), services.settings, token, now=services.clock()
        )
    except InvalidToken as reason:
        logger.info("拒绝访问令牌：%s", reason)
        raise _refuse(request, INVALID_TOKEN_MESSAGE) from None
    async with sessions() as session:
        viewer = await viewer_for_token(session, claims)
    if viewer is None:
        logger.info("拒绝访问令牌：%s %s 不存在、已停用或已退出登录", claims.kind, claims.subject)
        raise _refuse(request, INVALID_TOKEN_MESSAGE)
    return viewer


async def viewer_for_token(session: AsyncSession, claims: AccessToken) -> Viewer | None:
    """The viewer a verified token stands for right now; None when its account or client
    is gone or disabled, or its sign-in was ended."""
    if claims.kind is TokenKind.PARTNER:
        client = await session.scalar(
            select(PartnerClient).where(PartnerClient.client_id == claims.subject)
        )
        if client is None:
            return None
        granted = frozenset(
            PartnerScope(scope)
            for scope in claims.scopes
            if scope in PartnerScope.__members__.values()
        )
        return await partner_viewer(session, client.id, granted)
    account_id = await session.scalar(
        select(Account.id).where(
            Account.number == claims.subject, Account.status == AccountStatus.ENABLED
        )
    )
    if account_id is None or claims.session is None:
        return None
    if not await session_is_live(session, account_id, claims.session):
        return None
    return await staff_viewer(session, account_id)


class BearerChallenge:
    """ASGI middleware: adds the `WWW-Authenticate` challenge to a 401 response whose
    request was refused by `viewer_for_request` (the GraphQL endpoint answers 401 for
    an error raised while building the context, but sets no headers of its own)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        # Shared with the request (`request.state`) even if the scope is copied downstream.
        state = scope.setdefault("state", {})

        async def send_with_challenge(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 401:
                challenge = state.get(CHALLENGE_STATE)
                if challenge:
                    headers = list(message.get("headers", []))
                    headers.append((b"www-authenticate", challenge.encode("latin-1")))
                    message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_challenge)


__all__ = [
    "UNAUTHENTICATED",
    "BearerChallenge",
    "Unauthenticated",
    "viewer_for_request",
    "viewer_for_token",
]
