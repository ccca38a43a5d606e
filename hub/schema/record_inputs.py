"""Typed inputs for entering records, one per kind, sharing the fields of every kind; and
the payloads of the entry and publication mutations."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import ClassVar

import strawberry

from hub import models
from hub.collection.kinds import KIND_HANDLERS
from hub.collection.submissions import RecordSubmission, SubjectSubmission
from hub.models import RecordKind
from hub.schema import record_kinds  # noqa: F401  (registers the kinds' enums)
from hub.schema.records import SupervisionRecord


@strawberry.input(description="行政相对人")
class SubjectInput:
    name: str = strawberry.field(description="行政相对人名称")
    category: models.SubjectCategory = strawberry.field(description="行政相对人类别")
    uscc: str | None = strawberry.field(
        default=None,
        description="统一社会信用代码（法人及非法人组织必填；目录中没有的市场主体按名称新建）",
    )


@strawberry.input(description="各类监管行为的共同字段")
class RecordInput:
    kind: ClassVar[RecordKind]

    subject: SubjectInput = strawberry.field(description="行政相对人")
    document_name: str = strawberry.field(description="文书名称")
    decision_number: str = strawberry.field(description="文书号（本部门同类记录内唯一）")
    decision_date: date = strawberry.field(description="决定日期（不晚于今天）")
    item_id: strawberry.ID | None = strawberry.field(
        default=None, description="所依据的监管事项（全局ID；须已发布且属本部门职责）"
    )
    remark: str | None = strawberry.field(default=None, description="备注")
    publication_end_date: date | None = strawberry.field(
        default=None, description="公示截止期（不早于决定日期）"
    )

    def to_submission(self) -> RecordSubmission:
        return RecordSubmission(
            kind=self.kind,
            subject=SubjectSubmission(
                name=self.subject.name, category=self.subject.category, uscc=self.subject.uscc
            ),
            document_name=self.document_name,
            decision_number=self.decision_number,
            decision_date=self.decision_date,
            item_id=None if self.item_id is None else str(self.item_id),
            remark=self.remark,
            publication_end_date=self.publication_end_date,
            details={name: getattr(self, name) for name in KIND_HANDLERS[self.kind].fields},
        )


@strawberry.input(description="行政许可")
class LicenseInput(RecordInput):
    kind: ClassVar[RecordKind] = RecordKind.LICENSE

    license_category: models.LicenseCategory = strawberry.field(description="许可类别")
    certificate_name: str = strawberry.field(description="许可证书名称")
    license_number: str = strawberry.field(description="许可编号")
    content: str = strawberry.field(description="许可内容")
    valid_from: date | None = strawberry.field(default=None, description="有效期自")
    valid_to: date | None = strawberry.field(default=None, description="有效期至（不早于有效期自）")


@strawberry.input(description="行政检查")
class InspectionInput(RecordInput):
    kind: ClassVar[RecordKind] = RecordKind.INSPECTION

    inspected_on: date = strawberry.field(description="检查日期")
    result: models.InspectionResult = strawberry.field(description="检查结果")
    findings: str | None = strawberry.field(default=None, description="发现问题")
    handling: str | None = strawberry.field(default=None, description="处理情况")


@strawberry.input(description="行政备案")
class FilingInput(RecordInput):
    kind: ClassVar[RecordKind] = RecordKind.FILING

    filing_subject: str = strawberry.field(description="备案事项")
    filed_on: date = strawberry.field(description="备案日期")
    content: str | None = strawberry.field(default=None, description="备案内容")


@strawberry.input(description="行政处罚")
class PenaltyInput(RecordInput):
    kind: ClassVar[RecordKind] = RecordKind.PENALTY

    violation_type: str = strawberry.field(description="违法行为类型")
    violation_facts: str = strawberry.field(description="违法事实")
    legal_basis: str = strawberry.field(description="处罚依据")
    penalty_types: list[models.PenaltyType] = strawberry.field(description="处罚类别（可多项）")
    content: str = strawberry.field(description="处罚内容")
    fine_amount: Decimal | None = strawberry.field(
        default=None, description="罚款金额（万元，不为负）"
    )
    confiscated_amount: Decimal | None = strawberry.field(
        default=None, description="没收违法所得、没收非法财物的金额（万元，不为负）"
    )
    suspended_license: str | None = strawberry.field(
        default=None, description="暂扣或吊销证照名称及编号"
    )
    penalty_valid_until: date | None = strawberry.field(default=None, description="处罚有效期")


@strawberry.input(description="行政强制")
class EnforcementInput(RecordInput):
    kind: ClassVar[RecordKind] = RecordKind.ENFORCEMENT

    measure: models.EnforcementMeasure = strawberry.field(description="强制措施种类")
    legal_basis: str = strawberry.field(description="强制依据")
    content: str = strawberry.field(description="强制内容")
    starts_on: date = strawberry.field(description="起始日期")
    ends_on: date | None = strawberry.field(default=None, description="截止日期（不早于起始日期）")


@strawberry.input(description="违法失信（黑名单）")
class BlacklistEntryInput(RecordInput):
    kind: ClassVar[RecordKind] = RecordKind.BLACKLIST

    reason: str = strawberry.field(description="列入事由")
    listing_authority: str = strawberry.field(description="列入机关")
    listed_on: date = strawberry.field(description="列入日期")
    removal_date: date | None = strawberry.field(
        default=None, description="移出日期（不早于列入日期）"
    )


RECORD_INPUTS: dict[RecordKind, type[RecordInput]] = {
    RecordKind.LICENSE: LicenseInput,
    RecordKind.INSPECTION: InspectionInput,
    RecordKind.FILING: FilingInput,
    RecordKind.PENALTY: PenaltyInput,
    RecordKind.ENFORCEMENT: EnforcementInput,
    RecordKind.BLACKLIST: BlacklistEntryInput,
}

_missing = set(RecordKind) - set(RECORD_INPUTS)
if _missing:
    raise RuntimeError(f"record kinds without an input type: {sorted(_missing)}")
for _kind, _input in RECORD_INPUTS.items():
    _undeclared = set(KIND_HANDLERS[_kind].fields) - set(_input.__annotations__)
    if _input.kind is not _kind or _undeclared:
        raise RuntimeError(f"{_input.__name__} does not match {_kind}: {sorted(_undeclared)}")


@strawberry.type(description="监管行为变更的结果")
class RecordPayload:
    record: SupervisionRecord = strawberry.field(description="变更后的记录")


@strawberry.type(description="删除（草稿）的结果")
class DeleteRecordPayload:
    deleted_record_id: strawberry.ID = strawberry.field(description="已删除记录的全局ID")


@strawberry.input(description="对接系统提交的一条监管行为：恰好填写一个类别的字段")
class PartnerRecordInput:
    partner_record_id: str = strawberry.field(
        description="对接系统自己的记录编号（幂等键：重复提交更新原记录，不会重复）"
    )
    department_id: strawberry.ID = strawberry.field(
        description="决定机关（部门全局ID；须为该对接客户端绑定的部门）"
    )
    publish: bool = strawberry.field(
        default=False, description="true：提交即公示；false：作为草稿，由部门公示"
    )
    license: LicenseInput | None = strawberry.field(default=None, description="行政许可")
    inspection: InspectionInput | None = strawberry.field(default=None, description="行政检查")
    filing: FilingInput | None = strawberry.field(default=None, description="行政备案")
    penalty: PenaltyInput | None = strawberry.field(default=None, description="行政处罚")
    enforcement: EnforcementInput | None = strawberry.field(default=None, description="行政强制")
    blacklist_entry: BlacklistEntryInput | None = strawberry.field(
        default=None, description="违法失信（黑名单）"
    )

    def kind_inputs(self) -> list[tuple[str, RecordInput]]:
        """(field name, input) of the kinds filled in: exactly one is valid."""
        given = {
            "license": self.license,
            "inspection": self.inspection,
            "filing": self.filing,
            "penalty": self.penalty,
            "enforcement": self.enforcement,
            "blacklistEntry": self.blacklist_entry,
        }
        return [(name, value) for name, value in given.items() if value is not None]
