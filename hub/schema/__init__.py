"""The GraphQL schema: one module of types per concept; `hub.schema.root` assembles them."""
