"""The audit walk's examples of the linkage mutations succeed against the demo data and
write exactly the audit events they announce (the walk itself lives in
tests/accountability; this runs the same examples here, the partner holding
`registrations:write`)."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import func, select

from hub.auth.permissions import PartnerScope
from hub.auth.viewer import Viewer
from hub.db import SessionFactory
from hub.models import AuditEvent
from tests.accountability.mutation_examples import MutationExample
from tests.accountability.mutation_examples.linkage import EXAMPLES
from tests.linkage.conftest import LinkageWorld, _staff
from tests.support import Graph


async def _events(session_factory: SessionFactory) -> int:
    async with session_factory() as session:
        return int(await session.scalar(select(func.count(AuditEvent.id))) or 0)


@pytest.mark.parametrize("example", EXAMPLES, ids=[example.field for example in EXAMPLES])
async def test_the_example_succeeds_with_its_audit_events(
    example: MutationExample,
    linkage: LinkageWorld,
    graph: Graph,
    session_factory: SessionFactory,
) -> None:
    variables = dict(example.variables)
    if example.prepare is not None:
        variables.update(await example.prepare(session_factory))
    viewer: Viewer
    if example.viewer == "partner":
        viewer = dataclasses.replace(linkage.registrar, partner_scopes=frozenset(PartnerScope))
    else:
        viewer = await _staff(session_factory, example.viewer)
    before = await _events(session_factory)
    result = await graph.execute(example.document, variables, viewer=viewer)
    assert result.errors is None, result.errors
    assert "InputError" not in str(result.data), result.data
    assert "REJECTED" not in str(result.data), result.data
    assert await _events(session_factory) - before == example.audit_events
