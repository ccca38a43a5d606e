"""Column types shared by the models."""

from __future__ import annotations

from sqlalchemy import BigInteger, Integer

# BIGINT on PostgreSQL; on SQLite only INTEGER PRIMARY KEY is the rowid that autoincrements.
BigId = BigInteger().with_variant(Integer(), "sqlite")
