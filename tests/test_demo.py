"""The demo data set: realistic, consistent, deterministic, idempotent and all-or-nothing."""

from __future__ import annotations

import os
import re
from collections import Counter, defaultdict
from collections.abc import AsyncIterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Table, func, select

import tests.support as support
from hub.db import SessionFactory, create_engine, create_session_factory
from hub.demo import REFERENCE_DATE, DemoDataSet, DemoScale, DemoSummary, generate, load_demo
from hub.demo.identifiers import (
    is_valid_resident_id,
    organisation_check_character,
)
from hub.domain.regions import subtree_bounds
from hub.domain.uscc import is_valid_uscc, region_of
from hub.models import (
    MARKET_SUPERVISION_CODE,
    AnnouncementKind,
    AnnouncementTarget,
    Base,
    ComplaintStatus,
    CreditEvaluation,
    CreditGrade,
    CreditSource,
    Department,
    MarketEntity,
    MarketEntityKind,
    OrgUnit,
    Penalty,
    PenaltyType,
    RecordKind,
    RecordStatus,
    RegionLevel,
    SubjectCategory,
    SupervisionItem,
    SupervisionItemStatus,
    SupervisionRecord,
)
from hub.reference import department_codes, load_reference_data, regions, regions_by_code

SMALL = DemoScale(entities=60, records=400, complaints=30, announcements=12)
USCC_KIND = {
    MarketEntityKind.ENTERPRISE: "1",
    MarketEntityKind.INDIVIDUAL_BUSINESS: "2",
    MarketEntityKind.FARMER_COOPERATIVE: "3",
}
DECISION_NUMBER = re.compile(r"^\S+〔(20\d\d)〕[1-9]\d*号$")


