"""The demo world for 证照联动 tests: the registration system (the demo partner client, bound
to 沈阳市市场监督管理局, with `registrations:write`), the demo accounts of the approving
departments, and fresh USCCs so that every test registers entities of its own."""

from __future__ import annotations

import dataclasses
import itertools
import random
from typing import Any

import pytest
from sqlalchemy import select
from strawberry.relay import to_base64

from hub.auth.permissions import PartnerScope
from hub.auth.viewer import Viewer
from hub.auth.viewers import staff_viewer
from hub.db import SessionFactory
from hub.demo import DEMO_PARTNER_CLIENT_ID, DemoSummary
from hub.domain.uscc import check_character
from hub.models import Account, Department, PartnerClient
from tests.support import Graph

_serials = itertools.count(random.Random().randrange(10**6, 10**8))

SUBMIT = """
mutation Submit($department: ID!, $registrations: [RegistrationInput!]!) {
  submitRegistrations(departmentId: $department, registrations: $registrations) {
    __typename
    ... on SubmitRegistrationsPayload {
      results {
        index uscc outcome code unroutedDepartmentCodes
        fieldErrors { field message }
        notices { id version status permitNames signDueOn handleDueOn overdue
                  department { code name region { code } } }
      }
    }
    ... on InputError { code message fieldErrors { field message } }
  }
}
"""


def new_uscc(region_code: str, kind: str = "1") -> str:
    first_seventeen = f"9{kind}{region_code}{next(_serials) % 10**9:09d}"
    return first_seventeen + check_character(first_seventeen)


def gid(type_name: str, row_id: int) -> str:
    return to_base64(type_name, row_id)


def registration(
    region_code: str,
    business_scope: str,
    *,
    industry_code: str | None = None,
    registered_on: str = "2026-11-02",
    uscc: str | None = None,
    name: str | None = None,
) -> dict[str, Any]:
    code = uscc or new_uscc(region_code)
    return {
        "uscc": code,
        "name": name or f"测试登记企业{code[-6:]}有限公司",
        "regionCode": region_code,
        "businessScope": business_scope,
        "industryCode": industry_code,
        "registeredOn": registered_on,
        "legalRepresentative": "张三",
        "address": "测试地址1号",
    }


@dataclasses.dataclass(frozen=True)
class LinkageWorld:
    session_factory: SessionFactory
    graph: Graph
    registrar: Viewer
    registrar_department_id: int
    staff: dict[str, Viewer]
    departments: dict[tuple[str, str], int]

    @property
    def registrar_gid(self) -> str:
        return gid("Department", self.registrar_department_id)

    async def submit(self, *registrations: dict[str, Any]) -> list[dict[str, Any]]:
        data = await self.graph.data(
            SUBMIT,
            {"department": self.registrar_gid, "registrations": list(registrations)},
            viewer=self.registrar,
        )
        payload = data["submitRegistrations"]
        assert payload["__typename"] == "SubmitRegistrationsPayload", payload
        results: list[dict[str, Any]] = payload["results"]
        return results


async def _staff(session_factory: SessionFactory, number: str) -> Viewer:
    async with session_factory() as session:
        account_id = await session.scalar(select(Account.id).where(Account.number == number))
        assert account_id is not None, number
        viewer = await staff_viewer(session, account_id)
        assert viewer is not None
        return dataclasses.replace(viewer, password_change_required=False)


STAFF = {
    "city market analyst": "2101002310006",  # 沈阳市 231, cross-department query
    "heping market clerk": "2101022310006",  # 和平区 231
    "city health clerk": "2101003020006",  # 沈阳市 302
    "city transport clerk": "2101003030006",  # 沈阳市 303
    "city transport admin": "2101003030001",
    "city agriculture clerk": "2101003050006",  # 沈阳市 305
    "dalian market clerk": "2102002310006",
    "province administrator": "2100002310001",
    "city administrator": "2101002310001",
}


@pytest.fixture(scope="session")
async def linkage(
    session_factory: SessionFactory, graph: Graph, demo_data: DemoSummary
) -> LinkageWorld:
    async with session_factory() as session:
        client_id = await session.scalar(
            select(PartnerClient.id).where(PartnerClient.client_id == DEMO_PARTNER_CLIENT_ID)
        )
        rows = (
            await session.execute(select(Department.region_code, Department.code, Department.id))
        ).all()
    departments = {(row[0], row[1]): row[2] for row in rows}
    assert client_id is not None
    registrar_department = departments[("210100", "231")]
    registrar = Viewer.partner(
        client_id=client_id,
        department_ids=frozenset({registrar_department}),
        scopes=frozenset({PartnerScope.REGISTRATIONS_WRITE}),
    )
    staff = {name: await _staff(session_factory, number) for name, number in STAFF.items()}
    return LinkageWorld(session_factory, graph, registrar, registrar_department, staff, departments)
