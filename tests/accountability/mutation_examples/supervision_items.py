"""The catalogue mutations, each as 沈阳市卫生健康委员会's department administrator
(2101003020001, holding MANAGE_CATALOGUE) on an item prepared for it."""

from __future__ import annotations

import itertools
import random
from typing import Any

from sqlalchemy import select
from strawberry.relay import to_base64

from hub.db import SessionFactory
from hub.models import (
    Department,
    NationalSupervisionItem,
    RecordKind,
    RegionLevel,
    SupervisionItem,
    SupervisionItemStatus,
)
from tests.accountability.mutation_examples import MutationExample

VIEWER = "2101003020001"
_serials = itertools.count(random.Random().randrange(10**6, 10**7))
RESULT = "{ __typename ... on InputError { code message } }"
BASES = [{"law": "公共场所卫生管理条例", "article": "第十条", "text": None}]


def _input(code: str) -> dict[str, Any]:
    return {
        "code": code,
        "name": "公共场所卫生监督检查（示例）",
        "recordKind": "INSPECTION",
        "legalBases": BASES,
        "levels": ["CITY", "COUNTY"],
    }


def _code() -> str:
    return f"AUDIT-302-{next(_serials)}"


async def _item(
    sessions: SessionFactory,
    status: SupervisionItemStatus = SupervisionItemStatus.DRAFT,
    *,
    national_code: str | None = None,
) -> dict[str, Any]:
    """A fresh item of the viewer's department, and the variables that name it."""
    async with sessions() as session, session.begin():
        department_id = await session.scalar(
            select(Department.id).where(
                Department.region_code == "210100", Department.code == "302"
            )
        )
        national_id = (
            None
            if national_code is None
            else await session.scalar(
                select(NationalSupervisionItem.id).where(
                    NationalSupervisionItem.code == national_code
                )
            )
        )
        item = SupervisionItem(
            code=_code(),
            name="公共场所卫生监督检查（示例）",
            department_id=department_id,
            record_kind=RecordKind.INSPECTION,
            legal_bases=BASES,
            legal_basis="《公共场所卫生管理条例》第十条",
            status=status,
            national_item_id=national_id,
        )
        item.levels = [RegionLevel.CITY, RegionLevel.COUNTY]
        session.add(item)
        await session.flush()
        return {"id": to_base64("SupervisionItem", item.id), "version": 1, "code": item.code}


async def _national(code: str, sessions: SessionFactory) -> str:
    async with sessions() as session:
        national_id = await session.scalar(
            select(NationalSupervisionItem.id).where(NationalSupervisionItem.code == code)
        )
    return to_base64("NationalSupervisionItem", int(national_id or 0))


async def _create(sessions: SessionFactory) -> dict[str, Any]:
    return {"input": _input(_code())}


async def _update(sessions: SessionFactory) -> dict[str, Any]:
    item = await _item(sessions)
    return {"id": item["id"], "version": 1, "input": {**_input(item["code"]), "name": "改名"}}


async def _draft(sessions: SessionFactory) -> dict[str, Any]:
    item = await _item(sessions)
    return {"id": item["id"], "version": 1}


async def _published(sessions: SessionFactory) -> dict[str, Any]:
    item = await _item(sessions, SupervisionItemStatus.PUBLISHED)
    return {"id": item["id"], "version": 1}


async def _to_link(sessions: SessionFactory) -> dict[str, Any]:
    item = await _item(sessions)
    return {
        "id": item["id"],
        "version": 1,
        "nationalItemId": await _national("24020001", sessions),
    }


async def _linked(sessions: SessionFactory) -> dict[str, Any]:
    item = await _item(sessions, national_code="24020001")
    return {"id": item["id"], "version": 1}


EXAMPLES: list[MutationExample] = [
    MutationExample(
        field="createSupervisionItem",
        viewer=VIEWER,
        document=f"""mutation($input: SupervisionItemInput!) {{
  createSupervisionItem(input: $input) {RESULT}
}}""",
        prepare=_create,
    ),
    MutationExample(
        field="updateSupervisionItem",
        viewer=VIEWER,
        document=f"""mutation($id: ID!, $version: Int!, $input: SupervisionItemInput!) {{
  updateSupervisionItem(id: $id, version: $version, input: $input) {RESULT}
}}""",
        prepare=_update,
    ),
    MutationExample(
        field="publishSupervisionItem",
        viewer=VIEWER,
        document=f"""mutation($id: ID!, $version: Int!) {{
  publishSupervisionItem(id: $id, version: $version, reason: "经审议发布") {RESULT}
}}""",
        prepare=_draft,
    ),
    MutationExample(
        field="retireSupervisionItem",
        viewer=VIEWER,
        document=f"""mutation($id: ID!, $version: Int!) {{
  retireSupervisionItem(id: $id, version: $version, reason: "职能调整") {RESULT}
}}""",
        prepare=_published,
    ),
    MutationExample(
        field="deleteSupervisionItem",
        viewer=VIEWER,
        document="""mutation($id: ID!, $version: Int!) {
  deleteSupervisionItem(id: $id, version: $version) {
    __typename ... on InputError { code message }
  }
}""",
        prepare=_draft,
    ),
    MutationExample(
        field="linkNationalSupervisionItem",
        viewer=VIEWER,
        document=f"""mutation($id: ID!, $version: Int!, $nationalItemId: ID!) {{
  linkNationalSupervisionItem(id: $id, version: $version, nationalItemId: $nationalItemId) {RESULT}
}}""",
        prepare=_to_link,
    ),
    MutationExample(
        field="unlinkNationalSupervisionItem",
        viewer=VIEWER,
        document=f"""mutation($id: ID!, $version: Int!) {{
  unlinkNationalSupervisionItem(id: $id, version: $version) {RESULT}
}}""",
        prepare=_linked,
    ),
]
