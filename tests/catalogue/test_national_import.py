"""`hub catalogue import`: CSV and JSON, streamed, idempotent by code, bad lines reported
with their line numbers."""

from __future__ import annotations

import io
import itertools
import json
import os
import random
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from hub.catalogue.national import (
    CatalogueFormat,
    ImportResult,
    _json_array_items,
    import_catalogue,
    read_lines,
)
from hub.db import SessionFactory
from hub.demo.catalogue import national_rows
from hub.models import AuditEvent, NationalSupervisionItem, RecordKind, RegionLevel
from hub.settings import PROJECT_ROOT

EXAMPLES = PROJECT_ROOT / "examples" / "catalogue"
HEADER = "code,name,kind,ministry,levels,law_1,article_1,text_1\n"
_prefixes = itertools.count(random.Random().randrange(10**5, 10**6))


async def _import(
    sessions: SessionFactory, text: str, file_format: CatalogueFormat
) -> ImportResult:
    return await import_catalogue(sessions, io.StringIO(text), file_format, source="test")


async def _rows(sessions: SessionFactory, codes: list[str]) -> dict[str, NationalSupervisionItem]:
    async with sessions() as session:
        rows = await session.scalars(
            select(NationalSupervisionItem).where(NationalSupervisionItem.code.in_(codes))
        )
        return {row.code: row for row in rows}


async def test_the_example_files_hold_the_demo_excerpt_in_csv_and_json(
    catalogue_sessions: SessionFactory,
) -> None:
    # when the CSV example is imported, then the JSON example
    csv_text = (EXAMPLES / "national-catalogue.csv").read_text("utf-8")
    json_text = (EXAMPLES / "national-catalogue.json").read_text("utf-8")
    first = await _import(catalogue_sessions, csv_text, CatalogueFormat.CSV)
    second = await _import(catalogue_sessions, json_text, CatalogueFormat.JSON)
    # then every line of both was accepted, and the JSON file changed nothing: the two
    # files describe the same items
    assert (first.lines, first.rejected, first.exit_code) == (31, 0, 0)
    assert first.inserted + first.updated + first.unchanged == 31
    assert (second.lines, second.unchanged, second.rejected) == (31, 31, 0)
    # and they are the items the demo loads
    expected = {row["code"]: row for row in national_rows()}
    stored = await _rows(catalogue_sessions, list(expected))
    assert len(stored) == 31
    for code, row in expected.items():
        item = stored[code]
        assert (item.name, item.record_kind, item.ministry) == (
            row["name"],
            row["record_kind"],
            row["ministry"],
        )
        assert item.legal_bases == row["legal_bases"]
        assert item.legal_basis == row["legal_basis"]
        assert (item.at_province, item.at_city, item.at_county) == (
            row["at_province"],
            row["at_city"],
            row["at_county"],
        )


async def test_a_reimport_updates_by_code_and_leaves_the_rest_unchanged(
    catalogue_sessions: SessionFactory,
) -> None:
    prefix = next(_prefixes)
    codes = [f"T{prefix}{n}" for n in range(3)]
    lines = [
        f"{codes[0]},对计量器具的监督检查,行政检查,国家市场监督管理总局,省级|市级|县级,中华人民共和国计量法,第十八条,\n",
        f"{codes[1]},对广告的监督检查,INSPECTION,国家市场监督管理总局,县级,《中华人民共和国广告法》,第四十九条,\n",
        f"{codes[2]},排污许可,LICENSE,生态环境部,省级、市级,,,\n",
    ]
    # when the file is imported twice, the second time with one name changed
    first = await _import(catalogue_sessions, HEADER + "".join(lines), CatalogueFormat.CSV)
    lines[1] = lines[1].replace("对广告的监督检查", "广告监督检查")
    second = await _import(catalogue_sessions, HEADER + "".join(lines), CatalogueFormat.CSV)
    # then
    assert (first.inserted, first.updated, first.unchanged) == (3, 0, 0)
    assert (second.inserted, second.updated, second.unchanged) == (0, 1, 2)
    rows = await _rows(catalogue_sessions, codes)
    assert rows[codes[1]].name == "广告监督检查"
    assert rows[codes[1]].levels == [RegionLevel.COUNTY]
    assert rows[codes[1]].legal_basis == "《中华人民共和国广告法》第四十九条"
    assert rows[codes[2]].record_kind is RecordKind.LICENSE
    assert rows[codes[2]].levels == [RegionLevel.PROVINCE, RegionLevel.CITY]
    assert rows[codes[2]].legal_bases == []
    # and each import that changed something left one audit event naming the codes
    async with catalogue_sessions() as session:
        events = (
            await session.scalars(
                select(AuditEvent)
                .where(AuditEvent.operation == "nationalCatalogue.import")
                .order_by(AuditEvent.id)
            )
        ).all()
    mentioning = [e for e in events if set(codes) & set(e.after["inserted"] + e.after["updated"])]
    assert [(e.after["inserted"], e.after["updated"]) for e in mentioning] == [
        (codes, []),
        ([], [codes[1]]),
    ]


