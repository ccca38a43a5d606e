"""Importing the national catalogue (国家监管事项目录) from a file: `hub catalogue import FILE`.

CSV or JSON (an array of objects, or JSON Lines), read as a stream: lines are parsed one by
one and written in batches (one transaction each); memory holds one batch and the codes
seen so far (to refuse a code repeated within the file), whatever the file's size.
Idempotent by national code: a line whose item exists is an update when a field differs,
unchanged otherwise; running the same file twice changes nothing. A line that cannot be
accepted is reported with its line number and skipped; the import then exits non-zero.
The format is docs/catalogue-format.md; examples/catalogue/ has a sample of each kind.
"""

from __future__ import annotations

import csv
import enum
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from hub.audit import record_change
from hub.auth.viewer import PUBLIC
from hub.catalogue.ministries import department_code_of
from hub.catalogue.vocabulary import (
    LegalBasis,
    kind_of,
    legal_basis_problems,
    legal_basis_summary,
    level_of,
    normalized_bases,
    ordered_levels,
)
from hub.db import SessionFactory
from hub.models import NationalSupervisionItem, RecordKind, RegionLevel

BATCH_SIZE = 500
CODE_PATTERN = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._\-]*$")
MAX_CODE = 64
MAX_NAME = 200
LEVEL_SEPARATORS = re.compile(r"[|、,，;；\s]+")
CSV_BASIS_COLUMN = re.compile(r"^(law|article|text)_(\d+)$")
TARGET_TYPE = "NationalSupervisionItem"


class CatalogueFormat(enum.StrEnum):
    CSV = "csv"
    JSON = "json"
    JSONL = "jsonl"


class CatalogueFileRefused(Exception):
    """The file cannot be read at all (missing, unknown format, header without columns)."""


@dataclass(frozen=True, slots=True)
class NationalLine:
    """One accepted line: the national item as the file describes it."""

    line: int
    code: str
    name: str
    record_kind: RecordKind
    ministry: str
    levels: list[RegionLevel]
    legal_bases: list[LegalBasis]

    def values(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "record_kind": self.record_kind,
            "ministry": self.ministry,
            "legal_bases": [basis.as_json() for basis in self.legal_bases],
            "legal_basis": legal_basis_summary(self.legal_bases),
            "at_province": RegionLevel.PROVINCE in self.levels,
            "at_city": RegionLevel.CITY in self.levels,
            "at_county": RegionLevel.COUNTY in self.levels,
        }


@dataclass(frozen=True, slots=True)
class Rejection:
    line: int
    problems: list[str]

    def __str__(self) -> str:
        return f"第{self.line}行：" + "；".join(self.problems)


@dataclass
class ImportResult:
    lines: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejections: list[Rejection] = field(default_factory=list)

    @property
    def rejected(self) -> int:
        return len(self.rejections)

    @property
    def exit_code(self) -> int:
        return 1 if self.rejections else 0


# --- reading ------------------------------------------------------------------------------


def format_of(path: Path, given: str | None) -> CatalogueFormat:
    name = (given or path.suffix.lstrip(".")).lower()
    try:
        return CatalogueFormat(name)
    except ValueError:
        raise CatalogueFileRefused(
            f"未知的文件格式：{name or '（无扩展名）'}（支持 csv、json、jsonl）"
        ) from None


def read_lines(stream: TextIO, file_format: CatalogueFormat) -> Iterator[tuple[int, Any]]:
    """(line number, raw object) for every item of the file, as a stream; a raw object is
    a dict of the item's fields, or a string saying why that line could not be read."""
    if file_format is CatalogueFormat.CSV:
        yield from _csv_lines(stream)
    elif file_format is CatalogueFormat.JSONL:
        yield from _jsonl_lines(stream)
    else:
        yield from _json_array_items(stream)


