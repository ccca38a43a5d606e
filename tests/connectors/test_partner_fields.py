"""Partner data on MarketEntity: one batched call per page and dataset, datasets fetched
concurrently, answers cached, and a failing or slow partner costs only its own fields."""

from __future__ import annotations

import time
from typing import Any

from hub.auth.viewer import Viewer
from hub.demo import DemoSummary
from stand_ins.credit_publicity import abnormal_operation, annual_reports
from stand_ins.national_credit import evaluation
from tests.connectors.partner_support import (
    MakeRegistry,
    PartnerGraph,
    StandIns,
    connectors_toml,
)

PAGE = """
query Page($first: Int!) {
  entities(first: $first, orderBy: USCC_ASC) {
    edges {
      node {
        uscc
        name
        nationalCredit { grade score evaluatedAt }
        annualReports { year submittedOn status employees }
        abnormalOperation { listed reason listedOn authority }
      }
    }
  }
}
"""

PUBLIC_PAGE = """
query Page($first: Int!) {
  entities(first: $first, orderBy: USCC_ASC) {
    edges { node { uscc annualReports { year } abnormalOperation { listed reason } } }
  }
}
"""

CREDIT = "/credit/batch"
REPORTS = "/annual-reports/batch"
ABNORMAL = "/abnormal-operations/batch"


