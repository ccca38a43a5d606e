"""Risk models and alerts by id, through the viewer's row policy."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from hub.auth.policy import readable_risk_alerts, readable_risk_models
from hub.loaders.base import ReadLoader, one_per_key
from hub.models import RiskAlert, RiskModel


class RiskModelByIdLoader(ReadLoader[int, RiskModel | None]):
    async def batch_load_fn(self, ids: Sequence[int]) -> list[RiskModel | None]:
        rows = await self.fetch_all(
            select(RiskModel).where(RiskModel.id.in_(ids), readable_risk_models(self.viewer))
        )
        return one_per_key(ids, rows, lambda model: model.id)


class RiskAlertByIdLoader(ReadLoader[int, RiskAlert | None]):
    async def batch_load_fn(self, ids: Sequence[int]) -> list[RiskAlert | None]:
        rows = await self.fetch_all(
            select(RiskAlert).where(RiskAlert.id.in_(ids), readable_risk_alerts(self.viewer))
        )
        return one_per_key(ids, rows, lambda alert: alert.id)