def _csv_lines(stream: TextIO) -> Iterator[tuple[int, Any]]:
    reader = csv.reader(stream)
    header = next(reader, None)
    if header is None:
        return
    names = [name.strip().lstrip("\ufeff") for name in header]
    missing = {"code", "name", "kind", "ministry", "levels"} - set(names)
    if missing:
        raise CatalogueFileRefused(f"CSV 表头缺少列：{'、'.join(sorted(missing))}")
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(names):
            yield line, f"应有{len(names)}列，实有{len(row)}列"
            continue
        values: dict[str, Any] = {}
        bases: dict[int, dict[str, str]] = {}
        for name, cell in zip(names, row, strict=True):
            match = CSV_BASIS_COLUMN.match(name)
            if match:
                bases.setdefault(int(match.group(2)), {})[match.group(1)] = cell
            else:
                values[name] = cell
        values["legal_bases"] = [
            bases[number]
            for number in sorted(bases)
            if any(v.strip() for v in bases[number].values())
        ]
        yield line, values


def _jsonl_lines(stream: TextIO) -> Iterator[tuple[int, Any]]:
    for number, text in enumerate(stream, start=1):
        if not text.strip():
            continue
        try:
            yield number, json.loads(text)
        except json.JSONDecodeError as error:
            yield number, f"不是有效的 JSON：{error.msg}"


def _json_array_items(stream: TextIO, chunk_size: int = 65536) -> Iterator[tuple[int, Any]]:
    """The objects of a top-level JSON array, decoded one at a time from a buffer that only
    ever holds the current object and one chunk (no whole-file parse); each with the line
    it starts on."""
    decoder = json.JSONDecoder()
    buffer, line, started, finished = "", 1, False, False

    def fill() -> bool:
        nonlocal buffer
        chunk = stream.read(chunk_size)
        buffer += chunk
        return bool(chunk)

    while True:
        # Skip whitespace, the opening bracket and separating commas, counting lines.
        index = 0
        while True:
            while index < len(buffer) and buffer[index] in " \t\r\n,[]":
                char = buffer[index]
                if char == "\n":
                    line += 1
                elif char == "[":
                    if started:
                        raise CatalogueFileRefused(f"第{line}行：数组中不能嵌套数组")
                    started = True
                elif char == "]":
                    finished = True
                index += 1
            buffer = buffer[index:]
            index = 0
            if buffer or not fill():
                break
        if not buffer:
            if not started:
                raise CatalogueFileRefused("JSON 文件应为对象数组")
            return
        if finished or not started:
            raise CatalogueFileRefused(f"第{line}行：JSON 文件应为对象数组")
        while True:
            try:
                value, end = decoder.raw_decode(buffer)
                break
            except json.JSONDecodeError as error:
                if not fill():
                    raise CatalogueFileRefused(
                        f"第{line}行：不是有效的 JSON（{error.msg}）"
                    ) from None
        yield line, value
        line += buffer.count("\n", 0, end)
        buffer = buffer[end:]


# --- checking -------------------------------------------------------------------------------


def _text(values: dict[str, Any], name: str) -> str:
    value = values.get(name)
    return "" if value is None else str(value).strip()


def parse_line(line: int, raw: Any) -> NationalLine | Rejection:
    if isinstance(raw, str):
        return Rejection(line, [raw])
    if not isinstance(raw, dict):
        return Rejection(line, ["应为一个对象"])
    problems: list[str] = []
    code, name, ministry = _text(raw, "code"), _text(raw, "name"), _text(raw, "ministry")
    if not code:
        problems.append("缺少事项编码（code）")
    elif len(code) > MAX_CODE or not CODE_PATTERN.match(code):
        problems.append(f"事项编码应为不超过{MAX_CODE}位的字母、数字、点、横线或下划线：{code}")
    if not name:
        problems.append("缺少事项名称（name）")
    elif len(name) > MAX_NAME:
        problems.append(f"事项名称不能超过{MAX_NAME}个字符")
    kind = kind_of(_text(raw, "kind"))
    if kind is None:
        problems.append(f"未知的监管类别（kind）：{_text(raw, 'kind') or '（空）'}")
    if not ministry:
        problems.append("缺少发布部委（ministry）")
    elif department_code_of(ministry) is None:
        problems.append(f"发布部委不在部委对照表中：{ministry}")
    levels = _levels(raw.get("levels"), problems)
    bases = _bases(raw.get("legal_bases"), problems)
    if problems or kind is None:
        return Rejection(line, problems)
    return NationalLine(line, code, name, kind, ministry, levels, bases)


