"""Rows the mutation examples start from, inserted directly (the services under test make
everything else). Examples share one database with every other test: each helper takes
keys nobody uses yet (fresh numbers, codes, serials), whatever ran before."""

from __future__ import annotations

import itertools
import random
import uuid
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.relay import to_base64

from hub.auth.passwords import hash_secret
from hub.auth.viewers import staff_viewer
from hub.collection.changes import Change
from hub.collection.records import create_record
from hub.collection.submissions import RecordSubmission, SubjectSubmission
from hub.db import SessionFactory
from hub.domain.id_numbers import check_character
from hub.models import (
    Account,
    AccountStatus,
    Department,
    MarketEntity,
    OrgUnit,
    RecordKind,
    SubjectCategory,
    User,
)
from hub.reference import department_codes, department_name, regions_by_code

# 沈阳市: its market-supervision department and one other (with their demo accounts).
SHENYANG = "210100"
MARKET = "231"
OTHER = "302"
PROVINCE = "210000"

_serials = itertools.count(random.Random().randrange(1, 900_000))


def global_id(type_name: str, row_id: int) -> str:
    return to_base64(type_name, row_id)


def fresh_text(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:10]}"


async def department_id(sessions: SessionFactory, region_code: str, code: str) -> int:
    async with sessions() as session:
        found = await session.scalar(
            select(Department.id).where(
                Department.region_code == region_code, Department.code == code
            )
        )
    assert found is not None, f"demo department {region_code}/{code}"
    return int(found)


async def account_id(sessions: SessionFactory, number: str) -> int:
    async with sessions() as session:
        found = await session.scalar(select(Account.id).where(Account.number == number))
    assert found is not None, f"demo account {number}"
    return int(found)


def resident_id(serial: int, region_code: str = "210102") -> str:
    born = date(1960, 1, 1) + timedelta(days=serial % 15_000)
    first_seventeen = f"{region_code}{born:%Y%m%d}{serial % 1000:03d}"
    return first_seventeen + check_character(first_seventeen)


async def fresh_resident_id(session: AsyncSession) -> str:
    while True:
        candidate = resident_id(next(_serials))
        if await session.scalar(select(User.id).where(User.id_number == candidate)) is None:
            return candidate


async def free_department_code(sessions: SessionFactory, region_code: str) -> str:
    """A code of the code table that exists at the region's level and is still unused there."""
    level = regions_by_code()[region_code].level
    async with sessions() as session:
        used = set(
            (
                await session.scalars(
                    select(Department.code).where(Department.region_code == region_code)
                )
            ).all()
        )
    free = [c.code for c in department_codes() if c.exists_at(level) and c.code not in used]
    assert free, f"no department code left at {region_code}"
    return random.choice(free)


async def new_department(sessions: SessionFactory, region_code: str = PROVINCE) -> int:
    code = await free_department_code(sessions, region_code)
    spec = next(c for c in department_codes() if c.code == code)
    async with sessions() as session, session.begin():
        department = Department(
            region_code=region_code,
            code=spec.code,
            name=department_name(spec, regions_by_code()[region_code]),
        )
        session.add(department)
        await session.flush()
        return department.id


async def new_user(sessions: SessionFactory, department: int) -> int:
    async with sessions() as session, session.begin():
        user = User(
            name=fresh_text("测试")[:8],
            id_number=await fresh_resident_id(session),
            department_id=department,
        )
        session.add(user)
        await session.flush()
        return user.id


async def new_account(
    sessions: SessionFactory,
    department: int,
    *,
    with_user: bool = False,
    status: AccountStatus = AccountStatus.ENABLED,
    org_unit: int | None = None,
    password: str | None = None,
    must_change_password: bool = False,
) -> int:
    """A business account numbered 8000 and up in the department (createAccount takes the
    lowest free number from 0006 up, so the two never meet)."""
    user = await new_user(sessions, department) if with_user else None
    async with sessions() as session, session.begin():
        prefix = (await session.get_one(Department, department)).account_prefix
        highest = await session.scalar(
            select(func.max(Account.number)).where(Account.number.like(f"{prefix}8%"))
        )
        sequence = int(highest[9:]) + 1 if highest else 8000
        account = Account(
            number=f"{prefix}{sequence:04d}",
            department_id=department,
            user_id=user,
            org_unit_id=org_unit,
            status=status,
            password_hash=None if password is None else hash_secret(password),
            must_change_password=must_change_password,
        )
        session.add(account)
        await session.flush()
        return account.id


