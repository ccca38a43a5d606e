"""The credit examples of the audit walk succeed and write one audit event each (run here
as a rule manager of this directory's own database; the walk runs them as the demo's
provincial administrator)."""

from __future__ import annotations

from sqlalchemy import func, select

from hub.models import AuditEvent
from tests.accountability.mutation_examples.credit import EXAMPLES
from tests.credit.conftest import CreditWorld
from tests.support import Graph


async def test_each_credit_example_succeeds_with_one_audit_event(
    credit_graph: Graph, credit_world: CreditWorld
) -> None:
    for example in EXAMPLES:
        async with credit_world.sessions() as session:
            before = await session.scalar(select(func.count()).select_from(AuditEvent))
        data = await credit_graph.data(
            example.document, example.variables, viewer=credit_world.rule_manager()
        )
        (result,) = data.values()
        assert result["__typename"] == "CreditRuleSetPayload", result
        async with credit_world.sessions() as session:
            after = await session.scalar(select(func.count()).select_from(AuditEvent))
        assert after == (before or 0) + example.audit_events, example.field
