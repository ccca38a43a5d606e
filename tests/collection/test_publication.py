"""公示: publish, revoke, withdraw; audited, versioned, and sent to the outbox atomically."""

from __future__ import annotations

from typing import Any

from hub.auth.permissions import Permission
from hub.auth.viewer import PUBLIC
from hub.models import OutboxChange, OutboxMessage, RecordKind
from tests.collection.conftest import Desk, count_rows
from tests.collection.inputs import (
    DELETE,
    NODE,
    PUBLISH,
    REVOKE,
    WITHDRAW,
    create_document,
    record_input,
    update_document,
)
from tests.collection.test_record_entry import create, field_errors, record_id
from tests.support import Graph


async def publish(graph: Graph, desk: Desk, record: dict[str, Any]) -> dict[str, Any]:
    data = await graph.data(
        PUBLISH, {"id": record["id"], "version": record["version"]}, viewer=desk.clerk()
    )
    return dict(data["result"])


async def test_a_published_record_reaches_the_public_until_revoked(
    collection_graph: Graph, desk: Desk
) -> None:
    # given a draft the public cannot see
    draft = (await create(collection_graph, desk, RecordKind.PENALTY))["record"]
    assert (await collection_graph.data(NODE, {"id": draft["id"]}))["node"] is None
    # when it is published
    published = (await publish(collection_graph, desk, draft))["record"]
    # then the public sees it, with its publication date
    assert published["status"] == "PUBLISHED"
    assert published["version"] == 2
    assert published["publishedAt"] is not None
    seen = await collection_graph.data(NODE, {"id": draft["id"]}, viewer=PUBLIC)
    assert seen["node"] == {"id": draft["id"], "status": "PUBLISHED", "version": 2}
    # and the outbox has its message, in the national field names
    [message] = await desk.outbox(record_id(draft))
    assert message.change is OutboxChange.PUBLISHED
    assert message.record_version == 2
    assert message.delivered_at is None
    assert message.attempts == 0
    assert message.payload["文书号"] == draft["decisionNumber"]
    assert message.payload["行政相对人类别"] == "法人及非法人组织"
    assert message.payload["处罚类别"] == ["WARNING", "FINE"]
    assert message.payload["罚款金额（万元）"] == "0.5"
    assert message.payload["当前状态"] == "正常"

    # when it is revoked, with a reason
    data = await collection_graph.data(
        REVOKE, {"id": draft["id"], "version": 2, "reason": "复议撤销"}, viewer=desk.clerk()
    )
    revoked = data["result"]["record"]
    # then the public no longer sees it; the department still does, with its history
    assert revoked["status"] == "REVOKED"
    assert revoked["version"] == 3
    assert (await collection_graph.data(NODE, {"id": draft["id"]}))["node"] is None
    own = await collection_graph.data(NODE, {"id": draft["id"]}, viewer=desk.clerk())
    assert own["node"]["status"] == "REVOKED"
    events = await desk.audit_events(record_id(draft))
    assert [(e.operation, e.account_id) for e in events] == [
        ("record.create", desk.account_id),
        ("record.publish", desk.account_id),
        ("record.revoke", desk.account_id),
    ]
    assert events[2].after == {"status": "REVOKED", "reason": "复议撤销"}
    changes = [message.change for message in await desk.outbox(record_id(draft))]
    assert changes == [OutboxChange.PUBLISHED, OutboxChange.REVOKED]


async def test_withdrawal_ends_publication_and_is_sent(collection_graph: Graph, desk: Desk) -> None:
    draft = (await create(collection_graph, desk, RecordKind.LICENSE))["record"]
    await publish(collection_graph, desk, draft)
    data = await collection_graph.data(
        WITHDRAW, {"id": draft["id"], "version": 2, "reason": "信用修复"}, viewer=desk.clerk()
    )
    assert data["result"]["record"]["status"] == "WITHDRAWN"
    assert (await collection_graph.data(NODE, {"id": draft["id"]}))["node"] is None
    messages = await desk.outbox(record_id(draft))
    assert [m.change for m in messages] == [OutboxChange.PUBLISHED, OutboxChange.WITHDRAWN]
    assert messages[1].payload["撤销原因"] == "信用修复"


