"""`connectorMetrics`: per-connector counters, latency percentiles and breaker state, for
administrators only."""

from __future__ import annotations

import pytest
import strawberry
from sqlalchemy.ext.asyncio import AsyncEngine

from hub.auth.viewer import Viewer
from hub.auth.visibility import attach_visibility
from hub.http.protections import graphql_extensions
from hub.http.schema_support import HubSchema
from hub.schema.partner_data import ConnectorQuery
from hub.schema.record_kinds import RECORD_TYPES
from hub.schema.root import Query
from hub.settings import Settings
from tests.connectors.partner_support import MakeRegistry, PartnerGraph, StandIns

METRICS = """
{
  connectorMetrics {
    connector kind calls errors timeouts retries rejected cacheHits cacheMisses
    latencyP50Ms latencyP95Ms latencyP99Ms breakerState consecutiveFailures
  }
}
"""

PAGE = """
{ entities(first: 20) { edges { node { nationalCredit { grade } annualReports { year } } } } }
"""


@strawberry.type
class QueryWithConnectors(Query, ConnectorQuery):
    """The root Query as the lead will assemble it (ConnectorQuery among the bases)."""


@pytest.fixture(scope="module")
def metrics_graph(engine: AsyncEngine, settings: Settings) -> PartnerGraph:
    attach_visibility(root_types=[QueryWithConnectors], other_types=RECORD_TYPES.values())
    schema = HubSchema(
        query=QueryWithConnectors,
        types=list(RECORD_TYPES.values()),
        extensions=graphql_extensions(settings),
    )
    return PartnerGraph(schema, engine, settings)


async def test_administrators_read_each_connectors_metrics(
    metrics_graph: PartnerGraph,
    make_registry: MakeRegistry,
    stand_ins: StandIns,
    staff: Viewer,
    administrator: Viewer,
) -> None:
    # given some traffic: one retried failure on the credit platform, then a cached repeat
    metrics_graph.partners = make_registry()
    await stand_ins["national_credit"].control(fail_next=1)
    await metrics_graph.data(PAGE, viewer=staff)
    await metrics_graph.data(PAGE, viewer=staff)
    # when an administrator reads the metrics
    data = await metrics_graph.data(METRICS, viewer=administrator)
    by_name = {m["connector"]: m for m in data["connectorMetrics"]}
    # then each connector reports its own
    credit = by_name["national_credit"]
    assert credit["kind"] == "rest"
    assert (credit["calls"], credit["errors"], credit["retries"]) == (2, 1, 1)
    assert (credit["cacheMisses"], credit["cacheHits"]) == (20, 20)
    assert credit["breakerState"] == "CLOSED"
    assert 0 < credit["latencyP50Ms"] <= credit["latencyP95Ms"] <= credit["latencyP99Ms"]
    publicity = by_name["credit_publicity"]
    assert (publicity["calls"], publicity["errors"], publicity["timeouts"]) == (1, 0, 0)


async def test_other_viewers_may_not_read_them(
    metrics_graph: PartnerGraph, make_registry: MakeRegistry, staff: Viewer
) -> None:
    metrics_graph.partners = make_registry()
    assert await metrics_graph.error_codes(METRICS, viewer=staff) == ["FORBIDDEN"]
    assert await metrics_graph.error_codes(METRICS) == ["FORBIDDEN"]
