"""双随机、一公开 mutations, one example each, against the demo data (沈阳市市场监督管理局
plans; 沈阳市卫生健康委员会 joins; the demo inspectors of both)."""

from __future__ import annotations

import itertools
import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from strawberry.relay import from_base64, to_base64

from hub.db import SessionFactory
from hub.models import (
    Department,
    InspectionAssignment,
    InspectionAssignmentInspector,
    InspectionPlan,
    InspectionPlanDepartment,
    InspectionPlanStatus,
    Inspector,
    MarketEntity,
    MarketEntityKind,
    RecordKind,
    SupervisionItem,
    SupervisionItemStatus,
    SupervisionRecord,
    User,
)
from tests.accountability.mutation_examples import MutationExample

CITY = "210100"
_serials = itertools.count(random.Random().randrange(10**6, 10**8))


def _unique(prefix: str) -> str:
    return f"{prefix}{next(_serials)}"


async def _department(session: Any, code: str) -> Department:
    department = await session.scalar(
        select(Department).where(Department.region_code == CITY, Department.code == code)
    )
    assert department is not None, code
    return department


async def _plan(
    sessions: SessionFactory,
    *,
    status: InspectionPlanStatus,
    invited: str | None = None,
    accepted: bool = True,
    assignment: bool = False,
) -> dict[str, Any]:
    """A plan of 沈阳市市场监督管理局 inserted directly, in the state the example needs."""
    async with sessions() as session, session.begin():
        lead = await _department(session, "231")
        plan = InspectionPlan(
            name=_unique("审计示例抽查计划"),
            status=status,
            lead_department_id=lead.id,
            region_code=CITY,
            pool_region_code=CITY,
            pool_entity_kind=MarketEntityKind.ENTERPRISE,
            pool_credit_grades=[],
            object_count=1,
            inspectors_per_object=2,
            exclusion_window_days=0,
            publication_deadline_days=20,
            ends_on=date.today() + timedelta(days=30),
        )
        session.add(plan)
        await session.flush()
        session.add(
            InspectionPlanDepartment(
                plan_id=plan.id, department_id=lead.id, accepted_at=datetime.now(UTC)
            )
        )
        if invited is not None:
            other = await _department(session, invited)
            session.add(
                InspectionPlanDepartment(
                    plan_id=plan.id,
                    department_id=other.id,
                    accepted_at=datetime.now(UTC) if accepted else None,
                )
            )
        variables: dict[str, Any] = {"id": to_base64("InspectionPlan", plan.id), "version": 1}
        if assignment:
            variables["assignmentId"] = await _assignment(session, plan, lead)
        await session.flush()
        variables["version"] = plan.version
        return variables


async def _assignment(session: Any, plan: InspectionPlan, lead: Department) -> str:
    """One drawn object with the demo inspectors of 沈阳市市场监督管理局."""
    entity_id = await session.scalar(
        select(MarketEntity.id)
        .where(MarketEntity.region_code.like("2101%"))
        .order_by(MarketEntity.id)
        .limit(1)
    )
    assignment = InspectionAssignment(
        plan_id=plan.id,
        position=1,
        entity_id=entity_id,
        publication_due_on=date.today() + timedelta(days=30),
    )
    session.add(assignment)
    await session.flush()
    inspectors = (
        await session.scalars(
            select(Inspector.id)
            .where(Inspector.department_id == lead.id)
            .order_by(Inspector.certificate_number)
            .limit(2)
        )
    ).all()
    for position, inspector_id in enumerate(inspectors, start=1):
        session.add(
            InspectionAssignmentInspector(
                assignment_id=assignment.id, inspector_id=inspector_id, position=position
            )
        )
    return to_base64("InspectionAssignment", assignment.id)


async def _completable(sessions: SessionFactory) -> dict[str, Any]:
    """A plan in progress whose one object's result is published."""
    variables = await _plan(sessions, status=InspectionPlanStatus.IN_PROGRESS, assignment=True)
    async with sessions() as session, session.begin():
        lead = await _department(session, "231")
        record_id = await session.scalar(
            select(SupervisionRecord.id)
            .where(
                SupervisionRecord.department_id == lead.id,
                SupervisionRecord.published_at.is_not(None),
            )
            .limit(1)
        )
        assignment = await session.get(
            InspectionAssignment, int(from_base64(variables["assignmentId"])[1])
        )
        assert assignment is not None
        assert record_id is not None
        assignment.record_id = record_id
        assignment.entered_at = datetime.now(UTC)
    return {"id": variables["id"], "version": variables["version"]}


