"""The hub: a GraphQL federated data hub for Internet + Supervision (互联网+监管)."""
