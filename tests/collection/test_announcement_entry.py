"""监管公告: departments write, publish and withdraw; the public reads what is published."""

from __future__ import annotations

from typing import Any

from strawberry.relay import GlobalID

from hub.auth.permissions import Permission
from tests.collection.conftest import Desk, new_uscc
from tests.collection.test_record_entry import create
from tests.support import Graph

CREATE = """
mutation Create($input: CreateAnnouncementInput!) {
  result: createAnnouncement(input: $input) {
    __typename
    ... on AnnouncementPayload { announcement { id kind status title publishedAt } }
    ... on InputError { code fieldErrors { field message } }
  }
}"""

PUBLISH = """
mutation Publish($id: ID!) {
  result: publishAnnouncement(id: $id) {
    __typename
    ... on AnnouncementPayload { announcement { id status publishedAt } }
    ... on InputError { code fieldErrors { field message } }
  }
}"""

WITHDRAW = """
mutation Withdraw($id: ID!, $reason: String!) {
  result: withdrawAnnouncement(id: $id, reason: $reason) {
    __typename
    ... on AnnouncementPayload { announcement { id status } }
    ... on InputError { code fieldErrors { field message } }
  }
}"""

PUBLIC_ANNOUNCEMENTS = """
query Announcements($department: ID!) {
  announcements(filter: { departmentId: $department }, first: 50) {
    edges { node { id kind title } }
  }
}"""

ENTITY = """
query Entity($uscc: String!) { entity(uscc: $uscc) { announcements { id title } } }
"""


async def public_titles(graph: Graph, desk: Desk) -> list[str]:
    data = await graph.data(PUBLIC_ANNOUNCEMENTS, {"department": desk.department_gid})
    return [edge["node"]["title"] for edge in data["announcements"]["edges"]]


async def test_a_general_announcement_is_published_and_withdrawn(
    collection_graph: Graph, desk: Desk
) -> None:
    created = await collection_graph.data(
        CREATE,
        {"input": {"title": "关于开展食品安全检查的公告", "body": "正文"}},
        viewer=desk.clerk(),
    )
    announcement = created["result"]["announcement"]
    assert (announcement["kind"], announcement["status"]) == ("GENERAL", "DRAFT")
    assert await public_titles(collection_graph, desk) == []
    published = await collection_graph.data(
        PUBLISH, {"id": announcement["id"]}, viewer=desk.clerk()
    )
    assert published["result"]["announcement"]["status"] == "PUBLISHED"
    assert await public_titles(collection_graph, desk) == ["关于开展食品安全检查的公告"]
    withdrawn = await collection_graph.data(
        WITHDRAW, {"id": announcement["id"], "reason": "内容有误"}, viewer=desk.clerk()
    )
    assert withdrawn["result"]["announcement"]["status"] == "WITHDRAWN"
    assert await public_titles(collection_graph, desk) == []
    number = int(GlobalID.from_id(announcement["id"]).node_id)
    events = await desk.audit_events(number, "Announcement")
    assert [(e.operation, e.account_id) for e in events] == [
        ("announcement.create", desk.account_id),
        ("announcement.publish", desk.account_id),
        ("announcement.withdraw", desk.account_id),
    ]
    again = await collection_graph.data(PUBLISH, {"id": announcement["id"]}, viewer=desk.clerk())
    assert again["result"]["code"] == "CONFLICT"


async def test_a_targeted_announcement_reaches_its_entities(
    collection_graph: Graph, desk: Desk
) -> None:
    # given an entity in the directory (entered with a record)
    uscc = new_uscc()
    await create(
        collection_graph,
        desk,
        subject={"name": "被通知企业", "category": "LEGAL_PERSON", "uscc": uscc},
    )
    # when a notice is addressed to it and published
    created = await collection_graph.data(
        CREATE,
        {"input": {"title": "责令整改通知", "body": "限期整改", "targetUsccs": [uscc.lower()]}},
        viewer=desk.clerk(),
    )
    announcement: dict[str, Any] = created["result"]["announcement"]
    assert announcement["kind"] == "TARGETED"
    await collection_graph.data(PUBLISH, {"id": announcement["id"]}, viewer=desk.clerk())
    # then the public sees it on the entity
    data = await collection_graph.data(ENTITY, {"uscc": uscc})
    assert data["entity"]["announcements"] == [{"id": announcement["id"], "title": "责令整改通知"}]


async def test_targets_must_be_known_and_valid(collection_graph: Graph, desk: Desk) -> None:
    unknown = new_uscc()
    data = await collection_graph.data(
        CREATE,
        {
            "input": {
                "title": "通知",
                "body": "正文",
                "targetUsccs": ["91350100M000100Y44", unknown],
            }
        },
        viewer=desk.clerk(),
    )
    assert data["result"]["fieldErrors"] == [
        {"field": "input.targetUsccs.0", "message": "统一社会信用代码校验位错误"}
    ]
    data = await collection_graph.data(
        CREATE,
        {"input": {"title": "", "body": "正文", "targetUsccs": [unknown]}},
        viewer=desk.clerk(),
    )
    assert data["result"]["fieldErrors"] == [
        {"field": "input.title", "message": "标题应为1到200个字符"}
    ]


async def test_announcing_needs_the_publish_permission(collection_graph: Graph, desk: Desk) -> None:
    codes = await collection_graph.error_codes(
        CREATE,
        {"input": {"title": "通知", "body": "正文"}},
        viewer=desk.clerk(frozenset({Permission.RECORD_ENTRY})),
    )
    assert codes == ["FORBIDDEN"]
