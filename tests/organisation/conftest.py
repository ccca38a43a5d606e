"""An organisation of its own for every test, inside the shared session database.

The demo data brings the departments (a market-supervision department in every region;
only 231 in most counties) and a few demo accounts. Each test takes a city, a county below
it that has no department but 231, free administrator slots (0005 downward, so 0001 stays
free for `enableDepartmentAdministrator`), and a fresh department with an unused code:
nothing it makes or changes is seen by another test, whatever ran before.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.relay import GlobalID, to_base64

from hub.auth.permissions import Permission
from hub.auth.viewer import Viewer
from hub.auth.viewers import staff_viewer
from hub.db import SessionFactory
from hub.demo import DemoSummary
from hub.domain.id_numbers import check_character
from hub.models import (
    MARKET_SUPERVISION_CODE,
    Account,
    AuditEvent,
    Department,
    PermissionGrant,
    RegionLevel,
    User,
)
from hub.reference import department_codes, department_name, regions, regions_by_code
from tests.support import Graph

ALL = frozenset(Permission)
REGION_ADMINISTRATOR = ALL
DEPARTMENT_ADMINISTRATOR = frozenset(
    {
        Permission.MANAGE_ACCOUNTS,
        Permission.GRANT_PERMISSIONS,
        Permission.VIEW_AUDIT,
        Permission.RECORD_ENTRY,
        Permission.PUBLISH_RECORDS,
        Permission.MANAGE_PARTNER_CLIENTS,
    }
)


def global_id(type_name: str, row_id: int) -> str:
    return to_base64(type_name, row_id)


def node_id(value: str) -> int:
    return int(GlobalID.from_id(value).node_id)


def resident_id(serial: int, region_code: str = "210102") -> str:
    """A valid 18-character resident ID, distinct for each serial below 21,000."""
    born = f"{1970 + serial % 40}{1 + serial % 12:02d}{1 + serial % 28:02d}"
    first_seventeen = f"{region_code}{born}{serial % 1000:03d}"
    return first_seventeen + check_character(first_seventeen)


@dataclass
class Granted:
    """What an account holds: permission → the grant it holds it by."""

    account_id: int
    grants: dict[Permission, int] = field(default_factory=dict)


@dataclass
class Organisation:
    """One test's own corner of the province."""

    city: str
    county: str
    city_market: Department
    county_market: Department
    department: Department  # a fresh department of the county, not market supervision
    city_admin_grants: Granted | None
    county_admin: Granted
    department_admin: Granted

    @property
    def city_admin(self) -> Granted:
        assert self.city_admin_grants is not None, "build.organisation(city_admin=True)"
        return self.city_admin_grants


