"""Who reads which items, and which items a record may cite (entry validation)."""

from __future__ import annotations

from typing import Any

from hub.auth.viewer import PUBLIC
from hub.models import RecordKind
from tests.catalogue.conftest import Offices
from tests.catalogue.documents import (
    ITEMS,
    NODE,
    RETIRE,
    created,
    published,
    run,
)
from tests.collection.conftest import new_uscc
from tests.collection.inputs import DECIDED, KIND_FIELDS, create_document, decision_number
from tests.support import Graph


async def _codes(graph: Graph, office_gid: str, viewer: Any) -> set[str]:
    data = await graph.data(ITEMS, {"departmentId": office_gid}, viewer=viewer)
    codes = set()
    for item in data["supervisionItems"]:
        codes.add(item["code"])
        codes.update(sub["code"] for sub in item["subItems"])
    return codes


async def test_the_public_reads_published_items_and_staff_their_own_drafts(
    catalogue_graph: Graph, offices: Offices
) -> None:
    # given a department with a published main item, a draft sub-item under it, a draft
    # main item and a retired one
    office, other = await offices.new(), await offices.new()
    viewer = office.manager()
    live = await published(catalogue_graph, viewer)
    draft_sub = await created(catalogue_graph, viewer, mainItemId=live["id"])
    draft = await created(catalogue_graph, viewer)
    old = await published(catalogue_graph, viewer)
    await run(
        catalogue_graph, RETIRE, {"id": old["id"], "version": 2, "reason": "停止实施"}, viewer
    )
    everything = {live["code"], draft_sub["code"], draft["code"], old["code"]}
    # then the public reads only the published one, through lists and node(id) alike
    assert await _codes(catalogue_graph, office.gid, PUBLIC) == {live["code"]}
    assert (await catalogue_graph.data(NODE, {"id": draft["id"]}))["node"] is None
    # staff of the department read everything of theirs, drafts included
    assert await _codes(catalogue_graph, office.gid, viewer) == everything
    # staff of another department: published and retired, not the drafts
    assert await _codes(catalogue_graph, office.gid, other.manager()) == {
        live["code"],
        old["code"],
    }


def _filing(item_gid: str) -> dict[str, Any]:
    return {
        "subject": {"name": "沈阳测试商贸有限公司", "category": "LEGAL_PERSON", "uscc": new_uscc()},
        "documentName": "备案通知书",
        "decisionNumber": decision_number(),
        "decisionDate": DECIDED.isoformat(),
        "itemId": item_gid,
        **KIND_FIELDS[RecordKind.FILING],
    }


async def _entry_error(graph: Graph, viewer: Any, item_gid: str) -> str | None:
    data = await graph.data(
        create_document(RecordKind.FILING), {"input": _filing(item_gid)}, viewer=viewer
    )
    result = data["result"]
    if result["__typename"] == "RecordPayload":
        return None
    errors = {error["field"]: error["message"] for error in result["fieldErrors"]}
    assert set(errors) == {"input.itemId"}, errors
    return str(errors["input.itemId"])


async def test_a_record_cites_an_item_its_department_exercises(
    catalogue_graph: Graph, offices: Offices
) -> None:
    # given a city department of code 778 and two of its counties' departments
    city = await offices.new("778", region_code="210100")
    county = await offices.new("778", region_code="210102")
    elsewhere = await offices.new("778", region_code="210202")  # 大连市中山区
    manager = city.manager()
    county_item = await published(catalogue_graph, manager, recordKind="FILING", levels=["COUNTY"])
    city_item = await published(catalogue_graph, manager, recordKind="FILING", levels=["CITY"])
    heading = await published(
        catalogue_graph, manager, recordKind="FILING", levels=["CITY", "COUNTY"]
    )
    await published(
        catalogue_graph, manager, recordKind="FILING", levels=["COUNTY"], mainItemId=heading["id"]
    )
    draft = await created(catalogue_graph, manager, recordKind="FILING", levels=["COUNTY"])
    clerk = county.manager()
    # the county exercises the city's county-level item
    assert await _entry_error(catalogue_graph, clerk, county_item["id"]) is None
    # not the city-level one, not a draft, not a main item that has sub-items
    assert await _entry_error(catalogue_graph, clerk, city_item["id"]) == "本级部门不行使该监管事项"
    assert await _entry_error(catalogue_graph, clerk, draft["id"]) == "监管事项未发布或已停用"
    assert (
        await _entry_error(catalogue_graph, clerk, heading["id"])
        == "该主项下设子项，请选择具体子项"
    )
    # a county of another city does not exercise the 沈阳 item
    assert (
        await _entry_error(catalogue_graph, elsewhere.manager(), county_item["id"])
        == "该监管事项不属于本部门职责"
    )
    # the city itself exercises its city-level item
    assert await _entry_error(catalogue_graph, manager, city_item["id"]) is None
    # and once retired, nobody cites it any more
    await run(
        catalogue_graph,
        RETIRE,
        {"id": city_item["id"], "version": 2, "reason": "停止实施"},
        manager,
    )
    assert await _entry_error(catalogue_graph, manager, city_item["id"]) == "监管事项未发布或已停用"