def _table(model: type[Any]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


async def _table_counts(
    session_factory: SessionFactory, names: Mapping[str, int]
) -> dict[str, int]:
    async with session_factory() as session:
        return {
            name: int(
                await session.scalar(select(func.count()).select_from(Base.metadata.tables[name]))
                or 0
            )
            for name in names
        }


@pytest.fixture(scope="module")
def demo_set() -> DemoDataSet:
    """The same data the demo_data fixture loaded, generated again (it is deterministic): the
    tests look at the demo's own rows even if other tests added more to the database."""
    return generate(DemoScale.for_tests())


def test_the_scales() -> None:
    full = DemoScale.full()
    assert full.entities >= 5_000
    assert full.records >= 50_000
    tests = DemoScale.for_tests()
    assert tests.entities >= 300
    assert tests.records >= 3_000
    with pytest.raises(ValueError, match="one per city"):
        DemoScale(entities=5, records=10, complaints=0, announcements=0)


def test_generation_is_deterministic() -> None:
    assert generate(SMALL) == generate(SMALL)
    other = generate(DemoScale(entities=60, records=400, complaints=30, announcements=12, seed=7))
    assert [e.row["uscc"] for e in other.entities] != [
        e.row["uscc"] for e in generate(SMALL).entities
    ]


def test_the_summary_counts_the_whole_set(demo_data: DemoSummary, demo_set: DemoDataSet) -> None:
    counts = demo_data.counts
    assert counts["regions"] == 115
    assert counts["departments"] == len(demo_set.departments)
    assert counts["market_entities"] == demo_set.scale.entities
    assert counts["supervision_records"] == demo_set.scale.records
    assert counts["complaints"] == demo_set.scale.complaints
    assert counts["announcements"] == demo_set.scale.announcements
    kinds = ("licenses", "inspections", "filings", "penalties", "enforcements", "blacklist_entries")
    assert sum(counts[kind] for kind in kinds) == counts["supervision_records"]
    assert demo_data.count(MarketEntity) == counts["market_entities"]


async def test_every_entity_uscc_is_valid_and_names_its_region(
    session_factory: SessionFactory, demo_data: DemoSummary, demo_set: DemoDataSet
) -> None:
    usccs = {entity.row["uscc"] for entity in demo_set.entities}
    table = _table(MarketEntity)
    async with session_factory() as session:
        rows = [
            row
            for row in await session.execute(
                select(table.c.uscc, table.c.region_code, table.c.kind, table.c.uscc_valid)
            )
            if row.uscc in usccs
        ]
    assert len(rows) == len(usccs) == demo_set.scale.entities
    for row in rows:
        assert is_valid_uscc(row.uscc), row.uscc
        assert row.uscc_valid
        assert region_of(row.uscc) == row.region_code
        assert row.uscc[0] == "9"
        assert row.uscc[1] == USCC_KIND[MarketEntityKind(row.kind)]
        # The organisation code inside (characters 9-17) carries its own GB 11714 check.
        assert organisation_check_character(row.uscc[8:16]) == row.uscc[16]


async def test_entities_are_spread_over_all_fourteen_cities(
    session_factory: SessionFactory, demo_data: DemoSummary, demo_set: DemoDataSet
) -> None:
    usccs = {entity.row["uscc"] for entity in demo_set.entities}
    async with session_factory() as session:
        rows = (await session.execute(select(MarketEntity.uscc, MarketEntity.region_code))).all()
    by_code = regions_by_code()
    cities: Counter[str] = Counter()
    for uscc, region_code in rows:
        if uscc not in usccs:
            continue
        region = by_code[region_code]
        if region.level is RegionLevel.COUNTY and region.parent_code:
            cities[region.parent_code] += 1
        elif region.level is RegionLevel.CITY:
            cities[region.code] += 1
    assert set(cities) == {r.code for r in regions() if r.level is RegionLevel.CITY}
    assert min(cities.values()) >= 3
    assert {e.kind for e in demo_set.entities} == set(MarketEntityKind)


def test_entities_read_like_real_ones(demo_set: DemoDataSet) -> None:
    names = [entity.row["name"] for entity in demo_set.entities]
    assert len(set(names)) == len(names)
    counties = {r.code for r in regions() if r.level is RegionLevel.COUNTY}
    for entity in demo_set.entities:
        row = entity.row
        if entity.kind is MarketEntityKind.ENTERPRISE:
            assert row["name"].endswith("有限公司"), row["name"]
        elif entity.kind is MarketEntityKind.FARMER_COOPERATIVE:
            assert row["name"].endswith("专业合作社"), row["name"]
        assert 2 <= len(row["legal_representative"]) <= 3
        assert row["legal_representative_id_type"] == "居民身份证"
        number = row["legal_representative_id_number"]
        assert is_valid_resident_id(number), number
        assert number[:6] in counties
        assert row["address"].startswith("辽宁省")
        assert row["established_on"] < REFERENCE_DATE
        assert row["registered_capital"] > 0
    statuses = Counter(entity.row["status"] for entity in demo_set.entities)
    assert len(statuses) >= 3


async def test_records_of_all_six_kinds_with_mixed_statuses(
    session_factory: SessionFactory, demo_data: DemoSummary
) -> None:
    table = _table(SupervisionRecord)
    async with session_factory() as session:
        rows = await session.execute(
            select(table.c.kind, table.c.status, func.count()).group_by(
                table.c.kind, table.c.status
            )
        )
        counts = {(RecordKind(kind), RecordStatus(status)): n for kind, status, n in rows}
    kinds: Counter[RecordKind] = Counter()
    for (kind, _), n in counts.items():
        kinds[kind] += n
    assert set(kinds) == set(RecordKind)
    assert kinds[RecordKind.INSPECTION] > kinds[RecordKind.PENALTY] > kinds[RecordKind.BLACKLIST]
    assert kinds[RecordKind.LICENSE] > kinds[RecordKind.PENALTY]
    statuses: Counter[RecordStatus] = Counter()
    for (_, status), n in counts.items():
        statuses[status] += n
    assert set(statuses) == set(RecordStatus)
    assert statuses[RecordStatus.PUBLISHED] > sum(statuses.values()) * 0.8


async def test_decision_numbers_are_unique_per_department_and_kind(
    session_factory: SessionFactory, demo_data: DemoSummary, demo_set: DemoDataSet
) -> None:
    table = _table(SupervisionRecord)
    async with session_factory() as session:
        duplicates = (
            await session.execute(
                select(table.c.department_id, table.c.kind, table.c.decision_number)
                .group_by(table.c.department_id, table.c.kind, table.c.decision_number)
                .having(func.count() > 1)
            )
        ).all()
    assert duplicates == []
    seen: set[tuple[tuple[str, str], RecordKind, str]] = set()
    for record in demo_set.records:
        number = record.base["decision_number"]
        match = DECISION_NUMBER.match(number)
        assert match, number
        assert int(match.group(1)) == record.base["decision_date"].year
        assert number.startswith(record.department.abbreviation)
        key = (record.department.key, record.kind, number)
        assert key not in seen
        seen.add(key)


async def test_records_are_consistent_with_their_entity_department_and_item(
    session_factory: SessionFactory, demo_data: DemoSummary, demo_set: DemoDataSet
) -> None:
    record = _table(SupervisionRecord)
    department = _table(Department)
    item_department = department.alias("item_department")
    entity = _table(MarketEntity)
    item = _table(SupervisionItem)
    statement = (
        select(
            record.c.kind,
            record.c.status,
            record.c.decision_number,
            record.c.decision_date,
            record.c.published_at,
            record.c.region_code,
            record.c.subject_name,
            record.c.subject_category,
            record.c.subject_uscc,
            department.c.region_code.label("department_region"),
            department.c.code.label("department_code"),
            entity.c.region_code.label("entity_region"),
            entity.c.name.label("entity_name"),
            entity.c.uscc.label("entity_uscc"),
            entity.c.kind.label("entity_kind"),
            item.c.record_kind,
            item.c.status.label("item_status"),
            item.c.parent_id.label("item_parent"),
            item_department.c.code.label("item_department_code"),
            item_department.c.region_code.label("item_department_region"),
        )
        .join(department, department.c.id == record.c.department_id)
        .join(entity, entity.c.id == record.c.entity_id)
        .join(item, item.c.id == record.c.item_id)
        .join(item_department, item_department.c.id == item.c.department_id)
    )
    keys = {(r.department.key, r.kind.value, r.base["decision_number"]) for r in demo_set.records}
    async with session_factory() as session:
        rows = [
            row
            for row in await session.execute(statement)
            if (
                (row.department_region, row.department_code),
                RecordKind(row.kind).value,
                row.decision_number,
            )
            in keys
        ]
    assert len(rows) == demo_set.scale.records
    for row in rows:
        assert row.region_code == row.department_region
        low, high = subtree_bounds(row.department_region)
        assert low <= row.entity_region <= high, row
        assert RecordKind(row.record_kind) is RecordKind(row.kind)
        assert SupervisionItemStatus(row.item_status) is SupervisionItemStatus.PUBLISHED
        assert row.item_parent is not None  # a sub-item
        assert row.item_department_code == row.department_code
        assert row.item_department_region == "210000"
        assert (row.subject_name, row.subject_uscc) == (row.entity_name, row.entity_uscc)
        individual = MarketEntityKind(row.entity_kind) is MarketEntityKind.INDIVIDUAL_BUSINESS
        assert SubjectCategory(row.subject_category) is (
            SubjectCategory.INDIVIDUAL_BUSINESS if individual else SubjectCategory.LEGAL_PERSON
        )
        assert date(2023, 1, 1) <= row.decision_date <= REFERENCE_DATE
        if RecordStatus(row.status) is RecordStatus.DRAFT:
            assert row.published_at is None
        else:
            assert row.published_at is not None
            assert row.published_at.date() >= row.decision_date


async def test_kind_fields_are_filled(
    session_factory: SessionFactory, demo_data: DemoSummary, demo_set: DemoDataSet
) -> None:
    # The ORM's polymorphic load brings every kind back as its own class.
    async with session_factory() as session:
        loaded = (
            (
                await session.execute(
                    select(SupervisionRecord).order_by(SupervisionRecord.id).limit(300)
                )
            )
            .scalars()
            .all()
        )
        penalties = (await session.execute(select(Penalty).limit(500))).scalars().all()
    assert {type(record).__name__ for record in loaded} >= {"Inspection", "License"}
    for penalty in penalties:
        assert penalty.penalty_types
        assert {PenaltyType(value) for value in penalty.penalty_types}
        assert penalty.violation_type
        assert penalty.violation_facts
        assert penalty.legal_basis
        if PenaltyType.FINE.value in penalty.penalty_types:
            assert penalty.fine_amount is not None
            assert penalty.fine_amount > 0
    for record in demo_set.records:
        detail = record.detail
        assert all(value not in ("", None) for key, value in detail.items() if key in {
            "certificate_name", "license_number", "content", "findings", "filing_subject",
            "violation_facts", "legal_basis", "reason", "listing_authority",
        })  # fmt: skip
        if record.kind is RecordKind.PENALTY:
            assert detail["legal_basis"].startswith("《")
            assert "。" in detail["content"]
            if record.base["status"] is RecordStatus.PUBLISHED:
                assert record.base["publication_end_date"] > record.base["decision_date"]
        if record.kind is RecordKind.LICENSE and detail["valid_to"] is not None:
            assert detail["valid_to"] > detail["valid_from"]


async def test_departments_at_every_level(
    session_factory: SessionFactory, demo_data: DemoSummary, demo_set: DemoDataSet
) -> None:
    by_region: dict[str, set[str]] = defaultdict(set)
    for department in demo_set.departments:
        by_region[department.region.code].add(department.code.code)
        assert is_valid_uscc(department.uscc)
        assert department.uscc.startswith("11" + department.region.code)
    cities = [r.code for r in regions() if r.level is RegionLevel.CITY]
    assert by_region["210000"] == {code.code for code in department_codes()}
    assert all(MARKET_SUPERVISION_CODE in by_region[c] and len(by_region[c]) >= 6 for c in cities)
    counties_with_others = [
        code
        for code, codes in by_region.items()
        if regions_by_code()[code].level is RegionLevel.COUNTY and len(codes) >= 6
    ]
    assert "210102" in counties_with_others
    assert len(counties_with_others) >= 20
    names = {department.name for department in demo_set.departments}
    assert {"辽宁省市场监督管理局", "沈阳市市场监督管理局", "沈阳市和平区市场监督管理局",
            "辽宁省生态环境厅"} <= names  # fmt: skip
    async with session_factory() as session:
        heping = (
            (
                await session.execute(
                    select(Department)
                    .where(Department.region_code == "210102")
                    .order_by(Department.code)
                )
            )
            .scalars()
            .all()
        )
        units = (
            (
                await session.execute(
                    select(OrgUnit).where(OrgUnit.department_id.in_([d.id for d in heping]))
                )
            )
            .scalars()
            .all()
        )
    assert next(d.code for d in heping) == MARKET_SUPERVISION_CODE
    assert {u.name for u in units} >= {"办公室", "登记注册科", "执法稽查科"}
    assert any(unit.parent_id is not None for unit in units)


def test_the_item_catalogue(demo_set: DemoDataSet) -> None:
    mains = [item for item in demo_set.items if item.parent is None]
    subs = [item for item in demo_set.items if item.parent is not None]
    assert mains
    assert subs
    assert all(item.department[0] == "210000" for item in demo_set.items)
    codes = {item.row["code"] for item in demo_set.items}
    assert len(codes) == len(demo_set.items)
    assert all(item.parent in codes for item in subs)
    assert {item.row["record_kind"] for item in demo_set.items} == set(RecordKind)
    assert {item.department[1] for item in demo_set.items} == {c.code for c in department_codes()}
    assert all(item.row["legal_basis"].startswith("《") for item in demo_set.items)
    statuses = {item.row["status"] for item in demo_set.items}
    assert statuses == set(SupervisionItemStatus)


async def test_complaints_evaluations_and_announcements(
    session_factory: SessionFactory, demo_data: DemoSummary, demo_set: DemoDataSet
) -> None:
    statuses = Counter(c.row["status"] for c in demo_set.complaints)
    assert set(statuses) == set(ComplaintStatus)
    for complaint in demo_set.complaints:
        row = complaint.row
        assert row["complainant_name"]
        assert row["content"].startswith("投诉人称")
        assert (complaint.department is None) == (row["status"] is ComplaintStatus.RECEIVED)
        assert (row["result"] is not None) == (row["status"] is ComplaintStatus.CLOSED)
    hub = [e for e in demo_set.evaluations if e.row["source"] is CreditSource.HUB]
    assert sorted(e.entity for e in hub) == list(range(demo_set.scale.entities))
    assert any(e.row["source"] is CreditSource.NATIONAL for e in demo_set.evaluations)
    assert {e.row["grade"] for e in demo_set.evaluations} == set(CreditGrade)
    assert all(0 <= e.row["score"] <= 100 for e in demo_set.evaluations)
    kinds = Counter(a.row["kind"] for a in demo_set.announcements)
    assert kinds[AnnouncementKind.GENERAL] > 0
    assert kinds[AnnouncementKind.TARGETED] > 0
    for announcement in demo_set.announcements:
        targeted = announcement.row["kind"] is AnnouncementKind.TARGETED
        assert bool(announcement.targets) == targeted
    async with session_factory() as session:
        evaluated = await session.scalar(
            select(func.count(func.distinct(CreditEvaluation.entity_id))).where(
                CreditEvaluation.source == CreditSource.HUB
            )
        )
        targets = await session.scalar(select(func.count()).select_from(AnnouncementTarget))
    assert (evaluated or 0) >= demo_set.scale.entities
    assert (targets or 0) >= demo_data.counts["announcement_targets"] > 0


async def test_loading_again_changes_no_counts(
    session_factory: SessionFactory, demo_data: DemoSummary
) -> None:
    # given the demo set loaded once (the session fixture)
    before = await _table_counts(session_factory, demo_data.counts)
    steps: list[str] = []
    # when it is loaded again with the same scale
    again = await load_demo(
        session_factory,
        scale=DemoScale.for_tests(),
        progress=lambda step, done, total: steps.append(step),
    )
    # then nothing is inserted and every count stays as it was
    assert not again.inserted
    assert again.counts == demo_data.counts
    assert set(again.inserted_rows.values()) == {0}
    assert await _table_counts(session_factory, demo_data.counts) == before
    assert "市场主体" in steps
    assert "监管行为" in steps


# --- loads into a fresh database of their own ---------------------------------------------


@pytest.fixture
async def fresh_database(tmp_path: Path) -> AsyncIterator[str]:
    async with support.fresh_database(tmp_path, f"demo_fresh_{os.getpid()}") as url:
        yield url


class Interrupted(Exception):
    pass


async def test_an_interrupted_load_leaves_nothing_behind(fresh_database: str) -> None:
    engine = create_engine(fresh_database)
    try:
        factory = create_session_factory(engine)

        def interrupt(step: str, done: int, total: int) -> None:
            if step == "监管行为" and done > 0:
                raise Interrupted

        # given a load interrupted after records were written, inside its transaction
        with pytest.raises(Interrupted):
            await load_demo(factory, scale=SMALL, progress=interrupt)
        # then nothing of it is left, not even the regions it loaded first
        counts = await _table_counts(factory, dict.fromkeys(Base.metadata.tables, 0))
        assert set(counts.values()) == {0}
    finally:
        await engine.dispose()


async def test_a_load_keeps_existing_rows_and_a_second_load_inserts_nothing(
    fresh_database: str,
) -> None:
    engine = create_engine(fresh_database)
    try:
        factory = create_session_factory(engine)
        # given the regions and one department set up before the demo, by someone else
        async with factory() as session, session.begin():
            await load_reference_data(session)
            session.add(Department(region_code="210102", code="231", name="和平区市场监督管理局"))
        # when the demo is loaded twice
        first = await load_demo(factory, scale=SMALL)
        second = await load_demo(factory, scale=SMALL)
        # then the first load used the existing rows and inserted the rest
        assert first.inserted
        assert first.inserted_rows["regions"] == 0
        assert first.inserted_rows["departments"] == first.counts["departments"] - 1
        assert first.counts["market_entities"] == SMALL.entities
        assert first.counts["supervision_records"] == SMALL.records
        assert await _table_counts(factory, first.counts) == first.counts
        async with factory() as session:
            heping = (
                (
                    await session.execute(
                        select(Department.name).where(
                            Department.region_code == "210102", Department.code == "231"
                        )
                    )
                )
                .scalars()
                .all()
            )
        assert heping == ["和平区市场监督管理局"]
        # and the second inserted nothing
        assert not second.inserted
        assert second.counts == first.counts
        assert await _table_counts(factory, first.counts) == first.counts
    finally:
        await engine.dispose()
