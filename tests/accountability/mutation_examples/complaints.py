"""监管投诉 mutations for the audit walk: each prepares a fresh complaint (or rule) of its own
and is made by a demo account that may make it (沈阳市市场监督管理局's business user
2101002310006 handles; the provincial administrator 2100002310001 dispatches the
province and keeps the rules)."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from strawberry.relay import GlobalID

from hub.db import SessionFactory
from hub.models import (
    Complaint,
    ComplaintDispatchRule,
    ComplaintOutcome,
    ComplaintStatus,
    Department,
    EntityMatch,
    MarketEntity,
    RegionLevel,
)
from hub.models.base import utcnow
from tests.accountability.mutation_examples import MutationExample

HANDLER = "2101002310006"
PROVINCE_ADMINISTRATOR = "2100002310001"


def _gid(type_name: str, node_id: int) -> str:
    return str(GlobalID(type_name, str(node_id)))


async def _department(session_factory: SessionFactory, region: str, code: str) -> int:
    async with session_factory() as session:
        statement = select(Department.id).where(
            Department.region_code == region, Department.code == code
        )
        return (await session.execute(statement)).scalar_one()


async def _complaint(
    session_factory: SessionFactory, status: ComplaintStatus, **values: Any
) -> dict[str, Any]:
    """A complaint of 沈阳市, dispatched to its market supervision unless RECEIVED."""
    department = await _department(session_factory, "210100", "231")
    now = utcnow()
    async with session_factory() as session, session.begin():
        complaint = Complaint(
            external_id=f"EXAMPLE-{uuid.uuid4().hex[:16]}",
            region_code="210100",
            status=status,
            received_at=now - timedelta(days=1),
            subject="商品质量问题拒不退换",
            content="投诉人称：购买的商品存在质量问题，商家拒绝退换。",
            complainant_name="示例投诉人",
            complainant_phone="13900000000",
            **{"entity_match": EntityMatch.NOT_FOUND, **values},
        )
        if status is not ComplaintStatus.RECEIVED:
            complaint.department_id = department
            complaint.dispatched_at = now
            complaint.deadline_at = now + timedelta(days=15)
        session.add(complaint)
        await session.flush()
        return {"id": _gid("Complaint", complaint.id)}


async def _pending(session_factory: SessionFactory) -> dict[str, Any]:
    async with session_factory() as session:
        entity = (
            await session.execute(
                select(MarketEntity.id).where(MarketEntity.region_code == "210100").limit(1)
            )
        ).scalar_one()
    variables = await _complaint(
        session_factory, ComplaintStatus.RECEIVED, entity_match=EntityMatch.PENDING
    )
    return {**variables, "entityId": _gid("MarketEntity", entity)}


async def _dispatched(session_factory: SessionFactory) -> dict[str, Any]:
    return await _complaint(session_factory, ComplaintStatus.DISPATCHED)


async def _to_hand_on(session_factory: SessionFactory) -> dict[str, Any]:
    health = await _department(session_factory, "210100", "302")
    variables = await _dispatched(session_factory)
    return {**variables, "department": _gid("Department", health)}


async def _handling(session_factory: SessionFactory) -> dict[str, Any]:
    return await _complaint(session_factory, ComplaintStatus.HANDLING, accepted_at=utcnow())


async def _handled(session_factory: SessionFactory) -> dict[str, Any]:
    return await _complaint(
        session_factory,
        ComplaintStatus.HANDLING,
        accepted_at=utcnow(),
        result="经核查，投诉反映问题属实，已责令改正。",
        outcome=ComplaintOutcome.SUBSTANTIATED,
    )


async def _new_rule(_session_factory: SessionFactory) -> dict[str, Any]:
    return {
        "input": {
            "name": f"示例规则{uuid.uuid4().hex[:8]}",
            "regionCode": "210100",
            "departmentCode": "231",
            "level": "CITY",
            "category": "示例类别",
        }
    }


async def _rule(session_factory: SessionFactory) -> dict[str, Any]:
    async with session_factory() as session, session.begin():
        rule = ComplaintDispatchRule(
            name=f"示例规则{uuid.uuid4().hex[:8]}",
            region_code="210100",
            category="示例类别",
            keywords=[],
            department_code="231",
            level=RegionLevel.CITY,
            deadline_days=15,
            priority=500,
            enabled=True,
        )
        session.add(rule)
        await session.flush()
        return {"id": _gid("ComplaintDispatchRule", rule.id)}


_RESULT = "__typename ... on InputError { code message }"

EXAMPLES: list[MutationExample] = [
    MutationExample(
        field="confirmComplaintEntity",
        viewer=PROVINCE_ADMINISTRATOR,
        document=f"""mutation($id: ID!, $entityId: ID!) {{
            confirmComplaintEntity(id: $id, entityId: $entityId) {{ {_RESULT} }} }}""",
        prepare=_pending,
    ),
    MutationExample(
        field="redispatchComplaint",
        viewer=HANDLER,
        document=f"""mutation($id: ID!, $department: ID!) {{
            redispatchComplaint(id: $id, departmentId: $department, reason: "属卫生健康部门职责")
            {{ {_RESULT} }} }}""",
        prepare=_to_hand_on,
    ),
    MutationExample(
        field="acceptComplaint",
        viewer=HANDLER,
        document=f"mutation($id: ID!) {{ acceptComplaint(id: $id) {{ {_RESULT} }} }}",
        prepare=_dispatched,
    ),
    MutationExample(
        field="handleComplaint",
        viewer=HANDLER,
        document=f"""mutation($id: ID!) {{ handleComplaint(id: $id, input: {{
            result: "经调解，商家同意退款。", outcome: PARTLY_SUBSTANTIATED, measures: "行政调解"
        }}) {{ {_RESULT} }} }}""",
        prepare=_handling,
    ),
    MutationExample(
        field="closeComplaint",
        viewer=HANDLER,
        document=f"mutation($id: ID!) {{ closeComplaint(id: $id) {{ {_RESULT} }} }}",
        prepare=_handled,
    ),
    MutationExample(
        field="createComplaintDispatchRule",
        viewer=PROVINCE_ADMINISTRATOR,
        document=f"""mutation($input: CreateComplaintDispatchRuleInput!) {{
            createComplaintDispatchRule(input: $input) {{ {_RESULT} }} }}""",
        prepare=_new_rule,
    ),
    MutationExample(
        field="setComplaintDispatchRuleEnabled",
        viewer=PROVINCE_ADMINISTRATOR,
        document=f"""mutation($id: ID!) {{
            setComplaintDispatchRuleEnabled(id: $id, enabled: false) {{ {_RESULT} }} }}""",
        prepare=_rule,
    ),
]
