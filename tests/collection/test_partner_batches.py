"""数据对接 batches read what every record needs once, up front: records that meet each
other inside one batch (same partner id, same decision number, same new entity) still
come out as if submitted one by one, and every change is audited in the chain."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from hub.audit_chain import verify_chain
from hub.models import AuditEvent, MarketEntity
from tests.collection.conftest import Desk, new_uscc
from tests.collection.test_partner_submissions import partner_record, submit
from tests.support import Graph


async def test_records_meeting_inside_one_batch(
    collection_graph: Graph, collection_engine: AsyncEngine, desk: Desk
) -> None:
    # given one batch: a record twice, two records with one decision number, and two
    # records of one new entity
    shared_uscc = new_uscc()
    subject = {"name": "同批新企业", "category": "LEGAL_PERSON", "uscc": shared_uscc}
    twice = partner_record(desk, "IN-1")
    number = twice["penalty"]["decisionNumber"]
    batch = [
        twice,
        twice,
        partner_record(desk, "IN-2", decisionNumber=number),
        partner_record(desk, "IN-3", subject=subject, publish=True),
        partner_record(desk, "IN-4", subject=subject),
    ]
    # when it is submitted
    result = await submit(collection_graph, desk.partner(), batch)
    # then each record is treated as if it came alone, after the ones before it
    outcomes = [(r["outcome"], r["fieldErrors"]) for r in result["results"]]
    assert outcomes == [
        ("ACCEPTED", []),
        ("UNCHANGED", []),
        (
            "REJECTED",
            [
                {
                    "field": "records.2.penalty.decisionNumber",
                    "message": "本部门已有同类记录使用该文书号",
                }
            ],
        ),
        ("ACCEPTED", []),
        ("ACCEPTED", []),
    ]
    async with desk.session_factory() as session:
        entities = await session.scalar(
            select(func.count()).select_from(MarketEntity).where(MarketEntity.uscc == shared_uscc)
        )
        operations = list(
            await session.scalars(
                select(AuditEvent.operation)
                .where(AuditEvent.partner_client_id == desk.partner_client_id)
                .order_by(AuditEvent.chain_sequence)
            )
        )
    assert entities == 1
    # one event per change, in the order of the batch, and the chain holds
    assert operations == [
        "marketEntity.create",  # IN-1's subject
        "record.create",
        "marketEntity.create",  # the shared subject, once
        "record.create",
        "record.create",
    ]
    assert (await verify_chain(collection_engine)).intact
