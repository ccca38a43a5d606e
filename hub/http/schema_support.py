"""A `strawberry.Schema` that logs errors by kind instead of all as ERROR.

Strawberry's default `process_errors` logs every error of every response, validation
errors and our own `HubError`s included, at ERROR with a traceback. `HubSchema`
logs unexpected errors (bugs, outages) at ERROR with their traceback, and the errors
meant for the client at DEBUG. Using it is optional: the endpoint works with any
`strawberry.Schema` built with `graphql_extensions(settings)`.

It is a `strawberry.federation.Schema` (itself a `strawberry.Schema`), so a schema whose
types carry federation directives (`MarketEntity @key(fields: "uscc")`) builds without
Strawberry's "use strawberry.federation.Schema" warning; such a schema also answers
`_service { sdl }` and, when it has entity types, `_entities`.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import strawberry.federation

from hub.errors import error_code

if TYPE_CHECKING:
    from graphql import GraphQLError
    from strawberry.types import ExecutionContext

logger = logging.getLogger("hub.graphql")


def log_graphql_errors(
    errors: list[GraphQLError], execution_context: ExecutionContext | None = None
) -> None:
    operation = execution_context.operation_name if execution_context else None
    for error in errors:
        code = error_code(error)
        if code is None:
            logger.error(
                "GraphQL 意外错误（操作 %s，路径 %s）：%s",
                operation,
                error.path,
                error.message,
                exc_info=error.original_error or error,
            )
        elif logger.isEnabledFor(logging.DEBUG):
            logger.debug("GraphQL 错误 %s（操作 %s）：%s", code, operation, error.message)


class HubSchema(strawberry.federation.Schema):
    def process_errors(
        self,
        errors: list[GraphQLError],
        execution_context: ExecutionContext | None = None,
    ) -> None:
        log_graphql_errors(errors, execution_context)


__all__ = ["HubSchema", "log_graphql_errors"]
