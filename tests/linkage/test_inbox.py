"""The approving department's inbox: sign for a notice, handle it by recording the license
(linked, published, fed back) or close it with another outcome; deadlines and overdue."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import select, update

from hub.auth.viewer import Viewer
from hub.models import AuditEvent, LinkageNotice, OutboxMessage, OutboxTopic
from hub.models.base import utcnow
from tests.linkage.conftest import LinkageWorld, registration
from tests.support import Graph

INBOX = """
query Inbox($filter: LinkageNoticeFilter) {
  linkageNotices(filter: $filter, first: 100) {
    totalCount
    nodes { id status outcome overdue version closeReason
            registration { uscc } entity { uscc } license { licenseNumber status } }
  }
}
"""

NOTICE = """
query Notice($id: ID!) {
  node(id: $id) {
    ... on LinkageNotice { id status outcome overdue version closeReason
                           department { code } license { licenseNumber } }
  }
}
"""

SIGN = """
mutation Sign($id: ID!, $version: Int!) {
  signLinkageNotice(id: $id, version: $version) {
    __typename
    ... on LinkageNoticePayload { notice { status version signedAt } }
    ... on InputError { code fieldErrors { field message } }
  }
}
"""

LICENSE = """
mutation License($id: ID!, $version: Int!, $input: LinkageLicenseInput!) {
  recordLinkageLicense(id: $id, version: $version, input: $input) {
    __typename
    ... on LinkageLicensePayload {
      notice { status outcome version license { id licenseNumber } }
      license { id status licenseNumber subjectUscc department { code } }
    }
    ... on InputError { code fieldErrors { field message } }
  }
}
"""

CLOSE = """
mutation Close($id: ID!, $version: Int!, $outcome: LinkageOutcome!, $reason: String!) {
  closeLinkageNotice(id: $id, version: $version, outcome: $outcome, reason: $reason) {
    __typename
    ... on LinkageNoticePayload { notice { status outcome closeReason version } }
    ... on InputError { code fieldErrors { field message } }
  }
}
"""


def license_input(number: str, **overrides: Any) -> dict[str, Any]:
    return {
        "documentName": "道路运输经营许可决定书",
        "decisionNumber": f"沈交运许〔2026〕{number}号",
        "decisionDate": (date.today() - timedelta(days=1)).isoformat(),
        "licenseCategory": "GENERAL",
        "certificateName": "道路运输经营许可证",
        "licenseNumber": f"辽交运管许可沈字{number}号",
        "content": "道路普通货物运输",
        **overrides,
    }


async def transport_notice(linkage: LinkageWorld) -> tuple[str, dict[str, Any]]:
    """A fresh notice to 沈阳市交通运输局 (a 铁西区 haulier); its global ID and registration."""
    entry = registration("210106", "道路货物运输（不含危险货物）")
    [result] = await linkage.submit(entry)
    [notice] = result["notices"]
    assert notice["department"]["code"] == "303"
    return notice["id"], entry


async def _data(graph: Graph, document: str, viewer: Viewer, **variables: Any) -> dict[str, Any]:
    return await graph.data(document, variables, viewer=viewer)


async def test_sign_then_record_the_license_closes_the_notice_and_feeds_back(
    linkage: LinkageWorld, graph: Graph
) -> None:
    # given a notice in 沈阳市交通运输局's inbox
    notice_id, entry = await transport_notice(linkage)
    clerk = linkage.staff["city transport clerk"]
    inbox = await _data(graph, INBOX, clerk, filter={"statuses": ["PENDING"]})
    assert notice_id in {n["id"] for n in inbox["linkageNotices"]["nodes"]}
    # when the clerk signs for it
    signed = await _data(graph, SIGN, clerk, id=notice_id, version=1)
    assert signed["signLinkageNotice"]["notice"]["status"] == "SIGNED"
    version = signed["signLinkageNotice"]["notice"]["version"]
    # and records the license
    number = entry["uscc"][-8:]
    result = await _data(
        graph, LICENSE, clerk, id=notice_id, version=version, input=license_input(number)
    )
    payload = result["recordLinkageLicense"]
    # then the notice is closed with the license linked, the license published
    assert payload["__typename"] == "LinkageLicensePayload", payload
    assert payload["notice"]["status"] == "CLOSED"
    assert payload["notice"]["outcome"] == "LICENSED"
    license = payload["license"]
    assert license["status"] == "PUBLISHED"
    assert license["subjectUscc"] == entry["uscc"]
    assert license["department"]["code"] == "303"
    assert payload["notice"]["license"]["id"] == license["id"]
    # and market supervision (the registering department) sees the outcome in the hub
    registrar_side = await _data(graph, NOTICE, linkage.staff["city market analyst"], id=notice_id)
    assert registrar_side["node"]["outcome"] == "LICENSED"
    assert registrar_side["node"]["license"]["licenseNumber"] == license["licenseNumber"]
    # and each step was audited, the feedback written to the outbox
    notice_pk = int(_node_id(notice_id))
    async with linkage.session_factory() as session:
        operations = (
            await session.scalars(
                select(AuditEvent.operation)
                .where(AuditEvent.target_type == "LinkageNotice")
                .where(AuditEvent.target_id == str(notice_pk))
                .order_by(AuditEvent.id)
            )
        ).all()
        feedback = (
            await session.scalars(
                select(OutboxMessage).where(
                    OutboxMessage.subject_key == f"linkage-notice:{notice_pk}"
                )
            )
        ).all()
        record_messages = (
            await session.scalars(
                select(OutboxMessage).where(OutboxMessage.record_id == int(_node_id(license["id"])))
            )
        ).all()
    assert operations == ["linkageNotice.create", "linkageNotice.sign", "linkageNotice.close"]
    [message] = feedback
    assert message.topic is OutboxTopic.LINKAGE_FEEDBACK
    assert message.record_id is None
    assert message.record_version == payload["notice"]["version"]
    assert message.payload["outcome"] == "LICENSED"
    assert message.payload["registration"]["uscc"] == entry["uscc"]
    assert message.payload["license"]["licenseNumber"] == license["licenseNumber"]
    assert message.payload["approvingDepartment"]["name"] == "沈阳市交通运输局"
    # the license itself goes out as a RECORD like every published record
    assert [m.topic for m in record_messages] == [OutboxTopic.RECORD]


def _node_id(global_id: str) -> str:
    from strawberry.relay import GlobalID

    return GlobalID.from_id(global_id).node_id


async def test_a_refused_license_changes_nothing(linkage: LinkageWorld, graph: Graph) -> None:
    # given a signed notice
    notice_id, _ = await transport_notice(linkage)
    clerk = linkage.staff["city transport clerk"]
    await _data(graph, SIGN, clerk, id=notice_id, version=1)
    # when the license is refused by record collection's validation (a future decision date)
    tomorrow = (date.today() + timedelta(days=3)).isoformat()
    result = await _data(
        graph,
        LICENSE,
        clerk,
        id=notice_id,
        version=2,
        input=license_input("X1", decisionDate=tomorrow),
    )
    # then the field error names the input, and the notice is still open, with no feedback
    payload = result["recordLinkageLicense"]
    assert payload["__typename"] == "InputError"
    assert "input.decisionDate" in {e["field"] for e in payload["fieldErrors"]}
    notice = await _data(graph, NOTICE, clerk, id=notice_id)
    assert notice["node"]["status"] == "SIGNED"
    async with linkage.session_factory() as session:
        messages = (
            await session.scalars(
                select(OutboxMessage).where(
                    OutboxMessage.subject_key == f"linkage-notice:{_node_id(notice_id)}"
                )
            )
        ).all()
    assert messages == []


async def test_closing_without_a_license_needs_a_reason_and_a_signature(
    linkage: LinkageWorld, graph: Graph
) -> None:
    notice_id, _ = await transport_notice(linkage)
    clerk = linkage.staff["city transport clerk"]
    # a pending notice is signed for first
    early = await _data(
        graph, CLOSE, clerk, id=notice_id, version=1, outcome="NOT_APPLIED", reason="未申请"
    )
    assert early["closeLinkageNotice"]["code"] == "CONFLICT"
    await _data(graph, SIGN, clerk, id=notice_id, version=1)
    # a stale version is refused
    stale = await _data(
        graph, CLOSE, clerk, id=notice_id, version=1, outcome="NOT_APPLIED", reason="未申请"
    )
    assert stale["closeLinkageNotice"]["code"] == "CONFLICT"
    # a reason is required
    blank = await _data(
        graph, CLOSE, clerk, id=notice_id, version=2, outcome="NOT_APPLIED", reason="  "
    )
    assert [e["field"] for e in blank["closeLinkageNotice"]["fieldErrors"]] == ["reason"]
    # then it closes with the outcome and the reason, fed back
    closed = await _data(
        graph,
        CLOSE,
        clerk,
        id=notice_id,
        version=2,
        outcome="NOT_APPLIED",
        reason="申请人表示暂不开展道路运输经营",
    )
    notice = closed["closeLinkageNotice"]["notice"]
    assert (notice["status"], notice["outcome"]) == ("CLOSED", "NOT_APPLIED")
    assert notice["closeReason"] == "申请人表示暂不开展道路运输经营"
    async with linkage.session_factory() as session:
        message = await session.scalar(
            select(OutboxMessage).where(
                OutboxMessage.subject_key == f"linkage-notice:{_node_id(notice_id)}"
            )
        )
    assert message is not None
    assert message.payload["outcome"] == "NOT_APPLIED"
    assert message.payload["license"] is None
    # and a closed notice cannot be closed again
    again = await _data(
        graph, CLOSE, clerk, id=notice_id, version=3, outcome="NOT_REQUIRED", reason="重复"
    )
    assert again["closeLinkageNotice"]["code"] == "CONFLICT"


async def test_only_the_approving_department_handles_its_notices(
    linkage: LinkageWorld, graph: Graph
) -> None:
    notice_id, _ = await transport_notice(linkage)
    for name in ("city health clerk", "city market analyst"):
        codes = await graph.error_codes(
            SIGN, {"id": notice_id, "version": 1}, viewer=linkage.staff[name]
        )
        assert codes == ["FORBIDDEN"], name


async def test_overdue_notices_show_on_both_sides(linkage: LinkageWorld, graph: Graph) -> None:
    # given one notice past its signing deadline and one fresh notice
    late_id, late_entry = await transport_notice(linkage)
    fresh_id, _ = await transport_notice(linkage)
    async with linkage.session_factory() as session, session.begin():
        yesterday = utcnow().date() - timedelta(days=2)
        await session.execute(
            update(LinkageNotice)
            .where(LinkageNotice.id == int(_node_id(late_id)))
            .values(sign_due_on=yesterday, version=LinkageNotice.version)
        )
    # then the approving department and the registering department both see it overdue
    for name in ("city transport clerk", "city market analyst"):
        viewer = linkage.staff[name]
        overdue = await _data(graph, INBOX, viewer, filter={"overdue": True})
        on_time = await _data(graph, INBOX, viewer, filter={"overdue": False})
        overdue_ids = {n["id"] for n in overdue["linkageNotices"]["nodes"]}
        assert late_id in overdue_ids, name
        assert fresh_id not in overdue_ids, name
        assert all(n["overdue"] for n in overdue["linkageNotices"]["nodes"])
        assert not any(n["overdue"] for n in on_time["linkageNotices"]["nodes"])
    # and signing it ends the signing delay (the handling deadline is still ahead)
    clerk = linkage.staff["city transport clerk"]
    await _data(graph, SIGN, clerk, id=late_id, version=1)
    after = await _data(graph, NOTICE, clerk, id=late_id)
    assert after["node"]["overdue"] is False
    assert late_entry["uscc"]
