"""The hub's credit evaluation, computed set-based: one GROUP BY statement yields every
indicator's value for every entity asked for (or all), then each entity's evaluation is
replaced by one DELETE and one multi-row INSERT. The statement count of a recompute does
not depend on the number of entities.

Only published, not deleted records count (a draft is not a decision; a revoked or
withdrawn one was taken back). Windows are measured back from `as_of` (today).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any, Final, cast

from sqlalchemy import (
    ColumnElement,
    Select,
    Table,
    and_,
    case,
    delete,
    func,
    insert,
    literal,
    or_,
    select,
    text,
)
from sqlalchemy.orm import Session

from hub.credit.rules import MEASURE_SOURCES, Indicator, Rules, load_active_rules
from hub.models import (
    BlacklistEntry,
    Complaint,
    CreditEvaluation,
    CreditGrade,
    CreditMeasure,
    CreditSource,
    Inspection,
    InspectionResult,
    License,
    MarketEntity,
    Penalty,
    RecordKind,
    RecordStatus,
    SupervisionRecord,
)
from hub.models.base import utcnow

# Entity ids per IN list (SQLite's bound-parameter limit; PostgreSQL's plan size).
ID_CHUNK: Final = 1_000

RECORDS = SupervisionRecord.__table__
PENALTIES = Penalty.__table__
BLACKLIST = BlacklistEntry.__table__
INSPECTIONS = Inspection.__table__
LICENSES = License.__table__
EVALUATIONS = cast(Table, CreditEvaluation.__table__)
PROBLEM_RESULTS: Final = (InspectionResult.PROBLEMS_FOUND, InspectionResult.NOT_FOUND_AT_ADDRESS)
HUB_SOURCE_NAME: Final = "本平台指标评价（信用分类监管规则）"


@dataclass(frozen=True, slots=True)
class Contribution:
    indicator: Indicator
    value: Decimal
    points: Decimal


@dataclass(frozen=True, slots=True)
class Evaluation:
    entity_id: int
    score: Decimal
    grade: CreditGrade
    contributions: tuple[Contribution, ...]


def _since(indicator: Indicator, as_of: date, column: Any) -> ColumnElement[bool]:
    start = indicator.since(as_of)
    return literal(True) if start is None else column >= start


def _record_term(indicator: Indicator, as_of: date) -> ColumnElement[Any]:
    """The per-row value of a record measure (0 for rows it does not count)."""
    kind, decided = RECORDS.c.kind, RECORDS.c.decision_date
    within = _since(indicator, as_of, decided)
    value: ColumnElement[Any]
    match indicator.measure:
        case CreditMeasure.PENALTY_COUNT:
            counted, value = and_(kind == RecordKind.PENALTY, within), literal(1)
        case CreditMeasure.FINE_AMOUNT:
            counted = and_(kind == RecordKind.PENALTY, within)
            value = func.coalesce(PENALTIES.c.fine_amount, 0)
        case CreditMeasure.ACTIVE_BLACKLIST:
            counted = and_(
                kind == RecordKind.BLACKLIST,
                or_(BLACKLIST.c.removal_date.is_(None), BLACKLIST.c.removal_date > as_of),
                _since(indicator, as_of, BLACKLIST.c.listed_on),
            )
            value = literal(1)
        case CreditMeasure.INSPECTION_PROBLEMS:
            counted = and_(
                kind == RecordKind.INSPECTION, INSPECTIONS.c.result.in_(PROBLEM_RESULTS), within
            )
            value = literal(1)
        case CreditMeasure.ENFORCEMENT_COUNT:
            counted, value = and_(kind == RecordKind.ENFORCEMENT, within), literal(1)
        case CreditMeasure.VALID_LICENSE:
            counted = and_(
                kind == RecordKind.LICENSE,
                or_(LICENSES.c.valid_to.is_(None), LICENSES.c.valid_to >= as_of),
                or_(LICENSES.c.valid_from.is_(None), LICENSES.c.valid_from <= as_of),
            )
            value = literal(1)
        case _:
            raise ValueError(f"{indicator.measure} is not a record measure")
    return case((counted, value), else_=0)


def _complaint_term(indicator: Indicator, as_of: date) -> ColumnElement[Any]:
    start = indicator.since(as_of)
    if start is None:
        return literal(1)
    return case((Complaint.received_at >= datetime.combine(start, time(), UTC), 1), else_=0)


def _in(column: Any, entity_ids: Sequence[int] | None) -> ColumnElement[bool]:
    return literal(True) if entity_ids is None else column.in_(entity_ids)


def measures_statement(rules: Rules, as_of: date, entity_ids: Sequence[int] | None) -> Select[Any]:
    """(entity id, value of indicator 0, value of indicator 1, …) for the entities; one
    statement: the published records grouped by entity, the complaints grouped by entity,
    both outer-joined to the entities."""
    record_columns: dict[int, ColumnElement[Any]] = {}
    complaint_columns: dict[int, ColumnElement[Any]] = {}
    for position, indicator in enumerate(rules.indicators):
        if indicator.measure is CreditMeasure.COMPLAINT_COUNT:
            complaint_columns[position] = func.sum(_complaint_term(indicator, as_of))
        else:
            record_columns[position] = func.sum(_record_term(indicator, as_of))
    statement = select(MarketEntity.id).where(_in(MarketEntity.id, entity_ids))
    values: dict[int, ColumnElement[Any]] = {}
    if record_columns:
        joined = (
            RECORDS.outerjoin(PENALTIES, PENALTIES.c.id == RECORDS.c.id)
            .outerjoin(BLACKLIST, BLACKLIST.c.id == RECORDS.c.id)
            .outerjoin(INSPECTIONS, INSPECTIONS.c.id == RECORDS.c.id)
            .outerjoin(LICENSES, LICENSES.c.id == RECORDS.c.id)
        )
        by_entity = (
            select(
                RECORDS.c.entity_id,
                *(column.label(f"m{p}") for p, column in record_columns.items()),
            )
            .select_from(joined)
            .where(
                RECORDS.c.status == RecordStatus.PUBLISHED,
                RECORDS.c.deleted_at.is_(None),
                RECORDS.c.entity_id.is_not(None),
                _in(RECORDS.c.entity_id, entity_ids),
            )
            .group_by(RECORDS.c.entity_id)
            .subquery("record_measures")
        )
        statement = statement.outerjoin(by_entity, by_entity.c.entity_id == MarketEntity.id)
        values |= {p: by_entity.c[f"m{p}"] for p in record_columns}
    if complaint_columns:
        complaints = (
            select(
                Complaint.entity_id,
                *(column.label(f"m{p}") for p, column in complaint_columns.items()),
            )
            .where(Complaint.entity_id.is_not(None), _in(Complaint.entity_id, entity_ids))
            .group_by(Complaint.entity_id)
            .subquery("complaint_measures")
        )
        statement = statement.outerjoin(complaints, complaints.c.entity_id == MarketEntity.id)
        values |= {p: complaints.c[f"m{p}"] for p in complaint_columns}
    ordered = [func.coalesce(values[p], 0) for p in range(len(rules.indicators))]
    return statement.add_columns(*ordered).order_by(MarketEntity.id)


def evaluate_row(rules: Rules, entity_id: int, values: Sequence[Any]) -> Evaluation:
    """The arithmetic of one entity's row (no I/O)."""
    contributions = []
    for indicator, raw in zip(rules.indicators, values, strict=True):
        value = Decimal(str(raw or 0))
        contributions.append(Contribution(indicator, value, indicator.points(value)))
    score = rules.score([c.points for c in contributions])
    return Evaluation(entity_id, score, rules.grade(score), tuple(contributions))


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def explanation(rules: Rules, evaluation: Evaluation, as_of: date) -> dict[str, Any]:
    return {
        "source": CreditSource.HUB.value,
        "sourceName": HUB_SOURCE_NAME,
        "ruleSet": {"id": rules.id, "version": rules.version, "name": rules.name},
        "asOf": as_of.isoformat(),
        "baseScore": float(rules.base_score),
        "thresholds": {
            "A": float(rules.grade_a_min_score),
            "B": float(rules.grade_b_min_score),
            "C": float(rules.grade_c_min_score),
        },
        "indicators": [
            {
                "measure": c.indicator.measure.value,
                "indicator": c.indicator.name,
                "value": float(c.value),
                "pointsPerUnit": float(c.indicator.points_per_unit),
                "maxPoints": None
                if c.indicator.max_points is None
                else float(c.indicator.max_points),
                "points": float(c.points),
                "windowYears": c.indicator.window_years,
                "since": None if (start := c.indicator.since(as_of)) is None else start.isoformat(),
                "source": MEASURE_SOURCES[c.indicator.measure],
            }
            for c in evaluation.contributions
        ],
        "score": float(evaluation.score),
        "grade": evaluation.grade.value,
    }


