"""Loading the demo data set: idempotent, all-or-nothing, and fast.

- Idempotent: every row has a natural key (department: region + code; entity: USCC; item:
  code; record: department + kind + decision number; complaint: external id; evaluation:
  entity + source; announcement: department + title; target: announcement + entity). Rows
  whose key exists are left alone, the others are inserted, so a second load inserts nothing.
- All-or-nothing: one transaction; an error or an interruption rolls everything back.
- Fast: ids are reserved up front (PostgreSQL: from the table's sequence; SQLite: after the
  current maximum), so the joined-table records go into both of their tables without a
  RETURNING round trip; rows go in by chunks, as Core executemany on SQLite and as COPY on
  PostgreSQL. The full scale loads in about 9 s on either backend on a 2-core machine.
"""

from __future__ import annotations

import asyncio
import enum
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import JSON, Enum, Table, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.types import TypeEngine

from hub.demo.accounts import load_demo_accounts
from hub.demo.catalogue import load_catalogue_demo
from hub.demo.complaints import load_demo_complaint_workflow
from hub.demo.credit import load_demo_credit
from hub.demo.generator import FULL_SCALE, DemoDataSet, DemoScale, generate
from hub.demo.inspection_plans import load_demo_inspection_plans
from hub.demo.linkage import load_linkage_demo
from hub.demo.risk import load_demo_risk
from hub.models import (
    Announcement,
    AnnouncementTarget,
    BlacklistEntry,
    Complaint,
    CreditEvaluation,
    Department,
    Enforcement,
    Filing,
    Inspection,
    License,
    MarketEntity,
    OrgUnit,
    Penalty,
    RecordKind,
    Region,
    SupervisionItem,
    SupervisionRecord,
)
from hub.reference import load_reference_data

Progress = Callable[[str, int, int], None]

CHUNK = 5_000
KEY_CHUNK = 500  # values per IN list when looking up existing keys

KIND_MODELS: dict[RecordKind, type[SupervisionRecord]] = {
    RecordKind.LICENSE: License,
    RecordKind.INSPECTION: Inspection,
    RecordKind.FILING: Filing,
    RecordKind.PENALTY: Penalty,
    RecordKind.ENFORCEMENT: Enforcement,
    RecordKind.BLACKLIST: BlacklistEntry,
}

# Step names shown by the CLI's progress bar.
STEP_GENERATE = "生成演示数据"
STEP_REGIONS = "行政区划"
STEP_DEPARTMENTS = "部门"
STEP_ORG_UNITS = "机构"
STEP_ENTITIES = "市场主体"
STEP_ITEMS = "监管事项"
STEP_RECORDS = "监管行为"
STEP_COMPLAINTS = "监管投诉"
STEP_EVALUATIONS = "信用评价"
STEP_ANNOUNCEMENTS = "监管公告"
STEP_ACCOUNTS = "演示账号"


