"""Demo data of the complaint workflow: dispatch rules, and complaints as the feed would
have brought them, in every state: waiting for a person to confirm the entity (with their
candidates), dispatched, being handled, closed with an outcome, and overdue.

Deterministic (fixed dates around the demo's REFERENCE_DATE, entities chosen by USCC
order, associations computed by the real matching) and idempotent (rules by name,
complaints by external id). The generator's older complaints are left as they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from hub.complaints.dispatch import apply_dispatch, case_of, choose_departments
from hub.complaints.matching import Association, Subject, associate, distinctive_part
from hub.models import (
    Complaint,
    ComplaintCandidate,
    ComplaintDispatchRule,
    ComplaintOutcome,
    ComplaintStatus,
    EntityMatch,
    MarketEntity,
    RegionLevel,
)

# (name, region, category, keywords, department code, level, deadline days, priority)
RULES = (
    ("全省默认：区县市场监管部门", "210000", None, (), "231", RegionLevel.COUNTY, 15, 1000),
    ("全省默认：市级市场监管部门（市本级主体）", "210000", None, (), "231", RegionLevel.CITY, 15,
     1100),
    ("全省默认：省市场监管部门（省本级主体）", "210000", None, (), "231", RegionLevel.PROVINCE,
     15, 1200),
    ("食品安全：市级市场监管部门", "210000", "食品安全", (), "231", RegionLevel.CITY, 10, 100),
    ("预付式消费纠纷：区县市场监管部门（调解周期长）", "210000", "预付式消费", (), "231",
     RegionLevel.COUNTY, 180, 100),
    ("公共场所卫生：市卫生健康部门", "210000", None, ("客房卫生", "未经消毒"), "302",
     RegionLevel.CITY, 15, 50),
)  # fmt: skip

PREFIX = "TSDEMO"
RECEIVED = datetime(2026, 6, 20, 1, 30, tzinfo=UTC)
TOPICS = (
    ("食品安全", "购买到过期食品", "购买的食品已超过保质期，要求退一赔三。"),
    ("产品质量", "商品质量问题拒不退换", "购买的商品存在质量问题，商家拒绝退换。"),
    ("预付式消费", "预付卡退费难", "办理的预付卡因商家停业无法使用，要求退费被拒。"),
    ("价格", "未明码标价", "结账时价格高于预期，商品未明码标价。"),
)
RESULTS = (
    (ComplaintOutcome.SUBSTANTIATED, "经核查，投诉反映问题属实，已责令当事人改正。", "责令改正"),
    (ComplaintOutcome.PARTLY_SUBSTANTIATED, "经调解，商家同意部分退款。", "行政调解"),
    (ComplaintOutcome.UNSUBSTANTIATED, "经核查，投诉反映问题不属实，已告知投诉人。", None),
)
COMPLAINANTS = (("周建国", "13900001111"), ("吴秀兰", "13800002222"), ("郑海波", None))


@dataclass(frozen=True, slots=True)
class DemoCase:
    external_id: str
    subject: Subject
    topic: int
    # What happens after intake: None (as intake left it), or how far it got.
    progress: ComplaintStatus | None = None


async def load_demo_complaint_workflow(session: AsyncSession) -> int:
    """Add what is missing; returns how many rows it inserted."""
    inserted = await _rules(session)
    known = set(
        await session.scalars(
            select(Complaint.external_id).where(Complaint.external_id.like(f"{PREFIX}%"))
        )
    )
    cases = [case for case in await _cases(session) if case.external_id not in known]
    if not cases:
        return inserted
    associations = await associate(session, [case.subject for case in cases])
    complaints = []
    for number, (case, association) in enumerate(zip(cases, associations, strict=True)):
        complaints.append(await _complaint(session, case, association, number))
    await session.flush()
    for complaint, association in zip(complaints, associations, strict=True):
        session.add_all(
            ComplaintCandidate(
                complaint_id=complaint.id, entity_id=c.entity_id, score=c.score, rank=rank
            )
            for rank, c in enumerate(association.candidates, start=1)
        )
    await session.flush()
    return inserted + len(complaints)


async def _rules(session: AsyncSession) -> int:
    existing = set(await session.scalars(select(ComplaintDispatchRule.name)))
    rules = [
        ComplaintDispatchRule(
            name=name,
            region_code=region,
            category=category,
            keywords=list(keywords),
            department_code=code,
            level=level,
            deadline_days=days,
            priority=priority,
            enabled=True,
            created_at=RECEIVED - timedelta(days=30),
            updated_at=RECEIVED - timedelta(days=30),
        )
        for name, region, category, keywords, code, level, days, priority in RULES
        if name not in existing
    ]
    session.add_all(rules)
    await session.flush()
    return len(rules)


async def _cases(session: AsyncSession) -> list[DemoCase]:
    entities = list(
        await session.scalars(
            select(MarketEntity)
            .where(MarketEntity.region_code.between("210100", "210199"))
            .order_by(MarketEntity.uscc)
            .limit(40)
        )
    )
    if len(entities) < 12:
        return []
    cases: list[DemoCase] = []
    steps = (
        ComplaintStatus.DISPATCHED,
        ComplaintStatus.HANDLING,
        ComplaintStatus.CLOSED,
        ComplaintStatus.CLOSED,
    )
    # By USCC, by exact name, by a name the way people write it (fuzzy), in each state.
    for index, entity in enumerate(entities[:12]):
        step = steps[index % len(steps)]
        if index % 3 == 0:
            subject = Subject(entity.uscc, entity.name, entity.region_code)
        elif index % 3 == 1:
            subject = Subject(None, entity.name, entity.region_code)
        else:
            subject = Subject(None, distinctive_part(entity.name), entity.region_code)
        cases.append(DemoCase(f"{PREFIX}{index + 1:04d}", subject, index % len(TOPICS), step))
    # A name shared by several entities (沈阳 + a trade name): a person has to choose.
    pending = 0
    for entity in entities[12:]:
        core = distinctive_part(entity.name)[:2]
        if len(core) < 2 or core not in entity.name:
            continue
        shared = entity.name[: entity.name.index(core) + 2]
        sharing = await session.scalar(
            select(func.count()).where(MarketEntity.name.startswith(shared, autoescape=True))
        )
        if (sharing or 0) >= 2:
            subject = Subject(None, shared, entity.region_code)
            cases.append(DemoCase(f"{PREFIX}{100 + pending:04d}", subject, pending % 4))
            pending += 1
        if pending == 4:
            break
    # Nobody in the directory: dispatched by region alone.
    cases.append(DemoCase(f"{PREFIX}0200", Subject(None, "流动摊贩", "210102"), 1))
    return cases


async def _complaint(
    session: AsyncSession, case: DemoCase, association: Association, number: int
) -> Complaint:
    category, summary, content = TOPICS[case.topic]
    name, phone = COMPLAINANTS[number % len(COMPLAINANTS)]
    received = RECEIVED + timedelta(hours=number * 7)
    complaint = Complaint(
        external_id=case.external_id,
        region_code=case.subject.region_code or "210000",
        status=ComplaintStatus.RECEIVED,
        received_at=received,
        subject=summary,
        content=f"投诉人称：在{case.subject.name}{content}",
        complainant_name=name,
        complainant_phone=phone,
        category=category,
        channel="全国12315平台",
        subject_name=case.subject.name,
        subject_uscc=case.subject.uscc,
        entity_match=association.match,
        created_at=received,
        updated_at=received,
    )
    if association.entity_id is not None:
        complaint.entity_id = association.entity_id
        complaint.region_code = association.entity_region_code or complaint.region_code
    if association.match is not EntityMatch.PENDING:
        (dispatch,) = await choose_departments(session, [case_of(complaint, None)])
        if dispatch is not None:
            apply_dispatch(complaint, dispatch, received + timedelta(minutes=5))
            _progress(complaint, case.progress, number)
    session.add(complaint)
    return complaint


def _progress(complaint: Complaint, progress: ComplaintStatus | None, number: int) -> None:
    if progress in (None, ComplaintStatus.DISPATCHED, ComplaintStatus.RECEIVED):
        return
    assert complaint.dispatched_at is not None
    complaint.status = ComplaintStatus.HANDLING
    complaint.accepted_at = complaint.dispatched_at + timedelta(hours=20)
    outcome, result, measures = RESULTS[number % len(RESULTS)]
    if progress is ComplaintStatus.CLOSED or number % 2 == 0:
        complaint.outcome, complaint.result, complaint.measures = outcome, result, measures
    if progress is ComplaintStatus.CLOSED:
        complaint.status = ComplaintStatus.CLOSED
        # Every other one after its deadline: closed, but overdue.
        days = 3 if number % 2 == 0 else 40
        complaint.handled_at = complaint.accepted_at + timedelta(days=days)
    complaint.updated_at = complaint.handled_at or complaint.accepted_at