async def test_a_change_to_a_published_record_is_sent(collection_graph: Graph, desk: Desk) -> None:
    draft = (await create(collection_graph, desk, RecordKind.PENALTY))["record"]
    await publish(collection_graph, desk, draft)
    values = record_input(desk, RecordKind.PENALTY, remark="更正罚款金额", fineAmount="0.6")
    values["decisionNumber"] = draft["decisionNumber"]
    data = await collection_graph.data(
        update_document(RecordKind.PENALTY),
        {"id": draft["id"], "version": 2, "input": values},
        viewer=desk.clerk(),
    )
    assert data["result"]["record"]["version"] == 3
    messages = await desk.outbox(record_id(draft))
    assert [(m.change, m.record_version) for m in messages] == [
        (OutboxChange.PUBLISHED, 2),
        (OutboxChange.UPDATED, 3),
    ]
    assert messages[1].payload["罚款金额（万元）"] == "0.6"


async def test_a_refused_transition_writes_nothing(collection_graph: Graph, desk: Desk) -> None:
    # given a published record
    draft = (await create(collection_graph, desk, RecordKind.PENALTY))["record"]
    await publish(collection_graph, desk, draft)
    before = await count_rows(desk.session_factory, OutboxMessage)
    # when a stale revoke, a second publish, a delete and an empty reason are tried
    stale = await collection_graph.data(
        REVOKE, {"id": draft["id"], "version": 1, "reason": "x"}, viewer=desk.clerk()
    )
    again = await collection_graph.data(
        PUBLISH, {"id": draft["id"], "version": 2}, viewer=desk.clerk()
    )
    deleted = await collection_graph.data(
        DELETE, {"id": draft["id"], "version": 2}, viewer=desk.clerk()
    )
    no_reason = await collection_graph.data(
        REVOKE, {"id": draft["id"], "version": 2, "reason": "  "}, viewer=desk.clerk()
    )
    # then each is refused with its code, and no audit event or outbox row was written
    assert stale["result"]["code"] == "CONFLICT"
    assert again["result"]["code"] == "CONFLICT"
    assert deleted["result"]["code"] == "CONFLICT"
    assert field_errors(no_reason["result"]) == {"reason": "请填写原因"}
    assert await count_rows(desk.session_factory, OutboxMessage) >= before
    assert len(await desk.outbox(record_id(draft))) == 1
    events = await desk.audit_events(record_id(draft))
    assert [e.operation for e in events] == ["record.create", "record.publish"]


async def test_the_outbox_row_commits_or_rolls_back_with_its_change(
    collection_graph: Graph, desk: Desk, monkeypatch: Any
) -> None:
    # given a draft, and an outbox write that fails after the record was changed
    draft = (await create(collection_graph, desk, RecordKind.PENALTY))["record"]
    import hub.collection.publication as publication

    async def failing(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("outbox unavailable")

    monkeypatch.setattr(publication, "enqueue", failing)
    result = await collection_graph.execute(
        PUBLISH, {"id": draft["id"], "version": 1}, viewer=desk.clerk()
    )
    # then the publication did not happen either
    assert result.errors
    own = await collection_graph.data(NODE, {"id": draft["id"]}, viewer=desk.clerk())
    assert own["node"] == {"id": draft["id"], "status": "DRAFT", "version": 1}
    assert [e.operation for e in await desk.audit_events(record_id(draft))] == ["record.create"]


async def test_publishing_needs_its_permission(collection_graph: Graph, desk: Desk) -> None:
    draft = (await create(collection_graph, desk))["record"]
    entry_only = desk.clerk(frozenset({Permission.RECORD_ENTRY}))
    for document, variables in (
        (PUBLISH, {"id": draft["id"], "version": 1}),
        (REVOKE, {"id": draft["id"], "version": 1, "reason": "x"}),
        (WITHDRAW, {"id": draft["id"], "version": 1, "reason": "x"}),
    ):
        codes = await collection_graph.error_codes(document, variables, viewer=entry_only)
        assert codes == ["FORBIDDEN"]
    # entering needs RECORD_ENTRY, even for a publisher
    codes = await collection_graph.error_codes(
        create_document(RecordKind.PENALTY),
        {"input": record_input(desk)},
        viewer=desk.clerk(frozenset({Permission.PUBLISH_RECORDS})),
    )
    assert codes == ["FORBIDDEN"]