async def _new_user(sessions: SessionFactory) -> dict[str, Any]:
    async with sessions() as session, session.begin():
        transport = await _department(session, "303")
        user = User(name="审计示例检查员", department_id=transport.id)
        session.add(user)
        await session.flush()
        return {
            "input": {
                "userId": to_base64("User", user.id),
                "certificateNumber": _unique("LN-EX-"),
                "field": "交通运输综合执法",
            }
        }


async def _new_plan_input(sessions: SessionFactory) -> dict[str, Any]:
    async with sessions() as session:
        item_id = await session.scalar(
            select(SupervisionItem.id)
            .join(Department, Department.id == SupervisionItem.department_id)
            .where(
                Department.code == "231",
                SupervisionItem.record_kind == RecordKind.INSPECTION,
                SupervisionItem.status == SupervisionItemStatus.PUBLISHED,
            )
            .order_by(SupervisionItem.code)
            .limit(1)
        )
    return {
        "input": {
            "name": _unique("审计示例抽查计划"),
            "itemIds": [to_base64("SupervisionItem", item_id)],
            "pool": {"regionCode": CITY, "entityKind": "ENTERPRISE"},
            "objectCount": 1,
            "endsOn": (date.today() + timedelta(days=30)).isoformat(),
        }
    }


async def _to_accept(sessions: SessionFactory) -> dict[str, Any]:
    variables = await _plan(
        sessions, status=InspectionPlanStatus.DRAFT, invited="302", accepted=False
    )
    return {"id": variables["id"]}


async def _to_draw(sessions: SessionFactory) -> dict[str, Any]:
    return await _plan(sessions, status=InspectionPlanStatus.DRAFT)


async def _to_enter(sessions: SessionFactory) -> dict[str, Any]:
    variables = await _plan(sessions, status=InspectionPlanStatus.IN_PROGRESS, assignment=True)
    return {"id": variables["assignmentId"], "on": date.today().isoformat()}


PLAN_RESULT = """
  __typename
  ... on InspectionPlanPayload { plan { id status } }
  ... on InputError { code message fieldErrors { field message } }
"""

EXAMPLES: list[MutationExample] = [
    MutationExample(
        field="enrolInspector",
        viewer="2101003030001",
        document="""
mutation($input: EnrolInspectorInput!) {
  enrolInspector(input: $input) {
    __typename
    ... on InspectorPayload { inspector { id certificateNumber } }
    ... on InputError { code message }
  }
}""",
        prepare=_new_user,
    ),
    MutationExample(
        field="createInspectionPlan",
        viewer="2101002310006",
        document=f"""
mutation($input: CreateInspectionPlanInput!) {{
  createInspectionPlan(input: $input) {{ {PLAN_RESULT} }}
}}""",
        prepare=_new_plan_input,
    ),
    MutationExample(
        field="acceptInspectionPlan",
        viewer="2101003020006",
        document=f"mutation($id: ID!) {{ acceptInspectionPlan(id: $id) {{ {PLAN_RESULT} }} }}",
        prepare=_to_accept,
    ),
    MutationExample(
        field="drawInspectionPlan",
        viewer="2101002310006",
        document=f"""
mutation($id: ID!, $version: Int!) {{
  drawInspectionPlan(id: $id, version: $version) {{ {PLAN_RESULT} }}
}}""",
        prepare=_to_draw,
    ),
    MutationExample(
        field="enterInspectionResult",
        viewer="2101002310006",
        document="""
mutation($id: ID!, $on: Date!) {
  enterInspectionResult(id: $id, input: { result: NORMAL, inspectedOn: $on }) {
    __typename
    ... on InspectionAssignmentPayload { assignment { id result record { id } } }
    ... on InputError { code message fieldErrors { field message } }
  }
}""",
        prepare=_to_enter,
        # the INSPECTION record (record.create) and the result (inspectionAssignment.enterResult)
        audit_events=2,
    ),
    MutationExample(
        field="completeInspectionPlan",
        viewer="2101002310006",
        document=f"""
mutation($id: ID!, $version: Int!) {{
  completeInspectionPlan(id: $id, version: $version) {{ {PLAN_RESULT} }}
}}""",
        prepare=_completable,
    ),
]
