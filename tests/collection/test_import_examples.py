"""The example files of docs/import-format.md import with the outcome the document states."""

from __future__ import annotations

import io
import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import select

from hub.collection.importer import ImportFormat, ImportSummary, import_file
from hub.db import SessionFactory, create_engine, create_session_factory
from hub.models import MarketEntity, SupervisionRecord
from hub.settings import PROJECT_ROOT
from tests.collection.import_support import setup_department
from tests.support import fresh_database

EXAMPLES = PROJECT_ROOT / "examples" / "import"
# (line in the JSONL file, line in the CSV file): (outcome, error codes), as documented.
DOCUMENTED = {
    (7, 8): ("accepted_with_warning", ["LEGACY_SUBJECT_CODE"]),
    (8, 9): ("accepted_with_warning", ["USCC_CHECK_FAILED"]),
    (9, 10): ("rejected", ["INVALID_LINE"]),
    (10, 11): ("rejected", ["INVALID_VALUE"]),
    (11, 12): ("rejected", ["INVALID_VALUE"]),
    (12, 13): ("rejected", ["INVALID_VALUE"]),
    (13, 14): ("rejected", ["DUPLICATE_DECISION_NUMBER"]),
}


@pytest.fixture(scope="module")
async def sessions(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[SessionFactory]:
    async with fresh_database(tmp_path_factory.mktemp("examples_db"), "import_examples") as url:
        engine = create_engine(url)
        factory = create_session_factory(engine)
        await setup_department(factory)
        yield factory
        await engine.dispose()


def counts(summary: ImportSummary) -> tuple[int, int, int, int]:
    return (summary.accepted, summary.warnings, summary.skipped, summary.rejected)


@pytest.mark.parametrize(
    ("name", "file_format", "column", "prefix"),
    [
        ("records.jsonl", ImportFormat.JSONL, 0, "legacy:J-"),
        ("records.csv", ImportFormat.CSV, 1, "legacy:C-"),
    ],
)
async def test_an_example_file_imports_as_documented(
    sessions: SessionFactory, name: str, file_format: ImportFormat, column: int, prefix: str
) -> None:
    # when the example file is imported
    report = io.StringIO()
    summary = await import_file(sessions, EXAMPLES / name, file_format=file_format, report=report)
    # then: 8 accepted (2 with warnings), 5 rejected, each line as the table says
    assert counts(summary) == (8, 2, 0, 5)
    entries = {entry["line"]: entry for entry in map(json.loads, report.getvalue().splitlines())}
    expected = {lines[column]: outcome for lines, outcome in DOCUMENTED.items()}
    assert {
        line: (entry["outcome"], [error["code"] for error in entry["errors"]])
        for line, entry in entries.items()
    } == expected
    fields = {line: [e["field"] for e in entry["errors"]] for line, entry in entries.items()}
    assert fields[10 + column] == ["kind"]
    assert fields[11 + column] == ["decision_date"]
    assert fields[12 + column] == ["penalty_types"]
    # every kind arrived, the draft as a draft, the legacy code kept
    async with sessions() as session:
        records = {
            row.partner_record_id.removeprefix(prefix): row
            for row in await session.scalars(
                select(SupervisionRecord).where(
                    SupervisionRecord.partner_record_id.like(prefix + "%")
                )
            )
            if row.partner_record_id is not None
        }
        flagged = await session.scalar(
            select(MarketEntity.uscc_valid).where(MarketEntity.uscc == "91210102MA0Q1A2H92")
        )
    assert sorted(records) == [f"{n:03d}" for n in range(1, 9)]
    assert {record.kind.value for record in records.values()} == {
        "LICENSE",
        "INSPECTION",
        "FILING",
        "PENALTY",
        "ENFORCEMENT",
        "BLACKLIST",
    }
    assert records["003"].status.value == "DRAFT"
    assert records["007"].legacy_subject_code == "210102000012345"
    assert records["001"].publication_end_date is not None
    assert records["001"].publication_end_date.isoformat() == "2030-03-02"
    assert flagged is False
    # and a second run skips what is in
    again = await import_file(sessions, EXAMPLES / name, file_format=file_format)
    assert counts(again) == (0, 0, 8, 5)


def test_the_document_names_the_examples() -> None:
    document = (PROJECT_ROOT / "docs" / "import-format.md").read_text(encoding="utf-8")
    assert "汇总：接受 8（其中带警告 2），拒绝 5；再次导入：跳过 8，拒绝 5。" in document
    for code in ("INVALID_LINE", "INVALID_VALUE", "DUPLICATE_DECISION_NUMBER"):
        assert code in document
    assert Path(EXAMPLES / "records.csv").is_file()
