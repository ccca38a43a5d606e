"""schema.graphql is the reviewed contract: it must match the code."""

from __future__ import annotations

import strawberry

from hub.cli import SCHEMA_FILE


def test_committed_schema_matches_the_code(schema: strawberry.Schema) -> None:
    # The session's schema: Strawberry's relay `node` field can be bound to one schema only.
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema.as_str() + "\n", (
        "run `make schema` and commit"
    )
