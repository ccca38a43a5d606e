"""Demo 风险预警: three risk models of Shenyang departments, enabled, and the alerts they
raise over the demo data set.

Idempotent: a model is keyed by its department and name, and the evaluation inserts only
alerts that are not already open (the unique constraint on open alerts). Deterministic:
the evaluation runs as of the demo data's reference day, not the day of the load.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from hub.demo.generator import REFERENCE_DATE
from hub.models import (
    CreditGrade,
    RecordKind,
    RiskAlert,
    RiskCombination,
    RiskDimensionKind,
    RiskLevel,
    RiskModel,
)
from hub.risk.dimensions import Dimension
from hub.risk.evaluation import evaluate

# 18:00 in Shenyang on the reference day.
EVALUATED_AT = datetime(
    REFERENCE_DATE.year, REFERENCE_DATE.month, REFERENCE_DATE.day, 10, tzinfo=UTC
)

SHENYANG = "210100"

# (department code, name, description, level, combination, dimensions)
DEMO_MODELS: tuple[tuple[str, str, str, RiskLevel, RiskCombination, tuple[Dimension, ...]], ...] = (
    (
        "231",
        "行政处罚频发预警",
        "一年内被处罚（已公示）三次及以上的市场主体",
        RiskLevel.ORANGE,
        RiskCombination.ANY,
        (
            Dimension(
                RiskDimensionKind.RECORD_COUNT,
                365,
                record_kind=RecordKind.PENALTY,
                threshold=Decimal(3),
            ),
        ),
    ),
    (
        "231",
        "投诉集中且信用差预警",
        "一年内投诉两次及以上，且信用等级评为D的市场主体",
        RiskLevel.RED,
        RiskCombination.ALL,
        (
            Dimension(RiskDimensionKind.COMPLAINT_COUNT, 365, threshold=Decimal(2)),
            Dimension(RiskDimensionKind.CREDIT_GRADE, 365, grade=CreditGrade.D),
        ),
    ),
    (
        "302",
        "大额罚款预警",
        "一年内罚款合计达到10万元的市场主体",
        RiskLevel.YELLOW,
        RiskCombination.ANY,
        (Dimension(RiskDimensionKind.FINE_AMOUNT_SUM, 365, threshold=Decimal(10)),),
    ),
)


async def load_demo_risk(
    session: AsyncSession, departments: dict[tuple[str, str], int]
) -> list[tuple[type[Any], int, int]]:
    """Insert the demo models that are missing, then evaluate them; returns (model, rows,
    inserted) per table, as the other demo steps do."""
    existing = {
        (department_id, name)
        for department_id, name in (
            await session.execute(select(RiskModel.department_id, RiskModel.name))
        ).all()
    }
    inserted: list[RiskModel] = []
    for code, name, description, level, combination, dimensions in DEMO_MODELS:
        department_id = departments[(SHENYANG, code)]
        if (department_id, name) in existing:
            continue
        model = RiskModel(
            department_id=department_id,
            region_code=SHENYANG,
            name=name,
            description=description,
            level=level,
            combination=combination,
            enabled=True,
            dimensions=[dimension.to_json() for dimension in dimensions],
            created_at=EVALUATED_AT,
            updated_at=EVALUATED_AT,
        )
        session.add(model)
        inserted.append(model)
    await session.flush()
    # Only the models this load created are evaluated: a reload must not raise alerts
    # for models (or alerts closed since) that are the users' business.
    new_alerts = (
        await evaluate(session, now=EVALUATED_AT, model_ids=[model.id for model in inserted])
        if inserted
        else []
    )
    # The demo set's own rows (as every demo step counts): its models, and the alerts they
    # raised at the demo's evaluation — not what users defined or raised since.
    demo_model_ids = select(RiskModel.id).where(
        tuple_(RiskModel.department_id, RiskModel.name).in_(
            [(departments[(SHENYANG, code)], name) for code, name, *_ in DEMO_MODELS]
        )
    )
    models = int(
        await session.scalar(select(func.count()).select_from(demo_model_ids.subquery())) or 0
    )
    alerts = int(
        await session.scalar(
            select(func.count(RiskAlert.id)).where(
                RiskAlert.model_id.in_(demo_model_ids), RiskAlert.raised_at == EVALUATED_AT
            )
        )
        or 0
    )
    return [(RiskModel, models, len(inserted)), (RiskAlert, alerts, len(new_alerts))]
