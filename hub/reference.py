"""Reference data shipped with the hub: Liaoning's regions and the department code table.

Both live as CSV package data under `hub/data/` and are validated when read:

- `regions-liaoning.csv`: real GB/T 2260 codes (1 province, 14 cities, 100 counties); columns
  `code,name,level,parent_code`, level one of province / city / county.
- `department_codes.csv`: the 3-digit department codes (部门代码). Only **231 = 市场监督管理部门**
  is documented by the provincial manual (`source = manual`). Every other row is an
  **EXAMPLE** code (`source = example`) made up so that demo data and tests have more than one
  department; the real table is configuration data, not law, and must be replaced by the
  province's own before production use. Columns: `code,name,abbreviation` (the short form in
  document numbers, e.g. 市监 in 沈市监罚〔2025〕1号), the name suffix of the department at each
  level (`province_suffix,city_suffix,county_suffix`, e.g. 生态环境厅 / 生态环境局), the
  levels at which the department exists (`levels`, e.g. `province|city`) and `source`.

`load_reference_data` puts the regions into the database idempotently: it inserts the ones
missing and leaves existing rows as they are.
"""

from __future__ import annotations

import csv
import enum
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from hub.domain.regions import is_region_code, significant_prefix, subtree_bounds
from hub.models import MARKET_SUPERVISION_CODE, Region, RegionLevel

REGIONS_FILE = "regions-liaoning.csv"
DEPARTMENT_CODES_FILE = "department_codes.csv"
PROVINCE_CODE = "210000"

_LEVELS = {level.value.lower(): level for level in RegionLevel}
# The length of the significant prefix of a code at each level (210000 → 21, 210100 → 2101).
_PREFIX_LENGTH = {RegionLevel.PROVINCE: 2, RegionLevel.CITY: 4, RegionLevel.COUNTY: 6}
_PARENT_LEVEL = {RegionLevel.CITY: RegionLevel.PROVINCE, RegionLevel.COUNTY: RegionLevel.CITY}


class ReferenceDataError(ValueError):
    """A reference table that contradicts itself or the code rules; the message says where."""


class CodeSource(enum.StrEnum):
    MANUAL = "manual"
    EXAMPLE = "example"


@dataclass(frozen=True, slots=True)
class RegionRow:
    code: str
    name: str
    level: RegionLevel
    parent_code: str | None


@dataclass(frozen=True, slots=True)
class DepartmentCode:
    code: str
    name: str
    abbreviation: str
    suffixes: Mapping[RegionLevel, str]
    source: CodeSource

    @property
    def levels(self) -> frozenset[RegionLevel]:
        return frozenset(self.suffixes)

    @property
    def is_example(self) -> bool:
        return self.source is CodeSource.EXAMPLE

    def exists_at(self, level: RegionLevel) -> bool:
        return level in self.suffixes


@dataclass(frozen=True, slots=True)
class ReferenceSummary:
    regions: int
    regions_inserted: int
    department_codes: int


def _read_package_csv(name: str) -> str:
    return (files("hub") / "data" / name).read_text(encoding="utf-8")


def _rows(text: str, file: str, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text))
    if tuple(reader.fieldnames or ()) != columns:
        raise ReferenceDataError(f"{file}: columns should be {','.join(columns)}")
    # Line numbers count the header as line 1, as an editor shows them.
    return [
        (line, {key: (value or "").strip() for key, value in row.items()})
        for line, row in enumerate(reader, start=2)
    ]


def parse_regions(text: str, file: str = REGIONS_FILE) -> tuple[RegionRow, ...]:
    """Parse and validate a regions table; raises ReferenceDataError naming the bad line."""
    rows: list[RegionRow] = []
    for line, raw in _rows(text, file, ("code", "name", "level", "parent_code")):
        level = _LEVELS.get(raw["level"].lower())
        if level is None:
            raise ReferenceDataError(f"{file}:{line}: unknown level {raw['level']!r}")
        if not raw["name"]:
            raise ReferenceDataError(f"{file}:{line}: empty name")
        rows.append(RegionRow(raw["code"], raw["name"], level, raw["parent_code"] or None))
    validate_regions(rows, file)
    return tuple(rows)


def validate_regions(rows: Iterable[RegionRow], file: str = REGIONS_FILE) -> None:
    """Codes are six digits and unique, each level matches the digits (hub.domain.regions),
    each parent exists one level up and the child's code lies in the parent's subtree."""
    by_code: dict[str, RegionRow] = {}
    for row in rows:
        where = f"{file}: {row.code} {row.name}"
        if not is_region_code(row.code):
            raise ReferenceDataError(f"{where}: region codes are six digits")
        if row.code in by_code:
            raise ReferenceDataError(f"{where}: duplicate code")
        if len(significant_prefix(row.code)) != _PREFIX_LENGTH[row.level]:
            raise ReferenceDataError(f"{where}: code does not fit level {row.level.value}")
        by_code[row.code] = row
    for row in by_code.values():
        where = f"{file}: {row.code} {row.name}"
        if row.level is RegionLevel.PROVINCE:
            if row.parent_code is not None:
                raise ReferenceDataError(f"{where}: a province has no parent")
            continue
        parent = by_code.get(row.parent_code or "")
        if parent is None:
            raise ReferenceDataError(f"{where}: parent {row.parent_code} does not exist")
        if parent.level is not _PARENT_LEVEL[row.level]:
            raise ReferenceDataError(f"{where}: parent {parent.code} is not one level up")
        low, high = subtree_bounds(parent.code)
        if not low <= row.code <= high:
            raise ReferenceDataError(f"{where}: not inside the subtree of {parent.code}")


