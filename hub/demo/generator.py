"""The deterministic demo data set, generated in memory without touching a database.

Everything derives from `DemoScale.seed` through `random.Random` instances (one per section,
so that adding complaints does not change the records), and dates count back from the fixed
`REFERENCE_DATE`, never from today: the same scale always yields the same rows.
Foreign keys are expressed as natural keys (department region + code, entity index, item
code); the loader resolves them to ids.
"""

from __future__ import annotations

import bisect
import itertools
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

from hub.demo import catalogue as cat
from hub.demo.identifiers import (
    AUTHORITY_MARKET_SUPERVISION,
    AUTHORITY_ORGAN,
    KIND_ENTERPRISE,
    KIND_FARMER_COOPERATIVE,
    KIND_INDIVIDUAL_BUSINESS,
    KIND_ORGAN,
    random_entity_org_code,
    random_mobile,
    random_organ_org_code,
    random_resident_id,
    uscc,
)
from hub.demo.material import (
    COOPERATIVE_TRADE_NAMES,
    INDUSTRIES,
    Industry,
    person_name,
    rural_address,
    street_address,
    trade_name,
)
from hub.models import (
    MARKET_SUPERVISION_CODE,
    AnnouncementKind,
    AnnouncementStatus,
    ComplaintStatus,
    CreditGrade,
    CreditSource,
    InspectionResult,
    MarketEntityKind,
    MarketEntityStatus,
    PenaltyType,
    RecordKind,
    RecordStatus,
    RegionLevel,
    SubjectCategory,
    SupervisionItemStatus,
)
from hub.reference import (
    PROVINCE_CODE,
    DepartmentCode,
    RegionRow,
    ancestors,
    department_codes,
    department_name,
    region_display_name,
    regions,
    regions_by_code,
)

