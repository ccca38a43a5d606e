"""Inputs and documents the collection tests share."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from typing import Any

from hub.models import RecordKind
from tests.collection.conftest import Desk, new_uscc

_numbers = itertools.count(1)

TODAY = date.today()
DECIDED = TODAY - timedelta(days=3)

MUTATION_NAMES = {
    RecordKind.LICENSE: "License",
    RecordKind.INSPECTION: "Inspection",
    RecordKind.FILING: "Filing",
    RecordKind.PENALTY: "Penalty",
    RecordKind.ENFORCEMENT: "Enforcement",
    RecordKind.BLACKLIST: "BlacklistEntry",
}

RESULT = """
    __typename
    ... on RecordPayload {
      record { id __typename status version decisionNumber subjectUscc publishedAt
               entity { uscc name region { code } } }
    }
    ... on InputError { message code fieldErrors { field message } }
"""


def create_document(kind: RecordKind) -> str:
    name = MUTATION_NAMES[kind]
    return f"""
mutation Create($input: {name}Input!) {{
  result: create{name}(input: $input) {{ {RESULT} }}
}}"""


def update_document(kind: RecordKind) -> str:
    name = MUTATION_NAMES[kind]
    return f"""
mutation Update($id: ID!, $version: Int!, $input: {name}Input!) {{
  result: update{name}(id: $id, version: $version, input: $input) {{ {RESULT} }}
}}"""


PUBLISH = f"""
mutation Publish($id: ID!, $version: Int!) {{
  result: publishRecord(id: $id, version: $version) {{ {RESULT} }}
}}"""

REVOKE = f"""
mutation Revoke($id: ID!, $version: Int!, $reason: String!) {{
  result: revokeRecord(id: $id, version: $version, reason: $reason) {{ {RESULT} }}
}}"""

WITHDRAW = f"""
mutation Withdraw($id: ID!, $version: Int!, $reason: String!) {{
  result: withdrawRecord(id: $id, version: $version, reason: $reason) {{ {RESULT} }}
}}"""

DELETE = """
mutation Delete($id: ID!, $version: Int!) {
  result: deleteRecord(id: $id, version: $version) {
    __typename
    ... on DeleteRecordPayload { deletedRecordId }
    ... on InputError { message code fieldErrors { field message } }
  }
}"""

NODE = """
query Node($id: ID!) { node(id: $id) { id ... on SupervisionRecord { status version } } }
"""


def decision_number() -> str:
    return f"测试〔2026〕{next(_numbers)}-{new_uscc()[8:17]}号"


KIND_FIELDS: dict[RecordKind, dict[str, Any]] = {
    RecordKind.LICENSE: {
        "licenseCategory": "GENERAL",
        "certificateName": "食品经营许可证",
        "licenseNumber": "JY12101020001",
        "content": "预包装食品销售",
        "validFrom": DECIDED.isoformat(),
        "validTo": (DECIDED + timedelta(days=365 * 5)).isoformat(),
    },
    RecordKind.INSPECTION: {
        "inspectedOn": DECIDED.isoformat(),
        "result": "NORMAL",
        "findings": None,
    },
    RecordKind.FILING: {"filingSubject": "广告发布登记", "filedOn": DECIDED.isoformat()},
    RecordKind.PENALTY: {
        "violationType": "销售过期食品",
        "violationFacts": "当事人销售超过保质期的食品",
        "legalBasis": "《中华人民共和国食品安全法》第一百二十四条",
        "penaltyTypes": ["WARNING", "FINE"],
        "content": "警告，罚款五千元",
        "fineAmount": "0.5",
    },
    RecordKind.ENFORCEMENT: {
        "measure": "SEALING_UP",
        "legalBasis": "《中华人民共和国行政强制法》第九条",
        "content": "查封涉案物品",
        "startsOn": DECIDED.isoformat(),
        "endsOn": (DECIDED + timedelta(days=30)).isoformat(),
    },
    RecordKind.BLACKLIST: {
        "reason": "提交虚假材料取得登记",
        "listingAuthority": "和平区市场监督管理局",
        "listedOn": DECIDED.isoformat(),
    },
}


def record_input(
    desk: Desk, kind: RecordKind = RecordKind.PENALTY, **overrides: Any
) -> dict[str, Any]:
    value: dict[str, Any] = {
        "subject": {"name": "沈阳测试商贸有限公司", "category": "LEGAL_PERSON", "uscc": new_uscc()},
        "documentName": "行政决定书",
        "decisionNumber": decision_number(),
        "decisionDate": DECIDED.isoformat(),
        "itemId": desk.item_gid(kind),
        "remark": None,
        "publicationEndDate": (TODAY + timedelta(days=365)).isoformat(),
        **KIND_FIELDS[kind],
    }
    value.update(overrides)
    return value
