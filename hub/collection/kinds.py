"""The six record kinds as a registry: each kind's model, its own rules and its fields in
the national 双公示 names. Exhaustive, so a new kind that forgets its entry fails at import."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from hub import models
from hub.collection.problems import Problems
from hub.models import RecordKind, SupervisionRecord

# 万元 with six decimals: Numeric(14, 6).
MAX_AMOUNT = Decimal("99999999")

Rule = Callable[[Mapping[str, Any], date, date, Problems], None]


@dataclass(frozen=True, slots=True)
class KindHandler:
    model: type[SupervisionRecord]
    # The kind's own columns (model attribute names) with their national 双公示 names.
    national_names: Mapping[str, str]
    # The kind's own rules: (details, decision date, today, problems).
    rule: Rule
    # 行政相对人… prefix of the national names of the shared fields, e.g. 许可 / 处罚.
    label: str

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(self.national_names)


def _not_before(
    details: Mapping[str, Any], later: str, earlier: str, problems: Problems, message: str
) -> None:
    start, end = details.get(earlier), details.get(later)
    if start is not None and end is not None and end < start:
        problems.add(later, message)


def _not_future(details: Mapping[str, Any], name: str, today: date, problems: Problems) -> None:
    value = details.get(name)
    if value is not None and value > today:
        problems.add(name, "日期不能晚于今天")


def _amount(details: Mapping[str, Any], name: str, problems: Problems) -> None:
    value = details.get(name)
    if value is None:
        return
    if value < 0:
        problems.add(name, "金额不能为负数")
    elif value > MAX_AMOUNT:
        problems.add(name, "金额超出范围（单位为万元）")


def _license(details: Mapping[str, Any], decided: date, today: date, problems: Problems) -> None:
    _not_before(details, "valid_to", "valid_from", problems, "有效期至不能早于有效期自")


def _inspection(details: Mapping[str, Any], decided: date, today: date, problems: Problems) -> None:
    _not_future(details, "inspected_on", today, problems)


def _filing(details: Mapping[str, Any], decided: date, today: date, problems: Problems) -> None:
    _not_future(details, "filed_on", today, problems)


def _penalty(details: Mapping[str, Any], decided: date, today: date, problems: Problems) -> None:
    if not details.get("penalty_types"):
        problems.add("penalty_types", "至少选择一项处罚类别")
    _amount(details, "fine_amount", problems)
    _amount(details, "confiscated_amount", problems)
    until = details.get("penalty_valid_until")
    if until is not None and until < decided:
        problems.add("penalty_valid_until", "处罚有效期不能早于处罚决定日期")


def _enforcement(
    details: Mapping[str, Any], decided: date, today: date, problems: Problems
) -> None:
    _not_before(details, "ends_on", "starts_on", problems, "结束日期不能早于开始日期")


def _blacklist(details: Mapping[str, Any], decided: date, today: date, problems: Problems) -> None:
    _not_before(details, "removal_date", "listed_on", problems, "移出日期不能早于列入日期")


KIND_HANDLERS: dict[RecordKind, KindHandler] = {
    RecordKind.LICENSE: KindHandler(
        models.License,
        {
            "license_category": "许可类别",
            "certificate_name": "许可证书名称",
            "license_number": "许可编号",
            "content": "许可内容",
            "valid_from": "有效期自",
            "valid_to": "有效期至",
        },
        _license,
        "许可",
    ),
    RecordKind.INSPECTION: KindHandler(
        models.Inspection,
        {
            "inspected_on": "检查日期",
            "result": "检查结果",
            "findings": "发现问题",
            "handling": "处理情况",
        },
        _inspection,
        "检查",
    ),
    RecordKind.FILING: KindHandler(
        models.Filing,
        {"filing_subject": "备案事项", "filed_on": "备案日期", "content": "备案内容"},
        _filing,
        "备案",
    ),
    RecordKind.PENALTY: KindHandler(
        models.Penalty,
        {
            "violation_type": "违法行为类型",
            "violation_facts": "违法事实",
            "legal_basis": "处罚依据",
            "penalty_types": "处罚类别",
            "content": "处罚内容",
            "fine_amount": "罚款金额（万元）",
            "confiscated_amount": "没收违法所得、没收非法财物的金额（万元）",
            "suspended_license": "暂扣或吊销证照名称及编号",
            "penalty_valid_until": "处罚有效期",
        },
        _penalty,
        "处罚",
    ),
    RecordKind.ENFORCEMENT: KindHandler(
        models.Enforcement,
        {
            "measure": "强制措施种类",
            "legal_basis": "强制依据",
            "content": "强制内容",
            "starts_on": "强制起始日期",
            "ends_on": "强制截止日期",
        },
        _enforcement,
        "强制",
    ),
    RecordKind.BLACKLIST: KindHandler(
        models.BlacklistEntry,
        {
            "reason": "列入事由",
            "listing_authority": "列入机关",
            "listed_on": "列入日期",
            "removal_date": "移出日期",
        },
        _blacklist,
        "失信",
    ),
}

_missing = set(RecordKind) - set(KIND_HANDLERS)
if _missing:
    raise RuntimeError(f"record kinds without a collection handler: {sorted(_missing)}")
