"""One example call per mutation of the schema, for the audit walk.

Every module in this package exports `EXAMPLES: list[MutationExample]`, one module per
concept. The walk (tests/accountability/test_every_mutation_audited.py) collects them all,
fails for any field of the schema's `Mutation` type that has no example, runs each example
once as its viewer against the demo data, and checks it succeeded and wrote exactly
`audit_events` new audit events, in the same transaction as the change.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from hub.db import SessionFactory

# Builds what the call needs — rows inserted directly through the session factory (fresh,
# unique natural keys: examples share one database) — and returns variables, merged over
# `MutationExample.variables`.
Prepare = Callable[[SessionFactory], Awaitable[dict[str, Any]]]


@dataclass(frozen=True)
class MutationExample:
    # The `Mutation` field this example calls, e.g. "createInspectionPlan".
    field: str
    # A demo account number ("2101002310006"), "partner" (the demo partner client with all
    # its scopes) or "public".
    viewer: str
    # A complete document that calls exactly that one mutation field.
    document: str
    variables: dict[str, Any] = field(default_factory=dict)
    prepare: Prepare | None = None
    # 1 for every mutation; a batch mutation writing one event per row says how many.
    audit_events: int = 1
