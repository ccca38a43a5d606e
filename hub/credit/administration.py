"""Changing the credit rules (MANAGE_CREDIT_RULES): a new version, validated, activated and
applied to every entity in the same transaction, with one audit event."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, Final

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from hub.auth.permissions import Permission
from hub.auth.viewer import Viewer
from hub.collection.changes import Change
from hub.collection.problems import NOT_FOUND, Invalid, Problems
from hub.credit import engine
from hub.credit.rules import DEFAULT_RULES, MAX_INDICATORS, MAX_WINDOW_YEARS, Indicator, Rules
from hub.errors import Forbidden
from hub.models import CreditIndicator, CreditMeasure, CreditRuleSet
from hub.models.base import utcnow

TARGET_TYPE: Final = "CreditRuleSet"
HUNDRED: Final = Decimal(100)
MAX_NAME_LENGTH: Final = 100
MAX_DESCRIPTION_LENGTH: Final = 2_000
# Measures counted without a window make sense (state today); the others need one.
WINDOWLESS: Final = frozenset({CreditMeasure.VALID_LICENSE, CreditMeasure.ACTIVE_BLACKLIST})


def require_rule_manager(viewer: Viewer) -> None:
    if not viewer.is_staff:
        raise Forbidden("需要以部门账号登录")
    if not viewer.has(Permission.MANAGE_CREDIT_RULES):
        raise Forbidden("尚未获得信用分类规则管理权限")


def validate(rules: Rules) -> None:
    """Every problem at once, field by field (paths relative to the input)."""
    problems = Problems()
    if not 1 <= len(rules.name.strip()) <= MAX_NAME_LENGTH:
        problems.add("name", f"名称应为1到{MAX_NAME_LENGTH}个字符")
    if not 1 <= len(rules.description.strip()) <= MAX_DESCRIPTION_LENGTH:
        problems.add("description", f"说明应为1到{MAX_DESCRIPTION_LENGTH}个字符")
    for field, value in (
        ("baseScore", rules.base_score),
        ("gradeAMinScore", rules.grade_a_min_score),
        ("gradeBMinScore", rules.grade_b_min_score),
        ("gradeCMinScore", rules.grade_c_min_score),
    ):
        if not 0 <= value <= HUNDRED:
            problems.add(field, "分值应在0到100之间")
    if not rules.grade_c_min_score < rules.grade_b_min_score < rules.grade_a_min_score:
        problems.add("gradeBMinScore", "等级分数线应满足：C类 < B类 < A类")
    if not 1 <= len(rules.indicators) <= MAX_INDICATORS:
        problems.add("indicators", f"应配置1到{MAX_INDICATORS}个指标")
    seen: set[CreditMeasure] = set()
    for index, indicator in enumerate(rules.indicators):
        _validate_indicator(problems, f"indicators.{index}", indicator, seen)
    problems.raise_if_any("信用分类规则有误，请按提示修改")


def _validate_indicator(
    problems: Problems, path: str, indicator: Indicator, seen: set[CreditMeasure]
) -> None:
    if indicator.measure in seen:
        problems.add(f"{path}.measure", "同一指标只能配置一次")
    seen.add(indicator.measure)
    if not 1 <= len(indicator.name.strip()) <= MAX_NAME_LENGTH:
        problems.add(f"{path}.name", f"指标名称应为1到{MAX_NAME_LENGTH}个字符")
    if not 1 <= len(indicator.description.strip()) <= MAX_DESCRIPTION_LENGTH:
        problems.add(f"{path}.description", "请说明该指标的依据")
    if indicator.points_per_unit == 0 or not -HUNDRED <= indicator.points_per_unit <= HUNDRED:
        problems.add(f"{path}.pointsPerUnit", "每单位分值应在-100到100之间且不为0")
    if indicator.max_points is not None and not 0 < indicator.max_points <= HUNDRED:
        problems.add(f"{path}.maxPoints", "分值上限应大于0且不超过100")
    window = indicator.window_years
    if window is None and indicator.measure not in WINDOWLESS:
        problems.add(f"{path}.windowYears", "该指标需要设置统计年限")
    if window is not None and not 1 <= window <= MAX_WINDOW_YEARS:
        problems.add(f"{path}.windowYears", f"统计年限应为1到{MAX_WINDOW_YEARS}年")


def _snapshot(rules: Rules) -> dict[str, Any]:
    return {
        "version": rules.version,
        "name": rules.name,
        "baseScore": str(rules.base_score),
        "thresholds": [
            str(rules.grade_a_min_score),
            str(rules.grade_b_min_score),
            str(rules.grade_c_min_score),
        ],
        "indicators": [
            {
                "measure": i.measure.value,
                "pointsPerUnit": str(i.points_per_unit),
                "maxPoints": None if i.max_points is None else str(i.max_points),
                "windowYears": i.window_years,
            }
            for i in rules.indicators
        ],
    }


def _store(session: Session, rules: Rules, account_id: int | None) -> tuple[CreditRuleSet, Rules]:
    """A new version (not yet active) of `rules`; sync, run in the caller's transaction."""
    latest = session.scalar(select(func.max(CreditRuleSet.version))) or 0
    rule_set = CreditRuleSet(
        version=latest + 1,
        name=rules.name.strip(),
        description=rules.description.strip(),
        base_score=rules.base_score,
        grade_a_min_score=rules.grade_a_min_score,
        grade_b_min_score=rules.grade_b_min_score,
        grade_c_min_score=rules.grade_c_min_score,
        active=None,
        created_by_account_id=account_id,
    )
    session.add(rule_set)
    session.flush()
    session.add_all(
        CreditIndicator(
            rule_set_id=rule_set.id,
            position=position,
            measure=indicator.measure,
            name=indicator.name.strip(),
            description=indicator.description.strip(),
            points_per_unit=indicator.points_per_unit,
            max_points=indicator.max_points,
            window_years=indicator.window_years,
        )
        for position, indicator in enumerate(rules.indicators)
    )
    session.flush()
    return rule_set, Rules.from_models(rule_set, _indicators(session, rule_set.id))


