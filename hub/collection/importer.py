"""Importing legacy records from a file (`hub import`): JSON Lines or CSV, streamed in
batches (one transaction each), validated with the rules of department entry, idempotent
per line by its legacy id, so an interrupted import is simply run again.

A legacy record is never lost for its subject code (DOMAIN.md, publication rules):
- an 18-character code that fails the GB 32100 check makes a flagged market entity
  (`MarketEntity.uscc_valid = False`);
- a code of another length (old 15-digit registration numbers, 9-character organisation
  codes…) is kept as it came in `SupervisionRecord.legacy_subject_code`, with no USCC and
  no entity.
Either way the line is accepted with a warning in the report, and the record gets no
outbox message: it is held back from national push until a clerk corrects it (an update
of a published record is pushed then).

Every committed chunk writes one audit event (`importRecords`: file, line range, counts,
record ids) in its own transaction, flushed last, so `hub audit verify` covers imports
and the audit chain's lock is held only for the chunk's final flush.

The format is documented in docs/import-format.md, with examples in examples/import/.
"""

from __future__ import annotations

import asyncio
import csv
import enum
import io
import json
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from types import SimpleNamespace
from typing import Any, TextIO, cast

from rich.console import Console
from rich.progress import Progress as ProgressBar
from rich.progress import SpinnerColumn, TextColumn, TimeElapsedColumn
from sqlalchemy import Date, Numeric, Table, insert, inspect, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from hub.audit import record_change
from hub.auth.viewer import Viewer, ViewerKind
from hub.collection.kinds import KIND_HANDLERS
from hub.collection.national import national_payload
from hub.collection.problems import Problems
from hub.collection.publication_rules import default_publication_end
from hub.collection.records import DUPLICATE_DECISION_NUMBER, _check_text, _entity_kind
from hub.collection.submissions import RecordSubmission, SubjectSubmission
from hub.db import SessionFactory, create_engine, create_session_factory
from hub.domain.uscc import LENGTH, check_uscc, normalize_uscc, region_of
from hub.models import (
    Department,
    MarketEntity,
    MarketEntityStatus,
    OutboxChange,
    OutboxMessage,
    RecordKind,
    RecordStatus,
    Region,
    SubjectCategory,
    SupervisionRecord,
)
from hub.models.base import Base, utcnow
from hub.settings import get_settings

LEGACY_PREFIX = "legacy:"
BATCH_SIZE = 500
AUDIT_OPERATION = "importRecords"
HELD_BACK = "（历史数据：已保留并标记，暂不推送国家平台）"
MAX_LEGACY_CODE = 64
STATISTICS_AT_CHUNKS = frozenset(4**power for power in range(12))
SHARED_COLUMNS = (
    "legacy_id",
    "kind",
    "region_code",
    "department_code",
    "status",
    "subject_name",
    "subject_category",
    "subject_uscc",
    "document_name",
    "decision_number",
    "decision_date",
    "publication_end_date",
    "remark",
)
LIST_SEPARATOR = ";"
# Who imports: the operator at the command line, no account (the event names the file).
IMPORT_ACTOR = Viewer(ViewerKind.STAFF)


# The `code` of an error in the report file (docs/import-format.md lists them).
INVALID_LINE = "INVALID_LINE"  # not a JSON object / wrong number of CSV columns
INVALID_VALUE = "INVALID_VALUE"  # a field is missing or wrong (`field` names it)
DUPLICATE_NUMBER = "DUPLICATE_DECISION_NUMBER"  # the department already has it, same kind
# Warnings of accepted lines:
USCC_CHECK_FAILED = "USCC_CHECK_FAILED"  # 18 characters, check failed: entity flagged
LEGACY_SUBJECT_CODE = "LEGACY_SUBJECT_CODE"  # not 18 characters: kept on the record


def _error(field_name: str, message: str, code: str = INVALID_VALUE) -> dict[str, str]:
    return {"field": field_name, "code": code, "message": message}


class ImportFormat(enum.StrEnum):
    JSONL = "jsonl"
    CSV = "csv"


class ImportRefused(Exception):
    """The file cannot be imported at all (missing, unknown format, bad department)."""


@dataclass
class ImportSummary:
    accepted: int = 0
    skipped: int = 0
    rejected: int = 0
    warnings: int = 0
    lines: int = 0


@dataclass
class _Line:
    number: int
    raw: str
    values: dict[str, Any] | None
    errors: list[dict[str, str]] = field(default_factory=list)


