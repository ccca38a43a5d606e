"""Defining, changing and enabling risk models: validated field by field, audited, and
only by MANAGE_RISK holders for their own department."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from hub.auth.policy import risk_management_refusal
from hub.collection.changes import Change, json_value
from hub.collection.problems import CONFLICT, Invalid, Problems
from hub.errors import Forbidden, NotFound
from hub.models import (
    Department,
    RiskCombination,
    RiskDimensionKind,
    RiskLevel,
    RiskModel,
)
from hub.risk.dimensions import MAX_WINDOW_DAYS, Dimension

MAX_NAME_LENGTH = 100
MAX_DIMENSIONS = 10
# Largest threshold a dimension may name (counts and 万元 alike).
MAX_THRESHOLD = Decimal("100000000")

TARGET_TYPE = "RiskModel"
DUPLICATE_NAME = "本部门已有同名风险模型"


@dataclass(frozen=True, slots=True)
class RiskModelDefinition:
    name: str
    level: RiskLevel
    combination: RiskCombination
    dimensions: Sequence[Dimension]
    description: str | None = None
    enabled: bool = False


def validate(definition: RiskModelDefinition) -> None:
    """Every problem of a definition at once, by camelCase field path under the input."""
    problems = Problems()
    name = definition.name.strip()
    if not name:
        problems.add("name", "请填写模型名称")
    elif len(name) > MAX_NAME_LENGTH:
        problems.add("name", f"模型名称不能超过{MAX_NAME_LENGTH}个字")
    if not definition.dimensions:
        problems.add("dimensions", "至少需要一个信息维度")
    elif len(definition.dimensions) > MAX_DIMENSIONS:
        problems.add("dimensions", f"信息维度不能超过{MAX_DIMENSIONS}个")
    for index, dimension in enumerate(definition.dimensions):
        _validate_dimension(problems, f"dimensions.{index}", dimension)
    problems.raise_if_any("风险模型定义有误，请按提示修改")


def _validate_dimension(problems: Problems, path: str, dimension: Dimension) -> None:
    if not 1 <= dimension.window_days <= MAX_WINDOW_DAYS:
        problems.add(f"{path}.windowDays", f"统计时段应为1至{MAX_WINDOW_DAYS}天")
    if dimension.record_kind is not None and dimension.kind is not RiskDimensionKind.RECORD_COUNT:
        problems.add(f"{path}.recordKind", "只有监管行为数可以限定监管行为类别")
    if dimension.is_numeric:
        if dimension.threshold is None:
            problems.add(f"{path}.threshold", "请填写阈值")
        elif not Decimal(0) < dimension.threshold <= MAX_THRESHOLD:
            problems.add(f"{path}.threshold", "阈值应大于0且不超过1亿")
        elif dimension.kind is not RiskDimensionKind.FINE_AMOUNT_SUM and (
            dimension.threshold != dimension.threshold.to_integral_value()
        ):
            problems.add(f"{path}.threshold", "计数类维度的阈值应为整数")
        if dimension.grade is not None:
            problems.add(f"{path}.grade", "只有信用等级维度可以填写等级")
    else:
        if dimension.grade is None:
            problems.add(f"{path}.grade", "请选择触发预警的信用等级")
        if dimension.threshold is not None:
            problems.add(f"{path}.threshold", "信用等级维度不使用数值阈值，请填写等级")


def snapshot(model: RiskModel) -> dict[str, Any]:
    return {
        "name": model.name,
        "description": model.description,
        "level": json_value(model.level),
        "combination": json_value(model.combination),
        "enabled": model.enabled,
        "dimensions": model.dimensions,
    }


def _authorize(change: Change, department_id: int) -> None:
    reason = risk_management_refusal(change.viewer, department_id)
    if reason is not None:
        raise Forbidden(reason)


async def _ensure_name_free(
    change: Change, department_id: int, name: str, model_id: int | None = None
) -> None:
    query = select(RiskModel.id).where(
        RiskModel.department_id == department_id, RiskModel.name == name
    )
    if model_id is not None:
        query = query.where(RiskModel.id != model_id)
    if await change.session.scalar(query) is not None:
        raise Invalid.on("name", DUPLICATE_NAME, code=CONFLICT)


async def define_model(change: Change, definition: RiskModelDefinition) -> RiskModel:
    viewer = change.viewer
    _authorize(change, viewer.department_id or 0)
    validate(definition)
    assert viewer.department_id is not None
    department = await change.session.get_one(Department, viewer.department_id)
    name = definition.name.strip()
    await _ensure_name_free(change, department.id, name)
    model = RiskModel(
        department_id=department.id,
        region_code=department.region_code,
        created_by_account_id=viewer.account_id,
    )
    _apply(model, definition, name)
    change.session.add(model)
    await change.session.flush()
    change.audit(
        operation="risk_model.define",
        target_type=TARGET_TYPE,
        target_id=model.id,
        department_id=model.department_id,
        after=snapshot(model),
    )
    return model


def _apply(model: RiskModel, definition: RiskModelDefinition, name: str) -> None:
    model.name = name
    model.description = (definition.description or "").strip() or None
    model.level = definition.level
    model.combination = definition.combination
    model.enabled = definition.enabled
    model.dimensions = [dimension.to_json() for dimension in definition.dimensions]


async def _model_for_change(change: Change, model_id: int) -> RiskModel:
    model = await change.session.get(RiskModel, model_id, with_for_update=True)
    if model is None:
        raise NotFound("风险模型不存在")
    _authorize(change, model.department_id)
    return model


async def update_model(change: Change, model_id: int, definition: RiskModelDefinition) -> RiskModel:
    model = await _model_for_change(change, model_id)
    validate(definition)
    name = definition.name.strip()
    await _ensure_name_free(change, model.department_id, name, model.id)
    before = snapshot(model)
    _apply(model, definition, name)
    await change.session.flush()
    change.audit(
        operation="risk_model.update",
        target_type=TARGET_TYPE,
        target_id=model.id,
        department_id=model.department_id,
        before=before,
        after=snapshot(model),
    )
    return model


async def set_model_enabled(change: Change, model_id: int, enabled: bool) -> RiskModel:
    model = await _model_for_change(change, model_id)
    before = model.enabled
    model.enabled = enabled
    await change.session.flush()
    change.audit(
        operation="risk_model.enable" if enabled else "risk_model.disable",
        target_type=TARGET_TYPE,
        target_id=model.id,
        department_id=model.department_id,
        before={"enabled": before},
        after={"enabled": enabled},
    )
    return model
