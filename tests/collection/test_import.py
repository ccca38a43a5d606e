"""`hub import`: legacy records from JSON Lines / CSV, validated, reported, resumable."""

from __future__ import annotations

import io
import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine
from typer.testing import CliRunner

from hub.audit_chain import verify_chain
from hub.cli import app
from hub.collection.importer import ImportFormat, import_file
from hub.db import SessionFactory, create_engine, create_session_factory
from hub.domain.uscc import check_character
from hub.models import AuditEvent, MarketEntity, OutboxMessage, SupervisionRecord
from tests.collection.import_support import BAD_USCC, penalty, setup_department, write_jsonl
from tests.support import fresh_database


def uscc(serial: int) -> str:
    first = f"91210102{serial:09d}"
    return first + check_character(first)


@pytest.fixture(scope="module")
async def engine(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[AsyncEngine]:
    async with fresh_database(tmp_path_factory.mktemp("import_db"), "import_tests") as url:
        engine = create_engine(url)
        yield engine
        await engine.dispose()


@pytest.fixture(scope="module")
async def sessions(engine: AsyncEngine) -> SessionFactory:
    factory = create_session_factory(engine)
    await setup_department(factory)
    return factory


async def count(sessions: SessionFactory, model: object, *where: object) -> int:
    async with sessions() as session:
        return int(
            await session.scalar(select(func.count()).select_from(model).where(*where)) or 0  # type: ignore[arg-type]
        )


async def test_good_file_imports_every_line(sessions: SessionFactory, tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "good.jsonl", [penalty(f"G{i}", uscc(1000 + i)) for i in range(7)]
    )
    summary = await import_file(sessions, path, file_format=ImportFormat.JSONL, batch_size=3)
    assert (summary.accepted, summary.skipped, summary.rejected) == (7, 0, 0)
    keys = [f"legacy:G{i}" for i in range(7)]
    assert (
        await count(sessions, SupervisionRecord, SupervisionRecord.partner_record_id.in_(keys)) == 7
    )
    async with sessions() as session:
        ids = (
            await session.scalars(
                select(SupervisionRecord.id).where(SupervisionRecord.partner_record_id.in_(keys))
            )
        ).all()
    assert await count(sessions, OutboxMessage, OutboxMessage.record_id.in_(ids)) == 7


async def test_bad_lines_go_to_the_report(sessions: SessionFactory, tmp_path: Path) -> None:
    lines = [
        penalty("B1", uscc(2001)),
        "{not json",
        penalty("B2", uscc(2002), decision_date="2019-13-01"),
        penalty("B3", uscc(2003), kind="NOPE"),
        penalty("B4", uscc(2004), penalty_types=[]),
        penalty("B5", "123"),
        penalty("B6", uscc(2006), department_code="998"),
        penalty("B7", uscc(2007), decision_number="沈和市监罚〔2019〕B1号"),
    ]
    path = write_jsonl(tmp_path / "bad.jsonl", lines)
    report = io.StringIO()
    summary = await import_file(sessions, path, file_format=ImportFormat.JSONL, report=report)
    # a code of the wrong length is legacy data: kept, with a warning (see below)
    assert (summary.accepted, summary.warnings, summary.rejected) == (2, 1, 6)
    entries = [json.loads(line) for line in report.getvalue().splitlines()]
    assert [entry["line"] for entry in entries] == [2, 3, 4, 5, 7, 8, 6]
    rejected = [entry for entry in entries if entry["line"] != 6]
    assert all(entry["outcome"] == "rejected" and entry["errors"] for entry in rejected)
    fields = {entry["line"]: {e["field"] for e in entry["errors"]} for entry in entries}
    codes = {entry["line"]: {e["code"] for e in entry["errors"]} for entry in entries}
    assert fields[3] == {"decision_date"}
    assert fields[5] == {"penalty_types"}
    assert fields[6] == {"subject_uscc"}
    assert codes[6] == {"LEGACY_SUBJECT_CODE"}
    assert fields[8] == {"decision_number"}
    assert codes[8] == {"DUPLICATE_DECISION_NUMBER"}
    assert codes[2] == {"INVALID_LINE"}
    assert entries[0]["raw"] == "{not json"


async def test_legacy_bad_uscc_is_kept_with_a_flag(
    sessions: SessionFactory, tmp_path: Path
) -> None:
    path = write_jsonl(tmp_path / "legacy.jsonl", [penalty("L1", BAD_USCC)])
    report = io.StringIO()
    summary = await import_file(sessions, path, file_format=ImportFormat.JSONL, report=report)
    assert (summary.accepted, summary.warnings, summary.rejected) == (1, 1, 0)
    async with sessions() as session:
        entity = await session.scalar(select(MarketEntity).where(MarketEntity.uscc == BAD_USCC))
    assert entity is not None
    assert entity.uscc_valid is False
    (entry,) = [json.loads(line) for line in report.getvalue().splitlines()]
    assert entry["outcome"] == "accepted_with_warning"
    assert entry["errors"][0]["field"] == "subject_uscc"
    assert entry["errors"][0]["code"] == "USCC_CHECK_FAILED"
    # held back from national push until corrected
    async with sessions() as session:
        record = await session.scalar(
            select(SupervisionRecord).where(SupervisionRecord.partner_record_id == "legacy:L1")
        )
    assert record is not None
    assert await count(sessions, OutboxMessage, OutboxMessage.record_id == record.id) == 0


@pytest.mark.parametrize(
    "code", ["210102000012345", "12345678-9", "2101026000123456789"], ids=["15", "9+1", "19"]
)
async def test_a_legacy_code_of_another_length_is_kept_on_the_record(
    sessions: SessionFactory, tmp_path: Path, code: str
) -> None:
    # given a legacy line whose subject code is an old registration number, not a USCC
    legacy_id = f"OLD{len(code)}"
    path = write_jsonl(tmp_path / "old.jsonl", [penalty(legacy_id, code)])
    report = io.StringIO()
    # when it is imported
    summary = await import_file(sessions, path, file_format=ImportFormat.JSONL, report=report)
    # then it is accepted with a warning, the code kept as it came, no entity, no push
    assert (summary.accepted, summary.warnings, summary.rejected) == (1, 1, 0)
    (entry,) = [json.loads(line) for line in report.getvalue().splitlines()]
    assert entry["outcome"] == "accepted_with_warning"
    assert [(e["field"], e["code"]) for e in entry["errors"]] == [
        ("subject_uscc", "LEGACY_SUBJECT_CODE")
    ]
    async with sessions() as session:
        record = await session.scalar(
            select(SupervisionRecord).where(
                SupervisionRecord.partner_record_id == f"legacy:{legacy_id}"
            )
        )
    assert record is not None
    assert (record.legacy_subject_code, record.subject_uscc, record.entity_id) == (code, None, None)
    assert await count(sessions, OutboxMessage, OutboxMessage.record_id == record.id) == 0


async def test_each_committed_chunk_writes_one_audit_event(
    sessions: SessionFactory, engine: AsyncEngine, tmp_path: Path
) -> None:
    # given a file of 7 good lines, one bad, imported in chunks of 3
    lines = [penalty(f"A{i}", uscc(5000 + i)) for i in range(7)]
    lines.insert(4, penalty("A-bad", uscc(5099), kind="NOPE"))
    path = write_jsonl(tmp_path / "audited.jsonl", lines)
    await import_file(sessions, path, file_format=ImportFormat.JSONL, batch_size=3)
    # then one event per chunk, naming the file, its lines, its counts and record ids
    async with sessions() as session:
        events = (
            await session.scalars(
                select(AuditEvent)
                .where(AuditEvent.operation == "importRecords", AuditEvent.target_id == path.name)
                .order_by(AuditEvent.id)
            )
        ).all()
        ids = (
            await session.scalars(
                select(SupervisionRecord.id)
                .where(SupervisionRecord.partner_record_id.like("legacy:A%"))
                .order_by(SupervisionRecord.id)
            )
        ).all()
    assert [event.after["lines"] for event in events] == [[1, 3], [4, 6], [7, 8]]
    assert [event.after["accepted"] for event in events] == [3, 2, 2]
    assert [event.after["rejected"] for event in events] == [0, 1, 0]
    assert events[0].after["recordIds"] == [ids[0], ids[2]]
    assert events[-1].after["recordIds"] == [ids[5], ids[6]]
    assert all(event.target_type == "ImportFile" and event.account_id is None for event in events)
    # and the audit chain covers them
    assert (await verify_chain(engine)).intact
    # a re-run writes nothing, so no event
    await import_file(sessions, path, file_format=ImportFormat.JSONL, batch_size=3)
    assert await count(sessions, AuditEvent, AuditEvent.target_id == path.name) == 3


async def test_rerun_skips_and_interrupted_run_resumes(
    sessions: SessionFactory, tmp_path: Path
) -> None:
    path = write_jsonl(
        tmp_path / "resume.jsonl", [penalty(f"R{i}", uscc(3000 + i)) for i in range(20)]
    )
    first = await import_file(
        sessions, path, file_format=ImportFormat.JSONL, batch_size=4, limit=10
    )
    assert (first.accepted, first.lines) == (10, 10)
    second = await import_file(sessions, path, file_format=ImportFormat.JSONL, batch_size=4)
    assert (second.accepted, second.skipped, second.rejected) == (10, 10, 0)
    third = await import_file(sessions, path, file_format=ImportFormat.JSONL)
    assert (third.accepted, third.skipped) == (0, 20)
    keys = [f"legacy:R{i}" for i in range(20)]
    assert (
        await count(sessions, SupervisionRecord, SupervisionRecord.partner_record_id.in_(keys))
        == 20
    )


async def test_csv_file(sessions: SessionFactory, tmp_path: Path) -> None:
    header = ",".join(
        (
            "legacy_id,kind,region_code,department_code,subject_name,subject_category",
            "subject_uscc,document_name,decision_number,decision_date,violation_type",
            "violation_facts,legal_basis,penalty_types,content,fine_amount",
        )
    )
    row = ",".join(
        (
            "C1,PENALTY,210102,231,某公司,LEGAL_PERSON",
            f"{uscc(4001)},行政处罚决定书,沈和罚C1,2019-05-06,类型",
            "事实,依据,WARNING;FINE,内容,1.5",
        )
    )
    path = tmp_path / "one.csv"
    path.write_text(header + "\n" + row + "\n", encoding="utf-8")
    summary = await import_file(sessions, path, file_format=ImportFormat.CSV)
    assert (summary.accepted, summary.rejected) == (1, 0)


def test_cli_refuses_missing_file_and_unknown_format(tmp_path: Path) -> None:
    runner = CliRunner()
    missing = runner.invoke(app, ["import", str(tmp_path / "nope.jsonl")])
    assert missing.exit_code == 1
    assert "文件不存在" in missing.output
    other = tmp_path / "x.xml"
    other.write_text("<x/>", encoding="utf-8")
    unknown = runner.invoke(app, ["import", str(other)])
    assert unknown.exit_code == 1
    assert "未知的导入格式" in unknown.output
