"""This concept's examples for the audit walk succeed as their demo accounts and write one
audit event each (the walk itself runs them all; this checks ours before it exists)."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import func, select

from hub.auth.viewers import staff_viewer
from hub.db import SessionFactory
from hub.demo import DemoSummary
from hub.models import Account, AuditEvent
from tests.accountability.mutation_examples.complaints import EXAMPLES
from tests.support import Graph


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.field for e in EXAMPLES])
async def test_example_succeeds_with_one_audit_event(
    graph: Graph, session_factory: SessionFactory, demo_data: DemoSummary, example: object
) -> None:
    assert dataclasses.is_dataclass(example)
    from tests.accountability.mutation_examples import MutationExample

    assert isinstance(example, MutationExample)
    async with session_factory() as session:
        account_id = await session.scalar(
            select(Account.id).where(Account.number == example.viewer)
        )
        assert account_id is not None
        viewer = await staff_viewer(session, account_id)
        assert viewer is not None
        # The demo accounts still carry their initial password; the walk signs them in.
        viewer = dataclasses.replace(viewer, password_change_required=False)
        before = await session.scalar(select(func.count()).select_from(AuditEvent))
    variables = dict(example.variables)
    if example.prepare is not None:
        variables.update(await example.prepare(session_factory))
    data = await graph.data(example.document, variables, viewer=viewer)
    (result,) = data.values()
    assert result["__typename"] != "InputError", result
    async with session_factory() as session:
        after = await session.scalar(select(func.count()).select_from(AuditEvent))
    assert (after or 0) - (before or 0) == example.audit_events
