"""The words of the catalogue: kinds of supervision, administrative levels and legal bases,
as people write them (行政检查, 省级) and as the hub stores them (INSPECTION, PROVINCE)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from hub.models import RecordKind, RegionLevel

# The kind of supervision an item governs is the kind of record made under it.
KIND_NAMES: dict[RecordKind, str] = {
    RecordKind.LICENSE: "行政许可",
    RecordKind.INSPECTION: "行政检查",
    RecordKind.FILING: "行政备案",
    RecordKind.PENALTY: "行政处罚",
    RecordKind.ENFORCEMENT: "行政强制",
    RecordKind.BLACKLIST: "违法失信",
}
LEVEL_NAMES: dict[RegionLevel, str] = {
    RegionLevel.PROVINCE: "省级",
    RegionLevel.CITY: "市级",
    RegionLevel.COUNTY: "县级",
}
_KINDS = {**{k.value: k for k in RecordKind}, **{v: k for k, v in KIND_NAMES.items()}}
_KINDS["黑名单"] = RecordKind.BLACKLIST
_LEVELS = {**{lv.value: lv for lv in RegionLevel}, **{v: lv for lv, v in LEVEL_NAMES.items()}}

MAX_LAW = 200
MAX_ARTICLE = 100
MAX_TEXT = 4000
MAX_LEGAL_BASES = 20


def kind_of(word: str) -> RecordKind | None:
    return _KINDS.get(word.strip().upper() if word.strip().isascii() else word.strip())


def level_of(word: str) -> RegionLevel | None:
    return _LEVELS.get(word.strip().upper() if word.strip().isascii() else word.strip())


def ordered_levels(levels: Iterable[RegionLevel]) -> list[RegionLevel]:
    wanted = set(levels)
    return [level for level in RegionLevel if level in wanted]


def region_level(region_code: str) -> RegionLevel:
    """GB/T 2260: 210000 a province, 210100 a city, 210102 a county (or district)."""
    if region_code.endswith("0000"):
        return RegionLevel.PROVINCE
    if region_code.endswith("00"):
        return RegionLevel.CITY
    return RegionLevel.COUNTY


def region_chain(region_code: str) -> list[str]:
    """The region and those above it: 210102 → 210102, 210100, 210000."""
    chain = [region_code]
    if not region_code.endswith("00"):
        chain.append(region_code[:4] + "00")
    if not region_code.endswith("0000"):
        chain.append(region_code[:2] + "0000")
    return chain


def levels_at_or_below(level: RegionLevel) -> list[RegionLevel]:
    members = list(RegionLevel)
    return members[members.index(level) :]


@dataclass(frozen=True, slots=True)
class LegalBasis:
    """设定依据: a law (法律法规名称), the article (条款号) and its text (条款内容)."""

    law: str
    article: str | None = None
    text: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {"law": self.law, "article": self.article, "text": self.text}

    @classmethod
    def from_json(cls, value: dict[str, Any]) -> LegalBasis:
        return cls(str(value.get("law") or ""), value.get("article"), value.get("text"))

    @property
    def citation(self) -> str:
        return f"《{self.law}》{self.article or ''}"


def clean_law(law: str) -> str:
    """Laws are stored without their book-title marks (《》), which the citation adds."""
    return law.strip().removeprefix("《").removesuffix("》").strip()


def legal_basis_problems(bases: Sequence[LegalBasis]) -> list[tuple[str, str]]:
    """(path relative to the list, message) for every basis that is not acceptable."""
    problems: list[tuple[str, str]] = []
    if len(bases) > MAX_LEGAL_BASES:
        problems.append(("", f"设定依据不能超过{MAX_LEGAL_BASES}条"))
    for index, basis in enumerate(bases):
        if not basis.law:
            problems.append((f"{index}.law", "请填写法律法规名称"))
        elif len(basis.law) > MAX_LAW:
            problems.append((f"{index}.law", f"法律法规名称不能超过{MAX_LAW}个字符"))
        if basis.article is not None and len(basis.article) > MAX_ARTICLE:
            problems.append((f"{index}.article", f"条款号不能超过{MAX_ARTICLE}个字符"))
        if basis.text is not None and len(basis.text) > MAX_TEXT:
            problems.append((f"{index}.text", f"条款内容不能超过{MAX_TEXT}个字符"))
    return problems


def normalized_bases(bases: Iterable[LegalBasis]) -> list[LegalBasis]:
    def blank_to_none(value: str | None) -> str | None:
        return None if value is None or not value.strip() else value.strip()

    return [
        LegalBasis(clean_law(b.law), blank_to_none(b.article), blank_to_none(b.text)) for b in bases
    ]


def legal_basis_summary(bases: Sequence[LegalBasis]) -> str | None:
    """The one-line 设定依据 records show: 《法》第三十五条；《条例》第二条."""
    return "；".join(basis.citation for basis in bases) or None