def _table(model: type[Any]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


@dataclass
class DemoSummary:
    """Per table (by table name, kind tables included): the rows of the demo set, all present
    once the load returns (`counts`), and how many of them this load inserted
    (`inserted_rows`). A second load of the same scale returns the same counts and inserts
    nothing (`inserted` is False)."""

    counts: dict[str, int] = field(default_factory=dict)
    inserted_rows: dict[str, int] = field(default_factory=dict)

    @property
    def inserted(self) -> bool:
        """Whether this load inserted anything at all."""
        return any(self.inserted_rows.values())

    def count(self, model: type[Any]) -> int:
        return self.counts[_table(model).name]

    def _add(self, model: type[Any], total: int, inserted: int) -> None:
        name = _table(model).name
        self.counts[name] = total
        self.inserted_rows[name] = inserted


T = TypeVar("T")


def _chunks(items: Sequence[T], size: int) -> Iterable[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class _Loader:
    def __init__(self, session: AsyncSession, progress: Progress, summary: DemoSummary) -> None:
        self.session = session
        self.progress = progress
        self.summary = summary
        self.postgresql = session.get_bind().dialect.name == "postgresql"

    async def reserve_ids(self, table: Table, count: int) -> list[int]:
        if count == 0:
            return []
        if self.postgresql:
            sequence = func.pg_get_serial_sequence(table.name, "id")
            result = await self.session.execute(
                select(func.nextval(sequence)).select_from(func.generate_series(1, count))
            )
            return [int(value) for value in result.scalars()]
        # SQLite allows one writer: from the load's first insert on, nobody else can take
        # these ids. A writer slipping in before that makes the load fail on the primary key
        # and roll back whole; running it again then succeeds.
        current = await self.session.scalar(select(func.coalesce(func.max(table.c.id), 0)))
        start = int(current or 0) + 1
        return list(range(start, start + count))

    async def existing(
        self, columns: Sequence[Any], filter_column: Any, values: Iterable[Any]
    ) -> dict[tuple[Any, ...], int]:
        """{key columns → id} of the rows whose filter column is among values."""
        found: dict[tuple[Any, ...], int] = {}
        table = filter_column.table
        distinct = list(dict.fromkeys(values))
        for chunk in _chunks(distinct, KEY_CHUNK):
            result = await self.session.execute(
                select(table.c.id, *columns).where(filter_column.in_(chunk))
            )
            for row in result:
                key = tuple(v.value if isinstance(v, enum.Enum) else v for v in row[1:])
                found[key] = row[0]
        return found

    async def insert(
        self, step: str, table: Table, rows: Sequence[dict[str, Any]], done: int, total: int
    ) -> None:
        for chunk in _chunks(rows, CHUNK):
            await self.write(table, chunk)
            done += len(chunk)
            self.progress(step, done, total)

    async def write(self, table: Table, rows: Sequence[dict[str, Any]]) -> None:
        """Insert rows that all have the same keys: an executemany, or on PostgreSQL a COPY
        (twice as fast there) on the session's connection, inside its transaction."""
        if not rows:
            return
        if not self.postgresql:
            await self.session.execute(insert(table), list(rows))
            return
        columns = list(rows[0])
        converters = [_copy_converter(table.c[name].type) for name in columns]
        records = [
            tuple(convert(row[name]) for name, convert in zip(columns, converters, strict=True))
            for row in rows
        ]
        connection = await self.session.connection()
        driver = (await connection.get_raw_connection()).driver_connection
        if driver is None or not driver.is_in_transaction():
            raise RuntimeError("the demo load must COPY inside the session's transaction")
        await driver.copy_records_to_table(table.name, records=records, columns=columns)

    async def departments(self, data: DemoDataSet) -> dict[tuple[str, str], int]:
        table = _table(Department)
        keys = [d.key for d in data.departments]
        existing = await self.existing(
            [table.c.region_code, table.c.code],
            table.c.region_code,
            [region for region, _ in keys],
        )
        ids: dict[tuple[str, str], int] = {(k[0], k[1]): v for k, v in existing.items()}
        missing = [d for d in data.departments if d.key not in ids]
        self.progress(STEP_DEPARTMENTS, len(keys) - len(missing), len(keys))
        rows = []
        for department, new_id in zip(
            missing, await self.reserve_ids(table, len(missing)), strict=True
        ):
            ids[department.key] = new_id
            rows.append(
                {
                    "id": new_id,
                    "region_code": department.region.code,
                    "code": department.code.code,
                    "name": department.name,
                    "uscc": department.uscc,
                    "created_at": _SETUP,
                    "updated_at": _SETUP,
                }
            )
        await self.insert(STEP_DEPARTMENTS, table, rows, len(keys) - len(missing), len(keys))
        self.summary._add(Department, len(keys), len(rows))
        return ids

    async def org_units(self, data: DemoDataSet, departments: dict[tuple[str, str], int]) -> None:
        table = _table(OrgUnit)
        existing = await self.existing(
            [table.c.department_id, table.c.name], table.c.department_id, departments.values()
        )
        ids: dict[tuple[int, str], int] = {(k[0], k[1]): v for k, v in existing.items()}
        missing = [
            unit for unit in data.org_units if (departments[unit.department], unit.name) not in ids
        ]
        total = len(data.org_units)
        self.progress(STEP_ORG_UNITS, total - len(missing), total)
        new_ids = await self.reserve_ids(table, len(missing))
        for unit, new_id in zip(missing, new_ids, strict=True):
            ids[(departments[unit.department], unit.name)] = new_id
        rows = [
            {
                "id": new_id,
                "department_id": departments[unit.department],
                "parent_id": (
                    None
                    if unit.parent is None
                    else ids[(departments[unit.department], unit.parent)]
                ),
                "name": unit.name,
                "created_at": unit.created_at,
                "updated_at": unit.created_at,
            }
            for unit, new_id in zip(missing, new_ids, strict=True)
        ]
        await self.insert(STEP_ORG_UNITS, table, rows, total - len(missing), total)
        self.summary._add(OrgUnit, total, len(rows))

    async def entities(self, data: DemoDataSet) -> list[int]:
        table = _table(MarketEntity)
        usccs = [entity.row["uscc"] for entity in data.entities]
        existing = await self.existing([table.c.uscc], table.c.uscc, usccs)
        by_uscc = {key[0]: value for key, value in existing.items()}
        missing = [entity for entity in data.entities if entity.row["uscc"] not in by_uscc]
        total = len(data.entities)
        self.progress(STEP_ENTITIES, total - len(missing), total)
        rows = []
        for entity, new_id in zip(
            missing, await self.reserve_ids(table, len(missing)), strict=True
        ):
            by_uscc[entity.row["uscc"]] = new_id
            rows.append({"id": new_id, **entity.row})
        await self.insert(STEP_ENTITIES, table, rows, total - len(missing), total)
        self.summary._add(MarketEntity, total, len(rows))
        return [by_uscc[uscc] for uscc in usccs]

    async def items(
        self, data: DemoDataSet, departments: dict[tuple[str, str], int]
    ) -> dict[str, int]:
        table = _table(SupervisionItem)
        existing = await self.existing(
            [table.c.code], table.c.code, [item.row["code"] for item in data.items]
        )
        ids = {key[0]: value for key, value in existing.items()}
        missing = [item for item in data.items if item.row["code"] not in ids]
        total = len(data.items)
        self.progress(STEP_ITEMS, total - len(missing), total)
        new_ids = await self.reserve_ids(table, len(missing))
        for item, new_id in zip(missing, new_ids, strict=True):
            ids[item.row["code"]] = new_id
        rows = [
            {
                "id": new_id,
                "department_id": departments[item.department],
                "parent_id": None if item.parent is None else ids[item.parent],
                **item.row,
            }
            for item, new_id in zip(missing, new_ids, strict=True)
        ]
        await self.insert(STEP_ITEMS, table, rows, total - len(missing), total)
        self.summary._add(SupervisionItem, total, len(rows))
        return ids

    async def records(
        self,
        data: DemoDataSet,
        departments: dict[tuple[str, str], int],
        entities: list[int],
        items: dict[str, int],
    ) -> None:
        table = _table(SupervisionRecord)
        existing = await self.existing(
            [table.c.department_id, table.c.kind, table.c.decision_number],
            table.c.department_id,
            departments.values(),
        )
        missing = [
            record
            for record in data.records
            if (
                departments[record.department.key],
                record.kind.value,
                record.base["decision_number"],
            )
            not in existing
        ]
        total = len(data.records)
        done = total - len(missing)
        self.progress(STEP_RECORDS, done, total)
        new_ids = await self.reserve_ids(table, len(missing))
        inserted: dict[RecordKind, int] = dict.fromkeys(RecordKind, 0)
        for chunk in _chunks(list(zip(missing, new_ids, strict=True)), CHUNK):
            base_rows = []
            detail_rows: dict[RecordKind, list[dict[str, Any]]] = {}
            for record, new_id in chunk:
                base_rows.append(
                    {
                        "id": new_id,
                        "department_id": departments[record.department.key],
                        "entity_id": entities[record.entity],
                        "item_id": items[record.item],
                        **record.base,
                    }
                )
                detail_rows.setdefault(record.kind, []).append({"id": new_id, **record.detail})
            await self.write(table, base_rows)
            for kind, rows in detail_rows.items():
                await self.write(_table(KIND_MODELS[kind]), rows)
                inserted[kind] += len(rows)
            done += len(chunk)
            self.progress(STEP_RECORDS, done, total)
        self.summary._add(SupervisionRecord, total, len(missing))
        for kind, model in KIND_MODELS.items():
            self.summary._add(model, sum(1 for r in data.records if r.kind is kind), inserted[kind])

    async def complaints(
        self,
        data: DemoDataSet,
        departments: dict[tuple[str, str], int],
        entities: list[int],
    ) -> None:
        table = _table(Complaint)
        existing = await self.existing(
            [table.c.external_id],
            table.c.external_id,
            [complaint.row["external_id"] for complaint in data.complaints],
        )
        missing = [c for c in data.complaints if (c.row["external_id"],) not in existing]
        total = len(data.complaints)
        self.progress(STEP_COMPLAINTS, total - len(missing), total)
        rows = [
            {
                "id": new_id,
                "entity_id": None if c.entity is None else entities[c.entity],
                "department_id": None if c.department is None else departments[c.department],
                **c.row,
            }
            for c, new_id in zip(missing, await self.reserve_ids(table, len(missing)), strict=True)
        ]
        await self.insert(STEP_COMPLAINTS, table, rows, total - len(missing), total)
        self.summary._add(Complaint, total, len(rows))

    async def evaluations(self, data: DemoDataSet, entities: list[int]) -> None:
        table = _table(CreditEvaluation)
        existing = await self.existing(
            [table.c.entity_id, table.c.source], table.c.entity_id, entities
        )
        missing = [
            e
            for e in data.evaluations
            if (entities[e.entity], e.row["source"].value) not in existing
        ]
        total = len(data.evaluations)
        self.progress(STEP_EVALUATIONS, total - len(missing), total)
        rows = [
            {"id": new_id, "entity_id": entities[e.entity], **e.row}
            for e, new_id in zip(missing, await self.reserve_ids(table, len(missing)), strict=True)
        ]
        await self.insert(STEP_EVALUATIONS, table, rows, total - len(missing), total)
        self.summary._add(CreditEvaluation, total, len(rows))

    async def announcements(
        self,
        data: DemoDataSet,
        departments: dict[tuple[str, str], int],
        entities: list[int],
    ) -> None:
        table = _table(Announcement)
        targets_table = _table(AnnouncementTarget)
        existing = await self.existing(
            [table.c.department_id, table.c.title], table.c.department_id, departments.values()
        )
        ids: dict[tuple[int, str], int] = {(k[0], k[1]): v for k, v in existing.items()}
        missing = [
            a for a in data.announcements if (departments[a.department], a.row["title"]) not in ids
        ]
        total = len(data.announcements)
        self.progress(STEP_ANNOUNCEMENTS, total - len(missing), total)
        rows = []
        for a, new_id in zip(missing, await self.reserve_ids(table, len(missing)), strict=True):
            ids[(departments[a.department], a.row["title"])] = new_id
            rows.append({"id": new_id, "department_id": departments[a.department], **a.row})
        await self.insert(STEP_ANNOUNCEMENTS, table, rows, total - len(missing), total)
        self.summary._add(Announcement, total, len(rows))

        wanted = [
            (ids[(departments[a.department], a.row["title"])], entities[target])
            for a in data.announcements
            for target in a.targets
        ]
        present = await self.existing_targets(targets_table, [a for a, _ in wanted])
        target_rows = [
            {"announcement_id": announcement, "entity_id": entity}
            for announcement, entity in wanted
            if (announcement, entity) not in present
        ]
        for chunk in _chunks(target_rows, CHUNK):
            await self.write(targets_table, chunk)
        self.summary._add(AnnouncementTarget, len(wanted), len(target_rows))

    async def existing_targets(
        self, table: Table, announcement_ids: Iterable[int]
    ) -> set[tuple[int, int]]:
        found: set[tuple[int, int]] = set()
        for chunk in _chunks(list(dict.fromkeys(announcement_ids)), KEY_CHUNK):
            result = await self.session.execute(
                select(table.c.announcement_id, table.c.entity_id).where(
                    table.c.announcement_id.in_(chunk)
                )
            )
            found.update((row[0], row[1]) for row in result)
        return found


# Departments are set up once, at a fixed moment, so that the rows stay deterministic.
_SETUP = datetime(2019, 3, 1, 1, 0, tzinfo=UTC)


def _copy_converter(column_type: TypeEngine[Any]) -> Callable[[Any], Any]:
    """What COPY needs instead of SQLAlchemy's bind processing: JSON as text, enums as their
    values; the database's constraints still check every row."""
    if isinstance(column_type, JSON):
        return lambda value: None if value is None else json.dumps(value, ensure_ascii=False)
    if isinstance(column_type, Enum):
        return lambda value: None if value is None else str(getattr(value, "value", value))
    return lambda value: value


def _ignore(_step: str, _done: int, _total: int) -> None:
    return None


async def load_demo(
    session_factory: async_sessionmaker[AsyncSession],
    *,
    scale: DemoScale = FULL_SCALE,
    progress: Progress | None = None,
) -> DemoSummary:
    """Load the reference data and then the demo data set of the given scale, in one
    transaction; what is already there (by natural key) is left alone."""
    report = progress or _ignore
    report(STEP_GENERATE, 0, 1)
    data = await asyncio.to_thread(generate, scale)
    report(STEP_GENERATE, 1, 1)
    summary = DemoSummary()
    async with session_factory() as session, session.begin():
        reference = await load_reference_data(session)
        report(STEP_REGIONS, reference.regions, reference.regions)
        summary._add(Region, reference.regions, reference.regions_inserted)
        loader = _Loader(session, report, summary)
        departments = await loader.departments(data)
        await loader.org_units(data, departments)
        entities = await loader.entities(data)
        items = await loader.items(data, departments)
        await load_catalogue_demo(session, summary)
        await loader.records(data, departments, entities, items)
        await loader.complaints(data, departments, entities)
        summary.inserted_rows["complaint_workflow"] = await load_demo_complaint_workflow(session)
        await loader.evaluations(data, entities)
        await load_demo_credit(session)
        await loader.announcements(data, departments, entities)
        report(STEP_ACCOUNTS, 0, 1)
        for model, total, inserted in await load_demo_accounts(session, departments):
            summary._add(model, total, inserted)
        report(STEP_ACCOUNTS, 1, 1)
        await load_demo_inspection_plans(session)
        await load_linkage_demo(session, summary)
        for model, total, inserted in await load_demo_risk(session, departments):
            summary._add(model, total, inserted)
    return summary


__all__ = ["DemoSummary", "Progress", "load_demo"]
