"""The audit walk's examples of the risk mutations succeed as their viewer, each writing
exactly one audit event (the walk itself is another branch's; this runs ours now)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from hub.db import SessionFactory
from hub.models import AuditEvent
from tests.accountability.mutation_examples.risk import EXAMPLES
from tests.risk.conftest import ViewerOf
from tests.support import Graph


@pytest.mark.parametrize("example", EXAMPLES, ids=[example.field for example in EXAMPLES])
async def test_example_succeeds_with_one_audit_event(
    example: object, risk_graph: Graph, viewer_of: ViewerOf, risk_sessions: SessionFactory
) -> None:
    from tests.accountability.mutation_examples import MutationExample

    assert isinstance(example, MutationExample)
    variables = dict(example.variables)
    if example.prepare is not None:
        variables.update(await example.prepare(risk_sessions))
    async with risk_sessions() as session:
        before = await session.scalar(select(func.count(AuditEvent.id)))
    data = await risk_graph.data(
        example.document, variables, viewer=await viewer_of(example.viewer)
    )
    assert data[example.field]["__typename"].endswith("Payload"), data
    async with risk_sessions() as session:
        after = await session.scalar(select(func.count(AuditEvent.id)))
    assert after == (before or 0) + example.audit_events
