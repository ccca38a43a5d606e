"""The complaint's life after intake, one change per step, each audited once in its
transaction: a person confirms the entity (and the complaint is dispatched by the rules),
re-dispatches it with a reason, the handling department accepts, records the result and
closes it; closing writes the result to the outbox (COMPLAINT_RESULT) for the national
platform.

Who may: the handling department's HANDLE_COMPLAINTS holders handle; they and the
dispatchers (HANDLE_COMPLAINTS holders of the market-supervision department whose region
subtree holds the complaint, `complaint_dispatch_scope`) confirm entities and re-dispatch.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from hub.auth.permissions import Permission
from hub.auth.policy import readable_complaints
from hub.auth.viewer import Viewer
from hub.collection.changes import Change, json_value
from hub.collection.problems import CONFLICT, NOT_FOUND, Invalid, Problems
from hub.complaints.dispatch import Dispatch, apply_dispatch, case_of, choose_departments
from hub.domain.regions import subtree_bounds
from hub.errors import Forbidden
from hub.models import (
    MARKET_SUPERVISION_CODE,
    Complaint,
    ComplaintOutcome,
    ComplaintStatus,
    Department,
    EntityMatch,
    MarketEntity,
    OutboxChange,
    OutboxMessage,
    OutboxTopic,
)

TARGET_TYPE = "Complaint"
MAX_RESULT_LENGTH = 5_000
MAX_REASON_LENGTH = 500

OUTCOME_LABELS = {
    ComplaintOutcome.SUBSTANTIATED: "属实",
    ComplaintOutcome.PARTLY_SUBSTANTIATED: "部分属实",
    ComplaintOutcome.UNSUBSTANTIATED: "不属实",
}


def handles(viewer: Viewer, complaint: Complaint) -> bool:
    return (
        viewer.is_staff
        and viewer.has(Permission.HANDLE_COMPLAINTS)
        and complaint.department_id is not None
        and complaint.department_id == viewer.department_id
    )


def dispatches(viewer: Viewer, complaint: Complaint) -> bool:
    if not (
        viewer.is_staff
        and viewer.department_code == MARKET_SUPERVISION_CODE
        and viewer.has(Permission.HANDLE_COMPLAINTS)
        and viewer.region_code
    ):
        return False
    low, high = subtree_bounds(viewer.region_code)
    return low <= complaint.region_code <= high


async def _complaint(change: Change, complaint_id: int) -> Complaint:
    """The complaint, locked for the change; one the viewer cannot read does not exist."""
    complaint = await change.session.scalar(
        select(Complaint)
        .where(Complaint.id == complaint_id, readable_complaints(change.viewer))
        .with_for_update()
    )
    if complaint is None:
        raise Invalid.on("id", "投诉不存在", code=NOT_FOUND)
    return complaint


def _open(complaint: Complaint) -> None:
    if complaint.status is ComplaintStatus.CLOSED:
        raise Invalid.on("id", "投诉已办结", code=CONFLICT)


def _state(complaint: Complaint) -> dict[str, Any]:
    return {
        "status": complaint.status.value,
        "entityId": complaint.entity_id,
        "entityMatch": complaint.entity_match.value if complaint.entity_match else None,
        "departmentId": complaint.department_id,
        "deadlineAt": json_value(complaint.deadline_at),
    }


def _audit(
    change: Change, operation: str, complaint: Complaint, before: dict[str, Any], **extra: Any
) -> None:
    after = _state(complaint)
    changed_before = {key: before[key] for key in after if before.get(key) != after[key]}
    changed_after = {key: after[key] for key in changed_before}
    change.audit(
        operation=operation,
        target_type=TARGET_TYPE,
        target_id=complaint.id,
        department_id=complaint.department_id,
        before=changed_before,
        after={**changed_after, **extra},
    )


async def confirm_entity(change: Change, complaint_id: int, entity_id: int) -> Complaint:
    """A person names the entity; a complaint not yet dispatched is dispatched by the rules
    now (it stays with the dispatchers when no rule applies)."""
    complaint = await _complaint(change, complaint_id)
    if not (dispatches(change.viewer, complaint) or handles(change.viewer, complaint)):
        raise Forbidden("只有投诉分派部门或办理部门可以确认被投诉主体")
    _open(complaint)
    entity = await change.session.get(MarketEntity, entity_id)
    if entity is None:
        raise Invalid.on("entityId", "市场主体不存在", code=NOT_FOUND)
    before = _state(complaint)
    complaint.entity_id = entity.id
    complaint.entity_match = EntityMatch.CONFIRMED
    dispatched_by: int | None = None
    if complaint.status is ComplaintStatus.RECEIVED:
        complaint.region_code = entity.region_code
        (dispatch,) = await choose_departments(change.session, [case_of(complaint, None)])
        if dispatch is not None:
            apply_dispatch(complaint, dispatch, change.now)
            dispatched_by = dispatch.rule_id
    await change.session.flush()
    _audit(change, "complaint.confirmEntity", complaint, before, dispatchRuleId=dispatched_by)
    return complaint


async def redispatch(
    change: Change, complaint_id: int, department_id: int, reason: str, deadline_days: int
) -> Complaint:
    complaint = await _complaint(change, complaint_id)
    if not (dispatches(change.viewer, complaint) or handles(change.viewer, complaint)):
        raise Forbidden("只有投诉分派部门或办理部门可以重新分派")
    _open(complaint)
    problems = Problems()
    reason = reason.strip()
    if not 1 <= len(reason) <= MAX_REASON_LENGTH:
        problems.add("reason", f"请填写重新分派的原因（不超过{MAX_REASON_LENGTH}字）")
    department = await change.session.get(Department, department_id)
    if department is None:
        problems.add("departmentId", "部门不存在")
    elif department.id == complaint.department_id:
        problems.add("departmentId", "投诉已由该部门办理")
    problems.raise_if_any()
    assert department is not None
    before = _state(complaint)
    apply_dispatch(
        complaint,
        Dispatch(department.id, department.region_code, None, deadline_days, reason),
        change.now,
    )
    await change.session.flush()
    _audit(change, "complaint.redispatch", complaint, before, reason=reason)
    return complaint


def _handler(change: Change, complaint: Complaint) -> None:
    if not handles(change.viewer, complaint):
        raise Forbidden("只有办理部门的投诉处理人员可以办理该投诉")


async def accept(change: Change, complaint_id: int) -> Complaint:
    complaint = await _complaint(change, complaint_id)
    _handler(change, complaint)
    if complaint.status is not ComplaintStatus.DISPATCHED:
        raise Invalid.on("id", "只有已分派的投诉可以受理", code=CONFLICT)
    before = _state(complaint)
    complaint.status = ComplaintStatus.HANDLING
    complaint.accepted_at = change.now
    await change.session.flush()
    _audit(change, "complaint.accept", complaint, before, acceptedAt=json_value(change.now))
    return complaint


async def record_result(
    change: Change,
    complaint_id: int,
    *,
    result: str,
    outcome: ComplaintOutcome,
    measures: str | None,
) -> Complaint:
    """办理: the result, the outcome and the measures taken; may be revised until closed."""
    complaint = await _complaint(change, complaint_id)
    _handler(change, complaint)
    if complaint.status is not ComplaintStatus.HANDLING:
        raise Invalid.on("id", "请先受理该投诉", code=CONFLICT)
    problems = Problems()
    result = result.strip()
    measures = (measures or "").strip() or None
    if not 1 <= len(result) <= MAX_RESULT_LENGTH:
        problems.add("result", f"办理结果应为1到{MAX_RESULT_LENGTH}个字符")
    if measures is not None and len(measures) > MAX_RESULT_LENGTH:
        problems.add("measures", f"处理措施不超过{MAX_RESULT_LENGTH}个字符")
    problems.raise_if_any()
    before = {
        "result": complaint.result,
        "outcome": complaint.outcome,
        "measures": complaint.measures,
    }
    complaint.result = result
    complaint.outcome = outcome
    complaint.measures = measures
    await change.session.flush()
    after = {"result": result, "outcome": outcome, "measures": measures}
    keys = [key for key in after if before[key] != after[key]]
    change.audit(
        operation="complaint.handle",
        target_type=TARGET_TYPE,
        target_id=complaint.id,
        department_id=complaint.department_id,
        before={key: json_value(before[key]) for key in keys},
        after={key: json_value(after[key]) for key in keys},
    )
    return complaint


async def close(change: Change, complaint_id: int) -> Complaint:
    """办结: the result goes to the outbox in this same transaction."""
    complaint = await _complaint(change, complaint_id)
    _handler(change, complaint)
    if complaint.status is not ComplaintStatus.HANDLING:
        raise Invalid.on("id", "只有办理中的投诉可以办结", code=CONFLICT)
    if complaint.result is None or complaint.outcome is None:
        raise Invalid.on("id", "请先填写办理结果与结论", code=CONFLICT)
    before = _state(complaint)
    complaint.status = ComplaintStatus.CLOSED
    complaint.handled_at = change.now
    await change.session.flush()
    message = await enqueue_result(change.session, complaint)
    _audit(
        change,
        "complaint.close",
        complaint,
        before,
        handledAt=json_value(change.now),
        outboxMessageId=message.id,
    )
    return complaint


def result_payload(complaint: Complaint, department: Department) -> dict[str, Any]:
    """Self-contained: the national platform needs nothing else to file the result."""
    assert complaint.outcome is not None
    assert complaint.handled_at is not None
    return {
        "externalId": complaint.external_id,
        "outcome": complaint.outcome.value,
        "outcomeLabel": OUTCOME_LABELS[complaint.outcome],
        "result": complaint.result,
        "measures": complaint.measures,
        "handledAt": json_value(complaint.handled_at),
        "receivedAt": json_value(complaint.received_at),
        "department": {
            "name": department.name,
            "code": department.code,
            "regionCode": department.region_code,
            "uscc": department.uscc,
        },
    }


async def enqueue_result(session: AsyncSession, complaint: Complaint) -> OutboxMessage:
    assert complaint.department_id is not None
    department = await session.get(Department, complaint.department_id)
    assert department is not None
    message = OutboxMessage(
        topic=OutboxTopic.COMPLAINT_RESULT,
        record_id=None,
        # A complaint is closed once: its result has one version.
        record_version=1,
        subject_key=f"complaint:{complaint.external_id}",
        change=OutboxChange.HANDLED,
        payload=result_payload(complaint, department),
    )
    session.add(message)
    await session.flush()
    return message


def _utc(value: datetime) -> datetime:
    # SQLite hands back naive datetimes; every stored time is UTC.
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def is_overdue(deadline_at: datetime | None, handled_at: datetime | None, now: datetime) -> bool:
    """Past its deadline: still open after it, or closed after it (the same rule as
    `hub.queries.complaints.overdue_clause`)."""
    if deadline_at is None:
        return False
    return _utc(handled_at or now) > _utc(deadline_at)
