"""Ingestion: market supervision's registration system pushes newly registered entities.

A registration is identified by USCC and registration date: pushing it again updates it
(if changed) or leaves it alone, never duplicates it. Each registration creates or updates
its market entity and is routed to the approving departments, one notice each. Each
registration is all-or-nothing (a savepoint of its own); a bad one never rejects the others.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError, IntegrityError

from hub.auth.policy import registration_submission_refusal
from hub.collection.changes import Change, camel, json_value
from hub.collection.partners import SubmissionOutcome
from hub.collection.problems import CONFLICT, Invalid, Problem, Problems
from hub.domain.regions import is_region_code, subtree_bounds
from hub.domain.uscc import check_uscc, normalize_uscc
from hub.errors import Forbidden
from hub.linkage.deadlines import beijing_date
from hub.linkage.notices import open_notices
from hub.linkage.routing import enabled_rules
from hub.models import (
    MARKET_SUPERVISION_CODE,
    Department,
    EntityRegistration,
    LinkageNotice,
    LinkageRule,
    MarketEntity,
    MarketEntityKind,
)
from hub.reference import regions_by_code

MAX_BATCH = 500
ATTEMPTS = 3
TARGET_TYPE = "EntityRegistration"
_KIND_BY_USCC = {
    "2": MarketEntityKind.INDIVIDUAL_BUSINESS,
    "3": MarketEntityKind.FARMER_COOPERATIVE,
}


@dataclass(frozen=True, slots=True)
class RegistrationSubmission:
    uscc: str
    name: str
    region_code: str
    business_scope: str
    registered_on: date
    industry_code: str | None = None
    legal_representative: str | None = None
    address: str | None = None


@dataclass
class RegistrationResult:
    index: int
    uscc: str
    outcome: SubmissionOutcome
    registration: EntityRegistration | None = None
    notices: list[LinkageNotice] = field(default_factory=list)
    unrouted_codes: tuple[str, ...] = ()
    code: str | None = None
    problems: list[Problem] = field(default_factory=list)


async def submit_registrations(
    change: Change, department_id: int, submissions: Sequence[RegistrationSubmission]
) -> list[RegistrationResult]:
    refusal = registration_submission_refusal(change.viewer, department_id)
    if refusal is not None:
        raise Forbidden(refusal)
    department = await change.session.get(Department, department_id)
    if department is None or department.code != MARKET_SUPERVISION_CODE:
        raise Forbidden("登记机关应为市场监督管理部门")
    if not submissions:
        raise Invalid.on("registrations", "请至少推送一条")
    if len(submissions) > MAX_BATCH:
        raise Invalid.on("registrations", f"每批最多推送{MAX_BATCH}条")
    rules = await enabled_rules(change.session)
    return [
        await _submit_one(change, department, rules, index, submission)
        for index, submission in enumerate(submissions)
    ]


async def _submit_one(
    change: Change,
    department: Department,
    rules: Sequence[LinkageRule],
    index: int,
    submission: RegistrationSubmission,
) -> RegistrationResult:
    session = change.session
    for attempt in range(ATTEMPTS):
        events_before = len(change.events)
        try:
            async with session.begin_nested():
                result = await _apply(change, department, rules, index, submission)
                await session.flush()
            return result
        except Invalid as error:
            del change.events[events_before:]
            return RegistrationResult(
                index,
                submission.uscc,
                SubmissionOutcome.REJECTED,
                code=error.code,
                problems=list(error.problems),
            )
        except (IntegrityError, DBAPIError):
            # A concurrent push of the same registration won: read it and compare again.
            del change.events[events_before:]
            if attempt == ATTEMPTS - 1:
                return RegistrationResult(
                    index,
                    submission.uscc,
                    SubmissionOutcome.REJECTED,
                    code=CONFLICT,
                    problems=[Problem("", "与并发推送冲突，请重试")],
                )
    raise AssertionError("unreachable")


def _validated(
    department: Department, submission: RegistrationSubmission, today: date
) -> dict[str, Any]:
    problems = Problems()
    uscc = normalize_uscc(submission.uscc)
    check = check_uscc(uscc)
    if not check.ok:
        problems.add("uscc", check.message or "统一社会信用代码无效")
    name = submission.name.strip()
    if not name or len(name) > 200:
        problems.add("name", "名称应为1到200个字符")
    region_code = submission.region_code
    low, high = subtree_bounds(department.region_code)
    if not is_region_code(region_code) or region_code not in regions_by_code():
        problems.add("regionCode", "区划代码不存在")
    elif not low <= region_code <= high:
        problems.add("regionCode", "登记所在区划不在登记机关的辖区内")
    scope = submission.business_scope.strip()
    if not scope:
        problems.add("businessScope", "经营范围不能为空")
    industry = (submission.industry_code or "").strip().upper() or None
    if industry is not None and (len(industry) > 16 or not industry.isalnum()):
        problems.add("industryCode", "行业代码应为字母和数字（GB/T 4754，如 H62）")
    if submission.registered_on > today:
        problems.add("registeredOn", "登记日期不能晚于今天")
    problems.raise_if_any()
    return {
        "uscc": uscc,
        "name": name,
        "region_code": region_code,
        "business_scope": scope,
        "industry_code": industry,
        "registered_on": submission.registered_on,
    }


async def _apply(
    change: Change,
    department: Department,
    rules: Sequence[LinkageRule],
    index: int,
    submission: RegistrationSubmission,
) -> RegistrationResult:
    # Registrations are dated in Beijing: one dated today there is never in the future.
    values = _validated(department, submission, beijing_date(change.now))
    session = change.session
    registration = await session.scalar(
        select(EntityRegistration).where(
            EntityRegistration.uscc == values["uscc"],
            EntityRegistration.registered_on == values["registered_on"],
        )
    )
    entity_id = await _entity_for(change, department, submission, values)
    if registration is None:
        registration = EntityRegistration(
            **values,
            entity_id=entity_id,
            registering_department_id=department.id,
            partner_client_id=change.viewer.partner_client_id,
        )
        session.add(registration)
        await session.flush()
        change.audit(
            operation="registration.create",
            target_type=TARGET_TYPE,
            target_id=registration.id,
            department_id=department.id,
            after={camel(key): json_value(value) for key, value in values.items()},
        )
        outcome = SubmissionOutcome.ACCEPTED
    else:
        if registration.registering_department_id != department.id:
            raise Invalid.on("uscc", "该登记已由其他登记机关推送", code=CONFLICT)
        changed = {
            key: value for key, value in values.items() if getattr(registration, key) != value
        }
        if not changed:
            return RegistrationResult(
                index, values["uscc"], SubmissionOutcome.UNCHANGED, registration
            )
        before = {camel(key): json_value(getattr(registration, key)) for key in changed}
        for key, value in changed.items():
            setattr(registration, key, value)
        await session.flush()
        change.audit(
            operation="registration.update",
            target_type=TARGET_TYPE,
            target_id=registration.id,
            department_id=department.id,
            before=before,
            after={camel(key): json_value(value) for key, value in changed.items()},
        )
        outcome = SubmissionOutcome.UPDATED
    notices, routing = await open_notices(change, registration, rules)
    return RegistrationResult(
        index,
        values["uscc"],
        outcome,
        registration,
        notices,
        routing.unrouted_codes,
    )


async def _entity_for(
    change: Change,
    department: Department,
    submission: RegistrationSubmission,
    values: dict[str, Any],
) -> int:
    """Create the market entity, or bring the directory's entry up to the registration."""
    session = change.session
    entity = await session.scalar(select(MarketEntity).where(MarketEntity.uscc == values["uscc"]))
    wanted: dict[str, Any] = {
        "name": values["name"],
        "region_code": values["region_code"],
        "business_scope": values["business_scope"],
    }
    if entity is None:
        entity = MarketEntity(
            uscc=values["uscc"],
            kind=_KIND_BY_USCC.get(values["uscc"][1], MarketEntityKind.ENTERPRISE),
            legal_representative=(submission.legal_representative or "").strip()[:64],
            address=(submission.address or "").strip()[:300],
            established_on=values["registered_on"],
            **wanted,
        )
        session.add(entity)
        await session.flush()
        change.audit(
            operation="marketEntity.create",
            target_type="MarketEntity",
            target_id=entity.id,
            department_id=department.id,
            after={"uscc": entity.uscc, **{camel(k): v for k, v in wanted.items()}},
        )
        return entity.id
    if entity.established_on is None:
        wanted["established_on"] = values["registered_on"]
    changed = {key: value for key, value in wanted.items() if getattr(entity, key) != value}
    if changed:
        before = {camel(key): json_value(getattr(entity, key)) for key in changed}
        for key, value in changed.items():
            setattr(entity, key, value)
        await session.flush()
        change.audit(
            operation="marketEntity.update",
            target_type="MarketEntity",
            target_id=entity.id,
            department_id=department.id,
            before=before,
            after={camel(key): json_value(value) for key, value in changed.items()},
        )
    return entity.id
