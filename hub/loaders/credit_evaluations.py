from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select

from hub.auth.policy import readable_credit_evaluations
from hub.loaders.base import ReadLoader, many_per_key
from hub.models import CreditEvaluation, CreditIndicator
from hub.queries.credit_rules import indicators_of


class LatestCreditEvaluationsByEntityIdLoader(ReadLoader[int, list[CreditEvaluation]]):
    """The newest evaluation of each source (hub, national) for each entity."""

    async def batch_load_fn(self, entity_ids: Sequence[int]) -> list[list[CreditEvaluation]]:
        newest = (
            select(
                CreditEvaluation.id,
                func.row_number()
                .over(
                    partition_by=(CreditEvaluation.entity_id, CreditEvaluation.source),
                    order_by=(CreditEvaluation.evaluated_at.desc(), CreditEvaluation.id.desc()),
                )
                .label("position"),
            )
            .where(
                CreditEvaluation.entity_id.in_(entity_ids),
                readable_credit_evaluations(self.viewer),
            )
            .subquery()
        )
        statement = (
            select(CreditEvaluation)
            .join(newest, newest.c.id == CreditEvaluation.id)
            .where(newest.c.position == 1)
            .order_by(CreditEvaluation.source)
        )
        rows = await self.fetch_all(statement)
        return many_per_key(entity_ids, rows, lambda evaluation: evaluation.entity_id)


class CreditIndicatorsByRuleSetIdLoader(ReadLoader[int, list[CreditIndicator]]):
    """The indicators of each rule set, in their order (rule sets are read under
    `readable_credit_rule_sets` by the query that found them)."""

    async def batch_load_fn(self, rule_set_ids: Sequence[int]) -> list[list[CreditIndicator]]:
        rows = await self.fetch_all(indicators_of(list(rule_set_ids)))
        return many_per_key(rule_set_ids, rows, lambda indicator: indicator.rule_set_id)
