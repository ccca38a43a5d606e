"""Supervision records: the interface and its six kinds, filters, and who sees which rows."""

from __future__ import annotations

from typing import Any

from strawberry.relay import GlobalID

from hub.auth.viewer import Viewer
from hub.demo import DemoSummary
from tests.support import Graph

RECORDS = """
query Records($filter: RecordFilter, $first: Int, $after: String,
              $orderBy: RecordOrder! = DECISION_DATE_DESC) {
  records(filter: $filter, first: $first, after: $after, orderBy: $orderBy) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      node {
        __typename id kind status decisionNumber decisionDate publicationEndDate
        department { id code name }
        region { code }
        entity { uscc }
        item { code name }
        ... on License { licenseNumber validFrom validTo content }
        ... on Penalty { violationFacts penaltyTypes fineAmount legalBasis }
        ... on Inspection { result inspectedOn }
        ... on Filing { filingSubject filedOn }
        ... on Enforcement { measure startsOn }
        ... on BlacklistEntry { reason listedOn removalDate }
      }
    }
  }
}
"""

RECORD = """
query Record($id: ID!) { record(id: $id) { __typename id kind decisionNumber } }
"""

NODE = """
query Node($id: ID!) {
  node(id: $id) {
    __typename id
    ... on MarketEntity { uscc }
    ... on Department { name }
    ... on SupervisionRecord { decisionNumber }
  }
}
"""

KIND_TYPES = {
    "LICENSE": "License",
    "INSPECTION": "Inspection",
    "FILING": "Filing",
    "PENALTY": "Penalty",
    "ENFORCEMENT": "Enforcement",
    "BLACKLIST": "BlacklistEntry",
}


