"""`hub push`: the outbox reaches the national receiver (a stand-in over real HTTP) at least
once, in order per record, after the receiver was down for a while, and a redelivery is
harmless because the receiver is idempotent on the Idempotency-Key."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from hub.db import SessionFactory
from hub.models import OutboxMessage, OutboxTopic, RecordKind
from hub.models.base import utcnow
from hub.push.config import PushConfig, PushConfigError, parse_push_config
from hub.push.worker import OutboxWorker, http_client, idempotency_key
from stand_ins import national_receiver
from stand_ins.server import RunningStandIn, run_in_thread
from tests.collection.conftest import Desk
from tests.collection.inputs import REVOKE
from tests.collection.test_publication import publish
from tests.collection.test_record_entry import create, record_id
from tests.support import Graph


def aware(moment: datetime) -> datetime:
    # SQLite hands back naive UTC datetimes; PostgreSQL aware ones.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


class Clock:
    """The worker's notion of now, moved by the test instead of by sleeping."""

    def __init__(self) -> None:
        self.now = utcnow() + timedelta(seconds=1)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


class Receiver:
    """The national receiver stand-in; it can go down (port closed) and come back on the
    same port with what it had received."""

    def __init__(self) -> None:
        self.app = national_receiver.create_app()
        self.running: RunningStandIn | None = run_in_thread("national_receiver", self.app)
        self.port = self.running.port

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def down(self) -> None:
        assert self.running is not None
        self.running.stop()
        self.running = None

    def up(self) -> None:
        self.running = run_in_thread("national_receiver", self.app, port=self.port)

    def held(self, subject: str) -> national_receiver.Held | None:
        received: national_receiver.Received = self.app.state.received
        return received.subjects.get("records", {}).get(subject)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    stand_in = Receiver()
    yield stand_in
    if stand_in.running is not None:
        stand_in.down()


def config_for(receiver: Receiver) -> PushConfig:
    return PushConfig.model_validate(
        {
            "backoff_seconds": 10,
            "max_backoff_seconds": 60,
            "lease_seconds": 30,
            "timeout_seconds": 2,
            "destinations": {"RECORD": {"base_url": receiver.url}},
        }
    )


async def published_record(graph: Graph, desk: Desk) -> dict[str, Any]:
    draft = (await create(graph, desk, RecordKind.PENALTY))["record"]
    return (await publish(graph, desk, draft))["record"]


async def messages_of(sessions: SessionFactory, record_ids: list[int]) -> list[OutboxMessage]:
    async with sessions() as session:
        rows = await session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.record_id.in_(record_ids))
            .order_by(OutboxMessage.id)
        )
        return list(rows)


async def test_the_outbox_reaches_the_receiver_after_it_was_down_for_a_while(
    collection_graph: Graph, collection_sessions: SessionFactory, desk: Desk, receiver: Receiver
) -> None:
    # given two published records, one of them revoked since (two messages, in order)
    first = await published_record(collection_graph, desk)
    second = await published_record(collection_graph, desk)
    await collection_graph.data(
        REVOKE, {"id": second["id"], "version": 2, "reason": "复议撤销"}, viewer=desk.clerk()
    )
    ids = [record_id(first), record_id(second)]
    # and the receiver down
    receiver.down()
    clock = Clock()
    async with http_client(config_for(receiver)) as client:
        worker = OutboxWorker(collection_sessions, config_for(receiver), client, clock=clock)

        # when the worker runs
        await worker.run_once()
        # then nothing is delivered; each record's first message failed once and waits
        # for its backoff; the revocation waits behind the publication of its record
        published_first, published_second, revoked = await messages_of(collection_sessions, ids)
        for message in (published_first, published_second):
            assert message.delivered_at is None
            assert message.attempts == 1
            assert message.last_error is not None
            assert "ConnectError" in message.last_error
            assert aware(message.next_attempt_at) > clock.now
        assert revoked.attempts == 0

        # when it runs again before the backoff is over: nothing is tried
        await worker.run_once()
        assert [m.attempts for m in await messages_of(collection_sessions, ids)] == [1, 1, 0]

        # when the receiver is back and the backoff is over
        receiver.up()
        clock.advance(60)
        await worker.run_once()

    # then every message is delivered, the revocation after the publication
    messages = await messages_of(collection_sessions, ids)
    assert all(message.delivered_at is not None for message in messages)
    assert all(message.last_error is None for message in messages)
    held_first = receiver.held(f"record:{ids[0]}")
    held_second = receiver.held(f"record:{ids[1]}")
    assert held_first is not None
    assert held_first.version == 2
    assert held_first.payload["文书号"] == first["decisionNumber"]
    # the receiver holds the latest version of the revoked record
    assert held_second is not None
    assert held_second.version == 3
    assert held_second.payload["当前状态"] == "撤销"


async def test_a_redelivery_after_a_crash_is_harmless(
    collection_graph: Graph, collection_sessions: SessionFactory, desk: Desk, receiver: Receiver
) -> None:
    record = await published_record(collection_graph, desk)
    subject = f"record:{record_id(record)}"
    clock = Clock()
    config = config_for(receiver)
    async with http_client(config) as client:
        worker = OutboxWorker(collection_sessions, config, client, clock=clock)
        # given a worker that delivered the message and died before recording it
        claimed = await worker.claim()
        assert record_id(record) in {message.record_id for message in claimed}
        await worker.deliver(claimed)
        held = receiver.held(subject)
        assert held is not None
        assert held.deliveries == 1
        # when another worker runs before the lease is over: it leaves it alone
        await worker.run_once()
        [message] = await messages_of(collection_sessions, [record_id(record)])
        assert message.delivered_at is None
        # when the lease is over, it delivers again
        clock.advance(config.lease_seconds + 1)
        await worker.run_once()

    # then the receiver saw it twice and holds it once; the hub marks it delivered
    [message] = await messages_of(collection_sessions, [record_id(record)])
    assert message.delivered_at is not None
    assert message.attempts == 2
    held = receiver.held(subject)
    assert held is not None
    assert held.deliveries == 2
    assert held.version == 2
    assert idempotency_key(message) == f"RECORD:{subject}:2"