def nodes(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [edge["node"] for edge in data["entities"]["edges"]]


def error_paths(result: Any, code: str) -> list[list[str | int]]:
    assert result.errors, "expected errors"
    return [e.path for e in result.errors if (e.extensions or {}).get("code") == code]


async def test_a_page_of_fifty_entities_is_one_call_per_partner_dataset(
    partner_graph: PartnerGraph,
    make_registry: MakeRegistry,
    stand_ins: StandIns,
    staff: Viewer,
    demo_data: DemoSummary,
) -> None:
    # given the connectors pointed at the stand-ins
    partner_graph.partners = make_registry()
    # when staff read a page of 50 entities with all three partner fields
    started = time.perf_counter()
    data = await partner_graph.data(PAGE, {"first": 50}, viewer=staff)
    elapsed = time.perf_counter() - started
    print(
        f"\n50 entities, three datasets, cold cache, no injected latency: {elapsed * 1000:.0f} ms"
    )
    # then each stand-in endpoint was called once for the page
    credit, publicity = stand_ins["national_credit"], stand_ins["credit_publicity"]
    assert credit.requests(CREDIT) == 1
    assert publicity.requests(REPORTS) == 1
    assert publicity.requests(ABNORMAL) == 1
    # and every entity carries what the partner derives from its code
    entities = nodes(data)
    assert len(entities) == 50
    for entity in entities:
        expected = evaluation(entity["uscc"])
        if expected is None:
            assert entity["nationalCredit"] is None
        else:
            assert entity["nationalCredit"]["grade"] == expected["grade"]
            assert float(entity["nationalCredit"]["score"]) == expected["score"]
        years = [report["year"] for report in entity["annualReports"]]
        assert years == [report["year"] for report in annual_reports(entity["uscc"])]
        listed = abnormal_operation(entity["uscc"])
        assert entity["abnormalOperation"]["listed"] is (listed is not None)
        if listed is not None:
            assert entity["abnormalOperation"]["reason"] == listed["reason"]
            assert entity["abnormalOperation"]["listedOn"] == listed["listedOn"]
    # the page does exercise both answers of each kind
    assert any(e["nationalCredit"] is None for e in entities)
    assert any(e["abnormalOperation"]["listed"] for e in entities)


async def test_batches_follow_the_configured_size(
    partner_graph: PartnerGraph, make_registry: MakeRegistry, stand_ins: StandIns, staff: Viewer
) -> None:
    partner_graph.partners = make_registry(batch_size=20)
    await partner_graph.data(PAGE, {"first": 50}, viewer=staff)
    assert stand_ins["national_credit"].requests(CREDIT) == 3  # 20 + 20 + 10


async def test_partners_are_asked_concurrently(
    partner_graph: PartnerGraph, make_registry: MakeRegistry, stand_ins: StandIns, staff: Viewer
) -> None:
    # given every partner endpoint answering after 100 ms
    partner_graph.partners = registry = make_registry()
    await partner_graph.data(PAGE, {"first": 50}, viewer=staff)  # warm: DB, connections
    registry.clear_caches()
    for stand_in in stand_ins.values():
        await stand_in.control(latency_ms=100)
    # when a page asks for the three datasets
    started = time.perf_counter()
    await partner_graph.data(PAGE, {"first": 50}, viewer=staff)
    elapsed = time.perf_counter() - started
    print(f"\nthree datasets, 100 ms injected each, 50 entities: {elapsed * 1000:.0f} ms")
    # then they were fetched side by side (~100 ms), not one after another (~300 ms)
    assert elapsed < 0.25
    assert stand_ins["national_credit"].requests(CREDIT) == 2


async def test_a_second_request_within_the_ttl_makes_no_partner_call(
    partner_graph: PartnerGraph, make_registry: MakeRegistry, stand_ins: StandIns, staff: Viewer
) -> None:
    partner_graph.partners = registry = make_registry(cache_ttl_seconds=300)
    first = await partner_graph.data(PAGE, {"first": 50}, viewer=staff)
    second = await partner_graph.data(PAGE, {"first": 50}, viewer=staff)
    assert first == second
    assert stand_ins["national_credit"].requests(CREDIT) == 1
    assert stand_ins["credit_publicity"].requests(REPORTS) == 1
    (credit_metrics,) = [m for m in registry.metrics() if m.connector == "national_credit"]
    assert (credit_metrics.calls, credit_metrics.cache_hits) == (1, 50)


async def test_a_slow_partner_times_out_at_its_fields_only(
    partner_graph: PartnerGraph, make_registry: MakeRegistry, stand_ins: StandIns, staff: Viewer
) -> None:
    # given the credit platform answering after 1 s, and a deadline of 200 ms
    partner_graph.partners = make_registry(timeout_seconds=0.2)
    await stand_ins["national_credit"].control(latency_ms=1000)
    # when a page asks for it
    started = time.perf_counter()
    result = await partner_graph.execute(PAGE, {"first": 5}, viewer=staff)
    elapsed = time.perf_counter() - started
    print(f"\ndeadline 200 ms, partner 1000 ms: answered in {elapsed * 1000:.0f} ms")
    # then nationalCredit is null with PARTNER_TIMEOUT at each entity's path
    assert result.data is not None
    paths = error_paths(result, "PARTNER_TIMEOUT")
    assert paths == [["entities", "edges", i, "node", "nationalCredit"] for i in range(5)]
    assert result.errors is not None
    assert len(result.errors) == 5
    assert result.errors[0].extensions == {
        "code": "PARTNER_TIMEOUT",
        "connector": "national_credit",
        "dataset": "national_credit",
    }
    # and the other fields are there
    for entity in nodes(result.data):
        assert entity["nationalCredit"] is None
        assert entity["name"]
        assert entity["abnormalOperation"] is not None
        assert isinstance(entity["annualReports"], list)
    # within the deadline, not the partner's latency
    assert elapsed < 0.6


async def test_a_transient_failure_is_retried(
    partner_graph: PartnerGraph, make_registry: MakeRegistry, stand_ins: StandIns, staff: Viewer
) -> None:
    # given the credit platform answering its next request with 503
    partner_graph.partners = registry = make_registry(attempts=3)
    await stand_ins["national_credit"].control(fail_next=1, status=503)
    # when a page asks for it
    data = await partner_graph.data(PAGE, {"first": 10}, viewer=staff)
    # then the second attempt answered
    assert any(entity["nationalCredit"] is not None for entity in nodes(data))
    assert stand_ins["national_credit"].requests(CREDIT) == 2
    (metrics,) = [m for m in registry.metrics() if m.connector == "national_credit"]
    assert (metrics.calls, metrics.errors, metrics.retries) == (2, 1, 1)


async def test_a_failing_partner_leaves_the_rest_of_the_answer(
    partner_graph: PartnerGraph, make_registry: MakeRegistry, stand_ins: StandIns, staff: Viewer
) -> None:
    # given the publicity system failing every request
    partner_graph.partners = make_registry(attempts=2)
    await stand_ins["credit_publicity"].control(fail_rate=1.0, status=500)
    # when a page asks for everything
    result = await partner_graph.execute(PAGE, {"first": 3}, viewer=staff)
    # then its two fields are null with PARTNER_UNAVAILABLE, the credit is there
    assert result.data is not None
    paths = error_paths(result, "PARTNER_UNAVAILABLE")
    assert sorted(map(str, paths)) == sorted(
        str(["entities", "edges", i, "node", field])
        for i in range(3)
        for field in ("annualReports", "abnormalOperation")
    )
    entities = nodes(result.data)
    assert all(e["annualReports"] is None and e["abnormalOperation"] is None for e in entities)
    assert any(e["nationalCredit"] is not None for e in entities)
    # two attempts per dataset, as configured (500 is transient)
    assert stand_ins["credit_publicity"].requests(REPORTS) == 2


async def test_a_client_error_is_not_retried(
    partner_graph: PartnerGraph, make_registry: MakeRegistry, stand_ins: StandIns, staff: Viewer
) -> None:
    partner_graph.partners = make_registry(attempts=3)
    await stand_ins["national_credit"].control(fail_rate=1.0, status=400)
    result = await partner_graph.execute(PAGE, {"first": 2}, viewer=staff)
    assert len(error_paths(result, "PARTNER_UNAVAILABLE")) == 2
    assert stand_ins["national_credit"].requests(CREDIT) == 1


async def test_without_connectors_the_fields_say_so(
    partner_graph: PartnerGraph, staff: Viewer
) -> None:
    partner_graph.partners = None
    result = await partner_graph.execute(PAGE, {"first": 1}, viewer=staff)
    assert result.data is not None
    assert nodes(result.data)[0]["name"]
    assert len(error_paths(result, "PARTNER_UNAVAILABLE")) == 3


async def test_the_public_reads_publicity_data_but_not_the_national_credit(
    partner_graph: PartnerGraph, make_registry: MakeRegistry, stand_ins: StandIns
) -> None:
    partner_graph.partners = make_registry()
    data = await partner_graph.data(PUBLIC_PAGE, {"first": 5})
    assert all(isinstance(entity["annualReports"], list) for entity in nodes(data))
    codes = await partner_graph.error_codes(PAGE, {"first": 5})
    assert codes == ["FORBIDDEN"] * 5
    # a forbidden field costs no partner call
    assert stand_ins["national_credit"].requests(CREDIT) == 0


async def test_credentials_from_the_environment_reach_the_partner(
    partner_graph: PartnerGraph, make_registry: MakeRegistry, stand_ins: StandIns, staff: Viewer
) -> None:
    auth = 'auth = { scheme = "bearer", token_env = "HUB_TEST_CREDIT_TOKEN" }'
    text = connectors_toml(stand_ins, auth=auth)
    partner_graph.partners = make_registry(text, environ={"HUB_TEST_CREDIT_TOKEN": "t0ken"})
    await partner_graph.data(PAGE, {"first": 1}, viewer=staff)
    report = await stand_ins["national_credit"].control()
    assert report["last_authorization"] == "Bearer t0ken"