@dataclass
class _Parsed:
    line: _Line
    legacy_key: str
    department: Department
    submission: RecordSubmission
    status: RecordStatus
    uscc: str | None
    uscc_valid: bool
    # A subject code that is no USCC at all, kept as it came (see the module docstring).
    legacy_code: str | None = None

    @property
    def held_back(self) -> bool:
        """Not pushed to national systems until its subject code is corrected."""
        return not self.uscc_valid or self.legacy_code is not None


Progress = Callable[[int], None]


def format_of(path: Path, given: str | None) -> ImportFormat:
    name = (given or path.suffix.lstrip(".")).lower()
    try:
        return ImportFormat(name)
    except ValueError:
        raise ImportRefused(
            f"未知的导入格式：{name or '（无扩展名）'}（支持 jsonl、csv）"
        ) from None


def _jsonl_lines(stream: TextIO) -> Iterator[_Line]:
    for number, raw in enumerate(stream, start=1):
        text = raw.rstrip("\r\n")
        if not text.strip():
            continue
        try:
            values = json.loads(text)
        except json.JSONDecodeError as error:
            yield _Line(number, text, None, [_error("", f"不是有效的JSON：{error}", INVALID_LINE)])
            continue
        if not isinstance(values, dict):
            yield _Line(number, text, None, [_error("", "每行应为一个JSON对象", INVALID_LINE)])
            continue
        yield _Line(number, text, values)


def _csv_lines(stream: TextIO) -> Iterator[_Line]:
    reader = csv.reader(stream)
    header = next(reader, None)
    if header is None:
        return
    header = [name.strip() for name in header]
    for row in reader:
        number = reader.line_num
        out = io.StringIO()
        csv.writer(out, lineterminator="").writerow(row)
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            yield _Line(number, out.getvalue(), None, [_error("", "列数与表头不符", INVALID_LINE)])
            continue
        values: dict[str, Any] = {
            name: (cell if cell.strip() else None) for name, cell in zip(header, row, strict=True)
        }
        yield _Line(number, out.getvalue(), values)


def _convert(model: type[SupervisionRecord], name: str, value: Any, csv_input: bool) -> Any:
    """A kind field's value in the column's Python type; raises ValueError."""
    if value is None:
        return None
    column = model.__mapper__.columns[name]
    if isinstance(column.type, Date):
        return date.fromisoformat(str(value))
    if isinstance(column.type, Numeric):
        try:
            return Decimal(str(value))
        except InvalidOperation:
            raise ValueError("应为数字") from None
    enum_class = getattr(column.type, "enum_class", None)
    if enum_class is not None:
        try:
            return enum_class(value)
        except ValueError:
            allowed = "、".join(member.value for member in enum_class)
            raise ValueError(f"应为以下之一：{allowed}") from None
    if name == "penalty_types":
        items = str(value).split(LIST_SEPARATOR) if csv_input else value
        if not isinstance(items, list):
            raise ValueError("应为列表")
        from hub.models.penalties import PenaltyType

        return [PenaltyType(str(item).strip()).value for item in items if str(item).strip()]
    if not isinstance(value, str):
        return str(value)
    return value


