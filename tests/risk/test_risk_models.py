"""Risk models as data: defined, changed and enabled by MANAGE_RISK holders for their own
department, validated field by field, each change audited."""

from __future__ import annotations

import itertools
from typing import Any

from sqlalchemy import func, select

from hub.db import SessionFactory
from hub.models import AuditEvent
from tests.risk.conftest import (
    SHENYANG_HEALTH_ADMIN,
    SHENYANG_HEALTH_CLERK,
    SHENYANG_MARKET_ADMIN,
    ViewerOf,
)
from tests.support import Graph

DEFINE = """
mutation Define($input: RiskModelInput!) {
  defineRiskModel(input: $input) {
    __typename
    ... on RiskModelPayload {
      riskModel {
        id name level combination enabled
        dimensions { kind label windowDays recordKind threshold grade }
        department { code regionCode }
      }
    }
    ... on InputError { message code fieldErrors { field message } }
  }
}
"""

UPDATE = """
mutation Update($id: ID!, $input: RiskModelInput!) {
  updateRiskModel(id: $id, input: $input) {
    __typename
    ... on RiskModelPayload { riskModel { id name enabled dimensions { kind threshold } } }
    ... on InputError { code fieldErrors { field } }
  }
}
"""

ENABLE = """
mutation Enable($id: ID!, $enabled: Boolean!) {
  setRiskModelEnabled(id: $id, enabled: $enabled) {
    __typename
    ... on RiskModelPayload { riskModel { id enabled } }
  }
}
"""

MODELS = "{ riskModels { id name department { code } } }"

_names = itertools.count(1)


def definition(**overrides: Any) -> dict[str, Any]:
    value: dict[str, Any] = {
        "name": f"测试模型{next(_names)}",
        "level": "RED",
        "combination": "ALL",
        "dimensions": [
            {"kind": "RECORD_COUNT", "recordKind": "PENALTY", "windowDays": 365, "threshold": "3"},
            {"kind": "CREDIT_GRADE", "windowDays": 365, "grade": "C"},
        ],
    }
    value.update(overrides)
    return value


async def audit_count(sessions: SessionFactory) -> int:
    async with sessions() as session:
        return int(await session.scalar(select(func.count(AuditEvent.id))) or 0)


async def test_a_manager_defines_a_model_audited(
    risk_graph: Graph, viewer_of: ViewerOf, risk_sessions: SessionFactory
) -> None:
    # given
    viewer = await viewer_of(SHENYANG_HEALTH_ADMIN)
    before = await audit_count(risk_sessions)
    # when
    data = await risk_graph.data(DEFINE, {"input": definition()}, viewer=viewer)
    # then
    model = data["defineRiskModel"]["riskModel"]
    assert model["level"] == "RED"
    assert model["enabled"] is False
    assert model["department"] == {"code": "302", "regionCode": "210100"}
    assert model["dimensions"] == [
        {
            "kind": "RECORD_COUNT",
            "label": "监管行为数",
            "windowDays": 365,
            "recordKind": "PENALTY",
            "threshold": "3",
            "grade": None,
        },
        {
            "kind": "CREDIT_GRADE",
            "label": "信用等级",
            "windowDays": 365,
            "recordKind": None,
            "threshold": None,
            "grade": "C",
        },
    ]
    assert await audit_count(risk_sessions) == before + 1


