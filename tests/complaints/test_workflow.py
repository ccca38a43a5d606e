"""The complaint workflow through GraphQL: confirming an entity, dispatch rules kept by
administrators, re-dispatch, handling with deadlines, the result in the outbox in the same
transaction, and complainant data seen by the handling department only."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import func, select, update
from strawberry.relay import GlobalID

from hub.db import SessionFactory
from hub.models import (
    AuditEvent,
    Complaint,
    ComplaintStatus,
    Department,
    EntityMatch,
    MarketEntity,
    OutboxMessage,
    OutboxTopic,
)
from hub.models.base import utcnow
from tests.complaints.conftest import Feed, People, external_id, shared_prefix
from tests.support import Graph

COMPLAINT_FIELDS = """
    id externalId status entityMatch complainantName complainantPhone overdue deadlineAt
    outcome outcomeLabel result measures dispatchReason
    department { id name }
    entity { name }
    candidates { score rank entity { id name } }
"""

AWAITING = f"""
query {{ complaints(first: 50, filter: {{awaitingConfirmation: true}}) {{
    totalCount nodes {{ {COMPLAINT_FIELDS} }} }} }}
"""
NODE = f"query($id: ID!) {{ node(id: $id) {{ ... on Complaint {{ {COMPLAINT_FIELDS} }} }} }}"
CONFIRM = f"""
mutation($id: ID!, $entityId: ID!) {{ confirmComplaintEntity(id: $id, entityId: $entityId) {{
    __typename ... on ComplaintPayload {{ complaint {{ {COMPLAINT_FIELDS} }} }}
    ... on InputError {{ code message fieldErrors {{ field message }} }} }} }}
"""
ACCEPT = """
mutation($id: ID!) { acceptComplaint(id: $id) { __typename
    ... on ComplaintPayload { complaint { status } }
    ... on InputError { code message } } }
"""
HANDLE = """
mutation($id: ID!, $input: HandleComplaintInput!) { handleComplaint(id: $id, input: $input) {
    __typename ... on ComplaintPayload { complaint { status outcome outcomeLabel result } }
    ... on InputError { code message fieldErrors { field message } } } }
"""
CLOSE = """
mutation($id: ID!) { closeComplaint(id: $id) { __typename
    ... on ComplaintPayload { complaint { status handledAt } }
    ... on InputError { code message } } }
"""
REDISPATCH = """
mutation($id: ID!, $department: ID!, $reason: String!) {
  redispatchComplaint(id: $id, departmentId: $department, reason: $reason) { __typename
    ... on ComplaintPayload { complaint { status dispatchReason department { name } } }
    ... on InputError { code message fieldErrors { field message } } } }
"""
CREATE_RULE = """
mutation($input: CreateComplaintDispatchRuleInput!) {
  createComplaintDispatchRule(input: $input) { __typename
    ... on ComplaintDispatchRulePayload { rule { id name enabled level departmentCode } }
    ... on InputError { code message fieldErrors { field message } } } }
"""
SET_RULE = """
mutation($id: ID!, $enabled: Boolean!) {
  setComplaintDispatchRuleEnabled(id: $id, enabled: $enabled) { __typename
    ... on ComplaintDispatchRulePayload { rule { enabled } }
    ... on InputError { code message } } }
