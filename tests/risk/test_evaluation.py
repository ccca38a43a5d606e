"""Evaluation is set-based: every enabled model over every entity in a constant number of
statements, with the alerts matching an independent count, and never a second open alert
for the same model and entity."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from hub.db import SessionFactory
from hub.demo import DemoSummary
from hub.models import (
    Complaint,
    Department,
    MarketEntity,
    RecordStatus,
    RiskAlert,
    RiskAlertStatus,
    RiskCombination,
    RiskDimensionKind,
    RiskLevel,
    RiskModel,
    SupervisionRecord,
)
from hub.risk.dimensions import Dimension
from hub.risk.evaluation import evaluate

NOW = datetime(2026, 6, 30, 10, tzinfo=UTC)
SHENYANG = "210100"


async def add_model(
    session: AsyncSession,
    dimensions: list[Dimension],
    combination: RiskCombination = RiskCombination.ANY,
    name: str = "评估测试模型",
) -> RiskModel:
    department_id = await session.scalar(
        select(Department.id).where(Department.region_code == SHENYANG, Department.code == "231")
    )
    assert department_id is not None
    # Only this model is evaluated in these tests: the others are switched off inside the
    # test's transaction, which is rolled back.
    await session.execute(update(RiskModel).values(enabled=False))
    model = RiskModel(
        department_id=department_id,
        region_code=SHENYANG,
        name=name,
        level=RiskLevel.YELLOW,
        combination=combination,
        enabled=True,
        dimensions=[dimension.to_json() for dimension in dimensions],
    )
    session.add(model)
    await session.flush()
    return model


async def shenyang_record_counts(session: AsyncSession, since: date) -> Counter[int]:
    rows = await session.execute(
        select(SupervisionRecord.entity_id)
        .join(MarketEntity, MarketEntity.id == SupervisionRecord.entity_id)
        .where(
            MarketEntity.region_code.startswith("2101"),
            SupervisionRecord.status == RecordStatus.PUBLISHED,
            SupervisionRecord.deleted_at.is_(None),
            SupervisionRecord.decision_date >= since,
        )
    )
    return Counter(entity_id for (entity_id,) in rows)


async def shenyang_complaint_counts(session: AsyncSession, since: datetime) -> Counter[int]:
    rows = await session.execute(
        select(Complaint.entity_id)
        .join(MarketEntity, MarketEntity.id == Complaint.entity_id)
        .where(MarketEntity.region_code.startswith("2101"), Complaint.received_at >= since)
    )
    return Counter(entity_id for (entity_id,) in rows)


async def alerts_of(session: AsyncSession, model: RiskModel) -> list[RiskAlert]:
    result = await session.execute(
        select(RiskAlert).where(RiskAlert.model_id == model.id).order_by(RiskAlert.entity_id)
    )
    return list(result.scalars())


async def test_alerts_match_an_independent_count_with_the_values_found(
    risk_sessions: SessionFactory, risk_demo: DemoSummary
) -> None:
    async with risk_sessions() as session, session.begin():
        # given
        model = await add_model(
            session, [Dimension(RiskDimensionKind.RECORD_COUNT, 730, threshold=Decimal(2))]
        )
        expected = {
            entity_id: count
            for entity_id, count in (
                await shenyang_record_counts(session, NOW.date() - timedelta(days=730))
            ).items()
            if count >= 2
        }
        assert expected, "the demo set should give this model something to find"
        # when
        new_ids = await evaluate(session, now=NOW)
        # then
        alerts = await alerts_of(session, model)
        assert sorted(alert.id for alert in alerts) == new_ids
        assert {alert.entity_id: alert.crossings[0]["value"] for alert in alerts} == {
            entity_id: str(count) for entity_id, count in expected.items()
        }
        first = alerts[0]
        assert first.level is RiskLevel.YELLOW
        assert first.status is RiskAlertStatus.OPEN
        assert first.crossings[0]["threshold"] == "2"
        assert first.crossings[0]["kind"] == "RECORD_COUNT"
        await session.rollback()


async def test_all_combination_needs_every_dimension(
    risk_sessions: SessionFactory, risk_demo: DemoSummary
) -> None:
    async with risk_sessions() as session, session.begin():
        model = await add_model(
            session,
            [
                Dimension(RiskDimensionKind.RECORD_COUNT, 3650, threshold=Decimal(1)),
                Dimension(RiskDimensionKind.COMPLAINT_COUNT, 3650, threshold=Decimal(1)),
            ],
            RiskCombination.ALL,
        )
        records = await shenyang_record_counts(session, NOW.date() - timedelta(days=3650))
        complaints = await shenyang_complaint_counts(session, NOW - timedelta(days=3650))
        await evaluate(session, now=NOW)
        alerts = await alerts_of(session, model)
        assert {alert.entity_id for alert in alerts} == set(records) & set(complaints)
        assert all(len(alert.crossings) == 2 for alert in alerts)
        await session.rollback()


async def test_statement_count_does_not_depend_on_the_number_of_entities(
    risk_sessions: SessionFactory, risk_demo: DemoSummary, count_risk_statements: Any
) -> None:
    async with risk_sessions() as session, session.begin():
        await add_model(
            session,
            [
                Dimension(RiskDimensionKind.RECORD_COUNT, 3650, threshold=Decimal(1)),
                Dimension(RiskDimensionKind.FINE_AMOUNT_SUM, 3650, threshold=Decimal("0.01")),
                Dimension(RiskDimensionKind.COMPLAINT_COUNT, 3650, threshold=Decimal(1)),
            ],
        )
        entity_ids = list((await session.execute(select(MarketEntity.id))).scalars())
        with count_risk_statements() as one:
            found_one = await evaluate(session, now=NOW, entity_ids=entity_ids[:1])
        with count_risk_statements() as every:
            found_every = await evaluate(session, now=NOW)
        assert len(found_every) > 10 * max(len(found_one), 1)
        # models, crossings (one UNION ALL), new alerts (one INSERT ... RETURNING)
        assert every.count == 3
        assert one.count <= 3
        await session.rollback()


async def test_an_open_alert_is_never_raised_twice_but_a_closed_one_may_return(
    risk_sessions: SessionFactory, risk_demo: DemoSummary
) -> None:
    async with risk_sessions() as session, session.begin():
        model = await add_model(
            session, [Dimension(RiskDimensionKind.RECORD_COUNT, 3650, threshold=Decimal(1))]
        )
        first = await evaluate(session, now=NOW)
        assert first
        assert await evaluate(session, now=NOW) == []
        # Acknowledged is still open.
        alerts = await alerts_of(session, model)
        alerts[0].status = RiskAlertStatus.ACKNOWLEDGED
        await session.flush()
        assert await evaluate(session, now=NOW) == []
        # Closed is history: the entity may be alerted again.
        alerts[0].status = RiskAlertStatus.CLOSED
        alerts[0].open_marker = None
        await session.flush()
        again = await evaluate(session, now=NOW)
        assert len(again) == 1
        reraised = await session.get_one(RiskAlert, again[0])
        assert reraised.entity_id == alerts[0].entity_id
        await session.rollback()


async def test_a_model_applies_to_its_own_region_subtree_only(
    risk_sessions: SessionFactory, risk_demo: DemoSummary
) -> None:
    async with risk_sessions() as session, session.begin():
        model = await add_model(
            session, [Dimension(RiskDimensionKind.RECORD_COUNT, 3650, threshold=Decimal(1))]
        )
        await evaluate(session, now=NOW)
        entity_ids = [alert.entity_id for alert in await alerts_of(session, model)]
        regions = (
            await session.execute(
                select(MarketEntity.region_code).where(MarketEntity.id.in_(entity_ids))
            )
        ).scalars()
        assert all(region.startswith("2101") for region in regions)
        await session.rollback()