async def test_every_problem_comes_back_by_field_and_nothing_is_written(
    risk_graph: Graph, viewer_of: ViewerOf, risk_sessions: SessionFactory
) -> None:
    viewer = await viewer_of(SHENYANG_HEALTH_ADMIN)
    before = await audit_count(risk_sessions)
    bad = definition(
        name=" ",
        dimensions=[
            {"kind": "COMPLAINT_COUNT", "windowDays": 0},
            {"kind": "CREDIT_GRADE", "windowDays": 30, "threshold": "2"},
            {
                "kind": "FINE_AMOUNT_SUM",
                "windowDays": 30,
                "threshold": "-1",
                "recordKind": "LICENSE",
            },
            {"kind": "RECORD_COUNT", "windowDays": 30, "threshold": "2.5"},
        ],
    )
    result = (await risk_graph.data(DEFINE, {"input": bad}, viewer=viewer))["defineRiskModel"]
    assert result["__typename"] == "InputError"
    assert result["code"] == "BAD_USER_INPUT"
    assert {error["field"] for error in result["fieldErrors"]} == {
        "input.name",
        "input.dimensions.0.windowDays",
        "input.dimensions.0.threshold",
        "input.dimensions.1.grade",
        "input.dimensions.1.threshold",
        "input.dimensions.2.recordKind",
        "input.dimensions.2.threshold",
        "input.dimensions.3.threshold",
    }
    no_dimensions = definition(dimensions=[])
    result = (await risk_graph.data(DEFINE, {"input": no_dimensions}, viewer=viewer))[
        "defineRiskModel"
    ]
    assert [error["field"] for error in result["fieldErrors"]] == ["input.dimensions"]
    assert await audit_count(risk_sessions) == before


async def test_a_name_is_unique_within_the_department(
    risk_graph: Graph, viewer_of: ViewerOf
) -> None:
    viewer = await viewer_of(SHENYANG_HEALTH_ADMIN)
    given = definition()
    await risk_graph.data(DEFINE, {"input": given}, viewer=viewer)
    again = (await risk_graph.data(DEFINE, {"input": given}, viewer=viewer))["defineRiskModel"]
    assert again["code"] == "CONFLICT"
    assert [error["field"] for error in again["fieldErrors"]] == ["input.name"]
    # Another department may use the same name.
    other = await viewer_of(SHENYANG_MARKET_ADMIN)
    elsewhere = await risk_graph.data(DEFINE, {"input": given}, viewer=other)
    assert elsewhere["defineRiskModel"]["__typename"] == "RiskModelPayload"


async def test_without_manage_risk_defining_is_forbidden(
    risk_graph: Graph, viewer_of: ViewerOf
) -> None:
    clerk = await viewer_of(SHENYANG_HEALTH_CLERK)
    codes = await risk_graph.error_codes(DEFINE, {"input": definition()}, viewer=clerk)
    assert codes == ["FORBIDDEN"]


async def test_update_and_enable_are_audited_and_own_department_only(
    risk_graph: Graph, viewer_of: ViewerOf, risk_sessions: SessionFactory
) -> None:
    owner = await viewer_of(SHENYANG_HEALTH_ADMIN)
    model = (await risk_graph.data(DEFINE, {"input": definition()}, viewer=owner))[
        "defineRiskModel"
    ]["riskModel"]
    before = await audit_count(risk_sessions)
    changed = definition(
        name=model["name"],
        dimensions=[{"kind": "COMPLAINT_COUNT", "windowDays": 90, "threshold": "5"}],
    )
    updated = await risk_graph.data(UPDATE, {"id": model["id"], "input": changed}, viewer=owner)
    assert updated["updateRiskModel"]["riskModel"]["dimensions"] == [
        {"kind": "COMPLAINT_COUNT", "threshold": "5"}
    ]
    enabled = await risk_graph.data(ENABLE, {"id": model["id"], "enabled": True}, viewer=owner)
    assert enabled["setRiskModelEnabled"]["riskModel"]["enabled"] is True
    assert await audit_count(risk_sessions) == before + 2
    # Another department's manager can neither see nor change it.
    other = await viewer_of(SHENYANG_MARKET_ADMIN)
    codes = await risk_graph.error_codes(
        ENABLE, {"id": model["id"], "enabled": False}, viewer=other
    )
    assert codes == ["FORBIDDEN"]
    listed = await risk_graph.data(MODELS, viewer=owner)
    assert {item["department"]["code"] for item in listed["riskModels"]} == {"302"}
