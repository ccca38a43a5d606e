"""The Starlette application: `/graphql`, `/healthz`, `/readyz`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from starlette.applications import Starlette
from starlette.routing import BaseRoute, Route

from hub.http.graphiql import graphiql_routes, local_graphiql_html
from hub.http.graphql_http import DEFAULT_MAX_BODY_SIZE, ContextGetter, GraphQLEndpoint
from hub.http.health import DEFAULT_READINESS_TIMEOUT, health_routes
from hub.http.protections import find_guard

if TYPE_CHECKING:
    import strawberry
    from sqlalchemy.ext.asyncio import AsyncEngine

    from hub.settings import Settings


def create_app(
    *,
    settings: Settings,
    schema: strawberry.Schema,
    context_getter: ContextGetter,
    engine: AsyncEngine | None,
    max_body_size: int = DEFAULT_MAX_BODY_SIZE,
    readiness_timeout: float = DEFAULT_READINESS_TIMEOUT,
    routes: Sequence[BaseRoute] = (),
) -> Starlette:
    """Build the HTTP application around a schema.

    `schema` must have been built with `hub.http.graphql_extensions(settings)` among
    its extensions (the parse/validation cache and the limits live there); a
    `ValueError` says so otherwise. `context_getter(request)` is awaited once per
    GraphQL request, after the HTTP request was found well-formed, and its result is
    the `context_value` (`info.context`) of the execution; when it has an
    `async def aclose()`, that is awaited once the execution is over. A `HubError`
    raised by it becomes a request error with the error's `http_status`. `routes` are
    mounted beside them (sign-in: `/oauth/token`, `/.well-known/jwks.json`).
    """
    if find_guard(schema.extensions) is None:
        raise ValueError(
            "the schema lacks the hub's GraphQL protections: build it with "
            "extensions=[*hub.http.graphql_extensions(settings), ...]"
        )
    endpoint = GraphQLEndpoint(
        schema=schema,
        context_getter=context_getter,
        mask_errors=not settings.is_dev,
        graphiql_html=local_graphiql_html() if settings.is_dev else None,
        max_body_size=max_body_size,
    )
    app = Starlette(
        debug=False,
        routes=[
            Route("/graphql", endpoint),
            *health_routes(engine, detailed=settings.is_dev, timeout=readiness_timeout),
            *(graphiql_routes() if settings.is_dev else []),
            *routes,
        ],
    )
    app.state.settings = settings
    app.state.schema = schema
    app.state.engine = engine
    app.state.graphql_endpoint = endpoint
    return app


__all__ = ["create_app"]