def evaluate(
    session: Session, rules: Rules, entity_ids: Sequence[int] | None, as_of: date
) -> list[Evaluation]:
    rows = session.execute(measures_statement(rules, as_of, entity_ids)).all()
    return [evaluate_row(rules, row[0], row[1:]) for row in rows]


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), ID_CHUNK):
        yield ids[start : start + ID_CHUNK]


def _serialize(session: Session, batch: Sequence[int] | None) -> None:
    """Two transactions re-evaluating one entity take turns, so the second computes from
    the first's committed records and replaces its evaluation (never two HUB rows, never
    a stale grade). PostgreSQL: row locks on the entities, in id order (no deadlock), and
    FOR NO KEY UPDATE, which does not conflict with the key-share locks that inserting a
    record referencing the entity takes; a full pass locks the evaluations table instead.
    SQLite serializes writers already (`BEGIN IMMEDIATE`)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    if batch is None:
        session.execute(text("LOCK TABLE credit_evaluations IN EXCLUSIVE MODE"))
        return
    session.execute(
        select(MarketEntity.id)
        .where(MarketEntity.id.in_(batch))
        .order_by(MarketEntity.id)
        .with_for_update(key_share=True)
    )


def recompute(
    session: Session,
    entity_ids: Iterable[int] | None = None,
    *,
    rules: Rules | None = None,
    now: datetime | None = None,
) -> int:
    """Replace the hub evaluation of the entities (None: of every entity) with one computed
    by the active rule set; in the caller's transaction. Returns how many were stored;
    0 when no rule set is active (nothing is evaluated then, and nothing is removed)."""
    active = rules or load_active_rules(session)
    if active is None:
        return 0
    moment = now or utcnow()
    as_of = moment.date()
    if entity_ids is None:
        batches: list[Sequence[int] | None] = [None]
    else:
        batches = list(_chunks(sorted(set(entity_ids))))
    stored = 0
    for batch in batches:
        _serialize(session, batch)
        evaluations = evaluate(session, active, batch, as_of)
        session.execute(
            delete(CreditEvaluation).where(
                CreditEvaluation.source == CreditSource.HUB,
                _in(CreditEvaluation.entity_id, batch),
            )
        )
        if evaluations:
            # Core executemany (insertmanyvalues), not ORM bulk: no identity map work.
            session.execute(
                insert(EVALUATIONS),
                [
                    {
                        "entity_id": e.entity_id,
                        "source": CreditSource.HUB,
                        "grade": e.grade,
                        "score": e.score,
                        "evaluated_at": moment,
                        "explanation": explanation(active, e, as_of),
                        "rule_set_id": active.id,
                    }
                    for e in evaluations
                ],
            )
        stored += len(evaluations)
    return stored
