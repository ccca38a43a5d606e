"""Lines of legacy import files, for the import tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hub.db import SessionFactory
from hub.models import Department
from hub.reference import load_reference_data

REGION = "210102"
CODE = "231"
# A code of the right shape whose check character is wrong (…43 is the valid one).
BAD_USCC = "91350100M000100Y44"


async def setup_department(sessions: SessionFactory) -> int:
    async with sessions() as session, session.begin():
        await load_reference_data(session)
        department = Department(region_code=REGION, code=CODE, name="和平区市场监督管理局")
        session.add(department)
        await session.flush()
        return department.id


def penalty(legacy_id: str, uscc: str, **changes: Any) -> dict[str, Any]:
    line: dict[str, Any] = {
        "legacy_id": legacy_id,
        "kind": "PENALTY",
        "region_code": REGION,
        "department_code": CODE,
        "subject_name": f"沈阳测试商贸有限公司{legacy_id}",
        "subject_category": "LEGAL_PERSON",
        "subject_uscc": uscc,
        "document_name": "行政处罚决定书",
        "decision_number": f"沈和市监罚〔2019〕{legacy_id}号",
        "decision_date": "2019-05-06",
        "violation_type": "销售过期食品",
        "violation_facts": "经营超过保质期的食品",
        "legal_basis": "《食品安全法》第一百二十四条",
        "penalty_types": ["WARNING", "FINE"],
        "content": "警告，罚款",
        "fine_amount": "0.5",
    }
    line.update(changes)
    return line


def write_jsonl(path: Path, lines: list[Any]) -> Path:
    path.write_text(
        "".join(
            (line if isinstance(line, str) else json.dumps(line, ensure_ascii=False)) + "\n"
            for line in lines
        ),
        encoding="utf-8",
    )
    return path
