"""Statements over risk models and alerts, always starting from the viewer's readable rows."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, select

from hub.auth.policy import readable_risk_alerts, readable_risk_models
from hub.auth.viewer import Viewer
from hub.db import AnySelect
from hub.models import RiskAlert, RiskAlertStatus, RiskLevel, RiskModel
from hub.pagination import Ordering, PageArgs, parse_datetime

NEWEST_ALERTS_FIRST = Ordering(
    "RAISED_AT_DESC", RiskAlert.raised_at, RiskAlert.id, descending=True, parse=parse_datetime
)


@dataclass(frozen=True, slots=True)
class AlertFilter:
    statuses: tuple[RiskAlertStatus, ...] = ()
    levels: tuple[RiskLevel, ...] = ()
    model_id: int | None = None
    entity_id: int | None = None
    department_id: int | None = None

    def clauses(self, viewer: Viewer) -> list[ColumnElement[bool]]:
        clauses = [readable_risk_alerts(viewer)]
        if self.statuses:
            clauses.append(RiskAlert.status.in_(self.statuses))
        if self.levels:
            clauses.append(RiskAlert.level.in_(self.levels))
        if self.model_id is not None:
            clauses.append(RiskAlert.model_id == self.model_id)
        if self.entity_id is not None:
            clauses.append(RiskAlert.entity_id == self.entity_id)
        if self.department_id is not None:
            clauses.append(RiskAlert.department_id == self.department_id)
        return clauses


def risk_alerts_page(viewer: Viewer, alert_filter: AlertFilter, page: PageArgs) -> AnySelect:
    return page.apply(select(RiskAlert).where(*alert_filter.clauses(viewer)))


def risk_alerts_count(viewer: Viewer, alert_filter: AlertFilter) -> AnySelect:
    return select(func.count(RiskAlert.id)).where(*alert_filter.clauses(viewer))


def risk_alerts_by_ids(viewer: Viewer, alert_ids: tuple[int, ...]) -> AnySelect:
    return (
        select(RiskAlert)
        .where(RiskAlert.id.in_(alert_ids), readable_risk_alerts(viewer))
        .order_by(RiskAlert.id)
    )


def risk_models_list(viewer: Viewer, enabled: bool | None = None) -> AnySelect:
    statement = select(RiskModel).where(readable_risk_models(viewer))
    if enabled is not None:
        statement = statement.where(RiskModel.enabled.is_(enabled))
    return statement.order_by(RiskModel.department_id, RiskModel.name)
