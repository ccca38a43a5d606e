"""Reference data: Liaoning's regions and the department code table, and loading them."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import func, select

from hub.db import SessionFactory
from hub.domain.regions import significant_prefix, subtree_bounds
from hub.models import MARKET_SUPERVISION_CODE, Region, RegionLevel
from hub.reference import (
    PROVINCE_CODE,
    CodeSource,
    ReferenceDataError,
    ancestors,
    department_codes,
    department_codes_by_code,
    department_name,
    load_reference_data,
    parse_department_codes,
    parse_regions,
    regions,
    regions_by_code,
)

HEADER = "code,name,level,parent_code\n"


def test_liaoning_has_one_province_fourteen_cities_and_a_hundred_counties() -> None:
    levels = Counter(region.level for region in regions())
    assert levels == {RegionLevel.PROVINCE: 1, RegionLevel.CITY: 14, RegionLevel.COUNTY: 100}
    assert len(regions()) == 115


def test_every_region_sits_under_its_parent() -> None:
    by_code = regions_by_code()
    assert by_code[PROVINCE_CODE].name == "辽宁省"
    assert by_code[PROVINCE_CODE].parent_code is None
    for region in regions():
        if region.level is RegionLevel.PROVINCE:
            continue
        parent = by_code[region.parent_code or ""]
        expected = RegionLevel.PROVINCE if region.level is RegionLevel.CITY else RegionLevel.CITY
        assert parent.level is expected
        low, high = subtree_bounds(parent.code)
        assert low <= region.code <= high
        assert len(significant_prefix(region.code)) == (
            4 if region.level is RegionLevel.CITY else 6
        )


def test_well_known_codes() -> None:
    by_code = regions_by_code()
    assert (by_code["210100"].name, by_code["210100"].level) == ("沈阳市", RegionLevel.CITY)
    assert (by_code["210102"].name, by_code["210102"].parent_code) == ("和平区", "210100")
    assert [r.code for r in ancestors("210102")] == ["210102", "210100", "210000"]


@pytest.mark.parametrize(
    ("rows", "problem"),
    [
        ("21000,辽宁省,province,\n", "six digits"),
        ("210000,辽宁省,province,\n210000,辽宁省,province,\n", "duplicate"),
        ("210000,辽宁省,city,\n", "does not fit level"),
        ("210000,辽宁省,province,\n210100,沈阳市,city,220000\n", "does not exist"),
        ("210000,辽宁省,province,\n210102,和平区,county,210000\n", "not one level up"),
        (
            "210000,辽宁省,province,\n210100,沈阳市,city,210000\n210200,大连市,city,210000\n"
            "210102,和平区,county,210200\n",
            "not inside the subtree",
        ),
        ("210000,辽宁省,state,\n", "unknown level"),
        ("210000,辽宁省,province,210000\n", "no parent"),
    ],
)
def test_a_bad_regions_table_is_refused(rows: str, problem: str) -> None:
    with pytest.raises(ReferenceDataError, match=problem):
        parse_regions(HEADER + rows)


def test_231_is_the_only_documented_department_code() -> None:
    codes = department_codes_by_code()
    market = codes[MARKET_SUPERVISION_CODE]
    assert market.name == "市场监督管理部门"
    assert market.source is CodeSource.MANUAL
    assert market.levels == frozenset(RegionLevel)
    others = [code for code in department_codes() if code.code != MARKET_SUPERVISION_CODE]
    assert len(others) >= 7
    assert all(code.is_example and code.source is CodeSource.EXAMPLE for code in others)
    assert all(len(code.code) == 3 and code.code.isdigit() for code in department_codes())


def test_department_names_follow_the_level() -> None:
    by_code = regions_by_code()
    codes = department_codes_by_code()
    market = codes[MARKET_SUPERVISION_CODE]
    assert department_name(market, by_code["210000"]) == "辽宁省市场监督管理局"
    assert department_name(market, by_code["210100"]) == "沈阳市市场监督管理局"
    assert department_name(market, by_code["210102"]) == "沈阳市和平区市场监督管理局"
    assert department_name(market, by_code["210181"]) == "新民市市场监督管理局"
    ecology = next(code for code in department_codes() if code.name == "生态环境部门")
    assert department_name(ecology, by_code["210000"]) == "辽宁省生态环境厅"
    with pytest.raises(ReferenceDataError, match="does not exist at"):
        department_name(ecology, by_code["210102"])


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("23,市场监督管理部门,市监,局,局,局,province|city|county,manual", "three digits"),
        ("231,市场监督管理部门,市监,局,局,,province|city|county,manual", "exactly for the levels"),
        ("231,市场监督管理部门,市监,局,局,局,province|city|county,law", "bad levels or source"),
        ("231,市场监督管理部门,市监,局,局,局,province|city|county,example", "must be present"),
    ],
)
def test_a_bad_department_code_table_is_refused(row: str, problem: str) -> None:
    header = "code,name,abbreviation,province_suffix,city_suffix,county_suffix,levels,source\n"
    with pytest.raises(ReferenceDataError, match=problem):
        parse_department_codes(header + row + "\n")


async def test_loading_the_regions_twice_inserts_nothing_new(
    session_factory: SessionFactory,
) -> None:
    # given a database that may already hold some or all regions (the demo loads them too)
    async with session_factory() as session:
        before = await session.scalar(select(func.count()).select_from(Region))
    # when the reference data is loaded twice
    async with session_factory() as session, session.begin():
        first = await load_reference_data(session)
    async with session_factory() as session, session.begin():
        second = await load_reference_data(session)
    # then the first load inserted exactly what was missing, the second nothing
    assert first.regions == second.regions == 115
    assert first.department_codes == len(department_codes())
    assert second.regions_inserted == 0
    async with session_factory() as session:
        rows = (await session.execute(select(Region))).scalars().all()
    loaded = {row.code: row for row in rows}
    assert len(loaded) == (before or 0) + first.regions_inserted
    for region in regions():
        row = loaded[region.code]
        assert (row.name, row.level, row.parent_code) == (
            region.name,
            region.level,
            region.parent_code,
        )
