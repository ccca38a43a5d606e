"""全程留痕 for oversight: a record's and an entity's history, an account's actions and who
read an entity's non-public data; each under the audit trail's visibility rules, paged,
with a statement count that does not grow with the rows."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import strawberry
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from hub.access_log import AccessLog
from hub.auth.viewer import PUBLIC, Viewer
from hub.auth.viewers import staff_viewer
from hub.context import Context
from hub.db import SessionFactory, create_read_session_factory, create_session_factory
from hub.demo import DemoSummary
from hub.models import Account, MarketEntity, RecordKind, SupervisionRecord, User
from hub.models.base import utcnow
from hub.schema.record_kinds import RECORD_TYPES
from hub.settings import Settings
from tests.accountability.example_support import global_id, new_record, record_input
from tests.support import Graph

CLERK = "2101002310006"  # 沈阳市市场监督管理局, business account
SHENYANG_ADMINISTRATOR = "2101002310001"  # administers 沈阳市 and below
OTHER_ADMINISTRATOR = "2101003020001"  # another department of 沈阳市: not 231's trail
PENALTY = RECORD_TYPES[RecordKind.PENALTY].__name__

EVENT = """
  occurredAt operation targetType targetId before after clientAddress
  accountNumber userName account { number } user { name } department { name }
