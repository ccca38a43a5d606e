"""Linking items to the national catalogue, and 应上尽上: the national items a department has
not implemented yet, with coverage counts, in a constant number of statements."""

from __future__ import annotations

import io
from typing import Any

from sqlalchemy import select

from hub.catalogue.national import CatalogueFormat, import_catalogue
from hub.db import SessionFactory
from hub.models import NationalSupervisionItem
from hub.settings import PROJECT_ROOT
from tests.catalogue.conftest import Offices, global_id
from tests.catalogue.documents import (
    LINK,
    PUBLISH,
    UNLINK,
    created,
    field_errors,
    node_id,
    published,
    run,
)
from tests.support import Graph

GAPS = """
query Gaps($departmentId: ID!, $first: Int) {
  catalogueGaps(departmentId: $departmentId) {
    department { code region { code } }
    relevantCount coveredCount gapCount coverage
    gaps(first: $first) { totalCount nodes { code name ministry levels departmentCode } }
  }
}
"""
NATIONAL = """
query National($ministry: String, $first: Int) {
  nationalSupervisionItems(ministry: $ministry, first: $first) {
    totalCount nodes { code recordKind legalBases { law article } }
  }
}
"""


async def _national_ids(sessions: SessionFactory) -> dict[str, str]:
    """The example excerpt imported (idempotent), as code → global ID."""
    text = (PROJECT_ROOT / "examples" / "catalogue" / "national-catalogue.json").read_text("utf-8")
    await import_catalogue(sessions, io.StringIO(text), CatalogueFormat.JSON, source="test")
    async with sessions() as session:
        rows = await session.execute(
            select(NationalSupervisionItem.code, NationalSupervisionItem.id)
        )
        return {code: global_id("NationalSupervisionItem", row_id) for code, row_id in rows}


async def _gaps(graph: Graph, department_gid: str, first: int = 20) -> dict[str, Any]:
    data = await graph.data(GAPS, {"departmentId": department_gid, "first": first})
    return dict(data["catalogueGaps"])


async def test_links_are_validated_and_audited(
    catalogue_graph: Graph, catalogue_sessions: SessionFactory, offices: Offices
) -> None:
    national = await _national_ids(catalogue_sessions)
    office = await offices.new("302")  # 卫生健康: 国家卫生健康委员会's items
    viewer = office.manager()
    item = await created(catalogue_graph, viewer)  # an inspection item

    async def link(national_code: str, version: int = 1, target: str = item["id"]) -> Any:
        variables = {"id": target, "version": version, "nationalItemId": national[national_code]}
        return await run(catalogue_graph, LINK, variables, viewer)

    # another ministry's item, another kind, an unknown item: refused
    assert field_errors(await link("30020001")) == {
        "nationalItemId": "该国家事项不由本部门所属系统实施"
    }
    licence = await created(catalogue_graph, viewer, recordKind="LICENSE")
    assert field_errors(await link("24020001", target=licence["id"])) == {
        "nationalItemId": "国家事项的类别与本事项不符"
    }
    unknown = await run(
        catalogue_graph,
        LINK,
        {
            "id": item["id"],
            "version": 1,
            "nationalItemId": global_id("NationalSupervisionItem", 10**12),
        },
        viewer,
    )
    assert unknown["code"] == "NOT_FOUND"
    # the department's own ministry, the same kind: linked, then unlinked, each audited
    linked = await link("24020001")
    assert linked["item"]["nationalItem"] == {"code": "24020001"}
    unlinked = await run(catalogue_graph, UNLINK, {"id": item["id"], "version": 2}, viewer)
    assert unlinked["item"]["nationalItem"] is None
    events = await office.audit_events(node_id(item["id"]))
    assert [e.operation for e in events] == [
        "supervisionItem.create",
        "supervisionItem.link",
        "supervisionItem.unlink",
    ]
    assert events[1].after == {"nationalItemId": node_id(national["24020001"])}