async def new_org_unit(sessions: SessionFactory, department: int) -> int:
    async with sessions() as session, session.begin():
        unit = OrgUnit(department_id=department, name=fresh_text("测试科"))
        session.add(unit)
        await session.flush()
        return unit.id


async def demo_entity_uscc(sessions: SessionFactory) -> tuple[str, str]:
    """(uscc, name) of a demo entity: a record about it creates no entity (and so writes
    only its own audit event)."""
    async with sessions() as session:
        row = (
            await session.execute(
                select(MarketEntity.uscc, MarketEntity.name).order_by(MarketEntity.id).limit(1)
            )
        ).one()
    return row[0], row[1]


DECIDED = date.today() - timedelta(days=3)

# Each kind's own fields, as the models hold them (for records made directly).
KIND_DETAILS: dict[RecordKind, dict[str, Any]] = {
    RecordKind.LICENSE: {
        "license_category": "GENERAL",
        "certificate_name": "食品经营许可证",
        "license_number": "JY12101000001",
        "content": "预包装食品销售",
        "valid_from": DECIDED,
        "valid_to": DECIDED + timedelta(days=365 * 5),
    },
    RecordKind.INSPECTION: {"inspected_on": DECIDED, "result": "NORMAL"},
    RecordKind.FILING: {"filing_subject": "广告发布登记", "filed_on": DECIDED},
    RecordKind.PENALTY: {
        "violation_type": "销售过期食品",
        "violation_facts": "当事人销售超过保质期的食品",
        "legal_basis": "《中华人民共和国食品安全法》第一百二十四条",
        "penalty_types": ["WARNING", "FINE"],
        "content": "警告，罚款五千元",
        "fine_amount": Decimal("0.5"),
    },
    RecordKind.ENFORCEMENT: {
        "measure": "SEALING_UP",
        "legal_basis": "《中华人民共和国行政强制法》第九条",
        "content": "查封涉案物品",
        "starts_on": DECIDED,
        "ends_on": DECIDED + timedelta(days=30),
    },
    RecordKind.BLACKLIST: {
        "reason": "提交虚假材料取得登记",
        "listing_authority": "沈阳市市场监督管理局",
        "listed_on": DECIDED,
    },
}

# The same, as GraphQL input (camelCase, JSON values).
KIND_INPUTS: dict[RecordKind, dict[str, Any]] = {
    RecordKind.LICENSE: {
        "licenseCategory": "GENERAL",
        "certificateName": "食品经营许可证",
        "licenseNumber": "JY12101000001",
        "content": "预包装食品销售",
        "validFrom": DECIDED.isoformat(),
        "validTo": (DECIDED + timedelta(days=365 * 5)).isoformat(),
    },
    RecordKind.INSPECTION: {"inspectedOn": DECIDED.isoformat(), "result": "NORMAL"},
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
        "listingAuthority": "沈阳市市场监督管理局",
        "listedOn": DECIDED.isoformat(),
    },
}


async def record_input(sessions: SessionFactory, kind: RecordKind) -> dict[str, Any]:
    """A complete GraphQL input for a new record of `kind` about a demo entity."""
    uscc, name = await demo_entity_uscc(sessions)
    return {
        "subject": {"name": name, "category": "LEGAL_PERSON", "uscc": uscc},
        "documentName": "行政决定书",
        "decisionNumber": fresh_text("沈市监〔2026〕"),
        "decisionDate": DECIDED.isoformat(),
        "publicationEndDate": (date.today() + timedelta(days=365)).isoformat(),
        **KIND_INPUTS[kind],
    }


async def new_record(
    sessions: SessionFactory, number: str, kind: RecordKind = RecordKind.PENALTY
) -> tuple[int, int]:
    """A draft of `kind` entered by the demo account `number` about a demo entity, through
    the entry service itself; (record id, version)."""
    uscc, name = await demo_entity_uscc(sessions)
    submission = RecordSubmission(
        kind=kind,
        subject=SubjectSubmission(name=name, category=SubjectCategory.LEGAL_PERSON, uscc=uscc),
        document_name="行政决定书",
        decision_number=fresh_text("沈市监〔2026〕"),
        decision_date=DECIDED,
        publication_end_date=date.today() + timedelta(days=365),
        details=KIND_DETAILS[kind],
    )
    async with sessions() as session, session.begin():
        viewer = await staff_viewer(session, await _account(session, number))
        assert viewer is not None
        record = await create_record(Change(session, viewer), submission)
        await session.flush()
        return record.id, record.version


async def _account(session: AsyncSession, number: str) -> int:
    return int(await session.scalar(select(Account.id).where(Account.number == number)) or 0)
