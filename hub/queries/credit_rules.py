"""Credit rule sets, newest version first."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, select

from hub.models import CreditIndicator, CreditRuleSet


def rule_sets(scope: ColumnElement[bool], *, active_only: bool = False) -> Select[Any]:
    statement = select(CreditRuleSet).where(scope).order_by(CreditRuleSet.version.desc())
    if active_only:
        statement = statement.where(CreditRuleSet.active.is_(True))
    return statement


def indicators_of(rule_set_ids: list[int]) -> Select[Any]:
    return (
        select(CreditIndicator)
        .where(CreditIndicator.rule_set_id.in_(rule_set_ids))
        .order_by(CreditIndicator.rule_set_id, CreditIndicator.position)
    )