def parse_department_codes(
    text: str, file: str = DEPARTMENT_CODES_FILE
) -> tuple[DepartmentCode, ...]:
    columns = (
        "code",
        "name",
        "abbreviation",
        "province_suffix",
        "city_suffix",
        "county_suffix",
        "levels",
        "source",
    )
    codes: dict[str, DepartmentCode] = {}
    for line, raw in _rows(text, file, columns):
        where = f"{file}:{line}"
        code = raw["code"]
        if len(code) != 3 or not code.isdigit():
            raise ReferenceDataError(f"{where}: department codes are three digits, not {code!r}")
        if code in codes:
            raise ReferenceDataError(f"{where}: duplicate code {code}")
        if not raw["name"] or not raw["abbreviation"]:
            raise ReferenceDataError(f"{where}: name and abbreviation are required")
        try:
            source = CodeSource(raw["source"])
            levels = {_LEVELS[name] for name in raw["levels"].split("|") if name}
        except (KeyError, ValueError) as error:
            raise ReferenceDataError(f"{where}: bad levels or source ({error})") from None
        if not levels:
            raise ReferenceDataError(f"{where}: a department exists at one level at least")
        suffixes: dict[RegionLevel, str] = {}
        for level in RegionLevel:
            suffix = raw[f"{level.value.lower()}_suffix"]
            if (level in levels) != bool(suffix):
                raise ReferenceDataError(
                    f"{where}: a name suffix is given exactly for the levels listed"
                )
            if suffix:
                suffixes[level] = suffix
        codes[code] = DepartmentCode(code, raw["name"], raw["abbreviation"], suffixes, source)
    market = codes.get(MARKET_SUPERVISION_CODE)
    if market is None or market.source is not CodeSource.MANUAL or len(market.levels) != 3:
        raise ReferenceDataError(
            f"{file}: {MARKET_SUPERVISION_CODE} (市场监督管理部门) must be present at every level,"
            " with source manual"
        )
    if any(c.source is CodeSource.MANUAL for c in codes.values() if c is not market):
        raise ReferenceDataError(
            f"{file}: only {MARKET_SUPERVISION_CODE} is documented by the manual"
        )
    return tuple(codes.values())


@cache
def regions() -> tuple[RegionRow, ...]:
    """Liaoning's regions, province first, then cities, then counties (file order)."""
    return parse_regions(_read_package_csv(REGIONS_FILE))


@cache
def regions_by_code() -> Mapping[str, RegionRow]:
    return {row.code: row for row in regions()}


@cache
def department_codes() -> tuple[DepartmentCode, ...]:
    return parse_department_codes(_read_package_csv(DEPARTMENT_CODES_FILE))


@cache
def department_codes_by_code() -> Mapping[str, DepartmentCode]:
    return {code.code: code for code in department_codes()}


def region_display_name(region: RegionRow) -> str:
    """How a region is named in front of a department or a business: districts (区) with their
    city, since names such as 铁西区 repeat across cities; counties and county-level cities
    alone (康平县, 新民市)."""
    if region.level is RegionLevel.COUNTY and region.name.endswith("区") and region.parent_code:
        return regions_by_code()[region.parent_code].name + region.name
    return region.name


def department_name(code: DepartmentCode, region: RegionRow) -> str:
    """辽宁省生态环境厅, 沈阳市市场监督管理局, 沈阳市和平区市场监督管理局, 康平县卫生健康局."""
    suffix = code.suffixes.get(region.level)
    if suffix is None:
        raise ReferenceDataError(
            f"{code.name} ({code.code}) does not exist at {region.level.value} level"
        )
    return region_display_name(region) + suffix


def ancestors(region_code: str) -> list[RegionRow]:
    """The region itself, then its parent, up to the province."""
    by_code = regions_by_code()
    chain: list[RegionRow] = []
    current: str | None = region_code
    while current is not None:
        row = by_code[current]
        chain.append(row)
        current = row.parent_code
    return chain


async def load_reference_data(session: AsyncSession) -> ReferenceSummary:
    """Insert the regions that are missing (parents first); existing rows stay as they are.
    Runs inside the caller's transaction; the caller commits."""
    rows = regions()
    existing = set((await session.execute(select(Region.code))).scalars())
    missing = [row for row in rows if row.code not in existing]
    order = {RegionLevel.PROVINCE: 0, RegionLevel.CITY: 1, RegionLevel.COUNTY: 2}
    missing.sort(key=lambda row: order[row.level])
    if missing:
        await session.execute(
            insert(Region),
            [
                {
                    "code": row.code,
                    "name": row.name,
                    "level": row.level,
                    "parent_code": row.parent_code,
                }
                for row in missing
            ],
        )
    return ReferenceSummary(
        regions=len(rows), regions_inserted=len(missing), department_codes=len(department_codes())
    )
