"""The hub as an Apollo Federation 2 subgraph.

`HubSchema` is already a `strawberry.federation.Schema` (which adds `_service { sdl }`
and `_entities` to the root query); `FederatedHubSchema` also puts those root fields
behind the first-sign-in gate, as `attach_visibility` does for every other root field.
Entities (types declared with `@strawberry.federation.type(keys=...)`) resolve through
their `resolve_reference`, which must apply the same row policy as the root fields.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final, Literal

from hub.auth.visibility import FirstSignInGate
from hub.http.schema_support import HubSchema

# The federation version announced in the subgraph's `@link`.
FEDERATION_VERSION: Final[Literal["2.11"]] = "2.11"


class FederatedHubSchema(HubSchema):
    """A federation 2 subgraph schema whose federation root fields (`_entities`,
    `_service`) pass the same first-sign-in gate as every other root field."""

    def _get_federation_query_type(
        self,
        query: Any,
        mutation: Any,
        subscription: Any,
        additional_types: Iterable[Any],
        name_converter: Any,
    ) -> type:
        query_type = super()._get_federation_query_type(
            query, mutation, subscription, additional_types, name_converter
        )
        for field in query_type.__strawberry_definition__.fields:  # type: ignore[attr-defined]
            name = name_converter.from_field(field)
            if name.startswith("_") and not any(
                isinstance(extension, FirstSignInGate) for extension in field.extensions
            ):
                field.extensions.append(FirstSignInGate(name))
        return query_type


__all__ = ["FEDERATION_VERSION", "FederatedHubSchema"]
