"""Regions, departments and the supervision-item catalogue in the graph."""

from __future__ import annotations

from hub.demo import DemoSummary
from tests.support import Graph

REGION_TREE = """
{ regions { code name level children { code level children { code level parent { code } } } } }
"""

DEPARTMENTS = """
query Departments($regionCode: String, $code: String) {
  departments(regionCode: $regionCode, code: $code) { id code name region { code } }
}
"""

CATALOGUE = """
{ supervisionItems { code name recordKind status subItems { code mainItem { code } } } }
"""


async def test_the_region_tree_is_liaoning(graph: Graph, demo_data: DemoSummary) -> None:
    data = await graph.data(REGION_TREE)
    [province] = data["regions"]
    assert (province["code"], province["name"], province["level"]) == (
        "210000",
        "辽宁省",
        "PROVINCE",
    )
    cities = province["children"]
    assert len(cities) == 14
    assert {city["level"] for city in cities} == {"CITY"}
    counties = [county for city in cities for county in city["children"]]
    assert len(counties) == 100
    assert all(county["parent"]["code"][:4] == county["code"][:4] for county in counties)


async def test_departments_by_region_subtree_and_code(graph: Graph, demo_data: DemoSummary) -> None:
    data = await graph.data(DEPARTMENTS, {"regionCode": "210100", "code": "231"})
    regions = {department["region"]["code"] for department in data["departments"]}
    assert "210100" in regions
    assert "210102" in regions
    assert all(code.startswith("2101") for code in regions)
    assert {department["code"] for department in data["departments"]} == {"231"}


async def test_department_code_must_be_three_digits(graph: Graph) -> None:
    assert await graph.error_codes(DEPARTMENTS, {"code": "23"}) == ["BAD_USER_INPUT"]


async def test_catalogue_has_main_items_with_sub_items(
    graph: Graph, demo_data: DemoSummary
) -> None:
    data = await graph.data(CATALOGUE)
    items = data["supervisionItems"]
    assert items
    assert {item["status"] for item in items} == {"PUBLISHED"}
    with_subs = [item for item in items if item["subItems"]]
    assert with_subs
    for item in with_subs:
        assert {sub["mainItem"]["code"] for sub in item["subItems"]} == {item["code"]}
