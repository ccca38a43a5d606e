"""HTTP layer: the GraphQL-over-HTTP endpoint, health probes, the Starlette app."""

from __future__ import annotations

from hub.http.app import create_app
from hub.http.graphql_http import ContextGetter, GraphQLEndpoint
from hub.http.protections import DocumentGuard, GuardConfig, graphql_extensions
from hub.http.schema_support import HubSchema

__all__ = [
    "ContextGetter",
    "DocumentGuard",
    "GraphQLEndpoint",
    "GuardConfig",
    "HubSchema",
    "create_app",
    "graphql_extensions",
]
