"""Market entities: lookup by USCC, the paginated directory and its filters."""

from __future__ import annotations

from typing import Any

from hub.demo import DemoSummary
from tests.support import Graph

ENTITY = """
query Entity($uscc: String!) {
  entity(uscc: $uscc) { uscc name kind status region { code name level } }
}
"""

ENTITIES = """
query Entities($filter: MarketEntityFilter, $first: Int, $after: String,
               $orderBy: MarketEntityOrder! = NAME_ASC) {
  entities(filter: $filter, first: $first, after: $after, orderBy: $orderBy) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id uscc name regionCode kind } }
  }
}
"""


async def _some_entity(graph: Graph) -> dict[str, Any]:
    data = await graph.data(ENTITIES, {"first": 1})
    node: dict[str, Any] = data["entities"]["edges"][0]["node"]
    return node


async def test_entity_by_uscc_forgives_case_and_spaces(
    graph: Graph, demo_data: DemoSummary
) -> None:
    # given an entity of the directory
    known = await _some_entity(graph)
    # when it is asked for with the code in lower case and padded
    data = await graph.data(ENTITY, {"uscc": f"  {known['uscc'].lower()} "})
    # then it is found, with its region
    assert data["entity"]["uscc"] == known["uscc"]
    assert data["entity"]["region"]["code"] == known["regionCode"]


async def test_entity_with_a_bad_check_character_is_refused(graph: Graph) -> None:
    codes = await graph.error_codes(ENTITY, {"uscc": "91350100M000100Y44"})
    assert codes == ["BAD_USER_INPUT"]


async def test_unknown_valid_uscc_is_null(graph: Graph, demo_data: DemoSummary) -> None:
    data = await graph.data(ENTITY, {"uscc": "91350100M000100Y43"})
    assert data["entity"] is None


async def test_pages_follow_each_other_without_overlap(
    graph: Graph, demo_data: DemoSummary
) -> None:
    # given the first page of 7
    first = (await graph.data(ENTITIES, {"first": 7}))["entities"]
    assert first["pageInfo"]["hasNextPage"] is True
    assert first["pageInfo"]["hasPreviousPage"] is False
    # when the next page is asked for from the end cursor
    after = first["pageInfo"]["endCursor"]
    second = (await graph.data(ENTITIES, {"first": 7, "after": after}))["entities"]
    # then it continues the order with no entity twice
    first_ids = [edge["node"]["id"] for edge in first["edges"]]
    second_ids = [edge["node"]["id"] for edge in second["edges"]]
    assert len(second_ids) == 7
    assert not set(first_ids) & set(second_ids)
    both = (await graph.data(ENTITIES, {"first": 14}))["entities"]
    assert [edge["node"]["id"] for edge in both["edges"]] == first_ids + second_ids
    assert second["pageInfo"]["hasPreviousPage"] is True
    assert first["totalCount"] == second["totalCount"] >= demo_data.counts["market_entities"]


async def test_every_ordering_pages_consistently(graph: Graph, demo_data: DemoSummary) -> None:
    for order in ("NAME_ASC", "NAME_DESC", "USCC_ASC", "NEWEST_FIRST"):
        whole = (await graph.data(ENTITIES, {"first": 10, "orderBy": order}))["entities"]
        half = (await graph.data(ENTITIES, {"first": 5, "orderBy": order}))["entities"]
        end = half["pageInfo"]["endCursor"]
        rest = (await graph.data(ENTITIES, {"first": 5, "after": end, "orderBy": order}))[
            "entities"
        ]
        ids = [edge["node"]["id"] for edge in half["edges"] + rest["edges"]]
        assert ids == [edge["node"]["id"] for edge in whole["edges"]], order


async def test_a_city_code_matches_its_whole_subtree(graph: Graph, demo_data: DemoSummary) -> None:
    # when filtering by 沈阳市 (210100)
    data = await graph.data(ENTITIES, {"filter": {"regionCode": "210100"}, "first": 100})
    regions = {edge["node"]["regionCode"] for edge in data["entities"]["edges"]}
    # then entities of its districts and counties come back, and nothing outside it
    assert regions
    assert all(code.startswith("2101") for code in regions)
    assert any(code != "210100" for code in regions)
    province = await graph.data(ENTITIES, {"filter": {"regionCode": "210000"}, "first": 1})
    everyone = await graph.data(ENTITIES, {"first": 1})
    assert province["entities"]["totalCount"] == everyone["entities"]["totalCount"]


async def test_name_and_uscc_prefix_filters(graph: Graph, demo_data: DemoSummary) -> None:
    known = await _some_entity(graph)
    fragment = known["name"][2:5]
    by_name = await graph.data(ENTITIES, {"filter": {"nameContains": fragment}, "first": 100})
    assert all(fragment in edge["node"]["name"] for edge in by_name["entities"]["edges"])
    assert known["id"] in {edge["node"]["id"] for edge in by_name["entities"]["edges"]}
    prefix = known["uscc"][:10]
    by_prefix = await graph.data(ENTITIES, {"filter": {"usccPrefix": prefix}, "first": 100})
    assert all(edge["node"]["uscc"].startswith(prefix) for edge in by_prefix["entities"]["edges"])


async def test_like_wildcards_in_search_text_are_literal(
    graph: Graph, demo_data: DemoSummary
) -> None:
    data = await graph.data(ENTITIES, {"filter": {"nameContains": "%"}, "first": 5})
    assert data["entities"]["totalCount"] == 0


async def test_kind_filter(graph: Graph, demo_data: DemoSummary) -> None:
    data = await graph.data(ENTITIES, {"filter": {"kinds": ["FARMER_COOPERATIVE"]}, "first": 50})
    kinds = {edge["node"]["kind"] for edge in data["entities"]["edges"]}
    assert kinds == {"FARMER_COOPERATIVE"}


async def test_bad_arguments_are_refused_with_a_code(graph: Graph, demo_data: DemoSummary) -> None:
    cases: list[dict[str, Any]] = [
        {"first": 101},
        {"first": -1},
        {"after": "not-a-cursor"},
        {"filter": {"regionCode": "2101"}},
        {"filter": {"usccPrefix": "91O"}},
        {"filter": {"nameContains": "   "}},
    ]
    for variables in cases:
        assert await graph.error_codes(ENTITIES, variables) == ["BAD_USER_INPUT"], variables


async def test_a_cursor_of_another_ordering_is_refused(
    graph: Graph, demo_data: DemoSummary
) -> None:
    page = (await graph.data(ENTITIES, {"first": 2, "orderBy": "NAME_ASC"}))["entities"]
    cursor = page["pageInfo"]["endCursor"]
    codes = await graph.error_codes(ENTITIES, {"first": 2, "after": cursor, "orderBy": "USCC_ASC"})
    assert codes == ["BAD_USER_INPUT"]
