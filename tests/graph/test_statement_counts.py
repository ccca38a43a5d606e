"""No N+1: a query's SQL statement count depends on its shape, never on its page size."""

from __future__ import annotations

from typing import Any

from hub.auth.viewer import Viewer
from hub.demo import DemoSummary
from tests.support import Graph

ENTITY_PAGE = """
query EntityPage($first: Int!) {
  entities(first: $first) {
    edges {
      node {
        uscc name
        region { code name parent { name } }
        credit { hub { grade score } national { grade } }
        records(first: 3) {
          totalCount
          edges { node { __typename decisionNumber department { name region { name } } } }
        }
      }
    }
  }
}
"""

RECORD_PAGE = """
query RecordPage($first: Int!) {
  records(first: $first) {
    totalCount
    edges {
      node { decisionNumber department { name } entity { name region { name } } item { name } }
    }
  }
}
"""


async def _count(
    graph: Graph, count_statements: Any, document: str, first: int, viewer: Viewer
) -> tuple[int, dict[str, Any]]:
    with count_statements() as log:
        data = await graph.data(document, {"first": first}, viewer=viewer)
    return log.count, data


async def test_entity_page_statements_do_not_grow_with_the_page(
    graph: Graph, demo_data: DemoSummary, count_statements: Any, heping_market_clerk: Viewer
) -> None:
    # given a staff viewer (credit is visible to staff only)
    # when a page of 5 and a page of 100 entities are read with their relations
    small, _ = await _count(graph, count_statements, ENTITY_PAGE, 5, heping_market_clerk)
    large, large_data = await _count(graph, count_statements, ENTITY_PAGE, 100, heping_market_clerk)
    # then both really loaded nested rows, with the same number of statements
    assert len(large_data["entities"]["edges"]) == 100
    assert any(edge["node"]["credit"] for edge in large_data["entities"]["edges"])
    assert any(edge["node"]["records"]["edges"] for edge in large_data["entities"]["edges"])
    assert small == large
    # entities, the region directory, credit, record pages, record counts, departments
    assert large == 6


async def test_record_page_statements_do_not_grow_with_the_page(
    graph: Graph, demo_data: DemoSummary, count_statements: Any, heping_market_clerk: Viewer
) -> None:
    small, _ = await _count(graph, count_statements, RECORD_PAGE, 5, heping_market_clerk)
    large, data = await _count(graph, count_statements, RECORD_PAGE, 100, heping_market_clerk)
    assert len(data["records"]["edges"]) == 100
    # The newest rows may come from other tests (a record with no item costs no item
    # statement), so the small page may take fewer; never more.
    assert small <= large
    # records, count, departments, entities, items, the region directory
    assert large == 6