async def test_bad_lines_are_reported_with_their_line_numbers_and_the_rest_imported(
    catalogue_sessions: SessionFactory,
) -> None:
    prefix = next(_prefixes)
    good, other = f"G{prefix}", f"H{prefix}"
    text = HEADER + "".join(
        [
            f"{good},食品经营许可,行政许可,国家市场监督管理总局,县级,食品安全法,第三十五条,\n",  # 2
            f"B{prefix}1,某事项,行政审批,国家市场监督管理总局,县级,,,\n",  # 3: kind
            f"B{prefix}2,某事项,行政检查,国家发展改革委,县级,,,\n",  # 4: ministry
            f"{good},重复的编码,行政检查,国家市场监督管理总局,县级,,,\n",  # 5: duplicate
            f"B{prefix}3,列数不对,行政检查\n",  # 6: columns
            f"B{prefix}4,某事项,行政检查,国家市场监督管理总局,乡级,,,\n",  # 7: level
            f"{other},价格监督检查,行政检查,国家市场监督管理总局,省级|市级|县级,,,\n",  # 8
        ]
    )
    result = await _import(catalogue_sessions, text, CatalogueFormat.CSV)
    assert result.exit_code == 1
    assert [r.line for r in result.rejections] == [3, 4, 5, 6, 7]
    messages = [str(r) for r in result.rejections]
    assert messages[0] == "第3行：未知的监管类别（kind）：行政审批"
    assert messages[1] == "第4行：发布部委不在部委对照表中：国家发展改革委"
    assert messages[2] == f"第5行：事项编码与第2行重复：{good}"
    assert messages[3] == "第6行：应有8列，实有3列"
    assert messages[4] == "第7行：未知的行使层级（levels）：乡级"
    assert (result.inserted, result.lines) == (2, 7)
    assert set(await _rows(catalogue_sessions, [good, other])) == {good, other}


def test_a_json_array_is_read_object_by_object_with_line_numbers() -> None:
    text = '[\n  {"code": "A", "levels": ["省级"]},\n\n  {"code": "B",\n   "name": "乙"}\n]\n'
    # chunks much smaller than an object: the reader refills and keeps its place
    items = list(_json_array_items(io.StringIO(text), chunk_size=5))
    assert items == [(2, {"code": "A", "levels": ["省级"]}), (4, {"code": "B", "name": "乙"})]
    jsonl = '{"code": "A"}\nnot json\n\n{"code": "C"}\n'
    lines = list(read_lines(io.StringIO(jsonl), CatalogueFormat.JSONL))
    assert [number for number, _ in lines] == [1, 2, 4]
    assert isinstance(lines[1][1], str)


def _hub(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HUB_DATABASE_URL": database_url}
    hub = Path(sys.executable).parent / "hub"
    return subprocess.run(
        [str(hub), "catalogue", "import", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


async def test_the_command_imports_a_file_and_exits_non_zero_on_rejected_lines(
    catalogue_database_url: str, catalogue_sessions: SessionFactory, tmp_path: Path
) -> None:
    # the example imports cleanly (again: idempotent)
    ok = _hub(catalogue_database_url, str(EXAMPLES / "national-catalogue.json"))
    assert ok.returncode == 0, ok.stderr
    assert "拒绝 0" in ok.stderr
    # a file with a bad line: reported with its number, exit status 1
    prefix = next(_prefixes)
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        json.dumps(
            {
                "code": f"J{prefix}",
                "name": "广告监督检查",
                "kind": "行政检查",
                "ministry": "国家市场监督管理总局",
                "levels": ["县级"],
                "legal_bases": [{"law": "中华人民共和国广告法", "article": "第四十九条"}],
            },
            ensure_ascii=False,
        )
        + "\n"
        + json.dumps(
            {"code": f"K{prefix}", "name": "缺少层级", "kind": "行政检查"}, ensure_ascii=False
        )
        + "\n",
        encoding="utf-8",
    )
    rejected = _hub(catalogue_database_url, str(bad))
    assert rejected.returncode == 1
    assert "第2行" in rejected.stderr
    assert set(await _rows(catalogue_sessions, [f"J{prefix}", f"K{prefix}"])) == {f"J{prefix}"}
    # a file that cannot be read at all: exit status 2
    unknown = tmp_path / "catalogue.xlsx"
    unknown.write_bytes(b"")
    assert _hub(catalogue_database_url, str(unknown)).returncode == 2