class Builder:
    """Direct inserts for the world a test starts from (the services under test make
    everything else)."""

    def __init__(self, session_factory: SessionFactory) -> None:
        self.sessions = session_factory
        self._serial = 0
        self._used_counties: set[str] = set()

    async def free_city_and_county(self, *, city_slot: bool) -> tuple[Department, Department, str]:
        """A city and a county below it, the county with a free administrator slot and a
        department code still unused (and the city with a free slot too, if asked);
        counties no test has used yet first, and never one this builder handed out."""
        async with self.sessions() as session:
            departments = (await session.scalars(select(Department))).all()
            numbers = set((await session.scalars(select(Account.number))).all())
        by_key = {(d.region_code, d.code): d for d in departments}
        codes_in: dict[str, set[str]] = {}
        for department in departments:
            codes_in.setdefault(department.region_code, set()).add(department.code)
        county_codes = [
            c.code
            for c in department_codes()
            if c.code != MARKET_SUPERVISION_CODE and c.exists_at(RegionLevel.COUNTY)
        ]

        def free_slots(department: Department) -> int:
            return sum(department.account_prefix + f"{s:04d}" not in numbers for s in range(2, 6))

        candidates = []
        for county in regions():
            if county.level is not RegionLevel.COUNTY or county.parent_code is None:
                continue
            if county.code in self._used_counties:
                continue
            county_market = by_key.get((county.code, MARKET_SUPERVISION_CODE))
            city_market = by_key.get((county.parent_code, MARKET_SUPERVISION_CODE))
            if county_market is None or city_market is None:
                continue
            unused = [code for code in county_codes if code not in codes_in.get(county.code, ())]
            if not unused or free_slots(county_market) == 0:
                continue
            if city_slot and free_slots(city_market) == 0:
                continue
            used = 4 - free_slots(county_market) + len(county_codes) - len(unused)
            candidates.append((used, county.code, city_market, county_market, unused[0]))
        if not candidates:
            raise RuntimeError("no free county left for another organisation test")
        _, code, city_market, county_market, free_code = min(candidates, key=lambda c: c[:2])
        self._used_counties.add(code)
        return city_market, county_market, free_code

    async def department(self, region_code: str, code: str) -> Department:
        spec = next(c for c in department_codes() if c.code == code)
        async with self.sessions() as session, session.begin():
            department = Department(
                region_code=region_code,
                code=code,
                name=department_name(spec, regions_by_code()[region_code]),
            )
            session.add(department)
        return department

    async def account(
        self, department: Department, *, sequences: Iterable[int] = range(5, 1, -1)
    ) -> Account:
        """An enabled account in the first free slot of `sequences` (default: the
        administrators' 0005 downward), held by a new user."""
        async with self.sessions() as session, session.begin():
            taken = set(
                (
                    await session.scalars(
                        select(Account.number).where(Account.department_id == department.id)
                    )
                ).all()
            )
            number = next(
                department.account_prefix + f"{s:04d}"
                for s in sequences
                if department.account_prefix + f"{s:04d}" not in taken
            )
            serial = await self._user_serial(session)
            user = User(
                name=f"测试{serial}",
                id_number=resident_id(serial),
                phone=f"139{serial:08d}",
                department_id=department.id,
            )
            session.add(user)
            await session.flush()
            account = Account(
                number=number,
                department_id=department.id,
                user_id=user.id,
                must_change_password=False,
            )
            session.add(account)
        return account

    async def _user_serial(self, session: AsyncSession) -> int:
        """A serial whose resident ID is not registered yet."""
        while True:
            self._serial += 1
            serial = (self._serial * 7919 + 4_729) % 21_000
            taken = await session.scalar(
                select(User.id).where(User.id_number == resident_id(serial))
            )
            if taken is None:
                return serial

    async def fresh_resident_id(self) -> str:
        async with self.sessions() as session:
            return resident_id(await self._user_serial(session))

    async def root_grants(self, account: Account, permissions: Iterable[Permission]) -> Granted:
        """The system's own grants (no parent, no granter), as the provincial region
        administrator holds them."""
        return await self.grants(account, permissions, parent=None)

    async def grants(
        self,
        account: Account,
        permissions: Iterable[Permission],
        *,
        parent: Granted | None,
    ) -> Granted:
        held = Granted(account.id)
        async with self.sessions() as session, session.begin():
            for permission in permissions:
                grant = PermissionGrant(
                    permission=permission,
                    account_id=account.id,
                    parent_grant_id=None if parent is None else parent.grants[permission],
                    granted_by_account_id=None if parent is None else parent.account_id,
                )
                session.add(grant)
                await session.flush()
                held.grants[permission] = grant.id
        return held

    async def viewer(self, account_id: int) -> Viewer:
        async with self.sessions() as session:
            viewer = await staff_viewer(session, account_id)
        assert viewer is not None
        return viewer

    async def organisation(
        self,
        *,
        city_admin: bool = False,
        county_admin_permissions: Iterable[Permission] = REGION_ADMINISTRATOR,
        department_admin_permissions: Iterable[Permission] = DEPARTMENT_ADMINISTRATOR,
    ) -> Organisation:
        """A county's region administrator holding `county_admin_permissions` (granted by
        the city's region administrator when `city_admin`, else as root grants), and a
        fresh department of the county whose administrator (0001) holds
        `department_admin_permissions` granted by the county's."""
        city_market, county_market, code = await self.free_city_and_county(city_slot=city_admin)
        department = await self.department(county_market.region_code, code)
        county_account = await self.account(county_market)
        department_account = await self.account(department, sequences=(1,))
        city_grants = None
        if city_admin:
            city_grants = await self.root_grants(await self.account(city_market), ALL)
        county_grants = await self.grants(
            county_account, county_admin_permissions, parent=city_grants
        )
        department_grants = await self.grants(
            department_account,
            [p for p in department_admin_permissions if p in county_grants.grants],
            parent=county_grants,
        )
        return Organisation(
            city=city_market.region_code,
            county=county_market.region_code,
            city_market=city_market,
            county_market=county_market,
            department=department,
            city_admin_grants=city_grants,
            county_admin=county_grants,
            department_admin=department_grants,
        )

    async def audit_mark(self) -> int:
        async with self.sessions() as session:
            return int(await session.scalar(select(func.max(AuditEvent.id))) or 0)

    async def events_since(self, mark: int, account_id: int) -> list[AuditEvent]:
        async with self.sessions() as session:
            statement = (
                select(AuditEvent)
                .where(AuditEvent.id > mark, AuditEvent.account_id == account_id)
                .order_by(AuditEvent.id)
            )
            return list((await session.scalars(statement)).all())

    @asynccontextmanager
    async def audited(self, viewer: Viewer) -> AsyncIterator[list[AuditEvent]]:
        """The audit events the viewer's account wrote inside the block."""
        assert viewer.account_id is not None
        events: list[AuditEvent] = []
        mark = await self.audit_mark()
        yield events
        events.extend(await self.events_since(mark, viewer.account_id))


@pytest.fixture
def build(session_factory: SessionFactory, demo_data: DemoSummary) -> Builder:
    return Builder(session_factory)


@pytest.fixture
async def org(build: Builder) -> Organisation:
    return await build.organisation()


@pytest.fixture
async def org_with_city(build: Builder) -> Organisation:
    """With the city's region administrator above the county's."""
    return await build.organisation(city_admin=True)


class Mutations:
    """Runs one mutation document and returns its result object (payload or InputError)."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    async def run(self, document: str, variables: dict[str, Any], viewer: Viewer) -> dict[str, Any]:
        data = await self.graph.data(document, variables, viewer=viewer)
        [result] = data.values()
        assert isinstance(result, dict)
        return result

    async def forbidden(self, document: str, variables: dict[str, Any], viewer: Viewer) -> None:
        assert await self.graph.error_codes(document, variables, viewer=viewer) == ["FORBIDDEN"]


@pytest.fixture
def mutations(graph: Graph) -> Mutations:
    return Mutations(graph)


def field_errors(result: dict[str, Any]) -> dict[str, str]:
    assert result["__typename"] == "InputError", result
    return {error["field"]: error["message"] for error in result["fieldErrors"]}
