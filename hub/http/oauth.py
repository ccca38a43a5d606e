"""OAuth2 for partner systems: the token endpoint (client credentials) and the JWK set.

`POST /oauth/token` implements RFC 6749 §4.4 (client credentials grant) and nothing
else, by hand rather than through authlib's `AuthorizationServer`: that server is
synchronous (its client lookup would block the event loop or need a thread bridge to
our async sessions), brings grant types and hooks we would have to switch off, and would
compute the Argon2 secret check before our attempt limits could run. One grant type is a
page of code, every branch of which the tests exercise.

- Parameters: `application/x-www-form-urlencoded` body, each at most once (§3.2).
- Client authentication (§2.3.1): HTTP Basic (id and secret form-urlencoded, then
  base64) or `client_id` + `client_secret` in the body; not both.
- `scope` (optional): space-separated, each one of the client's scopes; absent: all of
  them.
- Success (§5.1): `access_token`, `token_type: Bearer`, `expires_in`, `scope`; no
  refresh token (§4.4.3). Errors (§5.2): `invalid_request`, `invalid_client` (401 with
  `WWW-Authenticate: Basic`), `unsupported_grant_type`, `invalid_scope`; too many
  attempts: 429 `temporarily_unavailable` with `Retry-After`. Every answer carries
  `Cache-Control: no-store`.

`error_description` is ASCII, as §5.2 requires; `message` repeats it in Chinese for the
people who read partner system logs.

`GET /.well-known/jwks.json` publishes the public key(s) that verify the hub's tokens.
"""

from __future__ import annotations

import base64
import binascii
import logging
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import parse_qsl, unquote_plus

from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from hub.auth.sign_in import (
    INVALID_CLIENT,
    INVALID_SCOPE,
    TEMPORARILY_UNAVAILABLE,
    AuthServices,
    ClientRefused,
    client_credentials,
)
from hub.http.graphql_http import RequestError, read_body

if TYPE_CHECKING:
    from starlette.requests import Request

    from hub.db import SessionFactory

logger = logging.getLogger("hub.http")

GRANT_TYPE: Final = "client_credentials"
FORM_TYPE: Final = "application/x-www-form-urlencoded"
MAX_BODY: Final = 8 * 1024
MAX_PARAMETERS: Final = 16

INVALID_REQUEST: Final = "invalid_request"
UNSUPPORTED_GRANT_TYPE: Final = "unsupported_grant_type"

_NO_STORE: Final = {"Cache-Control": "no-store", "Pragma": "no-cache"}
_STATUS: Final = {INVALID_CLIENT: 401, TEMPORARILY_UNAVAILABLE: 429}
# error code → (error_description, message)
_TEXTS: Final = {
    INVALID_CLIENT: ("Client authentication failed.", "客户端认证失败"),
    INVALID_SCOPE: (
        "The requested scope exceeds the scopes granted to the client.",
        "申请的权限范围超出该客户端的授权",
    ),
    TEMPORARILY_UNAVAILABLE: ("Too many attempts; retry later.", "尝试过于频繁，请稍后再试"),
    UNSUPPORTED_GRANT_TYPE: (
        "Only the client_credentials grant type is supported.",
        "仅支持 client_credentials 授权方式",
    ),
}


class OAuthError(Exception):
    def __init__(
        self, error: str, description: str | None = None, message: str | None = None
    ) -> None:
        super().__init__(error)
        default_description, default_message = _TEXTS.get(error, ("Invalid request.", "请求无效"))
        self.error = error
        self.description = description or default_description
        self.message = message or default_message


def error_response(
    error: str,
    description: str,
    message: str,
    *,
    retry_after: int | None = None,
) -> Response:
    headers = dict(_NO_STORE)
    if error == INVALID_CLIENT:
        headers["WWW-Authenticate"] = 'Basic realm="hub", charset="UTF-8"'
    if retry_after is not None:
        headers["Retry-After"] = str(retry_after)
    body = {"error": error, "error_description": description, "message": message}
    return JSONResponse(body, status_code=_STATUS.get(error, 400), headers=headers)


def _form(body: bytes) -> dict[str, str]:
    try:
        text = body.decode("utf-8")
        pairs = parse_qsl(text, keep_blank_values=True, max_num_fields=MAX_PARAMETERS)
    except (UnicodeDecodeError, ValueError):
        raise OAuthError(INVALID_REQUEST, "Malformed form body.", "请求体格式错误") from None
    form: dict[str, str] = {}
    for name, value in pairs:
        if name in form:
            raise OAuthError(INVALID_REQUEST, f"Parameter {name!r} repeated.", f"参数 {name} 重复")
        form[name] = value
    return form


