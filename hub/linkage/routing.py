"""Routing a registration to the approving departments: one notice per department code the
enabled rules name, sent to the department of that code in the registration's region, or
in the nearest ancestor region that has one (a county without a 药品监督管理部门 sends to
the province's)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from hub.linkage.rules import matches
from hub.models import Department, LinkageRule
from hub.reference import ancestors


@dataclass(frozen=True, slots=True)
class Route:
    department: Department
    rules: tuple[LinkageRule, ...]

    @property
    def permit_names(self) -> str:
        return "、".join(dict.fromkeys(rule.permit_name for rule in self.rules))

    @property
    def sign_within_days(self) -> int:
        return min(rule.sign_within_days for rule in self.rules)

    @property
    def handle_within_days(self) -> int:
        return min(rule.handle_within_days for rule in self.rules)


@dataclass(frozen=True, slots=True)
class Routing:
    routes: tuple[Route, ...]
    # Department codes a rule asks for that exist nowhere up the region chain.
    unrouted_codes: tuple[str, ...]


async def enabled_rules(session: AsyncSession) -> Sequence[LinkageRule]:
    statement = select(LinkageRule).where(LinkageRule.enabled).order_by(LinkageRule.id)
    return (await session.scalars(statement)).all()


async def route(
    session: AsyncSession,
    rules: Sequence[LinkageRule],
    region_code: str,
    business_scope: str,
    industry_code: str | None,
) -> Routing:
    by_code: dict[str, list[LinkageRule]] = {}
    for rule in rules:
        if matches(rule, business_scope, industry_code):
            by_code.setdefault(rule.department_code, []).append(rule)
    if not by_code:
        return Routing((), ())
    chain = [region.code for region in ancestors(region_code)]
    candidates = (
        await session.scalars(
            select(Department).where(
                Department.code.in_(list(by_code)), Department.region_code.in_(chain)
            )
        )
    ).all()
    nearest: dict[str, Department] = {}
    for department in sorted(candidates, key=lambda d: chain.index(d.region_code)):
        nearest.setdefault(department.code, department)
    routes = tuple(
        Route(nearest[code], tuple(code_rules))
        for code, code_rules in by_code.items()
        if code in nearest
    )
    return Routing(routes, tuple(code for code in by_code if code not in nearest))