def _nodes(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [edge["node"] for edge in data["records"]["edges"]]


async def test_each_kind_comes_back_as_its_own_type(graph: Graph, demo_data: DemoSummary) -> None:
    for kind, type_name in KIND_TYPES.items():
        data = await graph.data(RECORDS, {"filter": {"kinds": [kind]}, "first": 5})
        nodes = _nodes(data)
        assert nodes, kind
        assert {node["__typename"] for node in nodes} == {type_name}
        assert {node["kind"] for node in nodes} == {kind}


async def test_kind_fields_are_filled(graph: Graph, demo_data: DemoSummary) -> None:
    penalties = _nodes(await graph.data(RECORDS, {"filter": {"kinds": ["PENALTY"]}, "first": 20}))
    assert all(node["violationFacts"] and node["penaltyTypes"] for node in penalties)
    licenses = _nodes(await graph.data(RECORDS, {"filter": {"kinds": ["LICENSE"]}, "first": 20}))
    assert all(node["licenseNumber"] for node in licenses)


async def test_the_public_sees_only_what_is_published(graph: Graph, demo_data: DemoSummary) -> None:
    data = await graph.data(RECORDS, {"first": 100})
    assert {node["status"] for node in _nodes(data)} == {"PUBLISHED"}
    hidden = await graph.data(
        RECORDS, {"filter": {"statuses": ["DRAFT", "REVOKED", "WITHDRAWN"]}, "first": 1}
    )
    assert hidden["records"]["totalCount"] == 0
    assert data["records"]["totalCount"] < demo_data.counts["supervision_records"]


async def test_a_clerk_sees_its_own_drafts_and_no_one_elses(
    graph: Graph, demo_data: DemoSummary, heping_market_clerk: Viewer
) -> None:
    # when a 和平区 market-supervision clerk lists drafts
    data = await graph.data(
        RECORDS, {"filter": {"statuses": ["DRAFT"]}, "first": 100}, viewer=heping_market_clerk
    )
    nodes = _nodes(data)
    # then only its own department's drafts come back
    own = GlobalID("Department", str(heping_market_clerk.department_id))
    assert nodes
    assert {node["department"]["id"] for node in nodes} == {str(own)}


async def test_cross_department_permission_opens_the_subtree_only(
    graph: Graph, demo_data: DemoSummary, shenyang_market_analyst: Viewer
) -> None:
    data = await graph.data(
        RECORDS, {"filter": {"statuses": ["DRAFT"]}, "first": 100}, viewer=shenyang_market_analyst
    )
    nodes = _nodes(data)
    assert {node["department"]["code"] for node in nodes} - {"231"}, "other departments' drafts"
    assert all(node["region"]["code"].startswith("2101") for node in nodes)


async def test_filters_narrow_the_list(graph: Graph, demo_data: DemoSummary) -> None:
    variables = {
        "filter": {
            "kinds": ["PENALTY", "LICENSE"],
            "regionCode": "210200",
            "decisionDateFrom": "2025-01-01",
            "decisionDateTo": "2025-12-31",
        },
        "first": 100,
    }
    nodes = _nodes(await graph.data(RECORDS, variables))
    assert nodes
    assert {node["kind"] for node in nodes} <= {"PENALTY", "LICENSE"}
    assert all(node["region"]["code"].startswith("2102") for node in nodes)
    assert all("2025-01-01" <= node["decisionDate"] <= "2025-12-31" for node in nodes)


async def test_records_of_one_entity_and_one_department(
    graph: Graph, demo_data: DemoSummary
) -> None:
    some = _nodes(await graph.data(RECORDS, {"first": 1}))[0]
    uscc = some["entity"]["uscc"]
    of_entity = _nodes(await graph.data(RECORDS, {"filter": {"entityUscc": uscc}, "first": 100}))
    assert {node["entity"]["uscc"] for node in of_entity} == {uscc}
    department = some["department"]["id"]
    of_department = _nodes(
        await graph.data(RECORDS, {"filter": {"departmentId": department}, "first": 100})
    )
    assert {node["department"]["id"] for node in of_department} == {department}


async def test_ascending_and_descending_orders(graph: Graph, demo_data: DemoSummary) -> None:
    newest = _nodes(await graph.data(RECORDS, {"first": 50}))
    dates = [node["decisionDate"] for node in newest]
    assert dates == sorted(dates, reverse=True)
    oldest = _nodes(await graph.data(RECORDS, {"first": 50, "orderBy": "DECISION_DATE_ASC"}))
    dates = [node["decisionDate"] for node in oldest]
    assert dates == sorted(dates)


async def test_walking_all_pages_visits_each_record_once(
    graph: Graph, demo_data: DemoSummary
) -> None:
    variables: dict[str, Any] = {"filter": {"regionCode": "210102"}, "first": 100}
    seen: list[str] = []
    total = None
    while True:
        data = await graph.data(RECORDS, variables)
        total = data["records"]["totalCount"]
        seen.extend(node["id"] for node in _nodes(data))
        if not data["records"]["pageInfo"]["hasNextPage"]:
            break
        variables["after"] = data["records"]["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen)) == total


async def test_bad_filters_are_refused(graph: Graph, demo_data: DemoSummary) -> None:
    cases: list[dict[str, Any]] = [
        {"filter": {"decisionDateFrom": "2025-02-01", "decisionDateTo": "2025-01-01"}},
        {"filter": {"departmentId": "not-a-global-id"}},
        {"filter": {"departmentId": str(GlobalID("MarketEntity", "1"))}},
        {"filter": {"entityUscc": "123"}},
        {"first": 1000},
    ]
    for variables in cases:
        assert await graph.error_codes(RECORDS, variables) == ["BAD_USER_INPUT"], variables


async def test_record_and_node_by_global_id(graph: Graph, demo_data: DemoSummary) -> None:
    some = _nodes(await graph.data(RECORDS, {"first": 1}))[0]
    record = (await graph.data(RECORD, {"id": some["id"]}))["record"]
    assert record["decisionNumber"] == some["decisionNumber"]
    node = (await graph.data(NODE, {"id": some["id"]}))["node"]
    assert node["decisionNumber"] == some["decisionNumber"]
    department = (await graph.data(NODE, {"id": some["department"]["id"]}))["node"]
    assert department["name"] == some["department"]["name"]


async def test_a_draft_is_not_reachable_by_id_for_the_public(
    graph: Graph, demo_data: DemoSummary, heping_market_clerk: Viewer
) -> None:
    drafts = await graph.data(
        RECORDS, {"filter": {"statuses": ["DRAFT"]}, "first": 1}, viewer=heping_market_clerk
    )
    draft_id = _nodes(drafts)[0]["id"]
    assert (await graph.data(RECORD, {"id": draft_id}))["record"] is None
    assert (await graph.data(NODE, {"id": draft_id}))["node"] is None
    mine = await graph.data(RECORD, {"id": draft_id}, viewer=heping_market_clerk)
    assert mine["record"]["id"] == draft_id


async def test_record_by_an_id_of_another_type_is_refused(
    graph: Graph, demo_data: DemoSummary
) -> None:
    codes = await graph.error_codes(RECORD, {"id": str(GlobalID("Department", "1"))})
    assert codes == ["BAD_USER_INPUT"]


async def test_node_with_a_forged_or_foreign_global_id_is_bad_input(
    graph: Graph, demo_data: DemoSummary
) -> None:
    for forged in (str(GlobalID("Nope", "1")), str(GlobalID("Region", "210000"))):
        assert await graph.error_codes(NODE, {"id": forged}) == ["BAD_USER_INPUT"], forged
    assert await graph.error_codes(NODE, {"id": str(GlobalID("MarketEntity", "x"))}) == [
        "BAD_USER_INPUT"
    ]
    assert await graph.error_codes(NODE, {"id": "%%%"}) == ["BAD_USER_INPUT"]
    missing = await graph.data(NODE, {"id": str(GlobalID("MarketEntity", "999999999"))})
    assert missing["node"] is None