async def test_a_failing_receiver_is_retried_with_growing_backoff(
    collection_graph: Graph, collection_sessions: SessionFactory, desk: Desk, receiver: Receiver
) -> None:
    record = await published_record(collection_graph, desk)
    assert receiver.running is not None
    await receiver.running.control(fail_rate=1.0, status=503)
    clock = Clock()
    config = config_for(receiver)
    delays = []
    async with http_client(config) as client:
        worker = OutboxWorker(collection_sessions, config, client, clock=clock)
        for _ in range(3):
            await worker.run_once()
            [message] = await messages_of(collection_sessions, [record_id(record)])
            assert message.last_error is not None
            assert message.last_error.startswith("HTTP 503")
            delays.append((aware(message.next_attempt_at) - clock.now).total_seconds())
            clock.advance(60)
        # the delays double (with jitter in [0.5, 1]) up to the cap
        assert 5 <= delays[0] <= 10
        assert 10 <= delays[1] <= 20
        assert 20 <= delays[2] <= 40
        await receiver.running.reset()
        await worker.run_once()
    [message] = await messages_of(collection_sessions, [record_id(record)])
    assert message.delivered_at is not None
    assert message.attempts == 4


async def test_two_workers_deliver_each_message_once(
    collection_graph: Graph, collection_sessions: SessionFactory, desk: Desk, receiver: Receiver
) -> None:
    records = [await published_record(collection_graph, desk) for _ in range(6)]
    config = config_for(receiver).model_copy(update={"batch_size": 2})
    clock = Clock()
    async with http_client(config) as client:
        workers = [OutboxWorker(collection_sessions, config, client, clock=clock) for _ in "ab"]
        await asyncio.gather(*(worker.run_once() for worker in workers))
    for record in records:
        held = receiver.held(f"record:{record_id(record)}")
        assert held is not None
        assert held.deliveries == 1


def test_the_push_configuration_is_checked() -> None:
    with pytest.raises(PushConfigError, match="not an http"):
        parse_push_config('[push.destinations.RECORD]\nbase_url = "ftp://x"')
    with pytest.raises(PushConfigError, match="HUB_TEST_PUSH_TOKEN is not set"):
        parse_push_config(
            '[push.destinations.RECORD]\nbase_url = "http://x"\ntoken_env = "HUB_TEST_PUSH_TOKEN"',
            environ={},
        )
    with pytest.raises(PushConfigError, match=r"push\.destinations\.NOPE"):
        parse_push_config('[push.destinations.NOPE]\nbase_url = "http://x"')
    with pytest.raises(PushConfigError, match=r"push\.batch_size"):
        parse_push_config("[push]\nbatch_size = 0")
    config = parse_push_config(
        '[push.destinations.RECORD]\nbase_url = "http://x/"\ntoken_env = "T"', environ={"T": "s"}
    )
    assert config.url(OutboxTopic.RECORD) == "http://x/records"
    assert config.url(OutboxTopic.COMPLAINT_RESULT) is None
    assert config.headers(OutboxTopic.RECORD, {"T": "s"}) == {"Authorization": "Bearer s"}
    assert parse_push_config("").destinations == {}


async def test_hub_push_from_the_command_line(
    collection_graph: Graph,
    collection_database_url: str,
    desk: Desk,
    receiver: Receiver,
    tmp_path: Path,
) -> None:
    record = await published_record(collection_graph, desk)
    connectors = tmp_path / "connectors.toml"
    connectors.write_text(f'[push.destinations.RECORD]\nbase_url = "{receiver.url}"\n')
    environment = {
        **os.environ,
        "HUB_DATABASE_URL": collection_database_url,
        "HUB_CONNECTORS_FILE": str(connectors),
    }
    hub = [str(Path(sys.executable).parent / "hub")]
    status = await asyncio.to_thread(
        subprocess.run, [*hub, "push", "--status"], env=environment, capture_output=True, text=True
    )
    assert status.returncode == 0, status.stderr
    assert "待推送" in status.stderr
    once = await asyncio.to_thread(
        subprocess.run, [*hub, "push", "--once"], env=environment, capture_output=True, text=True
    )
    assert once.returncode == 0, once.stderr
    assert "成功" in once.stderr
    held = receiver.held(f"record:{record_id(record)}")
    assert held is not None
    assert held.version == 2
    # a connectors file without destinations is refused with a message, not a traceback
    connectors.write_text("")
    refused = await asyncio.to_thread(
        subprocess.run, [*hub, "push", "--once"], env=environment, capture_output=True, text=True
    )
    assert refused.returncode == 2
    assert "无处推送" in refused.stderr


async def test_the_receiver_stand_in_refuses_a_delivery_without_a_key(receiver: Receiver) -> None:
    async with httpx.AsyncClient(base_url=receiver.url, trust_env=False) as client:
        response = await client.post("/records", json={"a": 1})
    assert response.status_code == 400