class _Importer:
    def __init__(
        self,
        session_factory: SessionFactory,
        default_department: tuple[str, str] | None,
        report: TextIO | None,
        csv_input: bool,
        file_name: str,
    ) -> None:
        self.sessions = session_factory
        self.file_name = file_name
        self.default_department = default_department
        self.report = report
        self.csv_input = csv_input
        self.departments: dict[tuple[str, str], Department | None] = {}
        self.regions: set[str] | None = None
        self.summary = ImportSummary()
        self.chunks = 0
        self.today = utcnow().date()

    def _reject(self, line: _Line) -> None:
        self.summary.rejected += 1
        self._write(line.number, line.raw, "rejected", line.errors)

    def _write(self, number: int, raw: str, outcome: str, errors: list[dict[str, str]]) -> None:
        if self.report is not None:
            entry = {"line": number, "raw": raw, "outcome": outcome, "errors": errors}
            self.report.write(json.dumps(entry, ensure_ascii=False) + "\n")

    async def _department(self, session: AsyncSession, region: str, code: str) -> Department | None:
        key = (region, code)
        if key not in self.departments:
            found = await session.scalar(
                select(Department).where(Department.region_code == region, Department.code == code)
            )
            if found is not None:
                session.expunge(found)
            self.departments[key] = found
        return self.departments[key]

    async def _parse(self, session: AsyncSession, line: _Line) -> _Parsed | None:
        values = line.values
        assert values is not None
        problems = Problems()
        legacy_id = values.get("legacy_id")
        if legacy_id is None or not str(legacy_id).strip():
            problems.add("legacy_id", "缺少原系统记录编号")
        region = values.get("region_code")
        code = values.get("department_code")
        if (region is None or code is None) and self.default_department is not None:
            region, code = self.default_department
        department = None
        if region is None or code is None:
            problems.add("department_code", "缺少区划代码或部门代码（或使用 --department）")
        else:
            department = await self._department(session, str(region), str(code))
            if department is None:
                problems.add("department_code", f"部门不存在：{region}-{code}")
        kind: RecordKind | None = None
        try:
            kind = RecordKind(str(values.get("kind")))
        except ValueError:
            problems.add(
                "kind",
                "记录类别无效（LICENSE、INSPECTION、FILING、PENALTY、ENFORCEMENT、BLACKLIST）",
            )
        try:
            category = SubjectCategory(values.get("subject_category") or "LEGAL_PERSON")
        except ValueError:
            problems.add("subject_category", "行政相对人类别无效")
            category = SubjectCategory.LEGAL_PERSON
        try:
            status = RecordStatus(values.get("status") or "PUBLISHED")
            if status not in (RecordStatus.DRAFT, RecordStatus.PUBLISHED):
                raise ValueError(status)
        except ValueError:
            problems.add("status", "状态应为 DRAFT 或 PUBLISHED")
            status = RecordStatus.PUBLISHED
        decided: date | None = None
        ends: date | None = None
        for name in ("decision_date", "publication_end_date"):
            raw = values.get(name)
            if raw is None:
                if name == "decision_date":
                    problems.add(name, "不能为空")
                continue
            try:
                parsed = date.fromisoformat(str(raw))
            except ValueError:
                problems.add(name, "日期格式应为 YYYY-MM-DD")
                continue
            if name == "decision_date":
                decided = parsed
            else:
                ends = parsed
        for name in ("subject_name", "document_name", "decision_number"):
            if not isinstance(values.get(name), str) or not values[name].strip():
                problems.add(name, "不能为空")
        if problems or kind is None or decided is None or department is None:
            line.errors = [_error(p.field, p.message) for p in problems.items]
            return None

        handler = KIND_HANDLERS[kind]
        details: dict[str, Any] = {}
        for name in handler.fields:
            try:
                details[name] = _convert(handler.model, name, values.get(name), self.csv_input)
            except ValueError as error:
                problems.add(name, str(error) or "格式有误")
        for name in handler.fields:
            column = handler.model.__mapper__.columns[name]
            if (
                not column.nullable
                and details.get(name) is None
                and name not in {p.field for p in problems.items}
            ):
                problems.add(name, "不能为空")

        model = handler.model
        _check_text(problems, model, "subject_name", values["subject_name"], "subject_name")
        _check_text(problems, model, "document_name", values["document_name"], "document_name")
        _check_text(
            problems, model, "decision_number", values["decision_number"], "decision_number"
        )
        remark = values.get("remark")
        if remark is not None and not isinstance(remark, str):
            remark = str(remark)
        for name in handler.fields:
            if isinstance(details.get(name), str):
                _check_text(problems, model, name, details[name], name)

        uscc_raw = values.get("subject_uscc")
        uscc = None if uscc_raw is None or not str(uscc_raw).strip() else str(uscc_raw)
        uscc_valid = True
        legacy_code: str | None = None
        if uscc is not None:
            uscc = normalize_uscc(uscc)
            check = check_uscc(uscc)
            if len(uscc) != LENGTH:
                # No entity can carry it (the directory holds 18 characters): kept on the
                # record as it came.
                legacy_code, uscc = str(uscc_raw).strip(), None
                if len(legacy_code) > MAX_LEGACY_CODE:
                    problems.add("subject_uscc", f"不能超过{MAX_LEGACY_CODE}个字符")
                line.errors.append(
                    _error(
                        "subject_uscc",
                        f"{check.message}，按原系统代码保存{HELD_BACK}",
                        LEGACY_SUBJECT_CODE,
                    )
                )
            elif not check.ok:
                uscc_valid = False
                line.errors.append(
                    _error("subject_uscc", f"{check.message}{HELD_BACK}", USCC_CHECK_FAILED)
                )
        elif category is SubjectCategory.LEGAL_PERSON:
            problems.add("subject_uscc", "法人及非法人组织应填写统一社会信用代码")
        if decided > self.today:
            problems.add("decision_date", "决定日期不能晚于今天")
        if ends is not None and ends < decided:
            problems.add("publication_end_date", "公示截止期不能早于决定日期")
        if not problems:
            handler.rule(details, decided, self.today, problems)
        if problems:
            line.errors = [_error(p.field, p.message) for p in problems.items]
            return None
        submission = RecordSubmission(
            kind=kind,
            subject=SubjectSubmission(str(values["subject_name"]), category, uscc),
            document_name=str(values["document_name"]),
            decision_number=str(values["decision_number"]),
            decision_date=decided,
            remark=remark,
            publication_end_date=ends,
            details=details,
        )
        return _Parsed(
            line,
            LEGACY_PREFIX + str(legacy_id).strip(),
            department,
            submission,
            status,
            uscc,
            uscc_valid,
            legacy_code,
        )

    async def _insert(
        self, session: AsyncSession, items: list[_Parsed], entities: Mapping[str, int]
    ) -> list[int]:
        """Write the chunk's records, kind rows and outbox messages with a few multi-row
        statements (Core, not the unit of work: a chunk of 500 is three to eight
        statements); the new record ids, in the order of `items`."""
        if not items:
            return []
        now = utcnow()
        shared = [_shared_row(item, entities, now) for item in items]
        base = _table(SupervisionRecord)
        inserted = await session.execute(
            insert(base).returning(base.c.id, sort_by_parameter_order=True), shared
        )
        ids = list(inserted.scalars())
        by_kind: dict[RecordKind, list[dict[str, Any]]] = {}
        for item, record_id in zip(items, ids, strict=True):
            details = {"id": record_id, **item.submission.details}
            by_kind.setdefault(item.submission.kind, []).append(details)
        for kind, rows in by_kind.items():
            await session.execute(insert(_table(KIND_HANDLERS[kind].model)), rows)
        messages = [
            {
                "record_id": record_id,
                "record_version": 1,
                "change": OutboxChange.PUBLISHED,
                "payload": national_payload(_as_record(row, item, record_id), item.department),
                "created_at": now,
                "next_attempt_at": now,
            }
            for item, row, record_id in zip(items, shared, ids, strict=True)
            if item.status is RecordStatus.PUBLISHED and not item.held_back
        ]
        if messages:
            await session.execute(insert(_table(OutboxMessage)), messages)
        return ids

    async def _refresh_statistics(self) -> None:
        """PostgreSQL here runs without autovacuum: a fresh database's statistics say the
        tables are empty, and the planner then answers each chunk's lookups (legacy ids,
        numbers, entities) with scans of everything imported so far. ANALYZE of the tables
        they read, each time the import has grown them about fourfold, keeps them index
        lookups (SQLite plans by its indexes without statistics)."""
        async with self.sessions() as session, session.begin():
            if session.get_bind().dialect.name == "postgresql":
                await session.execute(text("ANALYZE supervision_records, market_entities"))

    def _audit(
        self,
        session: AsyncSession,
        lines: list[_Line],
        items: list[_Parsed],
        ids: list[int],
        before: ImportSummary,
    ) -> None:
        """The chunk's one audit event (added last: the chain lock is taken at its flush)."""
        departments = {item.department.id for item in items}
        summary = self.summary
        record_change(
            session,
            IMPORT_ACTOR,
            operation=AUDIT_OPERATION,
            target_type="ImportFile",
            target_id=self.file_name,
            department_id=departments.pop() if len(departments) == 1 else None,
            after={
                "file": self.file_name,
                "lines": [lines[0].number, lines[-1].number],
                "accepted": len(ids),
                "skipped": summary.skipped - before.skipped,
                "rejected": summary.rejected - before.rejected,
                "recordIds": [min(ids), max(ids)],
            },
        )

    async def batch(self, lines: list[_Line]) -> None:
        counts_before = replace(self.summary)
        async with self.sessions() as session, session.begin():
            if self.regions is None:
                self.regions = set((await session.scalars(select(Region.code))).all())
            parsed: list[_Parsed] = []
            for line in lines:
                if line.values is None:
                    self._reject(line)
                    continue
                result = await self._parse(session, line)
                if result is None:
                    self._reject(line)
                else:
                    parsed.append(result)
            keys = {item.legacy_key for item in parsed}
            existing: set[str | None] = set()
            if keys:
                existing = set(
                    (
                        await session.scalars(
                            select(SupervisionRecord.partner_record_id).where(
                                SupervisionRecord.partner_client_id.is_(None),
                                SupervisionRecord.partner_record_id.in_(keys),
                            )
                        )
                    ).all()
                )
            fresh: list[_Parsed] = []
            for item in parsed:
                if item.legacy_key in existing:
                    self.summary.skipped += 1
                    continue
                existing.add(item.legacy_key)
                fresh.append(item)
            fresh = await self._without_duplicate_numbers(session, fresh)
            entities = await self._entities(session, fresh)
            ids = await self._insert(session, fresh, entities)
            if ids:
                self._audit(session, lines, fresh, ids, counts_before)
                await session.flush()
        self.chunks += 1
        if self.chunks in STATISTICS_AT_CHUNKS:
            await self._refresh_statistics()
        for item in fresh:
            self.summary.accepted += 1
            if item.line.errors:
                self.summary.warnings += 1
                self._write(
                    item.line.number, item.line.raw, "accepted_with_warning", item.line.errors
                )

    async def _without_duplicate_numbers(
        self, session: AsyncSession, items: list[_Parsed]
    ) -> list[_Parsed]:
        if not items:
            return items
        numbers = {item.submission.decision_number.strip() for item in items}
        departments = {item.department.id for item in items}
        kinds = {item.submission.kind for item in items}
        taken: set[tuple[int, RecordKind, str]] = {
            (row[0], row[1], row[2])
            for row in (
                await session.execute(
                    select(
                        SupervisionRecord.department_id,
                        SupervisionRecord.kind,
                        SupervisionRecord.decision_number,
                    ).where(
                        # All three columns of the unique index, so it is an index scan
                        # (decision_number alone would scan the table, once per chunk).
                        SupervisionRecord.department_id.in_(departments),
                        SupervisionRecord.kind.in_(kinds),
                        SupervisionRecord.decision_number.in_(numbers),
                        SupervisionRecord.deleted_at.is_(None),
                    )
                )
            ).all()
        }
        kept = []
        for item in items:
            key = (
                item.department.id,
                item.submission.kind,
                item.submission.decision_number.strip(),
            )
            if key in taken:
                item.line.errors = [
                    _error("decision_number", DUPLICATE_DECISION_NUMBER, DUPLICATE_NUMBER)
                ]
                self._reject(item.line)
                continue
            taken.add(key)
            kept.append(item)
        return kept

    async def _entities(self, session: AsyncSession, items: list[_Parsed]) -> dict[str, int]:
        usccs = {item.uscc for item in items if item.uscc is not None}
        if not usccs:
            return {}
        rows = await session.execute(
            select(MarketEntity.uscc, MarketEntity.id).where(MarketEntity.uscc.in_(usccs))
        )
        # Not dict(rows): a Result has .keys(), so dict() would treat it as a mapping.
        found: dict[str, int] = {uscc: entity_id for uscc, entity_id in rows}  # noqa: C416
        assert self.regions is not None
        new: dict[str, dict[str, Any]] = {}
        now = utcnow()
        for item in items:
            uscc = item.uscc
            if uscc is None or uscc in found or uscc in new:
                continue
            region = region_of(uscc)
            new[uscc] = {
                "uscc": uscc,
                "uscc_valid": item.uscc_valid,
                "name": item.submission.subject.name.strip(),
                "kind": _entity_kind(uscc, item.submission.subject.category),
                "status": MarketEntityStatus.OPERATING,
                "region_code": region if region in self.regions else item.department.region_code,
                "legal_representative": "",
                "address": "",
                "created_at": now,
                "updated_at": now,
            }
        if new:
            table = _table(MarketEntity)
            inserted = await session.execute(
                insert(table).returning(table.c.uscc, table.c.id), list(new.values())
            )
            found.update({uscc: entity_id for uscc, entity_id in inserted})  # noqa: C416
        return found


