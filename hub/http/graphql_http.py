"""The `/graphql` endpoint, after the GraphQL-over-HTTP draft specification.

https://graphql.github.io/graphql-over-http/draft/

* POST `application/json` bodies and GET query strings (queries only: a mutation
  over GET is refused with 405 and `Allow: POST`). Other methods: 405.
* `Accept` negotiation between `application/graphql-response+json` (the default:
  no Accept, `*/*`, or preferred) and the legacy `application/json`; 406 otherwise.
* Status codes: for `application/graphql-response+json`, 400 when the GraphQL
  request failed before execution (parse, validation, limits, variable coercion;
  the response has no `data`), 200 once execution started. For `application/json`,
  200 for every well-formed request. Malformed HTTP requests get 400/413/415 with
  a GraphQL-shaped body either way.
* Every error has `extensions.code`; in prod, unexpected errors are masked.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Final

import orjson
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, Response
from strawberry.exceptions import MissingQueryError
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types.graphql import OperationType

from hub.errors import (
    BAD_REQUEST,
    INTERNAL_SERVER_ERROR,
    MASKED_MESSAGE,
    METHOD_NOT_ALLOWED,
    NOT_ACCEPTABLE,
    OPERATION_RESOLUTION_FAILURE,
    PAYLOAD_TOO_LARGE,
    UNSUPPORTED_MEDIA_TYPE,
    HubError,
    error_code,
)

if TYPE_CHECKING:
    from graphql import GraphQLError
    from starlette.datastructures import QueryParams
    from starlette.types import Receive, Scope, Send
    from strawberry import Schema
    from strawberry.types import ExecutionResult

logger = logging.getLogger("hub.http")

GRAPHQL_RESPONSE_JSON: Final = "application/graphql-response+json; charset=utf-8"
APPLICATION_JSON: Final = "application/json; charset=utf-8"
DEFAULT_MAX_BODY_SIZE: Final = 1024 * 1024

ContextGetter = Callable[[Request], Awaitable[Any]]

_QUERY_ONLY: Final = frozenset({OperationType.QUERY})
_QUERY_AND_MUTATION: Final = frozenset({OperationType.QUERY, OperationType.MUTATION})
_GRAPHQL_RESPONSE_TYPE: Final = "application/graphql-response+json"
_JSON_TYPE: Final = "application/json"


class RequestError(Exception):
    """A GraphQL-over-HTTP request that is refused before GraphQL sees it."""

    def __init__(
        self,
        status: int,
        message: str,
        code: str = BAD_REQUEST,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code
        self.headers = headers


# --- Content negotiation ---------------------------------------------------------


def _media_ranges(header: str) -> list[tuple[str, float]]:
    """`(type/subtype, q)` of each media range of an Accept header (RFC 9110)."""
    ranges: list[tuple[str, float]] = []
    for part in header.split(","):
        media_type, *params = part.split(";")
        media_type = media_type.strip().lower()
        if not media_type:
            continue
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value.strip())
                except ValueError:
                    q = 0.0
                if not 0.0 <= q <= 1.0:  # also rejects nan
                    q = 0.0
        ranges.append((media_type, q))
    return ranges


def _quality(ranges: list[tuple[str, float]], media_type: str) -> tuple[float, int]:
    """q of `media_type` from its most specific matching range, and that specificity
    (0: no match, 1: `*/*`, 2: `type/*`, 3: exact)."""
    main_type = media_type.split("/", 1)[0]
    best_specificity = 0
    best_q = 0.0
    for candidate, q in ranges:
        if candidate == media_type:
            specificity = 3
        elif candidate == f"{main_type}/*":
            specificity = 2
        elif candidate == "*/*":
            specificity = 1
        else:
            continue
        if specificity > best_specificity:
            best_specificity, best_q = specificity, q
    return best_q, best_specificity


@lru_cache(maxsize=256)
def negotiate(accept: str | None) -> str | None:
    """The response media type for an Accept header; None when 406 is due."""
    if accept is None or not accept.strip():
        return GRAPHQL_RESPONSE_JSON
    ranges = _media_ranges(accept)
    q_graphql, _ = _quality(ranges, _GRAPHQL_RESPONSE_TYPE)
    q_json, _ = _quality(ranges, _JSON_TYPE)
    if q_graphql <= 0.0 and q_json <= 0.0:
        return None
    return GRAPHQL_RESPONSE_JSON if q_graphql >= q_json else APPLICATION_JSON


@lru_cache(maxsize=256)
def prefers_html(accept: str | None) -> bool:
    """A browser navigating to the endpoint: `text/html` asked for by name, and not
    below the GraphQL media types asked for by name."""
    if not accept:
        return False
    ranges = _media_ranges(accept)
    q_html, specificity = _quality(ranges, "text/html")
    if specificity != 3 or q_html <= 0.0:
        return False
    for media_type in (_GRAPHQL_RESPONSE_TYPE, _JSON_TYPE):
        q, specificity = _quality(ranges, media_type)
        if specificity == 3 and q > q_html:
            return False
    return True


@lru_cache(maxsize=64)
def is_json_content_type(content_type: str) -> bool:
    """`application/json`, optionally with `charset=utf-8` (any case)."""
    media_type, *params = content_type.split(";")
    if media_type.strip().lower() != _JSON_TYPE:
        return False
    for param in params:
        name, _, value = param.partition("=")
        name = name.strip().lower()
        if name == "charset":
            if value.strip().strip('"').lower() not in ("utf-8", "utf8"):
                return False
        elif name:
            return False
    return True


# --- Request parsing --------------------------------------------------------------


class GraphQLParams:
    __slots__ = ("extensions", "operation_name", "query", "variables")

    def __init__(
        self,
        query: str,
        variables: dict[str, Any] | None,
        operation_name: str | None,
        extensions: dict[str, Any] | None,
    ) -> None:
        self.query = query
        self.variables = variables
        self.operation_name = operation_name
        self.extensions = extensions


def _params_from_mapping(data: dict[str, Any]) -> GraphQLParams:
    query = data.get("query")
    if query is None:
        raise RequestError(400, "缺少 query 参数。")
    if not isinstance(query, str):
        raise RequestError(400, "query 参数必须是字符串。")
    if not query.strip():
        raise RequestError(400, "query 参数不能为空。")
    variables = data.get("variables")
    if variables is not None and not isinstance(variables, dict):
        raise RequestError(400, "variables 参数必须是对象（map）。")
    operation_name = data.get("operationName")
    if operation_name is not None and not isinstance(operation_name, str):
        raise RequestError(400, "operationName 参数必须是字符串。")
    extensions = data.get("extensions")
    if extensions is not None and not isinstance(extensions, dict):
        raise RequestError(400, "extensions 参数必须是对象（map）。")
    return GraphQLParams(query, variables, operation_name or None, extensions)


def params_from_body(body: bytes) -> GraphQLParams:
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError as error:
        raise RequestError(400, f"请求体不是合法的 JSON：{error.msg}。") from None
    if isinstance(data, list):
        raise RequestError(400, "不支持批量请求：请求体必须是单个 JSON 对象。")
    if not isinstance(data, dict):
        raise RequestError(400, "请求体必须是 JSON 对象。")
    return _params_from_mapping(data)


def _single(query_params: QueryParams, name: str) -> str | None:
    values = query_params.getlist(name)
    if not values:
        return None
    if len(values) > 1:
        raise RequestError(400, f"{name} 参数只能出现一次。")
    return values[0]


def _json_map_param(query_params: QueryParams, name: str) -> dict[str, Any] | None:
    raw = _single(query_params, name)
    if raw is None or not raw.strip():
        return None
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise RequestError(400, f"{name} 参数不是合法的 JSON。") from None
    if value is not None and not isinstance(value, dict):
        raise RequestError(400, f"{name} 参数必须是 JSON 对象（map）。")
    return value


def params_from_query_string(query_params: QueryParams) -> GraphQLParams:
    return _params_from_mapping(
        {
            "query": _single(query_params, "query"),
            "variables": _json_map_param(query_params, "variables"),
            "operationName": _single(query_params, "operationName"),
            "extensions": _json_map_param(query_params, "extensions"),
        }
    )


async def read_body(request: Request, limit: int) -> bytes:
    content_length = request.headers.get("content-length")
    if content_length is not None:
        try:
            declared = int(content_length)
        except ValueError:
            raise RequestError(400, "Content-Length 无效。") from None
        if declared > limit:
            raise RequestError(413, f"请求体超过 {limit} 字节。", PAYLOAD_TOO_LARGE)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise RequestError(413, f"请求体超过 {limit} 字节。", PAYLOAD_TOO_LARGE)
        chunks.append(chunk)
    return b"".join(chunks)


# --- Responses ---------------------------------------------------------------------


def _dumps(payload: dict[str, Any]) -> bytes:
    try:
        return orjson.dumps(payload)
    except TypeError:
        # orjson refuses integers beyond 64 bits and unknown types; the standard
        # library takes big integers (and fails like orjson on the rest).
        return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def _error_response(
    media_type: str,
    status: int,
    message: str,
    code: str,
    headers: dict[str, str] | None = None,
    extensions: dict[str, Any] | None = None,
) -> Response:
    error = {"message": message, "extensions": extensions or {"code": code}}
    body = _dumps({"errors": [error]})
    return Response(body, status_code=status, media_type=media_type, headers=headers)


def format_error(error: GraphQLError, *, mask: bool) -> tuple[dict[str, Any], bool]:
    """The error as JSON, and whether it was unexpected."""
    code = error_code(error)
    formatted: dict[str, Any]
    if code is None:
        formatted = {"message": MASKED_MESSAGE if mask else error.message}
    else:
        formatted = {"message": error.message}
    locations = error.locations
    if locations:
        formatted["locations"] = [{"line": loc.line, "column": loc.column} for loc in locations]
    if error.path is not None:
        formatted["path"] = error.path
    if code is None:
        formatted["extensions"] = {"code": INTERNAL_SERVER_ERROR}
        return formatted, True
    extensions = error.extensions
    if extensions and extensions.get("code") == code:
        formatted["extensions"] = extensions
    else:
        formatted["extensions"] = {"code": code, **(extensions or {})}
    return formatted, False


def result_response(result: ExecutionResult, media_type: str, *, mask: bool) -> Response:
    errors = result.errors
    if not errors:
        payload: dict[str, Any] = {"data": result.data}
        status = 200
    else:
        formatted = []
        unexpected = False
        for error in errors:
            item, is_unexpected = format_error(error, mask=mask)
            formatted.append(item)
            unexpected = unexpected or is_unexpected
        if result.data is None and all(error.path is None for error in errors):
            # A request error: execution never started, the response has no `data`.
            payload = {"errors": formatted}
            if unexpected:
                status = 500
            elif media_type == GRAPHQL_RESPONSE_JSON:
                status = 400
            else:
                status = 200
        else:
            payload = {"errors": formatted, "data": result.data}
            status = 200
    if result.extensions:
        payload["extensions"] = result.extensions
    return Response(_dumps(payload), status_code=status, media_type=media_type)


# --- The endpoint ------------------------------------------------------------------


class GraphQLEndpoint:
    """The ASGI endpoint routed at `/graphql` for every method."""

    def __init__(
        self,
        *,
        schema: Schema,
        context_getter: ContextGetter,
        mask_errors: bool,
        graphiql_html: str | None,
        max_body_size: int = DEFAULT_MAX_BODY_SIZE,
    ) -> None:
        self.schema = schema
        self.context_getter = context_getter
        self.mask_errors = mask_errors
        self.graphiql_html = graphiql_html
        self.max_body_size = max_body_size

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # An ASGI app rather than a `request -> response` function, so that Starlette
        # routes every method here and the 405s are ours (GraphQL-shaped).
        request = Request(scope, receive)
        response = await self.handle(request)
        await response(scope, receive, send)

    async def handle(self, request: Request) -> Response:
        method = request.method
        headers = request.headers
        accept = headers.get("accept")
        if method == "GET":
            if self.graphiql_html is not None and prefers_html(accept):
                return HTMLResponse(self.graphiql_html)
            allowed = _QUERY_ONLY
        elif method == "POST":
            allowed = _QUERY_AND_MUTATION
        else:
            return _error_response(
                negotiate(accept) or APPLICATION_JSON,
                405,
                f"不支持 {method} 方法，请使用 GET 或 POST。",
                METHOD_NOT_ALLOWED,
                {"Allow": "GET, POST"},
            )
        media_type = negotiate(accept)
        if media_type is None:
            return _error_response(
                APPLICATION_JSON,
                406,
                "Accept 须包含 application/graphql-response+json 或 application/json。",
                NOT_ACCEPTABLE,
            )
        try:
            if method == "GET":
                params = params_from_query_string(request.query_params)
            else:
                content_type = headers.get("content-type")
                if content_type is None or not is_json_content_type(content_type):
                    raise RequestError(
                        415,
                        "POST 请求的 Content-Type 必须是 application/json。",
                        UNSUPPORTED_MEDIA_TYPE,
                    )
                params = params_from_body(await read_body(request, self.max_body_size))
        except RequestError as error:
            return _error_response(
                media_type, error.status, error.message, error.code, error.headers
            )
        except ClientDisconnect:
            return Response(status_code=400)
        return await self.execute(request, params, allowed, media_type)

    async def execute(
        self,
        request: Request,
        params: GraphQLParams,
        allowed: frozenset[OperationType],
        media_type: str,
    ) -> Response:
        try:
            context = await self.context_getter(request)
        except HubError as error:
            return _error_response(
                media_type,
                error.http_status,
                error.message,
                error.code,
                extensions=error.extensions,
            )
        except Exception as error:
            logger.exception("构建请求上下文失败")
            message = MASKED_MESSAGE if self.mask_errors else str(error) or MASKED_MESSAGE
            return _error_response(media_type, 500, message, INTERNAL_SERVER_ERROR)
        try:
            result = await self.schema.execute(
                params.query,
                variable_values=params.variables,
                context_value=context,
                root_value=None,
                operation_name=params.operation_name,
                allowed_operation_types=allowed,
                operation_extensions=params.extensions,
            )
        except InvalidOperationTypeError:
            if allowed is _QUERY_ONLY:
                return _error_response(
                    media_type,
                    405,
                    "GET 请求只能执行查询（query），变更请使用 POST。",
                    METHOD_NOT_ALLOWED,
                    {"Allow": "POST"},
                )
            return _error_response(
                media_type, 400, "HTTP 端点不支持订阅（subscription）。", BAD_REQUEST
            )
        except CannotGetOperationTypeError as error:
            status = 400 if media_type == GRAPHQL_RESPONSE_JSON else 200
            return _error_response(
                media_type, status, error.as_http_error_reason(), OPERATION_RESOLUTION_FAILURE
            )
        except MissingQueryError:
            return _error_response(media_type, 400, "缺少 query 参数。", BAD_REQUEST)
        finally:
            close = getattr(context, "aclose", None)
            if close is not None:
                try:
                    await close()
                except Exception:
                    logger.exception("关闭请求上下文失败")
        return result_response(result, media_type, mask=self.mask_errors)


__all__ = [
    "APPLICATION_JSON",
    "DEFAULT_MAX_BODY_SIZE",
    "GRAPHQL_RESPONSE_JSON",
    "ContextGetter",
    "GraphQLEndpoint",
    "GraphQLParams",
    "RequestError",
    "format_error",
    "is_json_content_type",
    "negotiate",
    "params_from_body",
    "params_from_query_string",
    "prefers_html",
    "read_body",
    "result_response",
]
