"""Demo accounts: ready-to-use sign-ins for the work portal, their grants, and a partner client.

Every demo account has completed its first sign-in (personal details filled in, initial
password changed) and signs in with `DEMO_PASSWORD`. The grants form the tree the domain
describes: the provincial market-supervision administrator holds every permission as a
root grant; each other account holds what its granter (an administrator one step up)
granted it from its own grants, never more.

Loading is idempotent like the rest of the demo: accounts by number, users by ID number,
grants by (account, permission), the partner client by client id; what exists is left
alone (a changed password stays changed).
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from hub.auth.passwords import hash_secret
from hub.auth.permissions import Permission
from hub.demo.identifiers import random_mobile, random_resident_id
from hub.models import (
    Account,
    PartnerClient,
    PartnerClientDepartment,
    PermissionGrant,
    User,
)

DEMO_PASSWORD: Final = "Demo@2026hub"
DEMO_PARTNER_CLIENT_ID: Final = "demo-partner"
DEMO_PARTNER_SECRET: Final = "demo-partner-secret-2026"
DEMO_PARTNER_SCOPES: Final = "records:write records:read registrations:write"
DEMO_PARTNER_NAME: Final = "沈阳市信用信息共享平台（演示）"
# The partner submits for 沈阳市市场监督管理局; 沈阳市's region administrator set it up.
DEMO_PARTNER_DEPARTMENT: Final = ("210100", "231")
DEMO_PARTNER_CREATOR: Final = "2101002310001"

_SETUP = datetime(2019, 3, 15, 1, 0, tzinfo=UTC)

P = Permission
_ALL = tuple(Permission)
_REGION_ADMIN = _ALL
_DEPARTMENT_ADMIN = (
    P.MANAGE_ACCOUNTS,
    P.GRANT_PERMISSIONS,
    P.VIEW_AUDIT,
    P.RECORD_ENTRY,
    P.PUBLISH_RECORDS,
    P.MANAGE_CATALOGUE,
    P.PLAN_INSPECTIONS,
    P.HANDLE_LINKAGE,
    P.HANDLE_COMPLAINTS,
    P.MANAGE_RISK,
)
_BUSINESS = (
    P.RECORD_ENTRY,
    P.PUBLISH_RECORDS,
    P.PLAN_INSPECTIONS,
    P.HANDLE_LINKAGE,
    P.HANDLE_COMPLAINTS,
)


@dataclass(frozen=True, slots=True)
class DemoAccount:
    number: str
    name: str
    male: bool
    role: str
    # The account whose grants this one's come from; None: root grants (the system's).
    granted_by: str | None
    permissions: tuple[Permission, ...]
    # Where the user was born (the first six digits of the ID number).
    born_in: str

    @property
    def department_key(self) -> tuple[str, str]:
        return self.number[:6], self.number[6:9]


# Granters come before the accounts they grant to.
DEMO_ACCOUNTS: Final = (
    DemoAccount(
        number="2100002310001",
        name="刘志刚",
        male=True,
        role="辽宁省市场监督管理局 区划管理员",
        granted_by=None,
        permissions=_ALL,
        born_in="210102",
    ),
    DemoAccount(
        number="2101002310001",
        name="张丽华",
        male=False,
        role="沈阳市市场监督管理局 区划管理员",
        granted_by="2100002310001",
        permissions=_REGION_ADMIN,
        born_in="210103",
    ),
    DemoAccount(
        number="2101002310006",
        name="王晓明",
        male=True,
        role="沈阳市市场监督管理局 业务人员（可跨部门查询）",
        granted_by="2101002310001",
        permissions=(*_BUSINESS, P.CROSS_DEPARTMENT_QUERY, P.PERSONAL_DATA, P.VIEW_STATISTICS),
        born_in="210104",
    ),
    DemoAccount(
        number="2101022310001",
        name="赵雪梅",
        male=False,
        role="和平区市场监督管理局 区划管理员",
        granted_by="2101002310001",
        permissions=(*_DEPARTMENT_ADMIN, P.MANAGE_DEPARTMENTS),
        born_in="210102",
    ),
    DemoAccount(
        number="2101022310006",
        name="李静",
        male=False,
        role="和平区市场监督管理局 业务人员",
        granted_by="2101022310001",
        permissions=_BUSINESS,
        born_in="210102",
    ),
    DemoAccount(
        number="2101003020001",
        name="孙建国",
        male=True,
        role="沈阳市卫生健康委员会 部门管理员",
        granted_by="2101002310001",
        permissions=_DEPARTMENT_ADMIN,
        born_in="210105",
    ),
    DemoAccount(
        number="2101003020006",
        name="周婷",
        male=False,
        role="沈阳市卫生健康委员会 业务人员",
        granted_by="2101003020001",
        permissions=_BUSINESS,
        born_in="210106",
    ),
    DemoAccount(
        number="2101003030001",
        name="吴海波",
        male=True,
        role="沈阳市交通运输局 部门管理员",
        granted_by="2101002310001",
        permissions=_DEPARTMENT_ADMIN,
        born_in="210111",
    ),
    DemoAccount(
        number="2101003030006",
        name="郑凯",
        male=True,
        role="沈阳市交通运输局 业务人员",
        granted_by="2101003030001",
        permissions=_BUSINESS,
        born_in="210112",
    ),
    DemoAccount(
        number="2101003050001",
        name="陈淑珍",
        male=False,
        role="沈阳市农业农村局 部门管理员",
        granted_by="2101002310001",
        permissions=_DEPARTMENT_ADMIN,
        born_in="210113",
    ),
    DemoAccount(
        number="2101003050006",
        name="马春雷",
        male=True,
        role="沈阳市农业农村局 业务人员",
        granted_by="2101003050001",
        permissions=_BUSINESS,
        born_in="210114",
    ),
    DemoAccount(
        number="2102002310001",
        name="高玉兰",
        male=False,
        role="大连市市场监督管理局 区划管理员",
        granted_by="2100002310001",
        permissions=_REGION_ADMIN,
        born_in="210202",
    ),
    DemoAccount(
        number="2102002310006",
        name="林浩",
        male=True,
        role="大连市市场监督管理局 业务人员",
        granted_by="2102002310001",
        permissions=_BUSINESS,
        born_in="210203",
    ),
)


def _personal_details(account: DemoAccount) -> tuple[str, str]:
    """A synthetic, valid resident ID number and a mobile number, the same every time."""
    rng = random.Random(f"demo-account:{account.number}")
    born = date(1968, 1, 1) + timedelta(days=rng.randrange(365 * 27))
    return random_resident_id(rng, account.born_in, born, male=account.male), random_mobile(rng)


Counts = list[tuple[type[Any], int, int]]


async def load_demo_accounts(
    session: AsyncSession, departments: dict[tuple[str, str], int]
) -> Counts:
    """Insert what is missing; per model: (demo rows, rows inserted now)."""
    accounts, users_inserted = await _accounts(session, departments)
    grants_inserted, grants_total = await _grants(session, accounts)
    partner_inserted, binding_inserted = await _partner_client(session, departments, accounts)
    return [
        (User, len(DEMO_ACCOUNTS), users_inserted),
        (Account, len(DEMO_ACCOUNTS), sum(1 for a in accounts.values() if a[1])),
        (PermissionGrant, grants_total, grants_inserted),
        (PartnerClient, 1, partner_inserted),
        (PartnerClientDepartment, 1, binding_inserted),
    ]


async def _accounts(
    session: AsyncSession, departments: dict[tuple[str, str], int]
) -> tuple[dict[str, tuple[int, bool]], int]:
    """{number: (account id, inserted now)} and how many users were inserted."""
    numbers = [spec.number for spec in DEMO_ACCOUNTS]
    existing = {
        number: account_id
        for account_id, number in await session.execute(
            select(Account.id, Account.number).where(Account.number.in_(numbers))
        )
    }
    missing = [spec for spec in DEMO_ACCOUNTS if spec.number not in existing]
    details = {spec.number: _personal_details(spec) for spec in DEMO_ACCOUNTS}
    id_numbers = [details[spec.number][0] for spec in missing]
    users = {
        id_number: user_id
        for user_id, id_number in await session.execute(
            select(User.id, User.id_number).where(User.id_number.in_(id_numbers))
        )
    }
    # One Argon2 hash per account (each with its own salt), off the event loop.
    hashes = await asyncio.gather(*(asyncio.to_thread(hash_secret, DEMO_PASSWORD) for _ in missing))
    result = {number: (account_id, False) for number, account_id in existing.items()}
    users_inserted = 0
    for spec, password_hash in zip(missing, hashes, strict=True):
        department_id = departments[spec.department_key]
        id_number, phone = details[spec.number]
        user_id = users.get(id_number)
        if user_id is None:
            user = User(
                name=spec.name,
                id_number=id_number,
                phone=phone,
                department_id=department_id,
                created_at=_SETUP,
                updated_at=_SETUP,
            )
            session.add(user)
            await session.flush()
            user_id = user.id
            users_inserted += 1
        account = Account(
            number=spec.number,
            department_id=department_id,
            user_id=user_id,
            password_hash=password_hash,
            must_change_password=False,
            password_changed_at=_SETUP,
            created_at=_SETUP,
            updated_at=_SETUP,
        )
        session.add(account)
        await session.flush()
        result[spec.number] = (account.id, True)
    return result, users_inserted


async def _grants(session: AsyncSession, accounts: dict[str, tuple[int, bool]]) -> tuple[int, int]:
    """(grants inserted, demo grants in all)."""
    ids = [account_id for account_id, _ in accounts.values()]
    held: dict[tuple[int, Permission], int] = {
        (account_id, Permission(permission)): grant_id
        for grant_id, account_id, permission in await session.execute(
            select(
                PermissionGrant.id, PermissionGrant.account_id, PermissionGrant.permission
            ).where(PermissionGrant.account_id.in_(ids))
        )
        if account_id is not None
    }
    inserted = 0
    for spec in DEMO_ACCOUNTS:
        account_id = accounts[spec.number][0]
        granter_id = None if spec.granted_by is None else accounts[spec.granted_by][0]
        for permission in spec.permissions:
            if (account_id, permission) in held:
                continue
            grant = PermissionGrant(
                permission=permission,
                account_id=account_id,
                parent_grant_id=None if granter_id is None else held[(granter_id, permission)],
                granted_by_account_id=granter_id,
                created_at=_SETUP,
            )
            session.add(grant)
            await session.flush()
            held[(account_id, permission)] = grant.id
            inserted += 1
    return inserted, sum(len(spec.permissions) for spec in DEMO_ACCOUNTS)


async def _partner_client(
    session: AsyncSession,
    departments: dict[tuple[str, str], int],
    accounts: dict[str, tuple[int, bool]],
) -> tuple[int, int]:
    client_id = await session.scalar(
        select(PartnerClient.id).where(PartnerClient.client_id == DEMO_PARTNER_CLIENT_ID)
    )
    client_inserted = 0
    if client_id is None:
        client = PartnerClient(
            client_id=DEMO_PARTNER_CLIENT_ID,
            name=DEMO_PARTNER_NAME,
            secret_hash=await asyncio.to_thread(hash_secret, DEMO_PARTNER_SECRET),
            scopes=DEMO_PARTNER_SCOPES,
            created_by_account_id=accounts[DEMO_PARTNER_CREATOR][0],
            created_at=_SETUP,
            updated_at=_SETUP,
        )
        session.add(client)
        await session.flush()
        client_id = client.id
        client_inserted = 1
    department_id = departments[DEMO_PARTNER_DEPARTMENT]
    bound = await session.scalar(
        select(PartnerClientDepartment.client_id).where(
            PartnerClientDepartment.client_id == client_id,
            PartnerClientDepartment.department_id == department_id,
        )
    )
    if bound is not None:
        return client_inserted, 0
    session.add(PartnerClientDepartment(client_id=client_id, department_id=department_id))
    await session.flush()
    return client_inserted, 1


def demo_accounts_table() -> Sequence[tuple[str, str, str]]:
    """(account, holder, role) of every demo account, for `hub demo` and the README."""
    return [(spec.number, spec.name, spec.role) for spec in DEMO_ACCOUNTS]


__all__ = [
    "DEMO_ACCOUNTS",
    "DEMO_PARTNER_CLIENT_ID",
    "DEMO_PARTNER_SCOPES",
    "DEMO_PARTNER_SECRET",
    "DEMO_PASSWORD",
    "DemoAccount",
    "demo_accounts_table",
    "load_demo_accounts",
]
