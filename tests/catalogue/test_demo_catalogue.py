"""The demo catalogue: the national excerpt, demo items linked to it, drafts, a retired
item, and the gaps a demo department sees."""

from __future__ import annotations

from sqlalchemy import func, select

from hub.db import SessionFactory
from hub.demo import DemoSummary
from hub.demo.catalogue import NATIONAL_ITEMS, NATIONAL_LINKS, main_item_codes
from hub.models import Department, NationalSupervisionItem, SupervisionItem, SupervisionItemStatus
from tests.catalogue.conftest import global_id
from tests.support import Graph

GAPS = """
query Gaps($departmentId: ID!) {
  catalogueGaps(departmentId: $departmentId) {
    relevantCount coveredCount gapCount gaps { nodes { code name } }
  }
}
"""


async def _department_id(sessions: SessionFactory, region_code: str, code: str) -> int:
    async with sessions() as session:
        department_id = await session.scalar(
            select(Department.id).where(
                Department.region_code == region_code, Department.code == code
            )
        )
        assert department_id is not None
        return int(department_id)


async def test_the_demo_loads_the_national_excerpt_and_links_its_items(
    session_factory: SessionFactory, demo_data: DemoSummary
) -> None:
    assert demo_data.count(NationalSupervisionItem) == len(NATIONAL_ITEMS) == 31
    async with session_factory() as session:
        linked = await session.scalar(
            select(func.count())
            .select_from(SupervisionItem)
            .where(
                SupervisionItem.national_item_id.is_not(None),
                SupervisionItem.code.in_(main_item_codes().values()),
            )
        )
        counts = await session.execute(
            select(SupervisionItem.status, func.count())
            .where(SupervisionItem.code.in_(main_item_codes().values()))
            .group_by(SupervisionItem.status)
        )
        by_status = {row[0]: row[1] for row in counts}
        bases = await session.scalars(
            select(SupervisionItem.legal_bases).where(SupervisionItem.code == "231-XK-002")
        )
    assert linked == len(NATIONAL_LINKS)
    assert by_status[SupervisionItemStatus.DRAFT] >= 3
    assert by_status[SupervisionItemStatus.RETIRED] == 1
    assert list(bases) == [
        [{"law": "中华人民共和国食品安全法", "article": "第三十五条", "text": None}]
    ]


async def test_a_demo_district_sees_its_gaps(
    graph: Graph, session_factory: SessionFactory, demo_data: DemoSummary
) -> None:
    # 和平区市场监督管理局: the province's 231 items cover 14 of the 16 county-level
    # national items of the market-supervision ministry
    heping = await _department_id(session_factory, "210102", "231")
    data = await graph.data(GAPS, {"departmentId": global_id("Department", heping)})
    gaps = data["catalogueGaps"]
    assert (gaps["relevantCount"], gaps["coveredCount"], gaps["gapCount"]) == (16, 14, 2)
    assert [node["name"] for node in gaps["gaps"]["nodes"]] == ["计量监督检查", "广告监督检查"]
    # 沈阳市住房和城乡建设局: the housing rental item is still a draft, so still a gap
    housing = await _department_id(session_factory, "210100", "306")
    data = await graph.data(GAPS, {"departmentId": global_id("Department", housing)})
    assert [node["code"] for node in data["catalogueGaps"]["gaps"]["nodes"]] == ["19020001"]