# The demo world's "today": records span the three years before it.
REFERENCE_DATE = date(2026, 6, 30)
WINDOW_START = date(2023, 7, 1)
BEIJING = timezone(timedelta(hours=8), "Asia/Shanghai")
HUB_EVALUATED_AT = datetime(2026, 6, 1, 2, 0, tzinfo=UTC)
NATIONAL_EVALUATED_AT = datetime(2026, 5, 20, 1, 30, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class DemoScale:
    """How much demo data to make. The same scale (and seed) always gives the same data."""

    entities: int
    records: int
    complaints: int
    announcements: int
    seed: int = 20260630

    @classmethod
    def full(cls) -> DemoScale:
        """What `hub demo` loads."""
        return cls(entities=5_000, records=50_000, complaints=3_000, announcements=400)

    @classmethod
    def for_tests(cls) -> DemoScale:
        """What the test session loads once: the full set, since it loads fast enough."""
        return cls.full()

    def __post_init__(self) -> None:
        if self.entities < len(CITY_WEIGHTS):
            raise ValueError(f"at least {len(CITY_WEIGHTS)} entities, one per city")
        if min(self.records, self.complaints, self.announcements) < 0:
            raise ValueError("counts cannot be negative")


# Relative number of businesses per city (roughly by population).
CITY_WEIGHTS = {
    "210100": 20, "210200": 19, "210300": 8, "210400": 5, "210500": 3.5, "210600": 6,
    "210700": 7, "210800": 6.5, "210900": 4, "211000": 4, "211100": 4, "211200": 5,
    "211300": 6, "211400": 5,
}  # fmt: skip
# Short forms in document numbers and plate prefixes of the cities.
CITY_ABBREVIATIONS = {
    "210100": "沈", "210200": "大", "210300": "鞍", "210400": "抚", "210500": "本",
    "210600": "丹", "210700": "锦", "210800": "营", "210900": "阜", "211000": "辽阳",
    "211100": "盘", "211200": "铁", "211300": "朝", "211400": "葫",
}  # fmt: skip
CITY_PLATES = {
    "210100": "辽A", "210200": "辽B", "210300": "辽C", "210400": "辽D", "210500": "辽E",
    "210600": "辽F", "210700": "辽G", "210800": "辽H", "210900": "辽J", "211000": "辽K",
    "211100": "辽L", "211200": "辽M", "211300": "辽N", "211400": "辽P",
}  # fmt: skip

KIND_WEIGHTS = {
    RecordKind.INSPECTION: 0.44,
    RecordKind.LICENSE: 0.27,
    RecordKind.FILING: 0.12,
    RecordKind.PENALTY: 0.11,
    RecordKind.ENFORCEMENT: 0.035,
    RecordKind.BLACKLIST: 0.025,
}
MARKET_SUPERVISION_WEIGHT = 5.0  # 231 records outnumber every other department's
LEVEL_WEIGHTS = {RegionLevel.COUNTY: 6.0, RegionLevel.CITY: 3.0, RegionLevel.PROVINCE: 1.0}
ID_TYPE = "居民身份证"
REGISTRATION_ITEM = "设立登记"

Row = dict[str, Any]


@dataclass(slots=True)
class DemoDepartment:
    region: RegionRow
    code: DepartmentCode
    name: str
    uscc: str
    abbreviation: str  # 沈市监, 辽环: the prefix of its document numbers

    @property
    def key(self) -> tuple[str, str]:
        return (self.region.code, self.code.code)


@dataclass(slots=True)
class DemoOrgUnit:
    department: tuple[str, str]
    name: str
    parent: str | None
    created_at: datetime


@dataclass(slots=True)
class DemoEntity:
    row: Row  # market_entities columns except id
    industry: Industry
    kind: MarketEntityKind
    region: RegionRow
    chain: tuple[str, ...]  # region codes, the entity's own first, up to the province
    established_on: date


@dataclass(slots=True)
class DemoItem:
    row: Row  # supervision_items columns except id, department_id and parent_id
    department: tuple[str, str]
    parent: str | None


@dataclass(slots=True)
class DemoRecord:
    kind: RecordKind
    department: DemoDepartment
    entity: int
    item: str
    base: Row  # supervision_records columns except id, department_id, entity_id, item_id
    detail: Row  # the kind table's columns except id
    word: str  # the kind's word in the decision number


@dataclass(slots=True)
class DemoComplaint:
    row: Row
    entity: int | None
    department: tuple[str, str] | None


@dataclass(slots=True)
class DemoEvaluation:
    row: Row
    entity: int


@dataclass(slots=True)
class DemoAnnouncement:
    row: Row
    department: tuple[str, str]
    targets: list[int]


@dataclass(slots=True)
class DemoDataSet:
    scale: DemoScale
    departments: list[DemoDepartment] = field(default_factory=list)
    org_units: list[DemoOrgUnit] = field(default_factory=list)
    entities: list[DemoEntity] = field(default_factory=list)
    items: list[DemoItem] = field(default_factory=list)
    records: list[DemoRecord] = field(default_factory=list)
    complaints: list[DemoComplaint] = field(default_factory=list)
    evaluations: list[DemoEvaluation] = field(default_factory=list)
    announcements: list[DemoAnnouncement] = field(default_factory=list)


# --- dates -------------------------------------------------------------------------------

WORKING_DAYS: tuple[date, ...] = tuple(
    WINDOW_START + timedelta(days=offset)
    for offset in range((REFERENCE_DATE - WINDOW_START).days + 1)
    if (WINDOW_START + timedelta(days=offset)).weekday() < 5
)


_WORKING_DAY_INDEX = {day: index for index, day in enumerate(WORKING_DAYS)}


def add_working_days(day: date, count: int) -> date:
    """Weekends only; the real calendar with public holidays is the hub's, not the demo's."""
    index = _WORKING_DAY_INDEX.get(day)
    if index is not None and index + count < len(WORKING_DAYS):
        return WORKING_DAYS[index + count]
    while count > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def previous_working_day(day: date) -> date:
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def at(day: date, rng: random.Random, start_hour: int = 9, end_hour: int = 17) -> datetime:
    """A moment during office hours (Beijing, UTC+8) on that day, in UTC."""
    midnight = datetime(day.year, day.month, day.day, tzinfo=UTC)
    return midnight + timedelta(
        hours=start_hour - 8, minutes=rng.randrange((end_hour - start_hour) * 60)
    )


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _wan_yuan(yuan: int) -> Decimal:
    return (Decimal(yuan) / 10_000).quantize(Decimal("0.000001"))


def _round_money(rng: random.Random, low: int, high: int) -> int:
    """Log-uniform between low and high, rounded like real amounts are."""
    value: float = low * (high / low) ** rng.random()
    step = 1_000 if value >= 20_000 else 100 if value >= 1_000 else 10
    return max(low, min(high, round(value / step) * step))


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    return date(year, month % 12 + 1, min(day.day, 28))


# --- regions ------------------------------------------------------------------------------


def _region_abbreviation(region: RegionRow) -> str:
    if region.level is RegionLevel.PROVINCE:
        return "辽"
    if region.level is RegionLevel.CITY:
        return CITY_ABBREVIATIONS[region.code]
    if region.name.endswith("区") and region.parent_code:
        city = CITY_ABBREVIATIONS[region.parent_code]
        return city + (region.name[1] if region.name[0] == city else region.name[0])
    name = region.name.removesuffix("县").removesuffix("市")
    for ethnic in ("满族自治", "蒙古族自治"):
        name = name.replace(ethnic, "")
    return name[:2]


def _city_of(region: RegionRow) -> RegionRow:
    by_code = regions_by_code()
    if region.level is RegionLevel.COUNTY and region.parent_code:
        return by_code[region.parent_code]
    return region


def _place(region: RegionRow) -> str:
    """沈阳市和平区 / 沈阳市新民市 / 沈阳市: the part of an address above the street."""
    city = _city_of(region)
    return city.name + region.name if region is not city else city.name


def county_sample() -> list[RegionRow]:
    """The counties where every department (not only market supervision) is set up: in each
    city its first district and its first county or county-level city (和平区 among them)."""
    chosen: list[RegionRow] = []
    for city in (r for r in regions() if r.level is RegionLevel.CITY):
        counties = [r for r in regions() if r.parent_code == city.code]
        district = next((r for r in counties if r.name.endswith("区")), None)
        rural = next((r for r in counties if not r.name.endswith("区")), None)
        chosen.extend(r for r in (district, rural) if r is not None)
    return chosen


# --- the generator --------------------------------------------------------------------------


FULL_SCALE = DemoScale.full()


def generate(scale: DemoScale) -> DemoDataSet:
    data = DemoDataSet(scale)
    _departments(data, random.Random(f"{scale.seed}:departments"))
    _entities(data, random.Random(f"{scale.seed}:entities"))
    _items(data)
    _records(data, random.Random(f"{scale.seed}:records"))
    _complaints(data, random.Random(f"{scale.seed}:complaints"))
    _evaluations(data, random.Random(f"{scale.seed}:credit"))
    _announcements(data, random.Random(f"{scale.seed}:announcements"))
    return data


def _departments(data: DemoDataSet, rng: random.Random) -> None:
    sampled = {r.code for r in county_sample()}
    used_usccs: set[str] = set()
    setup_day = date(2019, 3, 1)  # after the 2018 institutional reform
    for region in regions():
        for code in department_codes():
            if not code.exists_at(region.level):
                continue
            if (
                region.level is RegionLevel.COUNTY
                and code.code != MARKET_SUPERVISION_CODE
                and region.code not in sampled
            ):
                continue
            organ_uscc = uscc(AUTHORITY_ORGAN, KIND_ORGAN, region.code, random_organ_org_code(rng))
            while organ_uscc in used_usccs:
                organ_uscc = uscc(
                    AUTHORITY_ORGAN, KIND_ORGAN, region.code, random_organ_org_code(rng)
                )
            used_usccs.add(organ_uscc)
            department = DemoDepartment(
                region=region,
                code=code,
                name=department_name(code, region),
                uscc=organ_uscc,
                abbreviation=_region_abbreviation(region) + code.abbreviation,
            )
            data.departments.append(department)
            created = at(setup_day + timedelta(days=rng.randrange(60)), rng)
            unit = "处" if region.level is RegionLevel.PROVINCE else "科"
            for name in cat.COMMON_UNITS + cat.UNITS[code.code]:
                data.org_units.append(
                    DemoOrgUnit(department.key, name.format(unit=unit), None, created)
                )
            if code.code == MARKET_SUPERVISION_CODE and region.level is not RegionLevel.PROVINCE:
                data.org_units.append(
                    DemoOrgUnit(department.key, cat.ENFORCEMENT_TEAM, None, created)
                )
                squads = cat.ENFORCEMENT_SQUADS[: 3 if region.level is RegionLevel.CITY else 2]
                data.org_units.extend(
                    DemoOrgUnit(department.key, squad, cat.ENFORCEMENT_TEAM, created)
                    for squad in squads
                )


def _pick_region(
    rng: random.Random, industry: Industry, kind: MarketEntityKind, city: str
) -> RegionRow:
    by_code = regions_by_code()
    roll = rng.random()
    if kind is MarketEntityKind.ENTERPRISE and roll < 0.02:
        return by_code[PROVINCE_CODE]
    if kind is MarketEntityKind.ENTERPRISE and roll < 0.15:
        return by_code[city]
    counties = [r for r in regions() if r.parent_code == city]
    if industry.rural or kind is MarketEntityKind.FARMER_COOPERATIVE:
        rural = [r for r in counties if not r.name.endswith("区")]
        if rural and rng.random() < 0.8:
            return rng.choice(rural)
    return rng.choice(counties)


_USCC_KIND = {
    MarketEntityKind.ENTERPRISE: KIND_ENTERPRISE,
    MarketEntityKind.INDIVIDUAL_BUSINESS: KIND_INDIVIDUAL_BUSINESS,
    MarketEntityKind.FARMER_COOPERATIVE: KIND_FARMER_COOPERATIVE,
}
_EARLIEST = {
    MarketEntityKind.ENTERPRISE: date(1996, 1, 1),
    MarketEntityKind.INDIVIDUAL_BUSINESS: date(2006, 1, 1),
    MarketEntityKind.FARMER_COOPERATIVE: date(2008, 1, 1),
}


def _entities(data: DemoDataSet, rng: random.Random) -> None:
    cities = list(CITY_WEIGHTS)
    city_weights = list(CITY_WEIGHTS.values())
    industry_weights = [industry.weight for industry in INDUSTRIES]
    counties = [r.code for r in regions() if r.level is RegionLevel.COUNTY]
    used_usccs: set[str] = set()
    used_names: set[str] = set()
    for index in range(data.scale.entities):
        # The first fourteen, one per city, so that a small scale still covers them all.
        city = cities[index] if index < len(cities) else rng.choices(cities, city_weights)[0]
        industry = rng.choices(INDUSTRIES, industry_weights)[0]
        kinds, weights = zip(*industry.kinds, strict=True)
        kind = rng.choices(kinds, weights)[0]
        region = _pick_region(rng, industry, kind, city)
        address_region = region
        if region.level is not RegionLevel.COUNTY:
            address_region = rng.choice([r for r in regions() if r.parent_code == city])

        code = uscc(AUTHORITY_MARKET_SUPERVISION, _USCC_KIND[kind], region.code,
                    random_entity_org_code(rng))  # fmt: skip
        while code in used_usccs:
            code = uscc(AUTHORITY_MARKET_SUPERVISION, _USCC_KIND[kind], region.code,
                        random_entity_org_code(rng))  # fmt: skip
        used_usccs.add(code)

        male = rng.random() < 0.65
        representative = person_name(rng, male=male)
        name = _entity_name(rng, industry, kind, region, address_region, representative)
        while name in used_names:
            name = _entity_name(rng, industry, kind, region, address_region, representative)
        used_names.add(name)

        earliest = _EARLIEST[kind]
        span = (REFERENCE_DATE - timedelta(days=20) - earliest).days
        established = previous_working_day(
            REFERENCE_DATE - timedelta(days=20 + int(span * rng.random() ** 1.7))
        )
        born = date(1955, 1, 1) + timedelta(days=rng.randrange(365 * 46))
        id_region = address_region.code if rng.random() < 0.7 else rng.choice(counties)
        if kind is MarketEntityKind.ENTERPRISE:
            low, high = industry.capital_range
            capital = Decimal(_round_money(rng, low, high))
        elif kind is MarketEntityKind.FARMER_COOPERATIVE:
            capital = Decimal(_round_money(rng, 10, 500))
        else:
            capital = Decimal(_round_money(rng, 1, 50))
        roll = rng.random()
        status = (
            MarketEntityStatus.CANCELLED if roll < 0.03
            else MarketEntityStatus.REVOKED if roll < 0.05
            else MarketEntityStatus.MOVED_OUT if roll < 0.06
            else MarketEntityStatus.OPERATING
        )  # fmt: skip
        rural = industry.rural and not address_region.name.endswith("区")
        place = _place(address_region)
        created = at(established, rng)
        row: Row = {
            "uscc": code,
            "uscc_valid": True,
            "name": name,
            "kind": kind,
            "status": status,
            "region_code": region.code,
            "legal_representative": representative,
            "legal_representative_id_type": ID_TYPE,
            "legal_representative_id_number": random_resident_id(rng, id_region, born, male=male),
            "address": rural_address(rng, place) if rural else street_address(rng, place),
            "industry": industry.label,
            "business_scope": industry.business_scope,
            "registered_capital": capital,
            "established_on": established,
            "created_at": created,
            "updated_at": created,
        }
        data.entities.append(
            DemoEntity(
                row=row,
                industry=industry,
                kind=kind,
                region=region,
                chain=tuple(r.code for r in ancestors(region.code)),
                established_on=established,
            )
        )


def _entity_name(
    rng: random.Random,
    industry: Industry,
    kind: MarketEntityKind,
    region: RegionRow,
    address_region: RegionRow,
    representative: str,
) -> str:
    if kind is MarketEntityKind.ENTERPRISE:
        if region.level is RegionLevel.PROVINCE or rng.random() < 0.05:
            prefix = "辽宁"
        else:
            prefix = _city_of(region).name.removesuffix("市")
        return prefix + trade_name(rng) + rng.choice(industry.enterprise_suffixes)
    place = region_display_name(address_region)
    if kind is MarketEntityKind.FARMER_COOPERATIVE:
        trade = rng.choice(COOPERATIVE_TRADE_NAMES) if rng.random() < 0.6 else trade_name(rng)
        return place + trade + rng.choice(industry.cooperative_suffixes)
    shop = rng.choice(industry.shop_suffixes)
    roll = rng.random()
    if roll < 0.45:
        return f"{place}{representative[0]}记{shop}"
    if roll < 0.6:
        return f"{place}{representative}{shop}"
    return f"{place}{trade_name(rng)}{shop}"


def _items(data: DemoDataSet) -> None:
    for code, mains in cat.CATALOGUE.items():
        owner = (PROVINCE_CODE, code)
        created = datetime(2020, 3, 2, 1, 0, tzinfo=UTC)
        numbers: dict[RecordKind, int] = defaultdict(int)
        for main in mains:
            numbers[main.kind] += 1
            main_code = f"{code}-{cat.KIND_ABBREVIATIONS[main.kind]}-{numbers[main.kind]:03d}"
            data.items.append(
                DemoItem(
                    _item_row(
                        main_code, main.name, main.kind, main.legal_basis, main.status, created
                    ),
                    owner,
                    None,
                )
            )
            for number, sub in enumerate(main.subs, start=1):
                status = sub.status if main.status is cat.PUBLISHED else main.status
                data.items.append(
                    DemoItem(
                        _item_row(
                            f"{main_code}-{number:02d}",
                            sub.name,
                            main.kind,
                            sub.legal_basis or main.legal_basis,
                            status,
                            created,
                        ),
                        owner,
                        main_code,
                    )
                )


def _item_row(
    code: str,
    name: str,
    kind: RecordKind,
    legal_basis: str,
    status: SupervisionItemStatus,
    created: datetime,
) -> Row:
    return {
        "code": code,
        "name": name,
        "record_kind": kind,
        "legal_basis": legal_basis,
        "status": status,
        "created_at": created,
        "updated_at": created,
    }


@dataclass(slots=True)
class _Leaf:
    code: str  # the item's code
    department_code: str
    sub: cat.SubItem
    legal_basis: str
    candidates: list[int]
    weight: float


def _leaves(data: DemoDataSet) -> dict[RecordKind, list[_Leaf]]:
    """The published sub-items records can refer to, each with the entities it applies to."""
    pools: dict[tuple[tuple[str, ...], tuple[MarketEntityKind, ...]], list[int]] = {}
    leaves: dict[RecordKind, list[_Leaf]] = defaultdict(list)
    for code, mains in cat.CATALOGUE.items():
        numbers: dict[RecordKind, int] = defaultdict(int)
        for main in mains:
            numbers[main.kind] += 1
            main_code = f"{code}-{cat.KIND_ABBREVIATIONS[main.kind]}-{numbers[main.kind]:03d}"
            if main.status is not cat.PUBLISHED:
                continue
            for number, sub in enumerate(main.subs, start=1):
                if sub.status is not cat.PUBLISHED:
                    continue
                pool_key = (sub.industries, sub.entity_kinds)
                if pool_key not in pools:
                    pools[pool_key] = [
                        index
                        for index, entity in enumerate(data.entities)
                        if (not sub.industries or entity.industry.key in sub.industries)
                        and (not sub.entity_kinds or entity.kind in sub.entity_kinds)
                    ]
                candidates = pools[pool_key]
                if sub.name == REGISTRATION_ITEM:
                    candidates = [
                        i for i in candidates if data.entities[i].established_on >= WINDOW_START
                    ]
                if not candidates:
                    continue
                weight = sub.weight * (
                    MARKET_SUPERVISION_WEIGHT if code == MARKET_SUPERVISION_CODE else 1.0
                )
                leaves[main.kind].append(
                    _Leaf(
                        f"{main_code}-{number:02d}",
                        code,
                        sub,
                        sub.legal_basis or main.legal_basis,
                        candidates,
                        weight,
                    )
                )
    return leaves


def _records(data: DemoDataSet, rng: random.Random) -> None:
    if data.scale.records == 0:
        return
    leaves = _leaves(data)
    kinds = [kind for kind in KIND_WEIGHTS if leaves.get(kind)]
    kind_weights = list(itertools.accumulate(KIND_WEIGHTS[kind] for kind in kinds))
    leaf_weights = {
        kind: list(itertools.accumulate(leaf.weight for leaf in leaves[kind])) for kind in kinds
    }
    departments = {d.key: d for d in data.departments}
    registered: set[int] = set()
    for _ in range(data.scale.records):
        kind = rng.choices(kinds, cum_weights=kind_weights)[0]
        while True:
            leaf = rng.choices(leaves[kind], cum_weights=leaf_weights[kind])[0]
            entity_index = leaf.candidates[int(len(leaf.candidates) * rng.random() ** 1.3)]
            entity = data.entities[entity_index]
            earliest = entity.established_on + timedelta(days=15)
            if leaf.sub.name == REGISTRATION_ITEM:
                if entity_index in registered:
                    continue
                registered.add(entity_index)
                department = departments[(entity.region.code, MARKET_SUPERVISION_CODE)]
                decision = entity.established_on
                break
            first = bisect.bisect_left(WORKING_DAYS, max(earliest, WINDOW_START))
            if first >= len(WORKING_DAYS):
                continue
            decision = WORKING_DAYS[rng.randrange(first, len(WORKING_DAYS))]
            if leaf.sub.by_registration_authority:
                department = departments[(entity.region.code, MARKET_SUPERVISION_CODE)]
            else:
                department = _department_for(rng, departments, entity, leaf.department_code)
            break
        data.records.append(_record(rng, data, kind, leaf, department, entity_index, decision))
    _number_decisions(data.records)


def _department_for(
    rng: random.Random,
    departments: dict[tuple[str, str], DemoDepartment],
    entity: DemoEntity,
    code: str,
) -> DemoDepartment:
    options = [departments[(r, code)] for r in entity.chain if (r, code) in departments]
    weights = [LEVEL_WEIGHTS[d.region.level] for d in options]
    return rng.choices(options, weights)[0]


def _publication(
    rng: random.Random, decision: date
) -> tuple[RecordStatus, datetime | None, datetime]:
    """Status, when published, and when last changed."""
    roll = rng.random()
    delay_roll = rng.random()
    delay = (
        rng.randint(1, 5) if delay_roll < 0.9
        else rng.randint(6, 7) if delay_roll < 0.95
        else rng.randint(8, 25)
    )  # fmt: skip
    published_day = add_working_days(decision, delay)
    if roll < 0.05 or published_day > REFERENCE_DATE:
        return RecordStatus.DRAFT, None, at(decision, rng)
    published = at(published_day, rng)
    if roll < 0.1:
        changed_day = min(REFERENCE_DATE, published_day + timedelta(days=rng.randint(10, 120)))
        status = RecordStatus.REVOKED if roll < 0.075 else RecordStatus.WITHDRAWN
        return status, published, max(published, at(changed_day, rng))
    return RecordStatus.PUBLISHED, published, published


_REVOKED_REMARKS = (
    "该决定经行政复议被撤销",
    "该决定已被人民法院判决撤销",
    "因适用依据错误，已由本机关自行撤销",
)
_WITHDRAWN_REMARKS = ("信息录入有误，已撤回公示", "行政相对人信息有误，已撤回", "重复录入，已撤回")


def _record(
    rng: random.Random,
    data: DemoDataSet,
    kind: RecordKind,
    leaf: _Leaf,
    department: DemoDepartment,
    entity_index: int,
    decision: date,
) -> DemoRecord:
    entity = data.entities[entity_index]
    status, published, changed = _publication(rng, decision)
    created = at(decision, rng)
    remark = None
    if status is RecordStatus.REVOKED:
        remark = rng.choice(_REVOKED_REMARKS)
    elif status is RecordStatus.WITHDRAWN:
        remark = rng.choice(_WITHDRAWN_REMARKS)
    category = (
        SubjectCategory.INDIVIDUAL_BUSINESS
        if entity.kind is MarketEntityKind.INDIVIDUAL_BUSINESS
        else SubjectCategory.LEGAL_PERSON
    )
    base: Row = {
        "kind": kind,
        "status": status,
        "region_code": department.region.code,
        "subject_name": entity.row["name"],
        "subject_category": category,
        "subject_uscc": entity.row["uscc"],
        "document_name": cat.DOCUMENT_NAMES[kind],
        "decision_number": "",  # numbered once all records are known
        "decision_date": decision,
        "published_at": published,
        "publication_end_date": None,
        "remark": remark,
        "version": 1,
        "created_at": created,
        "updated_at": max(created, changed),
    }
    detail = leaf.sub.detail
    word = cat.DECISION_WORDS[kind]
    if isinstance(detail, cat.LicenseSpec):
        row = _license(rng, detail, department, entity, decision)
    elif isinstance(detail, cat.InspectionSpec):
        row = _inspection(rng, detail, entity, decision)
    elif isinstance(detail, cat.FilingSpec):
        row = {
            "filing_subject": leaf.sub.name,
            "filed_on": max(entity.established_on, decision - timedelta(days=rng.randint(0, 6))),
            "content": rng.choice(detail.contents),
        }
    elif isinstance(detail, cat.PenaltySpec):
        row = _penalty(rng, detail, entity, decision)
        base["publication_end_date"] = row.pop("_publication_end")
    elif isinstance(detail, cat.EnforcementSpec):
        row = _enforcement(rng, detail, leaf, decision)
    else:
        row = _blacklist(rng, detail, department, decision)
        base["document_name"] = detail.document_name
        base["publication_end_date"] = row.pop("_publication_end")
        word = detail.decision_word
    return DemoRecord(kind, department, entity_index, leaf.code, base, row, word)


def _number_format_fields(
    rng: random.Random, department: DemoDepartment, entity: DemoEntity, decision: date
) -> dict[str, str]:
    digits = f"{rng.randrange(10**10):010d}"
    fields = {f"r{n}": digits[:n] for n in range(2, 11)}
    city = _city_of(department.region)
    fields.update(
        region=department.region.code,
        abbr=_region_abbreviation(department.region),
        plate=CITY_PLATES.get(city.code, "辽"),
        year=str(decision.year),
        yy=f"{decision.year % 100:02d}",
        uscc=entity.row["uscc"],
        d=rng.choice("0123456789"),
        seq=str(rng.randint(1, 400)),
    )
    return fields


def _license(
    rng: random.Random,
    spec: cat.LicenseSpec,
    department: DemoDepartment,
    entity: DemoEntity,
    decision: date,
) -> Row:
    fields = _number_format_fields(rng, department, entity, decision)
    valid_to = None
    if spec.valid_years is not None:
        valid_to = _add_years(decision, spec.valid_years) - timedelta(days=1)
    return {
        "license_category": spec.category,
        "certificate_name": spec.certificate,
        "license_number": spec.number.format(**fields),
        "content": rng.choice(spec.contents),
        "valid_from": decision,
        "valid_to": valid_to,
    }


def _inspection(
    rng: random.Random, spec: cat.InspectionSpec, entity: DemoEntity, decision: date
) -> Row:
    inspected = max(entity.established_on, decision - timedelta(days=rng.randint(0, 3)))
    roll = rng.random()
    if roll < 0.78:
        return {
            "inspected_on": inspected,
            "result": InspectionResult.NORMAL,
            "findings": rng.choice(
                ("未发现问题", "检查未发现违法违规行为", "经检查，各项制度落实到位")
            ),
            "handling": None,
        }
    if roll < 0.97:
        problems = rng.sample(spec.problems, k=min(len(spec.problems), rng.randint(1, 2)))
        return {
            "inspected_on": inspected,
            "result": InspectionResult.PROBLEMS_FOUND,
            "findings": "；".join(problems),
            "handling": rng.choice(spec.handling),
        }
    return {
        "inspected_on": inspected,
        "result": InspectionResult.NOT_FOUND_AT_ADDRESS,
        "findings": "通过登记的住所或者经营场所无法联系",
        "handling": "依法列入经营异常名录（个体工商户标记为经营异常状态）",
    }


# How many of what a text counts, by the unit after {qty}: 3名 people, 2台 machines …
_QUANTITIES = {"名": (1, 6), "台": (1, 4), "辆": (1, 5), "吨": (2, 30), "种": (2, 15), "套": (1, 3)}


def _quantity(rng: random.Random, template: str) -> int:
    position = template.find("{qty}")
    unit = template[position + 5 : position + 6] if position >= 0 else ""
    low, high = _QUANTITIES.get(unit, (2, 120))
    return rng.randint(low, high)


def _penalty(rng: random.Random, spec: cat.PenaltySpec, entity: DemoEntity, decision: date) -> Row:
    types = rng.choice(spec.types)
    violated = max(entity.established_on, decision - timedelta(days=rng.randint(20, 150)))
    value = _round_money(rng, 100, 30_000)
    gain = max(10, int(value * rng.uniform(0.05, 0.4)) // 10 * 10)
    product = rng.choice(spec.products)
    facts = spec.facts.format(
        subject=entity.row["name"],
        address=entity.row["address"],
        date=chinese_date(violated),
        product=product,
        qty=_quantity(rng, spec.facts),
        value=value,
        gain=gain,
    )
    fine = _round_money(rng, *spec.fine) if spec.fine and PenaltyType.FINE in types else None
    confiscated = 0
    parts: list[str] = []
    suspended_license = None
    for penalty_type in types:
        if penalty_type is PenaltyType.WARNING:
            parts.append("警告")
        elif penalty_type is PenaltyType.FINE and fine is not None:
            parts.append(f"罚款人民币{fine}元")
        elif penalty_type is PenaltyType.CONFISCATION_OF_ILLEGAL_GAINS:
            parts.append(f"没收违法所得人民币{gain}元")
            confiscated += gain
        elif penalty_type is PenaltyType.CONFISCATION_OF_ILLEGAL_PROPERTY:
            parts.append(f"没收违法经营的{product}")
            confiscated += value
        elif penalty_type is PenaltyType.SUSPENSION_OF_BUSINESS:
            parts.append(f"责令停产停业{rng.choice((7, 10, 15, 30))}日")
        elif penalty_type is PenaltyType.LICENSE_SUSPENSION_OR_REVOCATION:
            licence = spec.license_name or "许可证"
            number = (
                "JY1" + entity.region.code + "".join(rng.choice("0123456789") for _ in range(7))
            )
            suspended_license = f"{licence}（{number}）"
            parts.append(f"吊销{licence}")
    content = (
        "决定给予如下行政处罚："
        + "；".join(f"{n}.{part}" for n, part in enumerate(parts, start=1))
        + "。"
    )
    serious = (fine or 0) >= 100_000 or PenaltyType.LICENSE_SUSPENSION_OR_REVOCATION in types
    if types == (PenaltyType.WARNING,):
        publication_end = _add_months(decision, 3)
    elif serious:
        publication_end = _add_years(decision, 3)
    else:
        publication_end = _add_years(decision, 1)
    return {
        "violation_type": spec.violation_type,
        "violation_facts": facts,
        "legal_basis": spec.basis,
        "penalty_types": [t.value for t in types],
        "content": content,
        "fine_amount": _wan_yuan(fine) if fine is not None else None,
        "confiscated_amount": _wan_yuan(confiscated) if confiscated else None,
        "suspended_license": suspended_license,
        "penalty_valid_until": publication_end,
        "_publication_end": publication_end,
    }


def _enforcement(rng: random.Random, spec: cat.EnforcementSpec, leaf: _Leaf, decision: date) -> Row:
    return {
        "measure": spec.measure,
        "legal_basis": leaf.legal_basis,
        "content": spec.content.format(
            product=rng.choice(spec.products), qty=_quantity(rng, spec.content)
        ),
        "starts_on": decision,
        "ends_on": decision + timedelta(days=spec.days) if rng.random() < 0.9 else None,
    }


def _blacklist(
    rng: random.Random, spec: cat.BlacklistSpec, department: DemoDepartment, decision: date
) -> Row:
    removal = None
    if rng.random() < (0.1 if spec.serious else 0.4):
        candidate = decision + timedelta(days=rng.randint(365 if spec.serious else 30, 800))
        removal = candidate if candidate <= REFERENCE_DATE else None
    return {
        "reason": spec.reason,
        "listing_authority": department.name,
        "listed_on": decision,
        "removal_date": removal,
        "_publication_end": _add_years(decision, 3) if spec.serious else None,
    }


def _number_decisions(records: Sequence[DemoRecord]) -> None:
    """沈市监罚〔2025〕123号: numbered per department, word and year, in decision order."""
    groups: dict[tuple[tuple[str, str], str, int], list[DemoRecord]] = defaultdict(list)
    for record in records:
        key = (record.department.key, record.word, record.base["decision_date"].year)
        groups[key].append(record)
    for (_, word, year), group in groups.items():
        group.sort(key=lambda r: r.base["decision_date"])
        for number, record in enumerate(group, start=1):
            record.base["decision_number"] = (
                f"{record.department.abbreviation}{word}〔{year}〕{number}号"
            )


# --- complaints -----------------------------------------------------------------------------

_COMPLAINT_TOPICS: dict[str, tuple[tuple[str, str, str], ...]] = {
    # industry key: (subject, what happened, the department code that handles it)
    "catering": (
        ("饭菜中吃出异物", "就餐时发现菜品中有异物", "231"),
        ("餐馆卫生条件差", "就餐时发现后厨卫生条件较差，餐具未消毒", "231"),
        ("就餐后身体不适", "就餐后出现腹泻、呕吐症状", "231"),
    ),
    "food_retail": (
        ("购买到过期食品", "购买的食品已超过保质期", "231"),
        ("食品标签与实物不符", "购买的预包装食品标签标注内容与实物不符", "231"),
        ("缺斤短两", "购买的散装食品经复称重量不足", "231"),
    ),
    "retail": (
        ("商品质量问题拒不退换", "购买的商品存在质量问题，商家拒绝退换", "231"),
        ("未明码标价", "购物时发现商品未明码标价，结账时价格高于预期", "231"),
        ("虚假宣传", "购物时商家宣传“全场五折”，实际结算未按宣传价格执行", "231"),
    ),
    "pharmacy": (
        ("处方药无处方销售", "购药时发现该药店未凭处方销售处方药", "231"),
        ("药品价格不透明", "购药时发现药品未明码标价", "231"),
    ),
    "hotel": (
        ("客房卫生条件差", "入住时发现客房床上用品未更换，卫生条件差", "302"),
        ("预订后拒不退款", "预订客房后取消，商家拒不退还预付款", "231"),
    ),
    "personal_services": (
        ("预付卡退费难", "办理的预付卡因商家停业无法使用，要求退费被拒", "231"),
        ("服务收费与宣传不符", "消费时实际收费明显高于店内宣传价格", "231"),
        ("美容美发工具未消毒", "消费时发现美发工具未经消毒即重复使用", "302"),
    ),
    "entertainment": (
        ("网吧接纳未成年人", "发现该场所接纳未成年人上网", "307"),
        ("娱乐场所收费不透明", "消费后收费明显高于包房价目表", "231"),
    ),
    "auto_repair": (
        ("维修收费不合理", "车辆维修后收费项目与实际维修内容不符", "231"),
        ("维修质量问题", "车辆维修后短期内再次出现同一故障", "303"),
    ),
    "transport": (("货物运输损坏拒不赔偿", "委托运输的货物在运输途中损坏，对方拒不赔偿", "231"),),
    "tourism": (("旅行社擅自变更行程", "参加的旅游团被擅自变更行程并增加自费项目", "307"),),
    "clinic": (("诊所收费不合理", "就诊时收费明显高于公示价格", "231"),),
}
_GENERAL_TOPICS = (
    ("商家拒不退款", "购买商品后与商家协商退款未果", "231"),
    ("虚假宣传", "消费时发现商家宣传内容与实际不符", "231"),
)
_UNKNOWN_SUBJECT_TOPICS = (
    ("流动摊贩销售三无产品", "在路边流动摊贩处购买的商品无生产厂家、无生产日期、无合格证"),
    ("网购商品质量问题", "网购商品存在质量问题，无法联系到经营者"),
    ("电话推销保健品", "接到电话推销保健品，宣称可治疗疾病"),
)
_DEMANDS = ("退款", "赔偿损失", "依法处理", "退一赔三", "商家整改")
_RESULTS = (
    "经调解，商家同意为投诉人办理退款，投诉人表示满意。",
    "经核查，投诉反映问题属实，已依法责令当事人改正，并立案调查。",
    "经核查，投诉反映问题不属实，已向投诉人反馈核查结果。",
    "双方未能达成调解协议，已告知投诉人可通过司法途径解决。",
    "已将涉嫌违法线索移交执法稽查部门处理，并告知投诉人。",
    "经调解，双方达成一致，商家赔偿投诉人损失。",
)


def _complaints(data: DemoDataSet, rng: random.Random) -> None:
    departments = {d.key: d for d in data.departments}
    consumer = [i for i, e in enumerate(data.entities) if e.industry.consumer_facing]
    pool = consumer or list(range(len(data.entities)))
    counties = [r for r in regions() if r.level is RegionLevel.COUNTY]
    for number in range(1, data.scale.complaints + 1):
        received = REFERENCE_DATE - timedelta(days=int(730 * rng.random() ** 1.2))
        received_at = at(received, rng, 8, 22)
        age = (REFERENCE_DATE - received).days
        entity_index: int | None = None
        if rng.random() < 0.9:
            entity_index = rng.choice(pool)
            entity = data.entities[entity_index]
            topics = _COMPLAINT_TOPICS.get(entity.industry.key, _GENERAL_TOPICS)
            subject, happened, code = rng.choice(topics)
            content = (
                f"投诉人称：{chinese_date(received - timedelta(days=rng.randint(0, 10)))}在"
                f"{entity.row['name']}（{entity.row['address']}）{happened}，"
                f"要求{rng.choice(_DEMANDS)}。"
            )
            region_code = entity.region.code
            handler = next(
                (departments[(r, code)] for r in entity.chain if (r, code) in departments), None
            )
        else:
            subject, happened = rng.choice(_UNKNOWN_SUBJECT_TOPICS)
            region = rng.choice(counties)
            content = f"投诉人称：{happened}，地点在{_place(region)}，要求依法查处。"
            region_code = region.code
            handler = departments.get((region.code, MARKET_SUPERVISION_CODE))
        roll = rng.random()
        if age > 60:
            status = ComplaintStatus.CLOSED if roll < 0.95 else ComplaintStatus.HANDLING
        elif age > 15:
            status = (
                ComplaintStatus.CLOSED if roll < 0.6
                else ComplaintStatus.HANDLING if roll < 0.9
                else ComplaintStatus.DISPATCHED
            )  # fmt: skip
        else:
            status = (
                ComplaintStatus.RECEIVED if roll < 0.35
                else ComplaintStatus.DISPATCHED if roll < 0.7
                else ComplaintStatus.HANDLING if roll < 0.9
                else ComplaintStatus.CLOSED
            )  # fmt: skip
        if handler is None:
            status = ComplaintStatus.RECEIVED
        handled_at = None
        result = None
        if status is ComplaintStatus.CLOSED:
            handled_day = min(REFERENCE_DATE, add_working_days(received, rng.randint(2, 20)))
            handled_at = max(received_at, at(handled_day, rng))
            result = rng.choice(_RESULTS)
        dispatched = status is not ComplaintStatus.RECEIVED and handler is not None
        row: Row = {
            "external_id": f"TS{received:%Y%m%d}{number:06d}",
            "region_code": handler.region.code if dispatched and handler else region_code,
            "status": status,
            "received_at": received_at,
            "subject": subject,
            "content": content,
            "complainant_name": person_name(rng),
            "complainant_phone": random_mobile(rng) if rng.random() < 0.9 else None,
            "result": result,
            "handled_at": handled_at,
            "created_at": received_at,
            "updated_at": handled_at or received_at,
        }
        data.complaints.append(
            DemoComplaint(row, entity_index, handler.key if dispatched and handler else None)
        )


# --- credit evaluations ---------------------------------------------------------------------


def _grade(score: float) -> CreditGrade:
    if score >= 85:
        return CreditGrade.A
    if score >= 70:
        return CreditGrade.B
    if score >= 55:
        return CreditGrade.C
    return CreditGrade.D


def _evaluations(data: DemoDataSet, rng: random.Random) -> None:
    penalties: dict[int, int] = defaultdict(int)
    serious: dict[int, int] = defaultdict(int)
    abnormal: dict[int, int] = defaultdict(int)
    problems: dict[int, int] = defaultdict(int)
    licenses: dict[int, int] = defaultdict(int)
    for record in data.records:
        if record.base["status"] is not RecordStatus.PUBLISHED:
            continue
        subject = record.entity
        if record.kind is RecordKind.PENALTY:
            penalties[subject] += 1
        elif record.kind is RecordKind.BLACKLIST and record.detail["removal_date"] is None:
            if record.base["publication_end_date"] is not None:
                serious[subject] += 1
            else:
                abnormal[subject] += 1
        elif record.kind is RecordKind.INSPECTION and (
            record.detail["result"] is not InspectionResult.NORMAL
        ):
            problems[subject] += 1
        elif record.kind is RecordKind.LICENSE:
            licenses[subject] += 1
    for index, entity in enumerate(data.entities):
        years = (REFERENCE_DATE - entity.established_on).days // 365
        base = round(rng.uniform(72.0, 92.0), 2)
        indicators = [
            ("基础信息", 1, base),
            ("成立年限", years, min(5.0, years / 3)),
            ("行政许可", licenses[index], 2.0 if licenses[index] else 0.0),
            ("行政处罚", penalties[index], -9.0 * penalties[index]),
            ("严重违法失信", serious[index], -30.0 * serious[index]),
            ("经营异常", abnormal[index], -12.0 * abnormal[index]),
            ("检查发现问题", problems[index], -3.0 * problems[index]),
        ]
        score = max(0.0, min(100.0, sum(points for _, _, points in indicators)))
        explanation = {
            "model": "市场主体信用风险分类模型（演示）",
            "indicators": [
                {"indicator": name, "value": value, "points": round(points, 2) + 0.0}
                for name, value, points in indicators
            ],
            "score": round(score, 2),
        }
        data.evaluations.append(
            DemoEvaluation(
                _evaluation_row(CreditSource.HUB, score, HUB_EVALUATED_AT, explanation), index
            )
        )
        if entity.kind is MarketEntityKind.ENTERPRISE and rng.random() < 0.35:
            national = max(0.0, min(100.0, score + rng.uniform(-8.0, 8.0)))
            national_explanation = {
                "source": "国家“互联网+监管”系统（演示数据）",
                "indicators": [
                    {"indicator": "公共信用综合评价", "value": round(national, 2),
                     "points": round(national, 2)},
                ],
                "score": round(national, 2),
            }  # fmt: skip
            data.evaluations.append(
                DemoEvaluation(
                    _evaluation_row(
                        CreditSource.NATIONAL, national, NATIONAL_EVALUATED_AT, national_explanation
                    ),
                    index,
                )
            )


def _evaluation_row(
    source: CreditSource, score: float, evaluated_at: datetime, explanation: dict[str, Any]
) -> Row:
    value = Decimal(str(round(score, 2))).quantize(Decimal("0.01"))
    return {
        "source": source,
        "grade": _grade(float(value)),
        "score": value,
        "evaluated_at": evaluated_at,
        "explanation": explanation,
    }


# --- announcements --------------------------------------------------------------------------

_CAMPAIGNS = {
    "231": ("食品安全", "虚假违法广告", "民生领域价格", "特种设备安全", "校园周边食品安全"),
    "301": ("大气污染防治", "危险废物规范化管理"),
    "302": ("公共场所卫生", "医疗机构依法执业"),
    "303": ("货车非法改装", "道路运输安全"),
    "304": ("安全生产大检查", "燃气安全"),
    "305": ("农资打假", "农产品质量安全"),
    "306": ("建筑施工扬尘", "建筑施工安全"),
    "307": ("文化市场", "旅游市场秩序"),
    "308": ("药品安全", "医疗器械质量安全"),
}


def _announcement_status(rng: random.Random) -> AnnouncementStatus:
    roll = rng.random()
    if roll < 0.05:
        return AnnouncementStatus.DRAFT
    if roll < 0.08:
        return AnnouncementStatus.WITHDRAWN
    return AnnouncementStatus.PUBLISHED


def _announcement_row(
    rng: random.Random,
    department: DemoDepartment,
    kind: AnnouncementKind,
    title: str,
    body: str,
    day: date,
) -> Row:
    status = _announcement_status(rng)
    moment = at(min(day, REFERENCE_DATE), rng, 9, 17)
    return {
        "region_code": department.region.code,
        "kind": kind,
        "status": status,
        "title": title,
        "body": body,
        "published_at": None if status is AnnouncementStatus.DRAFT else moment,
        "created_at": moment - timedelta(days=1),
        "updated_at": moment,
    }


def _announcements(data: DemoDataSet, rng: random.Random) -> None:
    total = data.scale.announcements
    titles: set[tuple[tuple[str, str], str]] = set()

    def add(department: DemoDepartment, announcement: DemoAnnouncement) -> bool:
        key = (department.key, announcement.row["title"])
        if key in titles:
            return False
        titles.add(key)
        data.announcements.append(announcement)
        return True

    # 特指性: notices naming entities, from the records that need them.
    abnormal: dict[tuple[tuple[str, str], str], list[DemoRecord]] = defaultdict(list)
    served: list[DemoRecord] = []
    for record in data.records:
        if record.base["status"] is not RecordStatus.PUBLISHED:
            continue
        if record.kind is RecordKind.BLACKLIST and record.word == "异":
            month = f"{record.base['decision_date']:%Y-%m}"
            abnormal[(record.department.key, month)].append(record)
        elif record.kind is RecordKind.PENALTY and rng.random() < 0.02:
            served.append(record)
    targeted_quota = total // 2
    groups = sorted(
        abnormal.values(), key=lambda group: (-len(group), group[0].base["decision_number"])
    )
    for group in groups[: targeted_quota * 2 // 3]:
        department = group[0].department
        names = [data.entities[r.entity].row for r in group]
        unique_targets = list(dict.fromkeys(r.entity for r in group))
        last = max(r.base["decision_date"] for r in group)
        first_name = names[0]["name"]
        count = len(unique_targets)
        title = (
            f"关于{first_name}列入经营异常名录的公告" if count == 1
            else f"关于{first_name}等{count}户市场主体列入经营异常名录的公告"
        )  # fmt: skip
        lines = "\n".join(
            f"{n}. {row['name']}（统一社会信用代码：{row['uscc']}）"
            for n, row in enumerate((data.entities[i].row for i in unique_targets), start=1)
        )
        body = (
            f"根据《企业信息公示暂行条例》第十七条的规定，{department.name}决定将下列市场主体列入"
            f"经营异常名录：\n{lines}\n上述市场主体可在履行相关义务后，申请移出经营异常名录。"
            f"\n\n{department.name}\n{chinese_date(last)}"
        )
        add(department, DemoAnnouncement(
            _announcement_row(rng, department, AnnouncementKind.TARGETED, title, body,
                              add_working_days(last, 2)),
            department.key, unique_targets))  # fmt: skip
    for record in served:
        if len(data.announcements) >= targeted_quota:
            break
        department = record.department
        entity = data.entities[record.entity].row
        title = f"关于向{entity['name']}公告送达行政处罚决定书的公告"
        body = (
            f"{entity['name']}（统一社会信用代码：{entity['uscc']}）：\n"
            f"因通过其他方式无法送达，依照《中华人民共和国行政处罚法》第六十一条的规定，"
            f"现向你公告送达{record.base['decision_number']}行政处罚决定书。"
            f"自公告发布之日起满三十日，即视为送达。\n\n{department.name}"
        )
        add(department, DemoAnnouncement(
            _announcement_row(rng, department, AnnouncementKind.TARGETED, title, body,
                              add_working_days(record.base["decision_date"], 8)),
            department.key, [record.entity]))  # fmt: skip

    # 普发性: general announcements, market supervision most often.
    weights = [3.0 if d.code.code == MARKET_SUPERVISION_CODE else 1.0 for d in data.departments]
    counters: dict[tuple[tuple[str, str], int, str], int] = defaultdict(int)
    attempts = 0
    while len(data.announcements) < total and attempts < total * 20:
        attempts += 1
        department = rng.choices(data.departments, weights)[0]
        day = rng.choice(WORKING_DAYS)
        year = day.year
        code = department.code.code
        choice = rng.randrange(4)
        if choice == 0:
            campaign = rng.choice(_CAMPAIGNS[code])
            counters[(department.key, year, campaign)] += 1
            title = f"关于开展{year}年{campaign}专项整治行动的通告"
            body = (
                f"为进一步规范{campaign}领域市场秩序，切实维护人民群众合法权益，"
                f"{department.name}决定自即日起在全辖区开展{campaign}专项整治行动。"
                "请各市场主体认真开展自查自纠，对发现的问题立即整改。欢迎社会各界监督举报。"
                f"\n\n{department.name}\n{chinese_date(day)}"
            )
        elif choice == 1:
            counters[(department.key, year, "plan")] += 1
            title = f"关于公布{year}年度“双随机、一公开”抽查工作计划的公告"
            body = (
                f"根据“双随机、一公开”监管工作要求，现将{department.name}{year}年度随机抽查工作计划"
                "予以公布。抽查对象从检查对象名录库中随机抽取，执法检查人员从执法检查人员名录库中随机"
                f"选派，抽查结果将及时向社会公示。\n\n{department.name}\n{chinese_date(day)}"
            )
        elif choice == 2:
            counters[(department.key, year, "results")] += 1
            batch = counters[(department.key, year, "results")]
            title = f"关于{year}年第{batch}批“双随机、一公开”抽查结果的公告"
            body = (
                f"{department.name}{year}年第{batch}批“双随机、一公开”抽查工作已完成，"
                "现将抽查结果予以公示。对抽查发现的问题，已依法责令改正；涉嫌违法的，已依法立案查处。"
                f"\n\n{department.name}\n{chinese_date(day)}"
            )
        else:
            if code != MARKET_SUPERVISION_CODE:
                continue
            counters[(department.key, year, "sampling")] += 1
            batch = counters[(department.key, year, "sampling")]
            title = f"关于{year}年第{batch}期食品安全监督抽检信息的公告"
            body = (
                f"近期，{department.name}组织抽检了粮食加工品、食用油、肉制品、乳制品、饮料等食品样品，"
                "抽样检验项目合格样品占绝大多数，不合格样品已依法处置。具体信息详见附件。"
                f"\n\n{department.name}\n{chinese_date(day)}"
            )
        add(department, DemoAnnouncement(
            _announcement_row(rng, department, AnnouncementKind.GENERAL, title, body, day),
            department.key, []))  # fmt: skip
