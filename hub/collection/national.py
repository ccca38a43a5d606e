"""A record in the field names of the national 双公示 exchange (DOMAIN.md; the names are
those of the public mirrors of the 信用中国 standard — verify before freezing). The outbox
carries this payload, so the push to national systems is a mapping, not a rewrite."""

from __future__ import annotations

from typing import Any

from hub.collection.changes import json_value
from hub.collection.kinds import KIND_HANDLERS
from hub.models import Department, RecordStatus, SubjectCategory, SupervisionRecord

SUBJECT_CATEGORIES = {
    SubjectCategory.LEGAL_PERSON: "法人及非法人组织",
    SubjectCategory.NATURAL_PERSON: "自然人",
    SubjectCategory.INDIVIDUAL_BUSINESS: "个体工商户",
}

STATUSES = {
    RecordStatus.DRAFT: "草稿",
    RecordStatus.PUBLISHED: "正常",
    RecordStatus.REVOKED: "撤销",
    RecordStatus.WITHDRAWN: "撤回",
}


def national_payload(record: SupervisionRecord, department: Department) -> dict[str, Any]:
    handler = KIND_HANDLERS[record.kind]
    label = handler.label
    payload: dict[str, Any] = {
        "记录类别": record.kind.value,
        "行政相对人名称": record.subject_name,
        "行政相对人类别": SUBJECT_CATEGORIES[record.subject_category],
        "统一社会信用代码": record.subject_uscc,
        "文书名称": record.document_name,
        "文书号": record.decision_number,
        f"{label}决定日期": json_value(record.decision_date),
        f"{label}机关": department.name,
        f"{label}机关统一社会信用代码": department.uscc,
        "数据来源单位": department.name,
        "数据来源单位统一社会信用代码": department.uscc,
        "当前状态": STATUSES[record.status],
        "公示日期": json_value(record.published_at),
        "公示截止期": json_value(record.publication_end_date),
        "备注": record.remark,
    }
    if record.revocation_reason is not None:
        payload["撤销原因"] = record.revocation_reason
    for name, national_name in handler.national_names.items():
        payload[national_name] = json_value(getattr(record, name))
    return payload
