"""A JSON Lines file of valid legacy records for `make bench-import`: all six kinds, one
department (和平区市场监督管理局, 210102-231), subjects drawn from a pool of USCCs with valid
check characters (the importer creates their market entities on first sight). Streamed
line by line with a fixed seed: the same arguments always write the same file.

    .venv/bin/python -m bench.import_generate var/bench/import.jsonl --records 1000000
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from hub.domain.uscc import ALPHABET, check_character

REGION = "210102"
DEPARTMENT = "231"
FIRST_DAY = date(2018, 1, 1)
DAYS = (date(2025, 12, 31) - FIRST_DAY).days
# Roughly the mix of the old platform: inspections and licenses dominate.
KINDS = (
    ("INSPECTION", 35),
    ("LICENSE", 25),
    ("FILING", 10),
    ("PENALTY", 20),
    ("ENFORCEMENT", 5),
    ("BLACKLIST", 5),
)
ORGANISATION = ALPHABET[:10] + "ABCDEFGHJKLMNPQRTUWXY"


def uscc(rng: random.Random) -> str:
    kind = rng.choice("1112")
    first = f"9{kind}{REGION}" + "".join(rng.choice(ORGANISATION) for _ in range(9))
    return first + check_character(first)


def kind_fields(kind: str, decided: date, rng: random.Random) -> dict[str, Any]:
    day = decided.isoformat()
    if kind == "LICENSE":
        return {
            "license_category": "GENERAL",
            "certificate_name": "食品经营许可证",
            "license_number": f"JY1210102{rng.randrange(10**7):07d}",
            "content": "预包装食品销售",
            "valid_from": day,
            "valid_to": (decided + timedelta(days=5 * 365)).isoformat(),
        }
    if kind == "INSPECTION":
        return {"inspected_on": day, "result": rng.choice(("NORMAL", "PROBLEMS_FOUND"))}
    if kind == "FILING":
        return {"filing_subject": "广告发布登记", "filed_on": day, "content": "户外广告"}
    if kind == "PENALTY":
        return {
            "violation_type": "销售过期食品",
            "violation_facts": "当事人销售超过保质期的食品",
            "legal_basis": "《中华人民共和国食品安全法》第一百二十四条",
            "penalty_types": ["WARNING", "FINE"],
            "content": "警告，罚款",
            "fine_amount": f"{rng.randrange(1, 500) / 100:.2f}",
        }
    if kind == "ENFORCEMENT":
        return {
            "measure": "SEALING_UP",
            "legal_basis": "《中华人民共和国行政强制法》第九条",
            "content": "查封涉案物品",
            "starts_on": day,
            "ends_on": (decided + timedelta(days=30)).isoformat(),
        }
    return {
        "reason": "提交虚假材料取得登记",
        "listing_authority": "和平区市场监督管理局",
        "listed_on": day,
    }


def records(count: int, seed: int) -> Iterator[dict[str, Any]]:
    rng = random.Random(seed)
    subjects = [uscc(rng) for _ in range(max(count // 10, 1))]
    names, weights = zip(*KINDS, strict=True)
    for number in range(count):
        kind = rng.choices(names, weights)[0]
        decided = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
        subject = rng.choice(subjects)
        yield {
            "legacy_id": f"B{number:08d}",
            "kind": kind,
            "region_code": REGION,
            "department_code": DEPARTMENT,
            "subject_name": f"沈阳基准测试企业{subject[8:17]}",
            "subject_category": "LEGAL_PERSON",
            "subject_uscc": subject,
            "document_name": "行政决定书",
            "decision_number": f"沈和基准〔{decided.year}〕{number:08d}号",
            "decision_date": decided.isoformat(),
            **kind_fields(kind, decided, rng),
        }


def generate(path: Path, count: int, seed: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for record in records(count, seed):
            out.write(json.dumps(record, ensure_ascii=False))
            out.write("\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("path", type=Path)
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=20261129)
    options = parser.parse_args()
    generate(options.path, options.records, options.seed)


if __name__ == "__main__":
    main()
