"""Errors that our code raises on purpose, and how any GraphQL error is classified.

Raise a `HubError` (or one of its subclasses) from a resolver, a loader or a service
function when the client should see the message: graphql-core wraps it in a
`GraphQLError` whose `extensions` are the error's own (`{"code": ..., ...}`), so the
code and the message reach the client unchanged, in every environment.

Anything else that escapes a resolver is a bug or an outage: in prod its message is
replaced by `MASKED_MESSAGE` (see `hub.http.graphql_http`), and it is logged with its
traceback.
"""

from __future__ import annotations

from typing import Any, ClassVar, Final

from graphql import GraphQLError
from strawberry.exceptions import StrawberryInputCoercionError

# Codes carried in `errors[].extensions.code` of every GraphQL response.
GRAPHQL_PARSE_FAILED: Final = "GRAPHQL_PARSE_FAILED"
GRAPHQL_VALIDATION_FAILED: Final = "GRAPHQL_VALIDATION_FAILED"
BAD_USER_INPUT: Final = "BAD_USER_INPUT"
BAD_REQUEST: Final = "BAD_REQUEST"
NOT_FOUND: Final = "NOT_FOUND"
FORBIDDEN: Final = "FORBIDDEN"
INTERNAL_SERVER_ERROR: Final = "INTERNAL_SERVER_ERROR"
QUERY_TOO_DEEP: Final = "QUERY_TOO_DEEP"
QUERY_TOO_COMPLEX: Final = "QUERY_TOO_COMPLEX"
TOO_MANY_ALIASES: Final = "TOO_MANY_ALIASES"
TOO_MANY_TOKENS: Final = "TOO_MANY_TOKENS"
OPERATION_RESOLUTION_FAILURE: Final = "OPERATION_RESOLUTION_FAILURE"
METHOD_NOT_ALLOWED: Final = "METHOD_NOT_ALLOWED"
NOT_ACCEPTABLE: Final = "NOT_ACCEPTABLE"
UNSUPPORTED_MEDIA_TYPE: Final = "UNSUPPORTED_MEDIA_TYPE"
PAYLOAD_TOO_LARGE: Final = "PAYLOAD_TOO_LARGE"

PASSWORD_CHANGE_REQUIRED: Final = "PASSWORD_CHANGE_REQUIRED"

MASKED_MESSAGE: Final = "内部错误"


class HubError(Exception):
    """An error whose message and code are meant for the client.

    `extensions` become the GraphQL error's `extensions`, `code` first; keep them
    JSON-serialisable. `http_status` is used only when the error is raised before
    GraphQL execution (by the context getter): e.g. 403 for `Forbidden`.
    """

    http_status: ClassVar[int] = 400

    def __init__(self, message: str, code: str, **extensions: Any) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.extensions: dict[str, Any] = {"code": code, **extensions}


class BadUserInput(HubError):
    """The arguments or variables are well-typed but not acceptable."""

    def __init__(self, message: str, **extensions: Any) -> None:
        super().__init__(message, BAD_USER_INPUT, **extensions)


class NotFound(HubError):
    """The requested object does not exist (or is not visible to the caller)."""

    http_status: ClassVar[int] = 404

    def __init__(self, message: str, **extensions: Any) -> None:
        super().__init__(message, NOT_FOUND, **extensions)


class Forbidden(HubError):
    """The caller may not do this."""

    http_status: ClassVar[int] = 403

    def __init__(self, message: str, **extensions: Any) -> None:
        super().__init__(message, FORBIDDEN, **extensions)


class PasswordChangeRequired(HubError):
    """The account still has its initial password: only the first sign-in may proceed."""

    http_status: ClassVar[int] = 403

    def __init__(self) -> None:
        super().__init__("请先完善个人信息并修改初始密码", PASSWORD_CHANGE_REQUIRED)


def error_code(error: GraphQLError) -> str | None:
    """The code of a deliberate error, or None for an unexpected one.

    Deliberate: the error carries `extensions.code` (a `HubError`, a parse or
    validation error coded by `hub.http.protections`, or any error raised with an
    explicit code), or it is a request error (no path: the variables could not be
    coerced, by graphql-core or by a scalar's parser).
    Unexpected: everything else, i.e. a Python exception escaping a resolver, or a
    GraphQLError without code raised during execution.
    """
    extensions = error.extensions
    if extensions:
        code = extensions.get("code")
        if isinstance(code, str):
            return code
    original = error.original_error
    if isinstance(original, StrawberryInputCoercionError):
        # An argument Strawberry could not convert (a forged GlobalID): the client's input.
        return BAD_USER_INPUT
    # No path: variable coercion, by graphql-core itself or by a scalar (GlobalID, Date)
    # refusing a value with ValueError/TypeError.
    coercion = original is None or isinstance(original, GraphQLError | ValueError | TypeError)
    return BAD_USER_INPUT if error.path is None and coercion else None


__all__ = [
    "BAD_REQUEST",
    "BAD_USER_INPUT",
    "FORBIDDEN",
    "GRAPHQL_PARSE_FAILED",
    "GRAPHQL_VALIDATION_FAILED",
    "INTERNAL_SERVER_ERROR",
    "MASKED_MESSAGE",
    "METHOD_NOT_ALLOWED",
    "NOT_ACCEPTABLE",
    "NOT_FOUND",
    "OPERATION_RESOLUTION_FAILURE",
    "PASSWORD_CHANGE_REQUIRED",
    "PAYLOAD_TOO_LARGE",
    "QUERY_TOO_COMPLEX",
    "QUERY_TOO_DEEP",
    "TOO_MANY_ALIASES",
    "TOO_MANY_TOKENS",
    "UNSUPPORTED_MEDIA_TYPE",
    "BadUserInput",
    "Forbidden",
    "HubError",
    "NotFound",
    "PasswordChangeRequired",
    "error_code",
]
