"""Demo data of 证照联动: the shipped routing rules, and a batch of registrations of 沈阳市
entities routed by them to several departments, with notices in every state.

Deterministic and idempotent: registrations are keyed by USCC + registration date, notices
by registration + department; a second load inserts nothing. The registrations are those of
existing demo entities (the newest of 沈阳市 whose business needs a permit), so the demo's
entity and record counts stay what the generator made; licensed notices link a license the
approving department already recorded for that entity.

Open notices are dated back from the day of the load (some within their deadlines, some
past them), so the inbox shows both whenever the demo is loaded; closed ones keep the
generator's fixed dates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from hub.demo.generator import REFERENCE_DATE
from hub.domain.regions import subtree_bounds
from hub.linkage.deadlines import BEIJING, add_working_days, beijing_date
from hub.linkage.routing import Route, enabled_rules, route
from hub.linkage.rules import load_linkage_rules, shipped_rules
from hub.models import (
    MARKET_SUPERVISION_CODE,
    Department,
    EntityRegistration,
    License,
    LinkageNotice,
    LinkageNoticeStatus,
    LinkageOutcome,
    LinkageRule,
    MarketEntity,
    MarketEntityStatus,
)
from hub.models.base import utcnow
from hub.reference import ancestors

if TYPE_CHECKING:
    from hub.demo.loader import DemoSummary

SHENYANG = "210100"
REGISTRATIONS = 30
CANDIDATES = 400
# GB/T 4754 codes of the demo's industries (by the label the generator stores).
INDUSTRY_CODES = {
    "餐饮业": "H62",
    "食品零售": "F5221",
    "食品制造业": "C14",
    "道路运输业": "G54",
    "医药零售": "F5251",
    "卫生": "Q84",
    "住宿业": "H61",
    "文化娱乐业": "R90",
    "旅行社及相关服务": "L7291",
    "农业": "A01",
    "农资销售": "F5166",
    "居民服务业": "O80",
    "建筑业": "E47",
    "燃料零售": "F5265",
}
NOT_REQUIRED_REASON = "经核实，申请人实际经营项目不涉及本部门许可事项"
NOT_APPLIED_REASON = "已电话告知申请人，其表示暂不开展该项经营，未提出许可申请"


@dataclass(frozen=True, slots=True)
class _Planned:
    entity: MarketEntity
    registering_department_id: int
    routes: tuple[Route, ...]


def _moment(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=BEIJING).astimezone(UTC)


async def _plans(session: AsyncSession, rules: list[LinkageRule]) -> list[_Planned]:
    low, high = subtree_bounds(SHENYANG)
    entities = (
        await session.scalars(
            select(MarketEntity)
            .where(
                MarketEntity.region_code.between(low, high),
                MarketEntity.status == MarketEntityStatus.OPERATING,
                MarketEntity.business_scope.is_not(None),
                MarketEntity.established_on.is_not(None),
                # The generator's entities only: entities registered since (through the
                # graph) must not change which ones a reload plans.
                MarketEntity.established_on <= REFERENCE_DATE,
            )
            .order_by(MarketEntity.established_on.desc(), MarketEntity.uscc)
            .limit(CANDIDATES)
        )
    ).all()
    plans: list[_Planned] = []
    for entity in entities:
        routing = await route(
            session,
            rules,
            entity.region_code,
            entity.business_scope or "",
            INDUSTRY_CODES.get(entity.industry or ""),
        )
        if not routing.routes:
            continue
        registering = await _market_supervision_of(session, entity.region_code)
        plans.append(_Planned(entity, registering, routing.routes))
        if len(plans) == REGISTRATIONS:
            break
    return plans


async def _market_supervision_of(session: AsyncSession, region_code: str) -> int:
    chain = [region.code for region in ancestors(region_code)]
    rows = (
        await session.execute(
            select(Department.id, Department.region_code).where(
                Department.code == MARKET_SUPERVISION_CODE, Department.region_code.in_(chain)
            )
        )
    ).all()
    return min(rows, key=lambda row: chain.index(row[1]))[0]


async def load_linkage_demo(session: AsyncSession, summary: DemoSummary) -> None:
    """Load the rules and the demo registrations and notices (see the module docstring)."""
    rules_inserted = await load_linkage_rules(session)
    summary._add(LinkageRule, len(shipped_rules()), rules_inserted)
    # The demo routes by the shipped rules only: rules users added since must not change
    # what a reload plans (or counts).
    shipped = {row.code for row in shipped_rules()}
    rules = [rule for rule in await enabled_rules(session) if rule.code in shipped]
    plans = await _plans(session, rules)
    today = beijing_date(utcnow())
    registrations_inserted = notices_inserted = notices_total = 0
    for index, plan in enumerate(plans):
        entity = plan.entity
        assert entity.established_on is not None
        registration = await session.scalar(
            select(EntityRegistration).where(
                EntityRegistration.uscc == entity.uscc,
                EntityRegistration.registered_on == entity.established_on,
            )
        )
        if registration is None:
            registration = EntityRegistration(
                uscc=entity.uscc,
                registered_on=entity.established_on,
                name=entity.name,
                region_code=entity.region_code,
                business_scope=entity.business_scope or "",
                industry_code=INDUSTRY_CODES.get(entity.industry or ""),
                entity_id=entity.id,
                registering_department_id=plan.registering_department_id,
                created_at=_moment(entity.established_on, 17),
                updated_at=_moment(entity.established_on, 17),
            )
            session.add(registration)
            await session.flush()
            registrations_inserted += 1
        existing = set(
            (
                await session.scalars(
                    select(LinkageNotice.department_id).where(
                        LinkageNotice.registration_id == registration.id
                    )
                )
            ).all()
        )
        if existing:
            # Routed before: a reload never re-routes (rules may have changed since, and
            # the routing of a registration happens once, when it arrives). Nor is it
            # re-planned for counting: departments set up since would route it elsewhere.
            notices_total += len(existing)
            continue
        for offset, each in enumerate(plan.routes):
            notices_total += 1
            if each.department.id in existing:
                continue
            notice = await _notice(session, registration, each, index + offset, today)
            session.add(notice)
            notices_inserted += 1
    await session.flush()
    summary._add(EntityRegistration, len(plans), registrations_inserted)
    summary._add(LinkageNotice, notices_total, notices_inserted)


async def _notice(
    session: AsyncSession,
    registration: EntityRegistration,
    each: Route,
    state: int,
    today: date,
) -> LinkageNotice:
    """The state cycles: pending (recent), pending (overdue), signed (recent), signed
    (overdue), licensed (when the department recorded a license), not required, not
    applied."""
    notice = LinkageNotice(
        registration_id=registration.id,
        entity_id=registration.entity_id,
        department_id=each.department.id,
        region_code=each.department.region_code,
        registering_department_id=registration.registering_department_id,
        permit_names=each.permit_names,
    )
    kind = state % 7
    if kind < 4:
        # Open: received 1 (recent) or 30 (overdue) days before the load.
        received_on = today - timedelta(days=1 if kind % 2 == 0 else 30)
        _dates(notice, each, received_on)
        if kind >= 2:
            notice.status = LinkageNoticeStatus.SIGNED
            notice.signed_at = _moment(add_working_days(received_on, 1), 10)
        return notice
    received_on = registration.registered_on + timedelta(days=1)
    _dates(notice, each, received_on)
    notice.status = LinkageNoticeStatus.CLOSED
    notice.signed_at = _moment(add_working_days(received_on, 1), 10)
    license = None
    if kind == 4:
        license = await session.scalar(
            select(License)
            .where(
                License.entity_id == registration.entity_id,
                License.department_id == each.department.id,
            )
            .order_by(License.decision_date, License.id)
            .limit(1)
        )
    if license is not None:
        notice.outcome = LinkageOutcome.LICENSED
        notice.license_record_id = license.id
        notice.closed_at = max(_moment(license.decision_date, 16), notice.signed_at)
    else:
        not_required = kind == 5
        notice.outcome = LinkageOutcome.NOT_REQUIRED if not_required else LinkageOutcome.NOT_APPLIED
        notice.close_reason = NOT_REQUIRED_REASON if not_required else NOT_APPLIED_REASON
        notice.closed_at = _moment(add_working_days(received_on, 5 + kind), 15)
    return notice


def _dates(notice: LinkageNotice, each: Route, received_on: date) -> None:
    notice.received_at = _moment(received_on, 9)
    notice.created_at = notice.updated_at = notice.received_at
    notice.sign_due_on = add_working_days(received_on, each.sign_within_days)
    notice.handle_due_on = add_working_days(received_on, each.handle_within_days)