def _basic_credentials(header: str) -> tuple[str, str]:
    scheme, _, encoded = header.strip().partition(" ")
    if scheme.lower() != "basic":
        raise OAuthError(INVALID_CLIENT)
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        raise OAuthError(INVALID_CLIENT) from None
    client_id, separator, secret = decoded.partition(":")
    if not separator:
        raise OAuthError(INVALID_CLIENT)
    return unquote_plus(client_id), unquote_plus(secret)


def _client(request: Request, form: dict[str, str]) -> tuple[str, str]:
    """The client's id and secret, by exactly one of the two methods."""
    headers = request.headers.getlist("authorization")
    in_body = "client_secret" in form
    if len(headers) > 1:
        raise OAuthError(INVALID_REQUEST, "Only one Authorization header.", "只能提供一个认证头")
    if headers:
        if in_body:
            raise OAuthError(
                INVALID_REQUEST,
                "Use one client authentication method, not both.",
                "客户端认证只能使用一种方式（HTTP Basic 或请求体参数）",
            )
        client_id, secret = _basic_credentials(headers[0])
        if "client_id" in form and form["client_id"] != client_id:
            raise OAuthError(
                INVALID_REQUEST,
                "client_id differs from the authenticated client.",
                "client_id 不一致",
            )
        return client_id, secret
    if in_body and form.get("client_id"):
        return form["client_id"], form["client_secret"]
    raise OAuthError(INVALID_CLIENT)


def _scope(form: dict[str, str]) -> list[str] | None:
    if "scope" not in form:
        return None
    scopes = form["scope"].split(" ")
    if any(not scope for scope in scopes):
        raise OAuthError(INVALID_SCOPE, "Malformed scope.", "scope 参数格式错误")
    return scopes


class TokenEndpoint:
    def __init__(self, services: AuthServices, sessions: SessionFactory) -> None:
        self.services = services
        self.sessions = sessions

    async def handle(self, request: Request) -> Response:
        try:
            return await self.token(request)
        except OAuthError as error:
            return error_response(error.error, error.description, error.message)

    async def token(self, request: Request) -> Response:
        media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media_type != FORM_TYPE:
            raise OAuthError(
                INVALID_REQUEST,
                f"The body must be {FORM_TYPE}.",
                f"请求体须为 {FORM_TYPE}",
            )
        try:
            body = await read_body(request, MAX_BODY)
        except RequestError:
            raise OAuthError(INVALID_REQUEST, "Body too large.", "请求体过大") from None
        form = _form(body)
        grant_type = form.get("grant_type")
        if not grant_type:
            raise OAuthError(INVALID_REQUEST, "grant_type is required.", "缺少 grant_type 参数")
        if grant_type != GRANT_TYPE:
            raise OAuthError(UNSUPPORTED_GRANT_TYPE)
        scope = _scope(form)
        client_id, secret = _client(request, form)
        client = request.client
        outcome = await client_credentials(
            self.services,
            self.sessions,
            client_id=client_id,
            secret=secret,
            scope=scope,
            address=client.host if client is not None else None,
        )
        if isinstance(outcome, ClientRefused):
            description, message = _TEXTS[outcome.error]
            if outcome.error == INVALID_CLIENT:
                logger.info("合作系统客户端认证失败：%s", client_id)
            return error_response(
                outcome.error, description, message, retry_after=outcome.retry_after
            )
        body_out: dict[str, Any] = {
            "access_token": outcome.access_token.value,
            "token_type": "Bearer",
            "expires_in": outcome.access_token.expires_in,
            "scope": " ".join(outcome.scopes),
        }
        return JSONResponse(body_out, headers=_NO_STORE)


class JwksEndpoint:
    def __init__(self, services: AuthServices) -> None:
        self.services = services

    async def handle(self, request: Request) -> Response:
        return JSONResponse(
            self.services.keys.get().jwks(), headers={"Cache-Control": "public, max-age=300"}
        )


def oauth_routes(services: AuthServices, sessions: SessionFactory) -> list[Route]:
    return [
        # Bound methods: Starlette calls them with the request (an object would be taken
        # for an ASGI app).
        Route("/oauth/token", TokenEndpoint(services, sessions).handle, methods=["POST"]),
        Route("/.well-known/jwks.json", JwksEndpoint(services).handle, methods=["GET", "HEAD"]),
    ]


__all__ = ["JwksEndpoint", "TokenEndpoint", "oauth_routes"]