def _table(model: type[Base]) -> Table:
    """A model's own table (of a kind: its kind table, not the joined base)."""
    return cast(Table, inspect(model).local_table)


def _shared_row(item: _Parsed, entities: Mapping[str, int], now: datetime) -> dict[str, Any]:
    submission = item.submission
    return {
        "kind": submission.kind,
        "status": item.status,
        "department_id": item.department.id,
        "region_code": item.department.region_code,
        "entity_id": None if item.uscc is None else entities[item.uscc],
        "item_id": None,
        "subject_name": submission.subject.name.strip(),
        "subject_category": submission.subject.category,
        "subject_uscc": item.uscc,
        "legacy_subject_code": item.legacy_code,
        "document_name": submission.document_name.strip(),
        "decision_number": submission.decision_number.strip(),
        "decision_date": submission.decision_date,
        "published_at": now if item.status is RecordStatus.PUBLISHED else None,
        "publication_end_date": submission.publication_end_date
        or default_publication_end(submission.kind, submission.decision_date, submission.details),
        "remark": submission.remark,
        "version": 1,
        "partner_client_id": None,
        "partner_record_id": item.legacy_key,
        "created_at": now,
        "updated_at": now,
    }


def _as_record(row: Mapping[str, Any], item: _Parsed, record_id: int) -> SupervisionRecord:
    """The written row read like a record, for its outbox payload (no ORM object is
    built for an imported record: that would cost more than writing it)."""
    values = {**row, **item.submission.details, "id": record_id, "revocation_reason": None}
    return cast(SupervisionRecord, SimpleNamespace(**values))


