"""数据对接: partner batches — idempotent per partner record id, per-record results, races."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from sqlalchemy import func, select

from hub.auth.viewer import Viewer
from hub.models import OutboxChange, SupervisionRecord
from tests.collection.conftest import Desk, global_id, new_uscc
from tests.collection.inputs import NODE, record_input
from tests.collection.test_record_entry import record_id
from tests.support import Graph, backend_name

SUBMIT = """
mutation Submit($records: [PartnerRecordInput!]!) {
  result: submitRecords(records: $records) {
    __typename
    ... on SubmitRecordsPayload {
      accepted: count(outcome: ACCEPTED)
      updated: count(outcome: UPDATED)
      unchanged: count(outcome: UNCHANGED)
      rejected: count(outcome: REJECTED)
      results {
        index partnerRecordId outcome code fieldErrors { field message }
        record { id status version decisionNumber }
      }
    }
    ... on InputError { message code fieldErrors { field message } }
  }
}"""

SUBMISSIONS = """
query Submissions($first: Int, $after: String) {
  partnerSubmissions(first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { partnerRecordId status version record { id decisionNumber } } }
  }
}"""


def partner_record(
    desk: Desk, partner_id: str, *, publish: bool = False, **overrides: Any
) -> dict[str, Any]:
    return {
        "partnerRecordId": partner_id,
        "departmentId": desk.department_gid,
        "publish": publish,
        "penalty": record_input(desk, **overrides),
    }


async def submit(graph: Graph, viewer: Viewer, records: list[dict[str, Any]]) -> dict[str, Any]:
    data = await graph.data(SUBMIT, {"records": records}, viewer=viewer)
    return dict(data["result"])


async def records_of(desk: Desk, partner_ids: list[str]) -> int:
    async with desk.session_factory() as session:
        statement = select(func.count(SupervisionRecord.id)).where(
            SupervisionRecord.partner_client_id == desk.partner_client_id,
            SupervisionRecord.partner_record_id.in_(partner_ids),
        )
        return int(await session.scalar(statement) or 0)


async def test_a_bad_record_never_rejects_the_good_ones(
    collection_graph: Graph, desk: Desk
) -> None:
    # given a batch with good records and bad ones
    batch = [
        partner_record(desk, "P-1"),
        partner_record(
            desk,
            "P-2",
            subject={"name": "某公司", "category": "LEGAL_PERSON", "uscc": "91350100M000100Y44"},
        ),
        partner_record(desk, "P-3", publish=True),
        {"partnerRecordId": "P-4", "departmentId": desk.department_gid, "publish": False},
        partner_record(desk, "P-5", fineAmount="-3"),
    ]
    # when the partner submits it
    result = await submit(collection_graph, desk.partner(), batch)
    # then each record has its own outcome, and the refused ones name their fields
    assert (result["accepted"], result["rejected"]) == (2, 3)
    outcomes = {r["partnerRecordId"]: (r["outcome"], r["fieldErrors"]) for r in result["results"]}
    assert outcomes["P-1"] == ("ACCEPTED", [])
    assert outcomes["P-2"] == (
        "REJECTED",
        [{"field": "records.1.penalty.subject.uscc", "message": "统一社会信用代码校验位错误"}],
    )
    assert outcomes["P-4"] == (
        "REJECTED",
        [{"field": "records.3", "message": "应恰好填写一个类别的记录"}],
    )
    assert outcomes["P-5"][1] == [
        {"field": "records.4.penalty.fineAmount", "message": "金额不能为负数"}
    ]
    # the good ones were written whole, with their status; the bad ones not at all
    statuses = {
        r["partnerRecordId"]: r["record"] and r["record"]["status"] for r in result["results"]
    }
    assert statuses == {"P-1": "DRAFT", "P-2": None, "P-3": "PUBLISHED", "P-4": None, "P-5": None}
    assert await records_of(desk, ["P-1", "P-2", "P-3", "P-4", "P-5"]) == 2
    published = next(r for r in result["results"] if r["partnerRecordId"] == "P-3")["record"]
    [message] = await desk.outbox(record_id(published))
    assert message.change is OutboxChange.PUBLISHED
    events = await desk.audit_events(record_id(published))
    assert [(e.operation, e.partner_client_id, e.account_id) for e in events] == [
        ("record.create", desk.partner_client_id, None)
    ]


async def test_resubmitting_updates_or_leaves_alone_never_duplicates(
    collection_graph: Graph, desk: Desk
) -> None:
    first = partner_record(desk, "R-1")
    result = await submit(collection_graph, desk.partner(), [first])
    assert result["accepted"] == 1
    # the same record again: unchanged
    again = await submit(collection_graph, desk.partner(), [first])
    assert again["unchanged"] == 1
    assert again["results"][0]["record"]["version"] == 1
    # changed: updated, and published when asked
    changed = {**first, "publish": True, "penalty": {**first["penalty"], "remark": "补充"}}
    updated = await submit(collection_graph, desk.partner(), [changed])
    assert updated["updated"] == 1
    assert updated["results"][0]["record"]["status"] == "PUBLISHED"
    assert await records_of(desk, ["R-1"]) == 1
    # the public sees it now
    node = await collection_graph.data(NODE, {"id": updated["results"][0]["record"]["id"]})
    assert node["node"]["status"] == "PUBLISHED"


async def test_two_identical_batches_racing_make_each_record_once(
    collection_graph: Graph, desk: Desk
) -> None:
    # given one batch sent twice at the same moment (a partner retrying on a timeout)
    batch = [partner_record(desk, f"RACE-{n}", publish=n % 2 == 0) for n in range(20)]
    # when both arrive
    results = await asyncio.gather(
        submit(collection_graph, desk.partner(), batch),
        submit(collection_graph, desk.partner(), batch),
    )
    # then every record exists once: one batch accepted it, the other found it unchanged
    assert await records_of(desk, [f"RACE-{n}" for n in range(20)]) == 20
    for n in range(20):
        outcomes = sorted(result["results"][n]["outcome"] for result in results)
        assert outcomes == ["ACCEPTED", "UNCHANGED"], (
            n,
            [r["results"][n]["fieldErrors"] for r in results],
        )
    published = [r["record"] for r in results[0]["results"] if r["record"]["status"] == "PUBLISHED"]
    for record in published:
        assert len(await desk.outbox(record_id(record))) == 1


async def test_only_bound_departments(collection_graph: Graph, desk: Desk) -> None:
    other = global_id("Department", desk.department_id + 10**9)
    result = await submit(
        collection_graph,
        desk.partner(),
        [{**partner_record(desk, "B-1"), "departmentId": other}],
    )
    [refused] = result["results"]
    assert refused["outcome"] == "REJECTED"
    assert refused["code"] == "FORBIDDEN"
    assert refused["fieldErrors"] == [
        {"field": "records.0.departmentId", "message": "该对接系统未绑定此部门"}
    ]


async def test_a_batch_is_at_most_a_thousand(collection_graph: Graph, desk: Desk) -> None:
    record = partner_record(desk, "X")
    result = await submit(collection_graph, desk.partner(), [record] * 1001)
    assert result["code"] == "BAD_USER_INPUT"
    assert result["fieldErrors"] == [{"field": "records", "message": "每批最多提交1000条"}]


async def test_only_partner_systems_submit(collection_graph: Graph, desk: Desk) -> None:
    codes = await collection_graph.error_codes(
        SUBMIT, {"records": [partner_record(desk, "S-1")]}, viewer=desk.clerk()
    )
    assert codes == ["FORBIDDEN"]


async def test_a_partner_reads_back_its_submissions(collection_graph: Graph, desk: Desk) -> None:
    batch = [partner_record(desk, f"READ-{n}", publish=n == 0) for n in range(3)]
    await submit(collection_graph, desk.partner(), batch)
    data = await collection_graph.data(SUBMISSIONS, {"first": 2}, viewer=desk.partner())
    page = data["partnerSubmissions"]
    assert page["totalCount"] == 3
    assert [edge["node"]["partnerRecordId"] for edge in page["edges"]] == ["READ-2", "READ-1"]
    rest = await collection_graph.data(
        SUBMISSIONS, {"first": 2, "after": page["pageInfo"]["endCursor"]}, viewer=desk.partner()
    )
    [last] = rest["partnerSubmissions"]["edges"]
    assert last["node"]["partnerRecordId"] == "READ-0"
    assert last["node"]["status"] == "PUBLISHED"
    # nobody else reads them there
    other = await collection_graph.data(SUBMISSIONS, {}, viewer=desk.clerk())
    assert other["partnerSubmissions"]["totalCount"] == 0


async def test_batch_throughput(collection_graph: Graph, desk: Desk) -> None:
    """A batch of 1,000 (half published): prints records/second for the report."""
    batch = [
        partner_record(
            desk,
            f"PERF-{n}",
            publish=n % 2 == 0,
            subject={"name": f"批量测试企业{n}", "category": "LEGAL_PERSON", "uscc": new_uscc()},
        )
        for n in range(1000)
    ]
    started = time.perf_counter()
    result = await submit(collection_graph, desk.partner(), batch)
    elapsed = time.perf_counter() - started
    assert result["accepted"] == 1000, result["results"][:3]
    print(f"\npartner batch on {backend_name()}: {1000 / elapsed:.0f} records/s ({elapsed:.2f}s)")
    started = time.perf_counter()
    again = await submit(collection_graph, desk.partner(), batch)
    elapsed = time.perf_counter() - started
    assert again["unchanged"] == 1000
    print(f"resubmitted unchanged on {backend_name()}: {1000 / elapsed:.0f} records/s")
