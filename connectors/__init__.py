"""Connectors to partner systems, fetched at query time."""