async def import_file(
    session_factory: SessionFactory,
    path: Path,
    *,
    file_format: ImportFormat,
    report: TextIO | None = None,
    default_department: tuple[str, str] | None = None,
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
    limit: int | None = None,
) -> ImportSummary:
    """Import `path`; rejected lines (and accepted ones with a warning) go to `report` as
    JSON Lines. `limit` stops after that many lines (tests: an interrupted import)."""
    importer = _Importer(
        session_factory, default_department, report, file_format is ImportFormat.CSV, path.name
    )
    with path.open(encoding="utf-8-sig", newline="") as stream:
        lines = _csv_lines(stream) if file_format is ImportFormat.CSV else _jsonl_lines(stream)
        pending: list[_Line] = []
        for line in lines:
            if limit is not None and importer.summary.lines >= limit:
                break
            importer.summary.lines += 1
            pending.append(line)
            if len(pending) >= batch_size:
                await importer.batch(pending)
                pending = []
                if progress is not None:
                    progress(importer.summary.lines)
        if pending:
            await importer.batch(pending)
        if progress is not None:
            progress(importer.summary.lines)
    return importer.summary


def parse_department(value: str | None) -> tuple[str, str] | None:
    if value is None:
        return None
    region, _, code = value.partition("-")
    if len(region) != 6 or len(code) != 3:
        raise ImportRefused("--department 应为 区划代码-部门代码，例如 210102-231")
    return region, code


