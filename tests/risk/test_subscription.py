"""New alerts reach subscribed department users live, over a real WebSocket speaking
graphql-transport-ws: a record published through an HTTP mutation raises an alert after its
commit, and each subscriber receives only what its row policy allows."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import httpx
import pytest
from sqlalchemy import select, update
from strawberry.relay import to_base64
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Subprotocol

from hub.db import SessionFactory
from hub.demo import DEMO_PASSWORD, DemoSummary
from hub.models import Department, MarketEntity, RecordStatus, RiskModel, SupervisionRecord
from hub.risk.dimensions import Dimension
from hub.schema.record_kinds import RECORD_TYPES
from hub.server import create_hub_app
from hub.settings import Settings
from tests.risk.conftest import SHENYANG_HEALTH_ADMIN, SHENYANG_HEALTH_CLERK, SHENYANG_MARKET_ADMIN
from tests.support import ServerThread

PROTOCOL = Subprotocol("graphql-transport-ws")
RECEIVE_TIMEOUT = 20

LOGIN = """
mutation Login($account: String!, $password: String!) {
  login(account: $account, password: $password) { ... on LoginPayload { accessToken } }
}
"""

DEFINE = """
mutation Define($input: RiskModelInput!) {
  defineRiskModel(input: $input) { ... on RiskModelPayload { riskModel { id name } } }
}
"""

PUBLISH = """
mutation Publish($id: ID!, $version: Int!) {
  publishRecord(id: $id, version: $version) {
    __typename
    ... on InputError { message fieldErrors { field message } }
  }
}
"""

SUBSCRIBE = """
subscription {
  riskAlertRaised {
    id level status
    model { name }
    entity { uscc }
    department { code }
    crossings { kind value threshold }
  }
}
"""


@pytest.fixture
def hub_url(risk_settings: Settings, risk_demo: DemoSummary) -> Iterator[str]:
    server = ServerThread(create_hub_app(risk_settings))
    # WebSockets on (the suite's helper serves plain HTTP only).
    server.server.config.ws = "websockets-sansio"
    url = server.start()
    try:
        yield url
    finally:
        server.stop()


async def token_for(client: httpx.AsyncClient, url: str, account: str) -> str:
    response = await client.post(
        url, json={"query": LOGIN, "variables": {"account": account, "password": DEMO_PASSWORD}}
    )
    token: str = response.json()["data"]["login"]["accessToken"]
    return token


async def graphql(
    client: httpx.AsyncClient, url: str, token: str, query: str, variables: dict[str, Any]
) -> dict[str, Any]:
    response = await client.post(
        url,
        json={"query": query, "variables": variables},
        headers={"Authorization": f"Bearer {token}"},
    )
    body = response.json()
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data


async def subscribed(url: str, payload: dict[str, Any]) -> ClientConnection:
    """A connection that sent `connection_init` with `payload`; acknowledged or not."""
    websocket = await connect(url.replace("http://", "ws://"), subprotocols=[PROTOCOL])
    await websocket.send(json.dumps({"type": "connection_init", "payload": payload}))
    return websocket


async def expect_ack_and_subscribe(websocket: ClientConnection) -> None:
    ack = json.loads(await asyncio.wait_for(websocket.recv(), RECEIVE_TIMEOUT))
    assert ack["type"] == "connection_ack", ack
    await websocket.send(
        json.dumps({"id": "alerts", "type": "subscribe", "payload": {"query": SUBSCRIBE}})
    )


async def close_code(websocket: ClientConnection) -> int | None:
    with pytest.raises(ConnectionClosed) as closed:
        await asyncio.wait_for(websocket.recv(), RECEIVE_TIMEOUT)
    return closed.value.rcvd.code if closed.value.rcvd else None


@pytest.fixture
async def shenyang_draft(
    risk_sessions: SessionFactory, risk_demo: DemoSummary
) -> SupervisionRecord:
    """A draft of 沈阳市市场监督管理局 about an entity of 沈阳市."""
    async with risk_sessions() as session:
        record = await session.scalar(
            select(SupervisionRecord)
            .join(Department, Department.id == SupervisionRecord.department_id)
            .join(MarketEntity, MarketEntity.id == SupervisionRecord.entity_id)
            .where(
                Department.region_code == "210100",
                Department.code == "231",
                MarketEntity.region_code.startswith("2101"),
                SupervisionRecord.status == RecordStatus.DRAFT,
                SupervisionRecord.deleted_at.is_(None),
            )
            .order_by(SupervisionRecord.id)
            .limit(1)
        )
    assert record is not None, "the demo set has drafts of 沈阳市市场监督管理局"
    return record


async def test_an_alert_reaches_its_department_over_a_websocket(
    hub_url: str, shenyang_draft: SupervisionRecord, risk_sessions: SessionFactory
) -> None:
    async with httpx.AsyncClient(timeout=30) as client:
        market_token = await token_for(client, hub_url, SHENYANG_MARKET_ADMIN)
        health_token = await token_for(client, hub_url, SHENYANG_HEALTH_ADMIN)
        # given: an enabled model every record of the entity crosses
        name = f"实时推送测试{shenyang_draft.id}"
        dimension = Dimension.from_json(
            {"kind": "RECORD_COUNT", "windowDays": 3650, "threshold": "1"}
        )
        assert dimension.threshold == Decimal(1)
        definition = {
            "name": name,
            "level": "RED",
            "combination": "ANY",
            "enabled": True,
            "dimensions": [{"kind": "RECORD_COUNT", "windowDays": 3650, "threshold": "1"}],
        }
        await graphql(client, hub_url, market_token, DEFINE, {"input": definition})
        market = await subscribed(hub_url, {"authorization": f"Bearer {market_token}"})
        health = await subscribed(hub_url, {"accessToken": health_token})
        try:
            await expect_ack_and_subscribe(market)
            await expect_ack_and_subscribe(health)
            await asyncio.sleep(0.3)  # let both subscriptions start listening
            # when: a record of the entity is published over HTTP
            kind_type = RECORD_TYPES[shenyang_draft.kind].__name__
            published = await graphql(
                client,
                hub_url,
                market_token,
                PUBLISH,
                {"id": to_base64(kind_type, shenyang_draft.id), "version": shenyang_draft.version},
            )
            assert published["publishRecord"]["__typename"] == "RecordPayload", published
            # then: its department hears of the alert
            while True:
                message = json.loads(await asyncio.wait_for(market.recv(), RECEIVE_TIMEOUT))
                assert message["type"] == "next", message
                alert = message["payload"]["data"]["riskAlertRaised"]
                if alert["model"]["name"] == name:
                    break
            assert alert["level"] == "RED"
            assert alert["status"] == "OPEN"
            assert alert["department"] == {"code": "231"}
            assert alert["crossings"][0]["kind"] == "RECORD_COUNT"
            assert int(alert["crossings"][0]["value"]) >= 1
            # ... and 卫生健康委 only of alerts its row policy allows, never this one.
            try:
                while True:
                    message = json.loads(await asyncio.wait_for(health.recv(), 1.5))
                    other = message["payload"]["data"]["riskAlertRaised"]
                    assert other["department"] == {"code": "302"}, other
            except TimeoutError:
                pass
        finally:
            await market.close()
            await health.close()
            async with risk_sessions() as session, session.begin():
                await session.execute(
                    update(RiskModel).where(RiskModel.name == name).values(enabled=False)
                )


async def test_connection_init_without_a_valid_token_is_refused_with_4403(hub_url: str) -> None:
    for payload in ({}, {"authorization": "Bearer not-a-token"}, {"accessToken": "x.y.z"}):
        websocket = await subscribed(hub_url, payload)
        assert await close_code(websocket) == 4403


async def test_an_account_without_manage_risk_is_refused_with_4403(hub_url: str) -> None:
    async with httpx.AsyncClient(timeout=30) as client:
        token = await token_for(client, hub_url, SHENYANG_HEALTH_CLERK)
    websocket = await subscribed(hub_url, {"authorization": f"Bearer {token}"})
    assert await close_code(websocket) == 4403


async def test_subscribing_before_connection_init_is_refused_with_4401(hub_url: str) -> None:
    websocket = await connect(hub_url.replace("http://", "ws://"), subprotocols=[PROTOCOL])
    await websocket.send(
        json.dumps({"id": "1", "type": "subscribe", "payload": {"query": SUBSCRIBE}})
    )
    assert await close_code(websocket) == 4401
