"""The GraphQL schema: one module of types per concept; `hub.schema.root` assembles them."""

from hub.schema import enums  # noqa: F401  (shared enums first: see hub/schema/enums.py)