"""

RECORD_HISTORY = f"""
query($id: ID!, $first: Int) {{
  recordHistory(recordId: $id, first: $first) {{
    totalCount pageInfo {{ hasNextPage endCursor }}
    edges {{ node {{ {EVENT} }} }}
  }}
}}"""

ENTITY_HISTORY = f"""
query($uscc: String!) {{
  entityHistory(uscc: $uscc, first: 100) {{ totalCount edges {{ node {{ {EVENT} }} }} }}
}}"""

ACCOUNT_ACTIONS = f"""
query($id: ID!, $from: DateTime, $to: DateTime) {{
  accountActions(accountId: $id, from: $from, to: $to, first: 100) {{
    totalCount edges {{ node {{ {EVENT} }} }}
  }}
}}"""

ACCESS_EVENTS = """
query($uscc: String, $account: ID) {
  accessEvents(uscc: $uscc, accountId: $account, first: 100) {
    totalCount
    edges { node { occurredAt what accountNumber account { number } entity { uscc name } } }
  }
}"""

UPDATE_PENALTY = """
mutation($id: ID!, $version: Int!, $input: PenaltyInput!) {
  updatePenalty(id: $id, version: $version, input: $input) {
    __typename ... on RecordPayload { record { version } }
  }
}"""

PUBLISH = """
mutation($id: ID!, $version: Int!) {
  publishRecord(id: $id, version: $version) {
    __typename ... on RecordPayload { record { version } }
  }
}"""


async def viewer_of(sessions: SessionFactory, number: str) -> Viewer:
    async with sessions() as session:
        account = await session.scalar(select(Account.id).where(Account.number == number))
        assert account is not None
        viewer = await staff_viewer(session, account)
    assert viewer is not None
    return viewer


async def _history_of_a_new_record(
    graph: Graph, sessions: SessionFactory, *, updates: int = 1
) -> str:
    """A penalty entered, updated `updates` times and published by the clerk."""
    clerk = await viewer_of(sessions, CLERK)
    record_id, version = await new_record(sessions, CLERK)
    record = global_id(PENALTY, record_id)
    for _ in range(updates):
        changed = await record_input(sessions, RecordKind.PENALTY)
        data = await graph.data(
            UPDATE_PENALTY, {"id": record, "version": version, "input": changed}, viewer=clerk
        )
        version = data["updatePenalty"]["record"]["version"]
    await graph.data(PUBLISH, {"id": record, "version": version}, viewer=clerk)
    return record


async def _clerk_name(sessions: SessionFactory) -> str:
    async with sessions() as session:
        name = await session.scalar(
            select(User.name)
            .join(Account, Account.user_id == User.id)
            .where(Account.number == CLERK)
        )
    assert name is not None
    return name


async def test_a_records_history_tells_who_changed_what_in_order(
    graph: Graph, session_factory: SessionFactory, demo_data: DemoSummary
) -> None:
    # given
    record = await _history_of_a_new_record(graph, session_factory)
    administrator = await viewer_of(session_factory, SHENYANG_ADMINISTRATOR)
    # when
    data = await graph.data(RECORD_HISTORY, {"id": record}, viewer=administrator)
    # then
    history = data["recordHistory"]
    events = [edge["node"] for edge in history["edges"]]
    assert [event["operation"] for event in events] == [
        "record.create",
        "record.update",
        "record.publish",
    ]
    assert history["totalCount"] == 3
    name = await _clerk_name(session_factory)
    for event in events:
        assert event["accountNumber"] == CLERK
        assert event["userName"] == name
        assert event["department"]["name"] == "沈阳市市场监督管理局"
    update = events[1]
    assert update["before"]["decisionNumber"] != update["after"]["decisionNumber"]
    assert set(update["before"]) == set(update["after"])  # the changed fields only
    assert "status" not in update["after"]
    assert events[2]["after"]["status"] == "PUBLISHED"


async def test_a_records_history_pages_from_the_first_change(
    graph: Graph, session_factory: SessionFactory, demo_data: DemoSummary
) -> None:
    record = await _history_of_a_new_record(graph, session_factory, updates=2)
    administrator = await viewer_of(session_factory, SHENYANG_ADMINISTRATOR)
    first = (await graph.data(RECORD_HISTORY, {"id": record, "first": 2}, viewer=administrator))[
        "recordHistory"
    ]
    assert [edge["node"]["operation"] for edge in first["edges"]] == [
        "record.create",
        "record.update",
    ]
    assert first["pageInfo"]["hasNextPage"] is True
    rest = await graph.data(
        RECORD_HISTORY.replace("first: $first", "first: $first, after: $after").replace(
            "$first: Int)", "$first: Int, $after: String)"
        ),
        {"id": record, "first": 2, "after": first["pageInfo"]["endCursor"]},
        viewer=administrator,
    )
    operations = [edge["node"]["operation"] for edge in rest["recordHistory"]["edges"]]
    assert operations == ["record.update", "record.publish"]


async def test_history_is_read_only_within_the_trail_a_viewer_oversees(
    graph: Graph, session_factory: SessionFactory, demo_data: DemoSummary
) -> None:
    record = await _history_of_a_new_record(graph, session_factory)
    other = await viewer_of(session_factory, OTHER_ADMINISTRATOR)
    clerk = await viewer_of(session_factory, CLERK)  # no VIEW_AUDIT, not an administrator
    for viewer in (other, clerk, PUBLIC):
        data = await graph.data(RECORD_HISTORY, {"id": record}, viewer=viewer)
        assert data["recordHistory"]["totalCount"] == 0
        assert data["recordHistory"]["edges"] == []


async def test_an_entitys_history_covers_the_entity_and_its_records(
    graph: Graph, session_factory: SessionFactory, demo_data: DemoSummary
) -> None:
    record = await _history_of_a_new_record(graph, session_factory)
    administrator = await viewer_of(session_factory, SHENYANG_ADMINISTRATOR)
    record_id = record_id_of(record)
    async with session_factory() as session:
        uscc, entity_id = (
            await session.execute(
                select(MarketEntity.uscc, MarketEntity.id)
                .join(SupervisionRecord, SupervisionRecord.entity_id == MarketEntity.id)
                .where(SupervisionRecord.id == record_id)
            )
        ).one()
        record_ids = {
            str(row)
            for row in await session.scalars(
                select(SupervisionRecord.id).where(SupervisionRecord.entity_id == entity_id)
            )
        }
    data = await graph.data(ENTITY_HISTORY, {"uscc": uscc}, viewer=administrator)
    events = [edge["node"] for edge in data["entityHistory"]["edges"]]
    assert [e["operation"] for e in events if e["targetId"] == str(record_id)] == [
        "record.create",
        "record.update",
        "record.publish",
    ]
    for event in events:
        assert (event["targetType"], event["targetId"]) in {
            ("MarketEntity", str(entity_id)),
            *(("SupervisionRecord", other) for other in record_ids),
        }


def record_id_of(global_id_value: str) -> int:
    return int(strawberry.relay.GlobalID.from_id(global_id_value).node_id)


async def test_an_accounts_actions_within_a_period(
    graph: Graph, session_factory: SessionFactory, demo_data: DemoSummary
) -> None:
    started = utcnow() - timedelta(seconds=1)
    record = await _history_of_a_new_record(graph, session_factory)
    administrator = await viewer_of(session_factory, SHENYANG_ADMINISTRATOR)
    clerk = await viewer_of(session_factory, CLERK)
    assert clerk.account_id is not None
    account = global_id("Account", clerk.account_id)
    data = await graph.data(
        ACCOUNT_ACTIONS, {"id": account, "from": started.isoformat()}, viewer=administrator
    )
    events = [edge["node"] for edge in data["accountActions"]["edges"]]
    mine = [e["operation"] for e in events if e["targetId"] == str(record_id_of(record))]
    assert mine == ["record.publish", "record.update", "record.create"]  # newest first
    assert all(event["accountNumber"] == CLERK for event in events)
    # a period that ended before the changes holds none of them
    earlier = await graph.data(
        ACCOUNT_ACTIONS, {"id": account, "to": started.isoformat()}, viewer=administrator
    )
    assert all(
        edge["node"]["targetId"] != str(record_id_of(record))
        for edge in earlier["accountActions"]["edges"]
    )
    refused = await graph.error_codes(
        ACCOUNT_ACTIONS,
        {"id": account, "from": utcnow().isoformat(), "to": started.isoformat()},
        viewer=administrator,
    )
    assert refused == ["BAD_USER_INPUT"]


async def test_history_statements_do_not_grow_with_the_events(
    graph: Graph, session_factory: SessionFactory, demo_data: DemoSummary, count_statements: Any
) -> None:
    short = await _history_of_a_new_record(graph, session_factory, updates=1)
    long = await _history_of_a_new_record(graph, session_factory, updates=6)
    administrator = await viewer_of(session_factory, SHENYANG_ADMINISTRATOR)
    counts = []
    for record in (short, long):
        with count_statements() as log:
            data = await graph.data(
                RECORD_HISTORY.replace("totalCount ", ""), {"id": record}, viewer=administrator
            )
        assert data["recordHistory"]["edges"]
        counts.append(log.count)
    # events, account numbers, user names, accounts, users, departments
    assert counts[0] == counts[1] == 6


async def test_who_read_an_entitys_non_public_data(
    schema: strawberry.Schema,
    engine: AsyncEngine,
    graph: Graph,
    settings: Settings,
    session_factory: SessionFactory,
    demo_data: DemoSummary,
    count_statements: Any,
) -> None:
    # given: the clerk read the personal data of a page of entities
    clerk = await viewer_of(session_factory, CLERK)
    access_log = AccessLog(session_factory)
    context = Context(
        viewer=clerk,
        read_sessions=create_read_session_factory(engine),
        write_sessions=create_session_factory(engine),
        settings=settings,
        access_log=access_log,
    )
    read = await schema.execute(
        "{ entities(first: 3) { edges { node { uscc legalRepresentativeIdNumber } } } }",
        context_value=context,
    )
    assert read.errors is None
    assert read.data is not None
    await access_log.flush()
    uscc = read.data["entities"]["edges"][0]["node"]["uscc"]
    administrator = await viewer_of(session_factory, SHENYANG_ADMINISTRATOR)
    # when
    with count_statements() as log:
        data = await graph.data(ACCESS_EVENTS, {"uscc": uscc}, viewer=administrator)
    # then
    events = [edge["node"] for edge in data["accessEvents"]["edges"]]
    assert any(
        e["accountNumber"] == CLERK and e["what"] == "PERSONAL_DATA" and e["entity"]["uscc"] == uscc
        for e in events
    )
    assert events[0]["account"]["number"] in {e["accountNumber"] for e in events}
    # page, count, account numbers, accounts, entities
    assert log.count == 5
    assert clerk.account_id is not None
    by_account = await graph.data(
        ACCESS_EVENTS, {"account": global_id("Account", clerk.account_id)}, viewer=administrator
    )
    assert by_account["accessEvents"]["totalCount"] >= 3
    # outside the reader's department's overseers, nothing
    for viewer in (await viewer_of(session_factory, OTHER_ADMINISTRATOR), clerk, PUBLIC):
        hidden = await graph.data(ACCESS_EVENTS, {"uscc": uscc}, viewer=viewer)
        assert hidden["accessEvents"]["totalCount"] == 0
