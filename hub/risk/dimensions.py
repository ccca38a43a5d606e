"""Information dimensions of a risk model: one SQL aggregate per entity each.

A dimension is stored in `RiskModel.dimensions` as JSON (`Dimension.to_json`). For
evaluation, each dimension of each model becomes one `SELECT entity_id, <aggregate> ...
GROUP BY entity_id HAVING <aggregate crosses the threshold>`, and all of them are glued into
one statement with UNION ALL (`crossing_rows`): the database finds the crossings of every
entity at once, whatever the number of entities.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Numeric, String, cast, func, literal, null, select

from hub.db import AnySelect
from hub.domain.regions import subtree_bounds
from hub.models import (
    Complaint,
    CreditEvaluation,
    CreditGrade,
    MarketEntity,
    Penalty,
    RecordKind,
    RecordStatus,
    RiskDimensionKind,
    RiskModel,
    SupervisionRecord,
)

# Longest time window a dimension may look back over (10 years).
MAX_WINDOW_DAYS = 3650

DIMENSION_LABELS: dict[RiskDimensionKind, str] = {
    RiskDimensionKind.RECORD_COUNT: "监管行为数",
    RiskDimensionKind.FINE_AMOUNT_SUM: "罚款金额合计（万元）",
    RiskDimensionKind.COMPLAINT_COUNT: "投诉数",
    RiskDimensionKind.CREDIT_GRADE: "信用等级",
}

# Numbers travel as one column type through the UNION ALL, grades as another.
_NUMBER = Numeric(20, 6)
_GRADE = String(1)


@dataclass(frozen=True, slots=True)
class Dimension:
    kind: RiskDimensionKind
    window_days: int
    # RECORD_COUNT: only records of this kind (None: every kind).
    record_kind: RecordKind | None = None
    # Numeric kinds: the alert is due when the value reaches the threshold (>=).
    threshold: Decimal | None = None
    # CREDIT_GRADE: the alert is due when the entity was graded this or worse.
    grade: CreditGrade | None = None

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Dimension:
        threshold = data.get("threshold")
        record_kind = data.get("recordKind")
        grade = data.get("grade")
        return cls(
            kind=RiskDimensionKind(data["kind"]),
            window_days=int(data["windowDays"]),
            record_kind=RecordKind(record_kind) if record_kind else None,
            threshold=Decimal(str(threshold)) if threshold is not None else None,
            grade=CreditGrade(grade) if grade else None,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "windowDays": self.window_days,
            "recordKind": self.record_kind.value if self.record_kind else None,
            "threshold": format(self.threshold.normalize(), "f")
            if self.threshold is not None
            else None,
            "grade": self.grade.value if self.grade else None,
        }

    @property
    def is_numeric(self) -> bool:
        return self.kind is not RiskDimensionKind.CREDIT_GRADE


@dataclass(frozen=True, slots=True)
class Scope:
    """What one evaluation looks at: the model's region subtree, the window's start, and
    optionally only some entities (those a change touched)."""

    region_code: str
    now: datetime
    entity_ids: Collection[int] | None

    def since(self, dimension: Dimension) -> date:
        return self.now.date() - timedelta(days=dimension.window_days)


def _in_scope(entity_id: Any, scope: Scope) -> list[ColumnElement[bool]]:
    low, high = subtree_bounds(scope.region_code)
    clauses: list[ColumnElement[bool]] = [MarketEntity.region_code.between(low, high)]
    if scope.entity_ids is not None:
        clauses.append(entity_id.in_(list(scope.entity_ids)))
    return clauses


def _record_count(dimension: Dimension, scope: Scope) -> tuple[AnySelect, ColumnElement[Any]]:
    value = func.count(SupervisionRecord.id)
    # Decisions in force: published (公示) records; drafts are not decisions yet, revoked
    # or withdrawn ones no longer are.
    statement = (
        select(SupervisionRecord.entity_id.label("entity_id"))
        .join(MarketEntity, MarketEntity.id == SupervisionRecord.entity_id)
        .where(
            SupervisionRecord.deleted_at.is_(None),
            SupervisionRecord.status == RecordStatus.PUBLISHED,
            SupervisionRecord.decision_date >= scope.since(dimension),
            *_in_scope(SupervisionRecord.entity_id, scope),
        )
        .group_by(SupervisionRecord.entity_id)
    )
    if dimension.record_kind is not None:
        statement = statement.where(SupervisionRecord.kind == dimension.record_kind)
    return statement, value


def _fine_amount_sum(dimension: Dimension, scope: Scope) -> tuple[AnySelect, ColumnElement[Any]]:
    # The kind table alone: joining the mapped subclass would join its base table twice.
    penalties = Penalty.__table__
    value = func.coalesce(func.sum(penalties.c.fine_amount), 0)
    statement = (
        select(SupervisionRecord.entity_id.label("entity_id"))
        .select_from(SupervisionRecord)
        .join(penalties, penalties.c.id == SupervisionRecord.id)
        .join(MarketEntity, MarketEntity.id == SupervisionRecord.entity_id)
        .where(
            SupervisionRecord.deleted_at.is_(None),
            SupervisionRecord.status == RecordStatus.PUBLISHED,
            SupervisionRecord.decision_date >= scope.since(dimension),
            *_in_scope(SupervisionRecord.entity_id, scope),
        )
        .group_by(SupervisionRecord.entity_id)
    )
    return statement, value


def _complaint_count(dimension: Dimension, scope: Scope) -> tuple[AnySelect, ColumnElement[Any]]:
    value = func.count(Complaint.id)
    since = scope.now - timedelta(days=dimension.window_days)
    statement = (
        select(Complaint.entity_id.label("entity_id"))
        .join(MarketEntity, MarketEntity.id == Complaint.entity_id)
        .where(Complaint.received_at >= since, *_in_scope(Complaint.entity_id, scope))
        .group_by(Complaint.entity_id)
    )
    return statement, value


def _credit_grade(dimension: Dimension, scope: Scope) -> tuple[AnySelect, ColumnElement[Any]]:
    # Grades are the letters A-D, best first, so the worst grade is the greatest letter.
    value = func.max(CreditEvaluation.grade)
    since = scope.now - timedelta(days=dimension.window_days)
    statement = (
        select(CreditEvaluation.entity_id.label("entity_id"))
        .join(MarketEntity, MarketEntity.id == CreditEvaluation.entity_id)
        .where(
            CreditEvaluation.evaluated_at >= since, *_in_scope(CreditEvaluation.entity_id, scope)
        )
        .group_by(CreditEvaluation.entity_id)
    )
    return statement, value


Aggregate = Callable[[Dimension, Scope], tuple[AnySelect, ColumnElement[Any]]]

# Every kind has its aggregate: adding a kind is one entry here and one enum member.
AGGREGATES: dict[RiskDimensionKind, Aggregate] = {
    RiskDimensionKind.RECORD_COUNT: _record_count,
    RiskDimensionKind.FINE_AMOUNT_SUM: _fine_amount_sum,
    RiskDimensionKind.COMPLAINT_COUNT: _complaint_count,
    RiskDimensionKind.CREDIT_GRADE: _credit_grade,
}


def crossing_select(model: RiskModel, index: int, dimension: Dimension, scope: Scope) -> AnySelect:
    """The entities for which dimension `index` of `model` crosses its threshold, as rows
    (model_id, dimension, entity_id, number_value, grade_value)."""
    statement, value = AGGREGATES[dimension.kind](dimension, scope)
    if dimension.is_numeric:
        assert dimension.threshold is not None
        crossed = value >= dimension.threshold
        number_value: ColumnElement[Any] = cast(value, _NUMBER)
        grade_value: ColumnElement[Any] = cast(null(), _GRADE)
    else:
        assert dimension.grade is not None
        crossed = value >= dimension.grade.value
        number_value = cast(null(), _NUMBER)
        grade_value = cast(value, _GRADE)
    return statement.add_columns(
        literal(model.id).label("model_id"),
        literal(index).label("dimension"),
        number_value.label("number_value"),
        grade_value.label("grade_value"),
    ).having(crossed)