def _levels(value: Any, problems: list[str]) -> list[RegionLevel]:
    words = value if isinstance(value, list) else LEVEL_SEPARATORS.split(str(value or ""))
    words = [str(word) for word in words if str(word).strip()]
    levels = [level_of(word) for word in words]
    unknown = [word for word, level in zip(words, levels, strict=True) if level is None]
    if unknown:
        problems.append(f"未知的行使层级（levels）：{'、'.join(unknown)}")
    elif not levels:
        problems.append("缺少行使层级（levels）")
    return ordered_levels(level for level in levels if level is not None)


def _bases(value: Any, problems: list[str]) -> list[LegalBasis]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        problems.append("设定依据（legal_bases）应为对象列表")
        return []
    bases = normalized_bases(
        LegalBasis(
            str(v.get("law") or ""),
            None if v.get("article") is None else str(v["article"]),
            None if v.get("text") is None else str(v["text"]),
        )
        for v in value
    )
    for path, message in legal_basis_problems(bases):
        index = path.partition(".")[0]
        where = f"第{int(index) + 1}条" if index else ""
        problems.append(f"设定依据{where}：{message}")
    return bases


# --- writing --------------------------------------------------------------------------------


async def _write_batch(
    session: AsyncSession, batch: list[NationalLine], result: ImportResult, source: str
) -> None:
    codes = [line.code for line in batch]
    existing = {
        row.code: row
        for row in await session.scalars(
            select(NationalSupervisionItem).where(NationalSupervisionItem.code.in_(codes))
        )
    }
    inserted: list[str] = []
    updated: list[str] = []
    for line in batch:
        values = line.values()
        row = existing.get(line.code)
        if row is None:
            session.add(NationalSupervisionItem(code=line.code, **values))
            inserted.append(line.code)
        elif any(getattr(row, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(row, key, value)
            updated.append(line.code)
    result.inserted += len(inserted)
    result.updated += len(updated)
    result.unchanged += len(batch) - len(inserted) - len(updated)
    if inserted or updated:
        # 全程留痕: one event per batch that changed the catalogue, naming the codes.
        record_change(
            session,
            PUBLIC,
            operation="nationalCatalogue.import",
            target_type=TARGET_TYPE,
            target_id=source[:200],
            after={"inserted": inserted, "updated": updated},
        )
    await session.flush()


Progress = Callable[[ImportResult], None]


async def import_catalogue(
    session_factory: SessionFactory,
    stream: TextIO,
    file_format: CatalogueFormat,
    *,
    source: str,
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
) -> ImportResult:
    """Import every acceptable line; the result lists the rejected ones. A code seen twice
    in one file is rejected the second time (which line wins would be a guess)."""
    result = ImportResult()
    seen: dict[str, int] = {}
    batch: list[NationalLine] = []

    async def flush() -> None:
        if not batch:
            return
        async with session_factory() as session, session.begin():
            await _write_batch(session, batch, result, source)
        batch.clear()
        if progress is not None:
            progress(result)

    for line, raw in read_lines(stream, file_format):
        result.lines += 1
        parsed = parse_line(line, raw)
        if isinstance(parsed, Rejection):
            result.rejections.append(parsed)
            continue
        first = seen.get(parsed.code)
        if first is not None:
            result.rejections.append(Rejection(line, [f"事项编码与第{first}行重复：{parsed.code}"]))
            continue
        seen[parsed.code] = line
        batch.append(parsed)
        if len(batch) >= batch_size:
            await flush()
    await flush()
    if progress is not None:
        progress(result)
    return result


def open_catalogue_file(path: Path, file_format: str | None) -> tuple[TextIO, CatalogueFormat]:
    """The file as a text stream (UTF-8, a byte-order mark tolerated), and its format."""
    resolved = format_of(path, file_format)
    if not path.is_file():
        raise CatalogueFileRefused(f"文件不存在：{path}")
    return path.open(encoding="utf-8-sig", newline=""), resolved
