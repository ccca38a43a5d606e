"""A decision number is unique per department and kind among live records: a deleted
draft gives its number back, two live records never share one."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError

from hub.models import Penalty, RecordKind, SubjectCategory
from hub.models.base import utcnow
from tests.collection.conftest import Desk
from tests.collection.inputs import DECIDED, DELETE
from tests.collection.test_record_entry import create, field_errors, record_id
from tests.support import Graph

DUPLICATE = {"input.decisionNumber": "本部门已有同类记录使用该文书号"}


async def test_a_deleted_drafts_number_can_be_used_again(
    collection_graph: Graph, desk: Desk
) -> None:
    # given a draft entered and then deleted
    first = (await create(collection_graph, desk))["record"]
    number = first["decisionNumber"]
    deleted = await collection_graph.data(
        DELETE, {"id": first["id"], "version": 1}, viewer=desk.clerk()
    )
    assert deleted["result"]["deletedRecordId"] == first["id"]
    # when the clerk enters the number again
    again = await create(collection_graph, desk, decisionNumber=number)
    # then it is entered, as a new record
    assert again["__typename"] == "RecordPayload", again
    assert again["record"]["decisionNumber"] == number
    assert record_id(again["record"]) != record_id(first)
    # and a second live one with that number is still refused on the field
    third = await create(collection_graph, desk, decisionNumber=number)
    assert third["code"] == "BAD_USER_INPUT"
    assert field_errors(third) == DUPLICATE


def _penalty(desk: Desk, number: str) -> Penalty:
    return Penalty(
        kind=RecordKind.PENALTY,
        department_id=desk.department_id,
        region_code="210102",
        subject_name="某公司",
        subject_category=SubjectCategory.NATURAL_PERSON,
        document_name="行政处罚决定书",
        decision_number=number,
        decision_date=DECIDED,
        violation_type="类型",
        violation_facts="事实",
        legal_basis="依据",
        penalty_types=["WARNING"],
        content="警告",
    )


async def test_the_database_refuses_two_live_records_with_one_number(desk: Desk) -> None:
    # given a live record and a deleted one with the same number (the index allows that)
    number = f"库级唯一-{desk.department_code}"
    async with desk.session_factory() as session, session.begin():
        deleted = _penalty(desk, number)
        deleted.deleted_at = utcnow()
        session.add_all([deleted, _penalty(desk, number)])
    # when a second live record with that number is written past validation
    # then the partial unique index refuses it
    with pytest.raises(IntegrityError, match="decision_number"):
        async with desk.session_factory() as session, session.begin():
            session.add(_penalty(desk, number))
