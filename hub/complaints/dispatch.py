"""分派: which department handles a complaint, by the dispatch rules (data, kept by region
administrators), and what dispatching changes on the complaint.

A rule applies when the complaint's region (its entity's, else where it arose) is in the
rule's region subtree, its category is the rule's (or the rule names none), and its subject
or content mentions one of the rule's keywords (or the rule names none). The department is
the one with the rule's department code at the rule's level of that region's chain (a
county complaint under a CITY rule goes to the city's department). Rules are tried by
priority (lowest first), then the most specific region, then age; the first whose
department exists wins. No rule: the complaint waits for a person to dispatch it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from hub.domain.regions import significant_prefix, subtree_bounds
from hub.models import (
    Complaint,
    ComplaintDispatchRule,
    ComplaintStatus,
    Department,
    RegionLevel,
)


@dataclass(frozen=True, slots=True)
class DispatchCase:
    category: str | None
    text: str
    region_code: str


@dataclass(frozen=True, slots=True)
class Dispatch:
    department_id: int
    region_code: str
    rule_id: int | None
    deadline_days: int
    reason: str


def region_level(region_code: str) -> RegionLevel:
    prefix = significant_prefix(region_code)
    return {2: RegionLevel.PROVINCE, 4: RegionLevel.CITY}.get(len(prefix), RegionLevel.COUNTY)


def region_at_level(region_code: str, level: RegionLevel) -> str | None:
    """The region of `level` in `region_code`'s chain; None below the region's own level."""
    own = region_level(region_code)
    order = [RegionLevel.PROVINCE, RegionLevel.CITY, RegionLevel.COUNTY]
    if order.index(level) > order.index(own):
        return None
    match level:
        case RegionLevel.PROVINCE:
            return region_code[:2] + "0000"
        case RegionLevel.CITY:
            return region_code[:4] + "00"
        case RegionLevel.COUNTY:
            return region_code


def rule_applies(rule: ComplaintDispatchRule, case: DispatchCase) -> bool:
    low, high = subtree_bounds(rule.region_code)
    if not low <= case.region_code <= high:
        return False
    if rule.category is not None and rule.category != case.category:
        return False
    return not rule.keywords or any(keyword in case.text for keyword in rule.keywords)


async def enabled_rules(session: AsyncSession) -> list[ComplaintDispatchRule]:
    rows = await session.scalars(
        select(ComplaintDispatchRule).where(ComplaintDispatchRule.enabled.is_(True))
    )
    return sorted(
        rows,
        key=lambda rule: (rule.priority, -len(significant_prefix(rule.region_code)), rule.id),
    )


async def choose_departments(
    session: AsyncSession, cases: Sequence[DispatchCase]
) -> list[Dispatch | None]:
    """Aligned with `cases`: two statements whatever their number (rules, departments)."""
    rules = await enabled_rules(session)
    options: list[list[tuple[ComplaintDispatchRule, tuple[str, str]]]] = []
    for case in cases:
        applicable = []
        for rule in rules:
            region = region_at_level(case.region_code, rule.level)
            if region is not None and rule_applies(rule, case):
                applicable.append((rule, (region, rule.department_code)))
        options.append(applicable)
    wanted = {key for applicable in options for _rule, key in applicable}
    departments: dict[tuple[str, str], int] = {}
    if wanted:
        rows = await session.execute(
            select(Department.region_code, Department.code, Department.id).where(
                tuple_(Department.region_code, Department.code).in_(list(wanted))
            )
        )
        departments = {(row.region_code, row.code): row.id for row in rows}
    chosen: list[Dispatch | None] = []
    for applicable in options:
        found = next(
            (
                Dispatch(
                    departments[key], key[0], rule.id, rule.deadline_days, f"分派规则：{rule.name}"
                )
                for rule, key in applicable
                if key in departments
            ),
            None,
        )
        chosen.append(found)
    return chosen


def apply_dispatch(complaint: Complaint, dispatch: Dispatch, now: datetime) -> None:
    """The complaint lands in the department's list, with a new deadline; a re-dispatched
    complaint starts over there (accepted again, handled again)."""
    complaint.status = ComplaintStatus.DISPATCHED
    complaint.department_id = dispatch.department_id
    complaint.region_code = dispatch.region_code
    complaint.dispatch_rule_id = dispatch.rule_id
    complaint.dispatch_reason = dispatch.reason
    complaint.dispatched_at = now
    complaint.deadline_at = now + timedelta(days=dispatch.deadline_days)
    complaint.accepted_at = None


def case_of(complaint: Complaint, entity_region_code: str | None) -> DispatchCase:
    return DispatchCase(
        category=complaint.category,
        text=f"{complaint.subject}\n{complaint.content}",
        region_code=entity_region_code or complaint.region_code,
    )
