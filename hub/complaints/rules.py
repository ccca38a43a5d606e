"""分派规则 are data: region administrators create them for their region subtree and
enable or disable them; every change is audited. Rules are never deleted, so a complaint's
`dispatchRuleId` always names what dispatched it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select

from hub.auth.viewer import Viewer
from hub.collection.changes import Change
from hub.collection.problems import CONFLICT, NOT_FOUND, Invalid, Problems
from hub.domain.regions import subtree_bounds
from hub.errors import Forbidden
from hub.models import ComplaintDispatchRule, Region, RegionLevel

TARGET_TYPE = "ComplaintDispatchRule"
MAX_KEYWORDS = 20
MAX_KEYWORD_LENGTH = 20
_DEPARTMENT_CODE = re.compile(r"^\d{3}$")


@dataclass(frozen=True, slots=True)
class RuleInput:
    name: str
    region_code: str
    department_code: str
    level: RegionLevel
    category: str | None = None
    keywords: tuple[str, ...] = ()
    deadline_days: int = 15
    priority: int = 100


def _administers(viewer: Viewer, region_code: str) -> bool:
    if not viewer.is_region_administrator or not viewer.region_code:
        return False
    low, high = subtree_bounds(viewer.region_code)
    return low <= region_code <= high


def _require_administrator(viewer: Viewer, region_code: str) -> None:
    if not _administers(viewer, region_code):
        raise Forbidden("只有本级或上级区划管理员可以维护该区划的投诉分派规则")


async def create_rule(change: Change, data: RuleInput) -> ComplaintDispatchRule:
    problems = Problems()
    name = data.name.strip()
    category = (data.category or "").strip() or None
    keywords = tuple(dict.fromkeys(k.strip() for k in data.keywords if k.strip()))
    if not 1 <= len(name) <= 100:
        problems.add("name", "规则名称应为1到100个字符")
    if not _DEPARTMENT_CODE.match(data.department_code):
        problems.add("departmentCode", "部门代码为3位数字")
    if category is not None and len(category) > 32:
        problems.add("category", "投诉类别不超过32个字符")
    if len(keywords) > MAX_KEYWORDS or any(len(k) > MAX_KEYWORD_LENGTH for k in keywords):
        problems.add(
            "keywords", f"最多{MAX_KEYWORDS}个关键词，每个不超过{MAX_KEYWORD_LENGTH}个字符"
        )
    if not 1 <= data.deadline_days <= 365:
        problems.add("deadlineDays", "办理期限应为1到365天")
    if not 0 <= data.priority <= 10_000:
        problems.add("priority", "优先级应为0到10000")
    region = await change.session.get(Region, data.region_code)
    if region is None:
        problems.add("regionCode", "行政区划不存在")
    problems.raise_if_any()
    _require_administrator(change.viewer, data.region_code)
    taken = await change.session.scalar(
        select(ComplaintDispatchRule.id).where(ComplaintDispatchRule.name == name)
    )
    if taken is not None:
        raise Invalid.on("name", "已有同名的分派规则", code=CONFLICT)
    rule = ComplaintDispatchRule(
        name=name,
        region_code=data.region_code,
        category=category,
        keywords=list(keywords),
        department_code=data.department_code,
        level=data.level,
        deadline_days=data.deadline_days,
        priority=data.priority,
        enabled=True,
        created_by_account_id=change.viewer.account_id,
    )
    change.session.add(rule)
    await change.session.flush()
    change.audit(
        operation="complaintDispatchRule.create",
        target_type=TARGET_TYPE,
        target_id=rule.id,
        department_id=change.viewer.department_id,
        after={
            "name": name,
            "regionCode": rule.region_code,
            "category": category,
            "keywords": list(keywords),
            "departmentCode": rule.department_code,
            "level": rule.level.value,
            "deadlineDays": rule.deadline_days,
            "priority": rule.priority,
        },
    )
    return rule


async def set_enabled(change: Change, rule_id: int, enabled: bool) -> ComplaintDispatchRule:
    rule = await change.session.get(ComplaintDispatchRule, rule_id, with_for_update=True)
    if rule is None:
        raise Invalid.on("id", "分派规则不存在", code=NOT_FOUND)
    _require_administrator(change.viewer, rule.region_code)
    if rule.enabled == enabled:
        raise Invalid.on("enabled", "规则已是该状态", code=CONFLICT)
    rule.enabled = enabled
    await change.session.flush()
    change.audit(
        operation="complaintDispatchRule.enable" if enabled else "complaintDispatchRule.disable",
        target_type=TARGET_TYPE,
        target_id=rule.id,
        department_id=change.viewer.department_id,
        before={"enabled": not enabled},
        after={"enabled": enabled},
    )
    return rule
