"""Departments maintain their own items: create, update, publish, retire, delete; every
change one transaction and one audit event; refusals field by field."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from hub.auth.permissions import Permission
from hub.auth.viewer import PUBLIC
from hub.models import Filing, RecordKind, SubjectCategory, SupervisionItem
from tests.catalogue.conftest import Offices, count_rows
from tests.catalogue.documents import (
    CREATE,
    DELETE,
    PUBLISH,
    RETIRE,
    UPDATE,
    created,
    field_errors,
    item_input,
    node_id,
    published,
    run,
)
from tests.support import Graph


async def test_a_department_creates_a_draft_main_item_with_structured_legal_bases(
    catalogue_graph: Graph, offices: Offices
) -> None:
    # given a department's catalogue manager
    office = await offices.new()
    # when it creates an item with two legal bases
    bases = [
        {"law": "《中华人民共和国食品安全法》", "article": "第一百一十条", "text": "监督检查"},
        {"law": "食品生产经营监督检查管理办法", "article": "第二条", "text": None},
    ]
    item = await created(catalogue_graph, office.manager(), legalBases=bases)
    # then it is a draft at version 1, the bases kept one by one and summarised
    assert (item["status"], item["version"], item["levels"]) == ("DRAFT", 1, ["COUNTY"])
    assert item["legalBases"][0] == {
        "law": "中华人民共和国食品安全法",
        "article": "第一百一十条",
        "text": "监督检查",
    }
    assert (
        item["legalBasis"]
        == "《中华人民共和国食品安全法》第一百一十条；《食品生产经营监督检查管理办法》第二条"
    )
    # and one audit event recorded the whole item
    [event] = await office.audit_events(node_id(item["id"]))
    assert event.operation == "supervisionItem.create"
    assert event.after["code"] == item["code"]
    assert event.after["status"] == "DRAFT"


async def test_codes_are_unique_with_a_conflict_on_the_code(
    catalogue_graph: Graph, offices: Offices
) -> None:
    first, second = await offices.new(), await offices.new()
    item = await created(catalogue_graph, first.manager())
    result = await run(
        catalogue_graph, CREATE, {"input": item_input(code=item["code"])}, second.manager()
    )
    assert result["code"] == "CONFLICT"
    assert field_errors(result) == {"input.code": "事项编码已被使用"}


async def test_every_refused_field_is_reported_at_once(
    catalogue_graph: Graph, offices: Offices
) -> None:
    office = await offices.new()
    result = await run(
        catalogue_graph,
        CREATE,
        {
            "input": item_input(
                code="含空格 的编码",
                name=" ",
                levels=["PROVINCE", "COUNTY"],
                legalBases=[{"law": " ", "article": "第一条"}],
            )
        },
        office.manager(),
    )
    assert result["code"] == "BAD_USER_INPUT"
    assert set(field_errors(result)) == {
        "input.code",
        "input.name",
        "input.levels",
        "input.legalBases.0.law",
    }
    no_levels = await run(
        catalogue_graph, CREATE, {"input": item_input(levels=[])}, office.manager()
    )
    assert field_errors(no_levels) == {"input.levels": "请选择行使层级"}


async def test_a_sub_item_belongs_to_one_main_item_of_the_same_department_and_kind(
    catalogue_graph: Graph, offices: Offices
) -> None:
    office, other = await offices.new(), await offices.new()
    main = await created(catalogue_graph, office.manager())
    foreign = await created(catalogue_graph, other.manager())
    # a sub-item of the department's main item
    sub = await created(catalogue_graph, office.manager(), mainItemId=main["id"])
    assert sub["mainItem"] == {"code": main["code"]}

    async def refused(**overrides: object) -> dict[str, str]:
        result = await run(
            catalogue_graph, CREATE, {"input": item_input(**overrides)}, office.manager()
        )
        return field_errors(result)

    assert await refused(mainItemId=foreign["id"]) == {
        "input.mainItemId": "主项不存在或不属于本部门"
    }
    assert await refused(mainItemId=sub["id"]) == {"input.mainItemId": "子项下不能再设子项"}
    assert await refused(mainItemId=main["id"], recordKind="PENALTY") == {
        "input.recordKind": "子项的类别应与主项一致"
    }


async def test_a_sub_item_is_not_exercised_where_its_main_item_is_not(
    catalogue_graph: Graph, offices: Offices
) -> None:
    office = await offices.new(region_code="210100", code="777")  # a city department
    main = await created(catalogue_graph, office.manager(), levels=["CITY"])
    result = await run(
        catalogue_graph,
        CREATE,
        {"input": item_input(mainItemId=main["id"], levels=["CITY", "COUNTY"])},
        office.manager(),
    )
    assert field_errors(result) == {"input.levels": "子项的行使层级不能超出主项"}


async def test_publishing_needs_a_published_main_item_and_a_legal_basis(
    catalogue_graph: Graph, offices: Offices
) -> None:
    office = await offices.new()
    viewer = office.manager()
    main = await created(catalogue_graph, viewer)
    sub = await created(catalogue_graph, viewer, mainItemId=main["id"])
    # the sub-item first: refused
    early = await run(catalogue_graph, PUBLISH, {"id": sub["id"], "version": 1}, viewer)
    assert early["code"] == "CONFLICT"
    assert field_errors(early) == {"id": "请先发布所属主项"}
    # the main item, with its reason in the audit trail
    result = await run(
        catalogue_graph,
        PUBLISH,
        {"id": main["id"], "version": 1, "reason": "经局务会审议通过"},
        viewer,
    )
    assert result["item"]["status"] == "PUBLISHED"
    assert result["item"]["version"] == 2
    assert result["item"]["publishedAt"]
    events = await office.audit_events(node_id(main["id"]))
    assert [e.operation for e in events] == ["supervisionItem.create", "supervisionItem.publish"]
    assert events[-1].after["reason"] == "经局务会审议通过"
    # then the sub-item
    later = await run(catalogue_graph, PUBLISH, {"id": sub["id"], "version": 1}, viewer)
    assert later["item"]["status"] == "PUBLISHED"
    # a second publication is a conflict
    again = await run(catalogue_graph, PUBLISH, {"id": sub["id"], "version": 2}, viewer)
    assert field_errors(again) == {"id": "只有草稿可以发布"}
    # an item without legal basis cannot be published
    bare = await created(catalogue_graph, viewer, legalBases=[])
    refused = await run(catalogue_graph, PUBLISH, {"id": bare["id"], "version": 1}, viewer)
    assert field_errors(refused) == {"id": "发布前请填写设定依据"}


async def test_updates_check_the_version_and_audit_only_what_changed(
    catalogue_graph: Graph, offices: Offices
) -> None:
    office = await offices.new()
    viewer = office.manager()
    item = await published(catalogue_graph, viewer)
    values = item_input(code=item["code"], name="对餐饮服务提供者的监督检查")
    # a stale version: CONFLICT, nothing written
    stale = await run(
        catalogue_graph, UPDATE, {"id": item["id"], "version": 1, "input": values}, viewer
    )
    assert stale["code"] == "CONFLICT"
    assert field_errors(stale) == {"version": "该记录已被他人修改，请刷新后重试"}
    # the name of a published item may change
    result = await run(
        catalogue_graph, UPDATE, {"id": item["id"], "version": 2, "input": values}, viewer
    )
    assert (result["item"]["name"], result["item"]["version"]) == ("对餐饮服务提供者的监督检查", 3)
    event = (await office.audit_events(node_id(item["id"])))[-1]
    assert event.operation == "supervisionItem.update"
    assert event.before == {"name": "对食品经营者的监督检查"}
    assert event.after == {"name": "对餐饮服务提供者的监督检查"}
    # the same input again changes nothing and records nothing
    same = await run(
        catalogue_graph, UPDATE, {"id": item["id"], "version": 3, "input": values}, viewer
    )
    assert same["item"]["version"] == 3
    assert len(await office.audit_events(node_id(item["id"]))) == 3
    # the code and kind of a published item are settled
    settled = await run(
        catalogue_graph,
        UPDATE,
        {"id": item["id"], "version": 3, "input": item_input(recordKind="PENALTY")},
        viewer,
    )
    assert field_errors(settled) == {
        "input.code": "已发布的事项不能修改编码",
        "input.recordKind": "已发布的事项不能修改类别",
    }


async def test_retiring_a_main_item_retires_its_sub_items_in_one_audited_change(
    catalogue_graph: Graph, offices: Offices
) -> None:
    office = await offices.new()
    viewer = office.manager()
    main = await published(catalogue_graph, viewer)
    sub = await published(catalogue_graph, viewer, mainItemId=main["id"])
    draft_sub = await created(catalogue_graph, viewer, mainItemId=main["id"])
    no_reason = await run(
        catalogue_graph, RETIRE, {"id": main["id"], "version": 2, "reason": " "}, viewer
    )
    assert field_errors(no_reason) == {"reason": "请填写原因"}
    result = await run(
        catalogue_graph,
        RETIRE,
        {"id": main["id"], "version": 2, "reason": "职能调整，不再实施"},
        viewer,
    )
    item = result["item"]
    assert (item["status"], item["retirementReason"]) == ("RETIRED", "职能调整，不再实施")
    assert {s["status"] for s in item["subItems"]} == {"RETIRED"}
    [event] = [
        e for e in await office.audit_events(node_id(main["id"])) if e.operation.endswith("retire")
    ]
    assert sorted(event.after["retiredSubItems"]) == sorted([sub["code"], draft_sub["code"]])
    assert len(await office.audit_events(node_id(sub["id"]))) == 2  # create, publish only
    # a retired item changes no more
    frozen = await run(
        catalogue_graph,
        UPDATE,
        {"id": main["id"], "version": item["version"], "input": item_input(code=main["code"])},
        viewer,
    )
    assert frozen["code"] == "CONFLICT"
    assert field_errors(frozen) == {"id": "已停用的事项不能修改"}


async def test_only_unused_drafts_without_sub_items_are_deleted(
    catalogue_graph: Graph, offices: Offices
) -> None:
    office = await offices.new()
    viewer = office.manager()
    # an unused draft: deleted, with its audit event
    draft = await created(catalogue_graph, viewer)
    result = await run(catalogue_graph, DELETE, {"id": draft["id"], "version": 1}, viewer)
    assert result == {"__typename": "DeleteSupervisionItemPayload", "deletedItemId": draft["id"]}
    item_id = node_id(draft["id"])
    assert await count_rows(office.sessions, SupervisionItem, SupervisionItem.id == item_id) == 0
    events = await office.audit_events(item_id)
    assert events[-1].operation == "supervisionItem.delete"
    assert events[-1].before["code"] == draft["code"]
    # a published item is retired instead
    live = await published(catalogue_graph, viewer)
    refused = await run(catalogue_graph, DELETE, {"id": live["id"], "version": 2}, viewer)
    assert (refused["code"], field_errors(refused)) == (
        "CONFLICT",
        {"id": "只能删除草稿；已发布的事项请停用"},
    )
    # a main item with sub-items
    main = await created(catalogue_graph, viewer)
    await created(catalogue_graph, viewer, mainItemId=main["id"])
    with_subs = await run(catalogue_graph, DELETE, {"id": main["id"], "version": 1}, viewer)
    assert field_errors(with_subs) == {"id": "请先删除该主项下的子项"}
    # a draft a record cites (a legacy record, entered before the rules)
    cited = await created(catalogue_graph, viewer, recordKind="FILING")
    async with office.sessions() as session, session.begin():
        session.add(
            Filing(
                kind=RecordKind.FILING,
                department_id=office.department_id,
                region_code=office.region_code,
                item_id=node_id(cited["id"]),
                subject_name="沈阳某商贸有限公司",
                subject_category=SubjectCategory.LEGAL_PERSON,
                document_name="备案通知书",
                decision_number=f"备-{cited['code']}",
                decision_date=date(2025, 3, 1),
                filing_subject="章程备案",
                filed_on=date(2025, 3, 1),
            )
        )
    in_use = await run(catalogue_graph, DELETE, {"id": cited["id"], "version": 1}, viewer)
    assert field_errors(in_use) == {"id": "已有监管记录引用该事项，不能删除"}


async def test_only_catalogue_managers_of_the_department_change_its_items(
    catalogue_graph: Graph, offices: Offices
) -> None:
    office, other = await offices.new(), await offices.new()
    item = await created(catalogue_graph, office.manager())
    clerk = office.manager(frozenset({Permission.RECORD_ENTRY}))
    assert await catalogue_graph.error_codes(CREATE, {"input": item_input()}, viewer=clerk) == [
        "FORBIDDEN"
    ]
    assert await catalogue_graph.error_codes(CREATE, {"input": item_input()}, viewer=PUBLIC) == [
        "FORBIDDEN"
    ]
    # another department's draft is not even visible; its published item is not theirs
    hidden = await run(catalogue_graph, PUBLISH, {"id": item["id"], "version": 1}, other.manager())
    assert hidden["code"] == "NOT_FOUND"
    live = await published(catalogue_graph, office.manager())
    assert await catalogue_graph.error_codes(
        RETIRE, {"id": live["id"], "version": 2, "reason": "越权"}, viewer=other.manager()
    ) == ["FORBIDDEN"]
    async with office.sessions() as session:
        row = await session.scalar(
            select(SupervisionItem).where(SupervisionItem.id == node_id(live["id"]))
        )
        assert row is not None
        assert row.version == 2