def as_mapping(summary: ImportSummary) -> Mapping[str, int]:
    return {
        "accepted": summary.accepted,
        "skipped": summary.skipped,
        "rejected": summary.rejected,
        "warnings": summary.warnings,
    }


def run_import(
    path: Path,
    given_format: str | None,
    report_path: Path | None,
    department: str | None,
    console: Console,
) -> int:
    """`hub import`: the exit status (0 done, 1 refused), with a progress bar on stderr."""
    try:
        file_format = format_of(path, given_format)
        default_department = parse_department(department)
        if not path.is_file():
            raise ImportRefused(f"文件不存在：{path}")
    except ImportRefused as refused:
        console.print(f"[red]{refused}[/red]")
        return 1
    settings = get_settings()
    columns = (
        TextColumn("导入 {task.description}"),
        SpinnerColumn(),
        TextColumn("{task.completed} 行"),
        TextColumn("{task.fields[rate]:.0f} 行/秒"),
        TimeElapsedColumn(),
    )

    async def go() -> ImportSummary:
        engine = create_engine(settings.database_url)
        report = report_path.open("w", encoding="utf-8") if report_path is not None else None
        started = time.monotonic()
        try:
            with ProgressBar(*columns, console=console) as progress:
                task = progress.add_task(path.name, total=None, rate=0.0)

                def show(lines: int) -> None:
                    elapsed = max(time.monotonic() - started, 1e-9)
                    progress.update(task, completed=lines, rate=lines / elapsed)

                return await import_file(
                    create_session_factory(engine),
                    path,
                    file_format=file_format,
                    report=report,
                    default_department=default_department,
                    progress=show,
                )
        finally:
            if report is not None:
                report.close()
            await engine.dispose()

    try:
        summary = asyncio.run(go())
    except ImportRefused as refused:
        console.print(f"[red]{refused}[/red]")
        return 1
    console.print(
        f"导入完成：共 {summary.lines} 行；接受 {summary.accepted}"
        f"（其中带警告 {summary.warnings}），"
        f"已导入而跳过 {summary.skipped}，拒绝 {summary.rejected}"
        + (f"；明细见 {report_path}" if report_path is not None else "")
    )
    return 0
