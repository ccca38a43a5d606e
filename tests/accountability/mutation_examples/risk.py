"""风险预警 mutations, each as 沈阳市卫生健康委员会's administrator (MANAGE_RISK)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from strawberry.relay import to_base64

from hub.db import SessionFactory
from hub.models import (
    Department,
    MarketEntity,
    RiskAlert,
    RiskCombination,
    RiskLevel,
    RiskModel,
)
from tests.accountability.mutation_examples import MutationExample

MANAGER = "2101003020001"
DIMENSIONS = [{"kind": "COMPLAINT_COUNT", "windowDays": 90, "threshold": "3"}]


def _definition() -> dict[str, Any]:
    return {
        "name": f"审计示例模型{uuid.uuid4().hex[:8]}",
        "level": "YELLOW",
        "combination": "ANY",
        "dimensions": DIMENSIONS,
    }


async def _model(sessions: SessionFactory) -> RiskModel:
    async with sessions() as session, session.begin():
        department_id = await session.scalar(
            select(Department.id).where(
                Department.region_code == "210100", Department.code == "302"
            )
        )
        model = RiskModel(
            department_id=department_id,
            region_code="210100",
            name=f"审计示例模型{uuid.uuid4().hex[:8]}",
            level=RiskLevel.YELLOW,
            combination=RiskCombination.ANY,
            enabled=False,
            dimensions=[{**DIMENSIONS[0], "recordKind": None, "grade": None}],
        )
        session.add(model)
    return model


async def prepare_model(sessions: SessionFactory) -> dict[str, Any]:
    model = await _model(sessions)
    return {"id": to_base64("RiskModel", model.id), "input": _definition()}


async def prepare_alert(sessions: SessionFactory) -> dict[str, Any]:
    model = await _model(sessions)
    async with sessions() as session, session.begin():
        entity_id = await session.scalar(
            select(MarketEntity.id).where(MarketEntity.region_code.startswith("2101")).limit(1)
        )
        alert = RiskAlert(
            model_id=model.id,
            entity_id=entity_id,
            department_id=model.department_id,
            region_code=model.region_code,
            level=model.level,
            crossings=[
                {
                    "dimension": 0,
                    "label": "投诉数",
                    **DIMENSIONS[0],
                    "recordKind": None,
                    "grade": None,
                    "value": "3",
                }
            ],
            raised_at=datetime.now(UTC),
        )
        session.add(alert)
    return {"id": to_base64("RiskAlert", alert.id)}


EXAMPLES: list[MutationExample] = [
    MutationExample(
        field="defineRiskModel",
        viewer=MANAGER,
        document="""
        mutation($input: RiskModelInput!) {
          defineRiskModel(input: $input) { __typename ... on RiskModelPayload { riskModel { id } } }
        }""",
        prepare=lambda sessions: _fresh_definition(),
    ),
    MutationExample(
        field="updateRiskModel",
        viewer=MANAGER,
        document="""
        mutation($id: ID!, $input: RiskModelInput!) {
          updateRiskModel(id: $id, input: $input) { __typename }
        }""",
        prepare=prepare_model,
    ),
    MutationExample(
        field="setRiskModelEnabled",
        viewer=MANAGER,
        document="""
        mutation($id: ID!) { setRiskModelEnabled(id: $id, enabled: true) { __typename } }""",
        prepare=prepare_model,
    ),
    MutationExample(
        field="acknowledgeRiskAlert",
        viewer=MANAGER,
        document="""
        mutation($id: ID!) { acknowledgeRiskAlert(id: $id) { __typename } }""",
        prepare=prepare_alert,
    ),
    MutationExample(
        field="closeRiskAlert",
        viewer=MANAGER,
        document="""
        mutation($id: ID!) {
          closeRiskAlert(id: $id, note: "已核查，风险已消除") { __typename }
        }""",
        prepare=prepare_alert,
    ),
]


async def _fresh_definition() -> dict[str, Any]:
    return {"input": _definition()}
