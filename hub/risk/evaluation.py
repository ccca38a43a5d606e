"""Evaluating enabled risk models over many entities in a constant number of statements.

One evaluation is: the enabled models (1 SELECT), every crossing of every dimension of
every model for every entity in scope (1 SELECT: a UNION ALL of one GROUP BY per dimension,
`hub.risk.dimensions`), then the new alerts (1 INSERT per `INSERT_CHUNK` alerts, usually
one). The number of statements does not depend on how many entities are looked at.

Duplicates are refused by the database, not by a read-then-write: the INSERT skips any alert
whose model and entity already have one open (`ON CONFLICT DO NOTHING` on the unique
constraint over model, entity and `open_marker`), so two evaluations racing after two
commits raise the alert once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Insert, select, union_all
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from hub.db import AnySelect
from hub.models import RiskAlert, RiskAlertStatus, RiskCombination, RiskModel
from hub.models.base import utcnow
from hub.risk.dimensions import DIMENSION_LABELS, Dimension, Scope, crossing_select

INSERT_CHUNK = 500


@dataclass(frozen=True, slots=True)
class Crossing:
    dimension: int
    value: Decimal | str


def dimensions_of(model: RiskModel) -> list[Dimension]:
    return [Dimension.from_json(item) for item in model.dimensions]


def crossings_statement(
    models: Sequence[RiskModel], now: datetime, entity_ids: Collection[int] | None
) -> AnySelect | None:
    selects = [
        crossing_select(model, index, dimension, Scope(model.region_code, now, entity_ids))
        for model in models
        for index, dimension in enumerate(dimensions_of(model))
    ]
    if not selects:
        return None
    if len(selects) == 1:
        return selects[0]
    compound = union_all(*selects).subquery("crossings")
    return select(compound)


def crossing_json(dimension: Dimension, index: int, value: Decimal | str) -> dict[str, Any]:
    shown = format(value.normalize(), "f") if isinstance(value, Decimal) else value
    return {
        "dimension": index,
        "label": DIMENSION_LABELS[dimension.kind],
        **dimension.to_json(),
        "value": shown,
    }


def alerts_due(
    models: Sequence[RiskModel], rows: Sequence[Any], now: datetime
) -> list[dict[str, Any]]:
    """The alerts the crossings call for: per model and entity, when any (or all, per the
    model's combination) of its dimensions crossed."""
    found: dict[tuple[int, int], dict[int, Decimal | str]] = defaultdict(dict)
    for row in rows:
        value = row.number_value if row.number_value is not None else row.grade_value
        if isinstance(value, int | float):
            value = Decimal(str(value))
        found[(int(row.model_id), int(row.entity_id))][int(row.dimension)] = value
    by_id = {model.id: model for model in models}
    alerts = []
    for (model_id, entity_id), crossed in sorted(found.items()):
        model = by_id[model_id]
        dimensions = dimensions_of(model)
        if model.combination is RiskCombination.ALL and len(crossed) < len(dimensions):
            continue
        alerts.append(
            {
                "model_id": model_id,
                "entity_id": entity_id,
                "department_id": model.department_id,
                "region_code": model.region_code,
                "level": model.level,
                "status": RiskAlertStatus.OPEN,
                "open_marker": True,
                "crossings": [
                    crossing_json(dimensions[index], index, value)
                    for index, value in sorted(crossed.items())
                ],
                "raised_at": now,
            }
        )
    return alerts


def _insert_skipping_open(session: AsyncSession, rows: list[dict[str, Any]]) -> Insert:
    dialect = session.get_bind().dialect.name
    module = postgresql if dialect == "postgresql" else sqlite
    statement: Insert = module.insert(RiskAlert).values(rows).on_conflict_do_nothing()
    return statement.returning(RiskAlert.id)


async def evaluate(
    session: AsyncSession,
    *,
    now: datetime | None = None,
    entity_ids: Collection[int] | None = None,
    model_ids: Collection[int] | None = None,
) -> list[int]:
    """Raise the alerts due for the enabled models (all, or `model_ids`) over the entities
    of their region subtrees (all, or only `entity_ids`); returns the new alerts' ids.
    Runs in the caller's transaction; the caller commits."""
    if entity_ids is not None and not entity_ids:
        return []
    now = now or utcnow()
    query = select(RiskModel).where(RiskModel.enabled.is_(True)).order_by(RiskModel.id)
    if model_ids is not None:
        query = query.where(RiskModel.id.in_(list(model_ids)))
    models = (await session.execute(query)).scalars().all()
    statement = crossings_statement(models, now, entity_ids)
    if statement is None:
        return []
    rows = (await session.execute(statement)).all()
    due = alerts_due(models, rows, now)
    new_ids: list[int] = []
    for start in range(0, len(due), INSERT_CHUNK):
        chunk = due[start : start + INSERT_CHUNK]
        result = await session.execute(_insert_skipping_open(session, chunk))
        new_ids.extend(int(value) for value in result.scalars())
    return sorted(new_ids)
