"""Alerts are listed (with filters) to the departments the row policy allows, acknowledged
and closed with a note by their own department's risk managers, each step audited."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select, update
from strawberry.relay import to_base64

from hub.db import SessionFactory
from hub.demo import DemoSummary
from hub.models import (
    AuditEvent,
    Department,
    RiskAlert,
    RiskCombination,
    RiskDimensionKind,
    RiskLevel,
    RiskModel,
)
from hub.risk.dimensions import Dimension
from hub.risk.evaluation import evaluate
from tests.risk.conftest import (
    HEPING_MARKET_ADMIN,
    SHENYANG_HEALTH_ADMIN,
    SHENYANG_HEALTH_CLERK,
    SHENYANG_MARKET_ADMIN,
    ViewerOf,
)
from tests.support import Graph

NOW = datetime(2026, 6, 30, 10, tzinfo=UTC)

ALERTS = """
query Alerts($filter: RiskAlertFilter, $first: Int) {
  riskAlerts(filter: $filter, first: $first) {
    totalCount
    nodes {
      id level status closeNote
      crossings { kind label threshold value windowDays }
      model { name }
      entity { uscc }
      department { code }
    }
  }
}
"""

ACKNOWLEDGE = """
mutation Ack($id: ID!) {
  acknowledgeRiskAlert(id: $id) {
    __typename
    ... on RiskAlertPayload { riskAlert { id status acknowledgedAt } }
    ... on InputError { code fieldErrors { field } }
  }
}
"""

CLOSE = """
mutation Close($id: ID!, $note: String!) {
  closeRiskAlert(id: $id, note: $note) {
    __typename
    ... on RiskAlertPayload { riskAlert { id status closeNote closedAt } }
    ... on InputError { code fieldErrors { field } }
  }
}
"""


@pytest.fixture
async def health_model(
    risk_sessions: SessionFactory, risk_demo: DemoSummary
) -> AsyncIterator[RiskModel]:
    """An enabled model of 沈阳市卫生健康委员会 and the alerts it raised; switched off after."""
    async with risk_sessions() as session, session.begin():
        department_id = await session.scalar(
            select(Department.id).where(
                Department.region_code == "210100", Department.code == "302"
            )
        )
        count = await session.scalar(select(func.count(RiskModel.id)))
        model = RiskModel(
            department_id=department_id,
            region_code="210100",
            name=f"预警列表测试{count}",
            level=RiskLevel.ORANGE,
            combination=RiskCombination.ANY,
            enabled=True,
            dimensions=[
                Dimension(RiskDimensionKind.RECORD_COUNT, 3650, threshold=Decimal(2)).to_json()
            ],
        )
        session.add(model)
        await session.flush()
        await evaluate(session, now=NOW, model_ids=[model.id])
    yield model
    async with risk_sessions() as session, session.begin():
        await session.execute(
            update(RiskModel).where(RiskModel.id == model.id).values(enabled=False)
        )


def model_filter(model: RiskModel) -> dict[str, object]:
    return {"filter": {"modelId": to_base64("RiskModel", model.id)}, "first": 100}


async def audit_count(sessions: SessionFactory) -> int:
    async with sessions() as session:
        return int(await session.scalar(select(func.count(AuditEvent.id))) or 0)


async def test_alerts_are_listed_to_whom_the_row_policy_allows(
    risk_graph: Graph, viewer_of: ViewerOf, health_model: RiskModel, risk_sessions: SessionFactory
) -> None:
    async with risk_sessions() as session:
        raised = await session.scalar(
            select(func.count(RiskAlert.id)).where(RiskAlert.model_id == health_model.id)
        )
    assert raised
    own = await risk_graph.data(
        ALERTS, model_filter(health_model), viewer=await viewer_of(SHENYANG_HEALTH_ADMIN)
    )
    assert own["riskAlerts"]["totalCount"] == raised
    node = own["riskAlerts"]["nodes"][0]
    assert node["level"] == "ORANGE"
    assert node["department"] == {"code": "302"}
    assert node["model"] == {"name": health_model.name}
    assert len(node["entity"]["uscc"]) == 18
    assert node["crossings"][0]["label"] == "监管行为数"
    assert int(node["crossings"][0]["value"]) >= 2
    # Cross-department query inside 沈阳市: seen; 和平区's administrator: not.
    analyst = await risk_graph.data(
        ALERTS, model_filter(health_model), viewer=await viewer_of(SHENYANG_MARKET_ADMIN)
    )
    assert analyst["riskAlerts"]["totalCount"] == raised
    heping = await risk_graph.data(
        ALERTS, model_filter(health_model), viewer=await viewer_of(HEPING_MARKET_ADMIN)
    )
    assert heping["riskAlerts"]["totalCount"] == 0
    # The public: nothing at all.
    public = await risk_graph.execute(ALERTS, model_filter(health_model))
    assert public.data == {"riskAlerts": None}


async def test_filters_narrow_the_list(
    risk_graph: Graph, viewer_of: ViewerOf, health_model: RiskModel
) -> None:
    viewer = await viewer_of(SHENYANG_HEALTH_ADMIN)
    variables = model_filter(health_model)
    variables["filter"] = {**variables["filter"], "levels": ["RED"]}  # type: ignore[dict-item]
    assert (await risk_graph.data(ALERTS, variables, viewer=viewer))["riskAlerts"][
        "totalCount"
    ] == 0
    variables["filter"] = {**variables["filter"], "levels": ["ORANGE"], "statuses": ["CLOSED"]}  # type: ignore[dict-item]
    assert (await risk_graph.data(ALERTS, variables, viewer=viewer))["riskAlerts"][
        "totalCount"
    ] == 0


async def test_acknowledge_then_close_with_a_note_audited(
    risk_graph: Graph, viewer_of: ViewerOf, health_model: RiskModel, risk_sessions: SessionFactory
) -> None:
    manager = await viewer_of(SHENYANG_HEALTH_ADMIN)
    listed = await risk_graph.data(ALERTS, model_filter(health_model), viewer=manager)
    alert_id = listed["riskAlerts"]["nodes"][0]["id"]
    before = await audit_count(risk_sessions)
    # Others may not handle it: a clerk without MANAGE_RISK, another department's manager.
    for other in (SHENYANG_HEALTH_CLERK, SHENYANG_MARKET_ADMIN):
        codes = await risk_graph.error_codes(
            ACKNOWLEDGE, {"id": alert_id}, viewer=await viewer_of(other)
        )
        assert codes == ["FORBIDDEN"]
    # 和平区 cannot even see it.
    codes = await risk_graph.error_codes(
        ACKNOWLEDGE, {"id": alert_id}, viewer=await viewer_of(HEPING_MARKET_ADMIN)
    )
    assert codes == ["NOT_FOUND"]

    acknowledged = await risk_graph.data(ACKNOWLEDGE, {"id": alert_id}, viewer=manager)
    assert acknowledged["acknowledgeRiskAlert"]["riskAlert"]["status"] == "ACKNOWLEDGED"
    again = await risk_graph.data(ACKNOWLEDGE, {"id": alert_id}, viewer=manager)
    assert again["acknowledgeRiskAlert"]["code"] == "CONFLICT"

    blank = await risk_graph.data(CLOSE, {"id": alert_id, "note": "  "}, viewer=manager)
    assert blank["closeRiskAlert"]["fieldErrors"] == [{"field": "note"}]
    closed = await risk_graph.data(
        CLOSE, {"id": alert_id, "note": "已约谈企业负责人，责令整改"}, viewer=manager
    )
    alert = closed["closeRiskAlert"]["riskAlert"]
    assert alert["status"] == "CLOSED"
    assert alert["closeNote"] == "已约谈企业负责人，责令整改"
    assert await audit_count(risk_sessions) == before + 2

    # Closed is history: the next evaluation may raise the entity again, once.
    async with risk_sessions() as session, session.begin():
        new_ids = await evaluate(session, now=NOW, model_ids=[health_model.id])
    assert len(new_ids) == 1


async def test_listing_costs_the_same_statements_for_any_page_size(
    risk_graph: Graph, viewer_of: ViewerOf, health_model: RiskModel, count_risk_statements: Any
) -> None:
    viewer = await viewer_of(SHENYANG_HEALTH_ADMIN)
    counts = []
    for first in (1, 20):
        variables = {**model_filter(health_model), "first": first}
        with count_risk_statements() as log:
            data = await risk_graph.data(ALERTS, variables, viewer=viewer)
        assert len(data["riskAlerts"]["nodes"]) == min(first, data["riskAlerts"]["totalCount"])
        counts.append(log.count)
    # page, total, and one batch each for models, entities and departments
    assert counts[0] == counts[1] <= 5
