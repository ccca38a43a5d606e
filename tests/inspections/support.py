"""Steps the inspection tests share: make a plan, draw it."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hub.auth.viewer import Viewer
from tests.inspections.conftest import CITY, Office
from tests.inspections.documents import ACCEPT_PLAN, CREATE_PLAN, DRAW_PLAN
from tests.support import Graph


def plan_input(office: Office, **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "name": f"{office.industry}抽查",
        "itemIds": [office.lead.item_gid],
        "pool": {"regionCode": CITY, "industry": office.industry},
        "objectCount": 4,
        "inspectorsPerObject": 2,
        "endsOn": (date.today() + timedelta(days=30)).isoformat(),
    }
    values.update(overrides)
    return values


async def create_plan(graph: Graph, office: Office, **overrides: Any) -> dict[str, Any]:
    data = await graph.data(
        CREATE_PLAN, {"input": plan_input(office, **overrides)}, viewer=office.lead.viewer()
    )
    result = data["createInspectionPlan"]
    assert result["__typename"] == "InspectionPlanPayload", result
    plan: dict[str, Any] = result["plan"]
    return plan


async def accept(graph: Graph, viewer: Viewer, plan_id: str) -> dict[str, Any]:
    data = await graph.data(ACCEPT_PLAN, {"id": plan_id}, viewer=viewer)
    result: dict[str, Any] = data["acceptInspectionPlan"]
    return result


async def draw(graph: Graph, office: Office, plan: dict[str, Any]) -> dict[str, Any]:
    data = await graph.data(
        DRAW_PLAN, {"id": plan["id"], "version": plan["version"]}, viewer=office.lead.viewer()
    )
    result = data["drawInspectionPlan"]
    assert result["__typename"] == "InspectionPlanPayload", result
    drawn: dict[str, Any] = result["plan"]
    return drawn


async def drawn_plan(graph: Graph, office: Office, **overrides: Any) -> dict[str, Any]:
    return await draw(graph, office, await create_plan(graph, office, **overrides))
