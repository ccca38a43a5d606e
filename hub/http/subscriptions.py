"""GraphQL subscriptions over WebSocket: `/graphql`, protocol graphql-transport-ws.

Strawberry speaks the protocol (`strawberry.asgi.GraphQL`, with graphql-transport-ws as its
only subprotocol); this module supplies the context and the authentication. HTTP requests
to `/graphql` stay with the hub's own endpoint: the route below matches WebSocket
connections only.

Authentication happens in `connection_init`, whose payload carries the bearer access token
(`{"authorization": "Bearer <token>"}`, or `{"accessToken": "<token>"}`) that
`hub.auth.bearer` verifies for HTTP. A missing, invalid or expired token, or an account
that may not receive alerts, is refused by closing the socket with the protocol's 4403
Forbidden. The viewer is fixed for the connection's life; every alert it is sent still
passes its row policy (`readable_risk_alerts`) when it is read.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import strawberry
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import WebSocketRoute
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types.unset import UnsetType

from hub.auth.bearer import viewer_for_token
from hub.auth.policy import risk_management_refusal
from hub.auth.sign_in import AuthServices
from hub.auth.tokens import InvalidToken, verify_access_token
from hub.auth.viewer import PUBLIC, Viewer
from hub.context import Context
from hub.db import SessionFactory
from hub.risk.broadcast import AlertBroadcaster
from hub.settings import Settings

logger = logging.getLogger("hub.http")

SUBSCRIPTION_PATH = "/graphql"
# A client that connects and never says who it is gets closed (4408) after this long.
CONNECTION_INIT_TIMEOUT = timedelta(seconds=10)
MAX_SUBSCRIPTIONS_PER_CONNECTION = 10


@dataclass
class SubscriptionContext(Context):
    """The context of one WebSocket connection, shared by all its operations."""

    risk_alerts: AlertBroadcaster = field(default_factory=AlertBroadcaster)
    # The `connection_init` payload, set by Strawberry's protocol handler.
    connection_params: dict[str, Any] | None = None

    def forget_loaded(self) -> None:
        """Start each pushed batch with empty DataLoader caches: the connection lives for
        hours, and what its loaders cached (models, entities) must neither go stale nor
        pile up."""
        self.__dict__.pop("loaders", None)


def token_of(payload: dict[str, Any] | None) -> str | None:
    if not payload:
        return None
    header = payload.get("authorization") or payload.get("Authorization")
    if isinstance(header, str):
        scheme, _, credentials = header.strip().partition(" ")
        return credentials.strip() or None if scheme.lower() == "bearer" else None
    token = payload.get("accessToken")
    return token if isinstance(token, str) and token else None


async def viewer_for_access_token(
    token: str, auth: AuthServices, sessions: SessionFactory
) -> Viewer | None:
    """The viewer a bearer access token stands for right now, as `hub.auth.bearer` decides
    for HTTP; None when it is refused."""
    try:
        claims = verify_access_token(auth.keys.get(), auth.settings, token, now=auth.clock())
    except InvalidToken as reason:
        logger.info("拒绝 WebSocket 访问令牌：%s", reason)
        return None
    async with sessions() as session:
        return await viewer_for_token(session, claims)


class SubscriptionEndpoint(GraphQL[SubscriptionContext, None]):
    def __init__(
        self,
        *,
        schema: strawberry.Schema,
        settings: Settings,
        auth: AuthServices,
        read_sessions: SessionFactory,
        write_sessions: SessionFactory,
        risk_alerts: AlertBroadcaster,
    ) -> None:
        super().__init__(
            schema,
            graphql_ide=None,
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
            connection_init_wait_timeout=CONNECTION_INIT_TIMEOUT,
            max_subscriptions_per_connection=MAX_SUBSCRIPTIONS_PER_CONNECTION,
        )
        self.settings = settings
        self.auth = auth
        self.read_sessions = read_sessions
        self.write_sessions = write_sessions
        self.risk_alerts = risk_alerts

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> SubscriptionContext:
        # The public until `connection_init` names someone (`on_ws_connect`).
        return SubscriptionContext(
            viewer=PUBLIC,
            read_sessions=self.read_sessions,
            write_sessions=self.write_sessions,
            settings=self.settings,
            risk_alerts=self.risk_alerts,
        )

    async def on_ws_connect(
        self, context: SubscriptionContext
    ) -> UnsetType | dict[str, object] | None:
        token = token_of(context.connection_params)
        if token is None:
            raise ConnectionRejectionError({"message": "需要登录"})
        viewer = await viewer_for_access_token(token, self.auth, self.read_sessions)
        if viewer is None:
            raise ConnectionRejectionError({"message": "访问令牌无效或已过期"})
        reason = risk_management_refusal(viewer)
        if reason is not None or viewer.password_change_required:
            raise ConnectionRejectionError({"message": reason or "请先修改初始密码"})
        context.viewer = viewer
        return await super().on_ws_connect(context)


def subscription_routes(endpoint: SubscriptionEndpoint) -> list[WebSocketRoute]:
    return [WebSocketRoute(SUBSCRIPTION_PATH, endpoint)]


__all__ = [
    "SubscriptionContext",
    "SubscriptionEndpoint",
    "subscription_routes",
    "viewer_for_access_token",
]