"""
RULES = "{ complaintDispatchRules(includeDisabled: true) { id name enabled } }"


def gid(type_name: str, node_id: int) -> str:
    return str(GlobalID(type_name, str(node_id)))


async def _department_id(session_factory: SessionFactory, region: str, code: str) -> int:
    async with session_factory() as session:
        statement = select(Department.id).where(
            Department.region_code == region, Department.code == code
        )
        return (await session.execute(statement)).scalar_one()


async def _city_entity(session_factory: SessionFactory, offset: int) -> MarketEntity:
    async with session_factory() as session:
        return (
            await session.execute(
                select(MarketEntity)
                .where(MarketEntity.region_code == "210100")
                .order_by(MarketEntity.uscc)
                .offset(offset)
                .limit(1)
            )
        ).scalar_one()


async def _dispatched_to_shenyang(
    feed: Feed, session_factory: SessionFactory, offset: int
) -> Complaint:
    """A complaint about a city-level entity of 沈阳市: the city department handles it."""
    entity = await _city_entity(session_factory, offset)
    external = external_id("flow")
    await feed.publish(id=external, subjectUscc=entity.uscc)
    await feed.pull()
    complaint = await feed.complaint(external)
    assert complaint.status is ComplaintStatus.DISPATCHED
    return complaint


async def _audit_count(session_factory: SessionFactory, complaint_id: int) -> int:
    async with session_factory() as session:
        count = await session.scalar(
            select(func.count()).where(
                AuditEvent.target_type == "Complaint", AuditEvent.target_id == str(complaint_id)
            )
        )
        return int(count or 0)


async def test_staff_confirm_an_entity_from_the_candidates_and_the_complaint_is_dispatched(
    feed: Feed, graph: Graph, people: People, session_factory: SessionFactory
) -> None:
    # given a complaint whose subject several entities resemble
    prefix = await shared_prefix(session_factory)
    external = external_id("confirm")
    await feed.publish(id=external, subjectName=prefix)
    await feed.pull()
    # when the province's dispatcher lists what awaits confirmation
    data = await graph.data(AWAITING, viewer=people.dispatcher)
    waiting = {node["externalId"]: node for node in data["complaints"]["nodes"]}
    # then it is there with its candidates, and the complainant is masked (not handling it)
    node = waiting[external]
    assert node["entityMatch"] == "PENDING"
    assert len(node["candidates"]) >= 2
    assert "*" in node["complainantName"]
    # and it is in the list of the city's market supervision (dispatching its subtree too),
    # but not of another department of the city
    city = await graph.data(AWAITING, viewer=people.handler)
    assert external in {n["externalId"] for n in city["complaints"]["nodes"]}
    theirs = await graph.data(AWAITING, viewer=people.health)
    assert external not in {n["externalId"] for n in theirs["complaints"]["nodes"]}
    # when the dispatcher chooses the first candidate
    chosen = node["candidates"][0]["entity"]
    result = await graph.data(
        CONFIRM, {"id": node["id"], "entityId": chosen["id"]}, viewer=people.dispatcher
    )
    payload = result["confirmComplaintEntity"]
    # then the entity is confirmed and the complaint dispatched by the rules, in one change
    assert payload["__typename"] == "ComplaintPayload", payload
    complaint = payload["complaint"]
    assert complaint["entityMatch"] == EntityMatch.CONFIRMED.value
    assert complaint["entity"]["name"] == chosen["name"]
    assert complaint["status"] == "DISPATCHED"
    assert complaint["dispatchReason"].startswith("分派规则")
    stored = await feed.complaint(external)
    assert await _audit_count(session_factory, stored.id) == 2  # receive + confirm


async def test_administrators_keep_the_dispatch_rules(
    feed: Feed, graph: Graph, people: People, session_factory: SessionFactory
) -> None:
    # given a rule for a category, to the city's health department, ahead of the defaults
    rule_input = {
        "name": f"测试规则{external_id('rule')}",
        "regionCode": "210100",
        "category": "公共场所卫生测试",
        "keywords": ["床单"],
        "departmentCode": "302",
        "level": "CITY",
        "deadlineDays": 5,
        "priority": 1,
    }
    # when a business user tries to create it: refused
    codes = await graph.error_codes(CREATE_RULE, {"input": rule_input}, viewer=people.handler)
    assert codes == ["FORBIDDEN"]
    # when the region administrator creates it
    created = (await graph.data(CREATE_RULE, {"input": rule_input}, viewer=people.administrator))[
        "createComplaintDispatchRule"
    ]
    assert created["__typename"] == "ComplaintDispatchRulePayload", created
    rule_id = created["rule"]["id"]
    # then complaints of that category mentioning the keyword go to the health department
    entity = await _city_entity(session_factory, 7)
    matching = external_id("rule-hit")
    await feed.publish(
        id=matching,
        subjectUscc=entity.uscc,
        category="公共场所卫生测试",
        content="投诉人称：宾馆床单未更换。",
    )
    other = external_id("rule-miss")
    await feed.publish(
        id=other, subjectUscc=entity.uscc, category="公共场所卫生测试", content="其他问题"
    )
    await feed.pull()
    health = await _department_id(session_factory, "210100", "302")
    hit = await feed.complaint(matching)
    assert hit.department_id == health
    assert hit.deadline_at is not None
    assert hit.dispatched_at is not None
    assert hit.deadline_at - hit.dispatched_at == timedelta(days=5)
    assert (await feed.complaint(other)).department_id != health
    # when the administrator disables the rule, new complaints no longer follow it
    disabled = await graph.data(
        SET_RULE, {"id": rule_id, "enabled": False}, viewer=people.administrator
    )
    assert disabled["setComplaintDispatchRuleEnabled"]["rule"]["enabled"] is False
    later = external_id("rule-off")
    await feed.publish(
        id=later, subjectUscc=entity.uscc, category="公共场所卫生测试", content="床单未更换"
    )
    await feed.pull()
    assert (await feed.complaint(later)).department_id != health
    listed = await graph.data(RULES, viewer=people.handler)
    assert {"id": rule_id, "name": rule_input["name"], "enabled": False} in listed[
        "complaintDispatchRules"
    ]
    # and a duplicate name is refused as input
    again = await graph.data(CREATE_RULE, {"input": rule_input}, viewer=people.administrator)
    assert again["createComplaintDispatchRule"]["code"] == "CONFLICT"


async def test_the_handling_department_accepts_handles_and_closes_and_the_result_is_queued(
    feed: Feed, graph: Graph, people: People, session_factory: SessionFactory
) -> None:
    # given a complaint dispatched to 沈阳市市场监督管理局
    complaint = await _dispatched_to_shenyang(feed, session_factory, 1)
    complaint_id = gid("Complaint", complaint.id)
    # when another department tries to accept it: it cannot even see it
    other = await graph.data(ACCEPT, {"id": complaint_id}, viewer=people.health)
    assert other["acceptComplaint"]["code"] == "NOT_FOUND"
    # when the dispatcher (who sees it) tries: refused, handling is the department's
    assert await graph.error_codes(ACCEPT, {"id": complaint_id}, viewer=people.dispatcher) == [
        "FORBIDDEN"
    ]
    # when the handler closes it before handling: a conflict, nothing written
    early = await graph.data(CLOSE, {"id": complaint_id}, viewer=people.handler)
    assert early["closeComplaint"]["code"] == "CONFLICT"
    # when the handler accepts, records the result, and closes
    accepted = await graph.data(ACCEPT, {"id": complaint_id}, viewer=people.handler)
    assert accepted["acceptComplaint"]["complaint"]["status"] == "HANDLING"
    blank = await graph.data(
        HANDLE,
        {"id": complaint_id, "input": {"result": " ", "outcome": "SUBSTANTIATED"}},
        viewer=people.handler,
    )
    assert blank["handleComplaint"]["fieldErrors"][0]["field"] == "input.result"
    handled = await graph.data(
        HANDLE,
        {
            "id": complaint_id,
            "input": {
                "result": "经核查，投诉反映问题属实，已责令改正。",
                "outcome": "PARTLY_SUBSTANTIATED",
                "measures": "责令改正",
            },
        },
        viewer=people.handler,
    )
    assert handled["handleComplaint"]["complaint"]["outcomeLabel"] == "部分属实"
    closed = await graph.data(CLOSE, {"id": complaint_id}, viewer=people.handler)
    assert closed["closeComplaint"]["complaint"]["status"] == "CLOSED"
    # then one audit event per step (receive, accept, handle, close)
    assert await _audit_count(session_factory, complaint.id) == 4
    # and the result is in the outbox, written by the close's own transaction
    subject = f"complaint:{complaint.external_id}"
    async with session_factory() as session:
        message = (
            await session.execute(select(OutboxMessage).where(OutboxMessage.subject_key == subject))
        ).scalar_one()
        close_event = (
            await session.execute(
                select(AuditEvent).where(
                    AuditEvent.operation == "complaint.close",
                    AuditEvent.target_id == str(complaint.id),
                )
            )
        ).scalar_one()
    assert message.topic is OutboxTopic.COMPLAINT_RESULT
    assert message.record_id is None
    assert close_event.after["outboxMessageId"] == message.id
    payload: dict[str, Any] = message.payload
    assert payload["externalId"] == complaint.external_id
    assert payload["outcome"] == "PARTLY_SUBSTANTIATED"
    assert payload["result"] == "经核查，投诉反映问题属实，已责令改正。"
    assert payload["handledAt"]
    assert payload["department"]["regionCode"] == "210100"
    assert "complainant" not in str(payload).lower()
    # and a closed complaint cannot be closed again
    twice = await graph.data(CLOSE, {"id": complaint_id}, viewer=people.handler)
    assert twice["closeComplaint"]["code"] == "CONFLICT"


async def test_a_department_hands_a_complaint_on_with_a_reason(
    feed: Feed, graph: Graph, people: People, session_factory: SessionFactory
) -> None:
    complaint = await _dispatched_to_shenyang(feed, session_factory, 2)
    health = await _department_id(session_factory, "210100", "302")
    variables = {
        "id": gid("Complaint", complaint.id),
        "department": gid("Department", health),
        "reason": "",
    }
    refused = await graph.data(REDISPATCH, variables, viewer=people.handler)
    assert refused["redispatchComplaint"]["fieldErrors"][0]["field"] == "reason"
    variables["reason"] = "属卫生健康部门职责"
    moved = await graph.data(REDISPATCH, variables, viewer=people.handler)
    assert moved["redispatchComplaint"]["complaint"]["dispatchReason"] == "属卫生健康部门职责"
    stored = await feed.complaint(complaint.external_id)
    assert stored.department_id == health
    # the new department now handles it, and sees the complainant
    data = await graph.data(NODE, {"id": gid("Complaint", complaint.id)}, viewer=people.health)
    assert data["node"]["complainantName"] == "测试投诉人"
    assert data["node"]["complainantPhone"] == "13912345678"
    # the old one no longer handles it: it still sees it as the city's dispatcher, masked
    old = await graph.data(NODE, {"id": gid("Complaint", complaint.id)}, viewer=people.handler)
    assert "*" in old["node"]["complainantName"]
    assert await graph.error_codes(ACCEPT, {"id": variables["id"]}, viewer=people.handler) == [
        "FORBIDDEN"
    ]


async def test_complainant_data_is_for_the_handling_department_only(
    feed: Feed, graph: Graph, people: People, session_factory: SessionFactory
) -> None:
    complaint = await _dispatched_to_shenyang(feed, session_factory, 3)
    variables = {"id": gid("Complaint", complaint.id)}
    own = (await graph.data(NODE, variables, viewer=people.handler))["node"]
    assert (own["complainantName"], own["complainantPhone"]) == ("测试投诉人", "13912345678")
    for viewer in (people.dispatcher, people.analyst):
        seen = (await graph.data(NODE, variables, viewer=viewer))["node"]
        assert seen["externalId"] == complaint.external_id
        assert "*" in seen["complainantName"]
        assert "*" in seen["complainantPhone"]
    assert (await graph.data(NODE, variables, viewer=people.health))["node"] is None


async def test_an_open_complaint_past_its_deadline_is_overdue(
    feed: Feed, graph: Graph, people: People, session_factory: SessionFactory
) -> None:
    complaint = await _dispatched_to_shenyang(feed, session_factory, 4)
    query = """query { complaints(first: 100, filter: {overdue: true, statuses: [DISPATCHED]}) {
        nodes { externalId overdue } } }"""
    before = await graph.data(query, viewer=people.handler)
    assert complaint.external_id not in {n["externalId"] for n in before["complaints"]["nodes"]}
    async with session_factory() as session, session.begin():
        await session.execute(
            update(Complaint)
            .where(Complaint.id == complaint.id)
            .values(deadline_at=utcnow() - timedelta(days=1))
        )
    after = await graph.data(query, viewer=people.handler)
    found = {n["externalId"]: n for n in after["complaints"]["nodes"]}
    assert found[complaint.external_id]["overdue"] is True
    assert all(node["overdue"] for node in found.values())