async def test_gaps_are_the_relevant_national_items_without_a_published_exercised_item(
    catalogue_graph: Graph, catalogue_sessions: SessionFactory, offices: Offices
) -> None:
    national = await _national_ids(catalogue_sessions)
    county = await offices.new("302")
    city = await offices.new("302", region_code=county.region_code[:4] + "00")
    # before anything: both national health items are gaps of the county
    before = await _gaps(catalogue_graph, county.gid)
    assert (before["relevantCount"], before["coveredCount"], before["gapCount"]) == (2, 0, 2)
    assert [n["code"] for n in before["gaps"]["nodes"]] == ["24020001", "24020002"]
    assert before["gaps"]["nodes"][0]["departmentCode"] == "302"
    assert before["coverage"] == 0
    # when the city publishes a county-level item implementing the first
    manager = city.manager()
    item = await created(catalogue_graph, manager, levels=["COUNTY"])
    await run(
        catalogue_graph,
        LINK,
        {"id": item["id"], "version": 1, "nationalItemId": national["24020001"]},
        manager,
    )
    publication = await run(catalogue_graph, PUBLISH, {"id": item["id"], "version": 2}, manager)
    assert publication["item"]["status"] == "PUBLISHED"
    # and the county drafts one for the second (a draft implements nothing yet)
    draft = await created(catalogue_graph, county.manager())
    await run(
        catalogue_graph,
        LINK,
        {"id": draft["id"], "version": 1, "nationalItemId": national["24020002"]},
        county.manager(),
    )
    # then the county has one gap left; the city (not exercising it at city level) two
    after = await _gaps(catalogue_graph, county.gid)
    assert (after["relevantCount"], after["coveredCount"], after["gapCount"]) == (2, 1, 1)
    assert after["coverage"] == 0.5
    assert [n["code"] for n in after["gaps"]["nodes"]] == ["24020002"]
    assert after["gaps"]["totalCount"] == 1
    assert (await _gaps(catalogue_graph, city.gid))["coveredCount"] == 0


async def test_the_gap_query_costs_the_same_statements_for_any_page(
    catalogue_graph: Graph,
    catalogue_sessions: SessionFactory,
    offices: Offices,
    catalogue_statements: Any,
) -> None:
    await _national_ids(catalogue_sessions)
    market = await offices.new("231")
    await published(catalogue_graph, market.manager())
    with catalogue_statements() as small:
        one = await _gaps(catalogue_graph, market.gid, first=1)
    with catalogue_statements() as large:
        many = await _gaps(catalogue_graph, market.gid, first=50)
    assert len(one["gaps"]["nodes"]) == 1
    assert len(many["gaps"]["nodes"]) > 10
    # the department, the counts, the region directory, the page
    assert small.count == large.count == 4


async def test_the_national_catalogue_is_listed_by_ministry(
    catalogue_graph: Graph, catalogue_sessions: SessionFactory, catalogue_statements: Any
) -> None:
    await _national_ids(catalogue_sessions)
    with catalogue_statements() as log:
        data = await catalogue_graph.data(NATIONAL, {"ministry": "交通运输部", "first": 10})
    listing = data["nationalSupervisionItems"]
    assert listing["totalCount"] == 1
    assert listing["nodes"] == [
        {
            "code": "21020001",
            "recordKind": "INSPECTION",
            "legalBases": [{"law": "中华人民共和国道路运输条例", "article": "第五十九条"}],
        }
    ]
    assert log.count == 2  # the page, the count


async def test_a_department_catalogue_costs_the_same_statements_for_any_size(
    catalogue_graph: Graph,
    catalogue_sessions: SessionFactory,
    offices: Offices,
    catalogue_statements: Any,
) -> None:
    national = await _national_ids(catalogue_sessions)

    async def office_with(main_items: int) -> str:
        office = await offices.new("231")
        viewer = office.manager()
        for _ in range(main_items):
            main = await published(catalogue_graph, viewer)
            await created(catalogue_graph, viewer, mainItemId=main["id"])
            await run(
                catalogue_graph,
                LINK,
                {"id": main["id"], "version": 2, "nationalItemId": national["30020001"]},
                viewer,
            )
        return office.gid

    small_office, large_office = await office_with(1), await office_with(4)
    document = """
    query Items($departmentId: ID) {
      supervisionItems(departmentId: $departmentId) {
        code department { name } nationalItem { code } subItems { code mainItem { code } }
      }
    }"""
    with catalogue_statements() as small:
        await catalogue_graph.data(document, {"departmentId": small_office})
    with catalogue_statements() as large:
        data = await catalogue_graph.data(document, {"departmentId": large_office})
    assert len(data["supervisionItems"]) == 4
    assert {item["nationalItem"]["code"] for item in data["supervisionItems"]} == {"30020001"}
    # items, departments, national items, sub-items (drafts: hidden from the public)
    assert small.count == large.count == 4
