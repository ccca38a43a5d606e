"""The catalogue's examples for the audit walk succeed against the demo data as their
viewer, each writing exactly one audit event."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import func, select

from hub.auth.viewers import staff_viewer
from hub.db import SessionFactory
from hub.demo import DemoSummary
from hub.models import Account, AuditEvent
from tests.accountability.mutation_examples import MutationExample
from tests.accountability.mutation_examples.supervision_items import EXAMPLES
from tests.support import Graph


@pytest.mark.parametrize("example", EXAMPLES, ids=[example.field for example in EXAMPLES])
async def test_each_catalogue_mutation_example_writes_one_audit_event(
    graph: Graph, session_factory: SessionFactory, demo_data: DemoSummary, example: MutationExample
) -> None:
    async with session_factory() as session:
        account_id = await session.scalar(
            select(Account.id).where(Account.number == example.viewer)
        )
        assert account_id is not None
        viewer = await staff_viewer(session, account_id)
    assert viewer is not None
    viewer = replace(viewer, password_change_required=False)
    variables = dict(example.variables)
    if example.prepare is not None:
        variables.update(await example.prepare(session_factory))
    async with session_factory() as session:
        before = await session.scalar(select(func.count()).select_from(AuditEvent))
    data = await graph.data(example.document, variables, viewer=viewer)
    [result] = data.values()
    assert result["__typename"] != "InputError", result
    async with session_factory() as session:
        after = await session.scalar(select(func.count()).select_from(AuditEvent))
    assert (after or 0) - (before or 0) == example.audit_events
