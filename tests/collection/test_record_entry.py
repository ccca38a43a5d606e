"""Department entry: create, update and delete each kind, with field-level validation."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from hub.auth.permissions import Permission
from hub.auth.viewer import PUBLIC, Viewer
from hub.models import MarketEntity, RecordKind, SupervisionRecord
from tests.collection.conftest import Desk, World, global_id, new_uscc
from tests.collection.inputs import (
    DECIDED,
    DELETE,
    NODE,
    TODAY,
    create_document,
    record_input,
    update_document,
)
from tests.support import Graph


async def create(
    graph: Graph, desk: Desk, kind: RecordKind = RecordKind.PENALTY, **overrides: Any
) -> dict[str, Any]:
    data = await graph.data(
        create_document(kind),
        {"input": record_input(desk, kind, **overrides)},
        viewer=desk.clerk(),
    )
    return dict(data["result"])


def field_errors(result: dict[str, Any]) -> dict[str, str]:
    assert result["__typename"] == "InputError", result
    return {error["field"]: error["message"] for error in result["fieldErrors"]}


def record_id(record: dict[str, Any]) -> int:
    from strawberry.relay import GlobalID

    return int(GlobalID.from_id(record["id"]).node_id)


@pytest.mark.parametrize("kind", list(RecordKind))
async def test_a_clerk_enters_a_draft_of_each_kind(
    collection_graph: Graph, desk: Desk, kind: RecordKind
) -> None:
    # given a new subject the directory does not know yet
    uscc = new_uscc()
    # when the clerk enters a record of the kind
    result = await create(
        collection_graph,
        desk,
        kind,
        subject={"name": "和平测试餐饮店", "category": "LEGAL_PERSON", "uscc": uscc.lower()},
    )
    # then it is a draft at version 1, linked to an entity created from the subject,
    # registered in the USCC's region
    assert result["__typename"] == "RecordPayload", result
    record = result["record"]
    assert record["status"] == "DRAFT"
    assert record["version"] == 1
    assert record["publishedAt"] is None
    assert record["subjectUscc"] == uscc
    assert record["entity"] == {
        "uscc": uscc,
        "name": "和平测试餐饮店",
        "region": {"code": "210102"},
    }
    # and one audit event for the record, one for the entity, by the clerk's account
    events = await desk.audit_events(record_id(record))
    assert [(event.operation, event.account_id) for event in events] == [
        ("record.create", desk.account_id)
    ]
    assert events[0].after["decisionNumber"] == record["decisionNumber"]
    assert events[0].department_id == desk.department_id
    async with desk.session_factory() as session:
        entity_id = await session.scalar(select(MarketEntity.id).where(MarketEntity.uscc == uscc))
    assert entity_id is not None
    assert [event.operation for event in await desk.audit_events(entity_id, "MarketEntity")] == [
        "marketEntity.create"
    ]
    # and no outbox message for a draft
    assert await desk.outbox(record_id(record)) == []


async def test_an_entity_whose_uscc_names_no_known_region_takes_the_departments(
    collection_graph: Graph, desk: Desk
) -> None:
    uscc = new_uscc(region_code="110105")  # 北京市朝阳区: not in the region table
    result = await create(
        collection_graph,
        desk,
        subject={"name": "外省公司", "category": "LEGAL_PERSON", "uscc": uscc},
    )
    assert result["record"]["entity"]["region"] == {"code": "210102"}


async def test_an_existing_entity_is_reused(collection_graph: Graph, desk: Desk) -> None:
    uscc = new_uscc()
    first = await create(
        collection_graph, desk, subject={"name": "甲", "category": "LEGAL_PERSON", "uscc": uscc}
    )
    second = await create(
        collection_graph, desk, subject={"name": "乙", "category": "LEGAL_PERSON", "uscc": uscc}
    )
    assert first["record"]["entity"]["name"] == second["record"]["entity"]["name"] == "甲"


async def test_a_natural_person_needs_no_uscc(collection_graph: Graph, desk: Desk) -> None:
    result = await create(
        collection_graph,
        desk,
        RecordKind.PENALTY,
        subject={"name": "张三", "category": "NATURAL_PERSON", "uscc": None},
    )
    assert result["record"]["entity"] is None


async def test_every_problem_is_reported_on_its_field(collection_graph: Graph, desk: Desk) -> None:
    bad_uscc = new_uscc()[:17] + ("0" if not new_uscc().endswith("0") else "1")
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    result = await create(
        collection_graph,
        desk,
        RecordKind.PENALTY,
        subject={"name": " ", "category": "LEGAL_PERSON", "uscc": "91350100M000100Y44"},
        decisionDate=tomorrow,
        publicationEndDate=TODAY.isoformat(),
        fineAmount="-1",
        confiscatedAmount="-0.5",
        penaltyTypes=[],
        itemId=global_id("SupervisionItem", desk.draft_item_id),
        documentName="文" * 201,
    )
    assert bad_uscc  # (a second bad code, kept for the reader: any changed character fails)
    assert field_errors(result) == {
        "input.subject.name": "不能为空",
        "input.subject.uscc": "统一社会信用代码校验位错误",
        "input.documentName": "不能超过200个字符",
        "input.decisionDate": "决定日期不能晚于今天",
        "input.publicationEndDate": "公示截止期不能早于决定日期",
        "input.penaltyTypes": "至少选择一项处罚类别",
        "input.fineAmount": "金额不能为负数",
        "input.confiscatedAmount": "金额不能为负数",
        "input.itemId": "监管事项未发布或已停用",
    }
    assert result["code"] == "BAD_USER_INPUT"


@pytest.mark.parametrize(
    ("kind", "overrides", "field", "message"),
    [
        (
            RecordKind.LICENSE,
            {
                "validFrom": DECIDED.isoformat(),
                "validTo": (DECIDED - timedelta(days=1)).isoformat(),
            },
            "input.validTo",
            "有效期至不能早于有效期自",
        ),
        (
            RecordKind.ENFORCEMENT,
            {"startsOn": DECIDED.isoformat(), "endsOn": (DECIDED - timedelta(days=1)).isoformat()},
            "input.endsOn",
            "结束日期不能早于开始日期",
        ),
        (
            RecordKind.BLACKLIST,
            {
                "listedOn": DECIDED.isoformat(),
                "removalDate": (DECIDED - timedelta(days=1)).isoformat(),
            },
            "input.removalDate",
            "移出日期不能早于列入日期",
        ),
        (
            RecordKind.INSPECTION,
            {"inspectedOn": (TODAY + timedelta(days=2)).isoformat()},
            "input.inspectedOn",
            "日期不能晚于今天",
        ),
        (
            RecordKind.LICENSE,
            {"subject": {"name": "某公司", "category": "LEGAL_PERSON", "uscc": None}},
            "input.subject.uscc",
            "法人及非法人组织应填写统一社会信用代码",
        ),
        (
            RecordKind.LICENSE,
            {
                "subject": {
                    "name": "某公司",
                    "category": "LEGAL_PERSON",
                    "uscc": "91350100M000100Y4",
                }
            },
            "input.subject.uscc",
            "统一社会信用代码应为18位",
        ),
        (RecordKind.FILING, {"itemId": "not-a-global-id"}, "input.itemId", "应为监管事项的全局ID"),
        (
            RecordKind.FILING,
            {"itemId": global_id("SupervisionItem", 10**12)},
            "input.itemId",
            "监管事项不存在",
        ),
    ],
)
async def test_kind_rules(
    collection_graph: Graph,
    desk: Desk,
    kind: RecordKind,
    overrides: dict[str, Any],
    field: str,
    message: str,
) -> None:
    result = await create(collection_graph, desk, kind, **overrides)
    assert field_errors(result) == {field: message}


async def test_an_item_must_be_of_the_departments_code_and_the_records_kind(
    collection_graph: Graph, desk: Desk, world: World
) -> None:
    # given a published penalty item of the market-supervision code (231), not the desk's
    foreign = world.market_item_id
    # then
    result = await create(collection_graph, desk, itemId=global_id("SupervisionItem", foreign))
    assert field_errors(result) == {"input.itemId": "该监管事项不属于本部门职责"}
    result = await create(collection_graph, desk, itemId=desk.item_gid(RecordKind.LICENSE))
    assert field_errors(result) == {"input.itemId": "监管事项的类别与记录类别不符"}


async def test_a_decision_number_is_unique_per_department_and_kind(
    collection_graph: Graph, desk: Desk
) -> None:
    first = await create(collection_graph, desk, RecordKind.PENALTY)
    number = first["record"]["decisionNumber"]
    again = await create(collection_graph, desk, RecordKind.PENALTY, decisionNumber=number)
    assert field_errors(again) == {"input.decisionNumber": "本部门已有同类记录使用该文书号"}
    # another kind may use it
    other = await create(collection_graph, desk, RecordKind.LICENSE, decisionNumber=number)
    assert other["__typename"] == "RecordPayload"


async def test_two_entries_racing_for_one_decision_number(
    collection_graph: Graph, desk: Desk
) -> None:
    # given two clerks entering the same number at the same moment
    values = record_input(desk, RecordKind.PENALTY)
    document = create_document(RecordKind.PENALTY)
    # when both submit
    results = await asyncio.gather(
        *(collection_graph.data(document, {"input": values}, viewer=desk.clerk()) for _ in range(2))
    )
    # then one is entered and the other refused on the field, never a server error
    kinds = sorted(result["result"]["__typename"] for result in results)
    assert kinds == ["InputError", "RecordPayload"]
    refused = next(r["result"] for r in results if r["result"]["__typename"] == "InputError")
    assert field_errors(refused) == {"input.decisionNumber": "本部门已有同类记录使用该文书号"}


@pytest.mark.parametrize(
    "permissions", [frozenset(), frozenset({Permission.PUBLISH_RECORDS})], ids=["none", "publish"]
)
async def test_entry_needs_the_record_entry_permission(
    collection_graph: Graph, desk: Desk, permissions: frozenset[Permission]
) -> None:
    codes = await collection_graph.error_codes(
        create_document(RecordKind.PENALTY),
        {"input": record_input(desk)},
        viewer=desk.clerk(permissions),
    )
    assert codes == ["FORBIDDEN"]


async def test_the_public_and_partners_cannot_enter(collection_graph: Graph, desk: Desk) -> None:
    for viewer in (PUBLIC, desk.partner()):
        codes = await collection_graph.error_codes(
            create_document(RecordKind.PENALTY), {"input": record_input(desk)}, viewer=viewer
        )
        assert codes == ["FORBIDDEN"]


async def test_a_clerk_updates_with_the_version_read(collection_graph: Graph, desk: Desk) -> None:
    created = (await create(collection_graph, desk))["record"]
    values = record_input(desk, remark="补充说明", fineAmount="0.8")
    values["decisionNumber"] = created["decisionNumber"]
    values["subject"]["uscc"] = created["subjectUscc"]
    data = await collection_graph.data(
        update_document(RecordKind.PENALTY),
        {"id": created["id"], "version": 1, "input": values},
        viewer=desk.clerk(),
    )
    record = data["result"]["record"]
    assert record["version"] == 2
    events = await desk.audit_events(record_id(record))
    assert [event.operation for event in events] == ["record.create", "record.update"]
    assert events[1].before == {"remark": None, "fineAmount": "0.5"}
    assert events[1].after == {"remark": "补充说明", "fineAmount": "0.8"}
    # a stale version is refused
    stale = await collection_graph.data(
        update_document(RecordKind.PENALTY),
        {"id": created["id"], "version": 1, "input": values},
        viewer=desk.clerk(),
    )
    assert stale["result"]["code"] == "CONFLICT"
    assert field_errors(stale["result"]) == {"version": "该记录已被他人修改，请刷新后重试"}


async def test_two_clerks_never_silently_overwrite_each_other(
    collection_graph: Graph, desk: Desk
) -> None:
    # given a record both clerks read at version 1
    created = (await create(collection_graph, desk))["record"]

    def edit(remark: str) -> dict[str, Any]:
        values = record_input(desk, remark=remark)
        values["decisionNumber"] = created["decisionNumber"]
        return {"id": created["id"], "version": 1, "input": values}

    # when both save at the same moment
    results = await asyncio.gather(
        collection_graph.data(
            update_document(RecordKind.PENALTY), edit("甲的修改"), viewer=desk.clerk()
        ),
        collection_graph.data(
            update_document(RecordKind.PENALTY), edit("乙的修改"), viewer=desk.clerk()
        ),
    )
    # then exactly one wins and the other is told of the conflict
    outcomes = sorted(
        str(r["result"].get("code") or r["result"]["record"]["version"]) for r in results
    )
    assert outcomes == ["2", "CONFLICT"]
    events = await desk.audit_events(record_id(created))
    assert [event.operation for event in events] == ["record.create", "record.update"]


async def test_an_update_of_another_kind_or_department_is_refused(
    collection_graph: Graph, desk: Desk, world: World
) -> None:
    created = (await create(collection_graph, desk))["record"]
    values = record_input(desk, RecordKind.LICENSE)
    wrong_kind = await collection_graph.execute(
        update_document(RecordKind.LICENSE),
        {"id": created["id"], "version": 1, "input": values},
        viewer=desk.clerk(),
    )
    assert wrong_kind.data is not None
    assert wrong_kind.data["result"]["code"] == "BAD_USER_INPUT"
    other_clerk = Viewer.staff(
        department_id=world.market_department_id,
        region_code="210102",
        permissions=frozenset(Permission),
    )
    codes = await collection_graph.error_codes(
        update_document(RecordKind.PENALTY),
        {"id": created["id"], "version": 1, "input": record_input(desk)},
        viewer=other_clerk,
    )
    assert codes == ["FORBIDDEN"]


async def test_a_draft_is_deleted_softly(collection_graph: Graph, desk: Desk) -> None:
    created = (await create(collection_graph, desk))["record"]
    data = await collection_graph.data(
        DELETE, {"id": created["id"], "version": 1}, viewer=desk.clerk()
    )
    assert data["result"]["deletedRecordId"] == created["id"]
    # gone from every read, the department's own included
    node = await collection_graph.data(NODE, {"id": created["id"]}, viewer=desk.clerk())
    assert node["node"] is None
    # kept in the database with its trail
    async with desk.session_factory() as session:
        row = await session.get(SupervisionRecord, record_id(created))
        assert row is not None
        assert row.deleted_at is not None
    events = await desk.audit_events(record_id(created))
    assert [event.operation for event in events] == ["record.create", "record.delete"]
    # and cannot be deleted or changed again
    again = await collection_graph.data(
        DELETE, {"id": created["id"], "version": 2}, viewer=desk.clerk()
    )
    assert again["result"]["code"] == "NOT_FOUND"