def _indicators(session: Session, rule_set_id: int) -> Sequence[CreditIndicator]:
    return session.scalars(
        select(CreditIndicator).where(CreditIndicator.rule_set_id == rule_set_id)
    ).all()


def _activate(session: Session, rule_set_id: int, now: datetime) -> int:
    """Make it the one active version and re-evaluate every entity with it."""
    session.execute(update(CreditRuleSet).where(CreditRuleSet.active.is_(True)).values(active=None))
    session.execute(
        update(CreditRuleSet)
        .where(CreditRuleSet.id == rule_set_id)
        .values(active=True, activated_at=now)
    )
    return engine.recompute(session, None, now=now)


def _load(session: Session, version: int) -> tuple[CreditRuleSet, Rules] | None:
    rule_set = session.scalars(
        select(CreditRuleSet).where(CreditRuleSet.version == version)
    ).one_or_none()
    if rule_set is None:
        return None
    return rule_set, Rules.from_models(rule_set, _indicators(session, rule_set.id))


@dataclass(frozen=True, slots=True)
class Applied:
    """The version now active, and how many entities it re-evaluated."""

    rule_set: CreditRuleSet
    evaluated_entities: int


async def save_rules(change: Change, rules: Rules) -> Applied:
    """A new version of the rules, active at once, applied to every entity."""
    require_rule_manager(change.viewer)
    validate(rules)
    account_id, now = change.viewer.account_id, change.now

    def run(session: Session) -> tuple[CreditRuleSet, Rules, int]:
        rule_set, stored = _store(session, rules, account_id)
        evaluated = _activate(session, rule_set.id, now)
        session.refresh(rule_set)
        return rule_set, stored, evaluated

    rule_set, stored, evaluated = await change.session.run_sync(run)
    change.audit(
        operation="CREATE",
        target_type=TARGET_TYPE,
        target_id=rule_set.version,
        department_id=change.viewer.department_id,
        after=_snapshot(stored),
    )
    return Applied(rule_set, evaluated)


async def activate_version(change: Change, version: int) -> Applied:
    """Go back (or forward) to an existing version; every entity is re-evaluated."""
    require_rule_manager(change.viewer)
    now = change.now

    def run(session: Session) -> tuple[CreditRuleSet, Rules, int | None, int] | None:
        found = _load(session, version)
        if found is None:
            return None
        rule_set, rules = found
        previous = session.scalars(
            select(CreditRuleSet.version).where(CreditRuleSet.active.is_(True))
        ).one_or_none()
        evaluated = _activate(session, rule_set.id, now)
        session.refresh(rule_set)
        return rule_set, rules, previous, evaluated

    found = await change.session.run_sync(run)
    if found is None:
        raise Invalid.on("version", "没有该版本的信用分类规则", code=NOT_FOUND)
    rule_set, rules, previous, evaluated = found
    change.audit(
        operation="ACTIVATE",
        target_type=TARGET_TYPE,
        target_id=version,
        department_id=change.viewer.department_id,
        before={"activeVersion": previous},
        after={"activeVersion": version, **_snapshot(rules)},
    )
    return Applied(rule_set, evaluated)


def _ensure_default(session: Session) -> bool:
    if session.scalar(select(func.count()).select_from(CreditRuleSet)):
        return False
    now = utcnow()
    rule_set, _rules = _store(session, DEFAULT_RULES, None)
    session.execute(
        update(CreditRuleSet)
        .where(CreditRuleSet.id == rule_set.id)
        .values(active=True, activated_at=now)
    )
    return True


async def ensure_default_rules(session: AsyncSession) -> bool:
    """The default rule set as version 1 and active, when there is no rule set at all (a
    fresh database); True when it was created."""
    return await session.run_sync(_ensure_default)


async def recompute_entities(session: AsyncSession, entity_ids: Sequence[int] | None) -> int:
    """`engine.recompute` from async code, in the session's transaction."""
    return await session.run_sync(lambda sync: engine.recompute(sync, entity_ids))
