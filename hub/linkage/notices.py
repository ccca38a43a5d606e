"""The approving department's inbox: notices are opened by routing, signed for (签收), then
closed with an outcome — the license recorded (through record collection's own entry path)
or another outcome with its reason. Each step is audited; closing writes the feedback for
market supervision to the outbox (LINKAGE_FEEDBACK) in the same transaction."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import select

from hub.auth.permissions import Permission
from hub.auth.policy import linkage_handling_refusal, writable_department
from hub.collection.changes import Change, json_value
from hub.collection.problems import CONFLICT, NOT_FOUND, Invalid, stale
from hub.collection.records import department_of, insert_record, require, validate
from hub.collection.submissions import RecordSubmission, SubjectSubmission
from hub.linkage.deadlines import add_working_days, beijing_date
from hub.linkage.routing import Routing, route
from hub.models import (
    Department,
    EntityRegistration,
    License,
    LinkageNotice,
    LinkageNoticeStatus,
    LinkageOutcome,
    LinkageRule,
    MarketEntity,
    MarketEntityKind,
    OutboxChange,
    OutboxMessage,
    OutboxTopic,
    RecordKind,
    RecordStatus,
    SubjectCategory,
)

TARGET_TYPE = "LinkageNotice"
MAX_REASON_LENGTH = 500
FEEDBACK_SCHEMA = "linkage-feedback/1"


def subject_key(notice: LinkageNotice) -> str:
    return f"linkage-notice:{notice.id}"


async def open_notices(
    change: Change, registration: EntityRegistration, rules: Sequence[LinkageRule]
) -> tuple[list[LinkageNotice], Routing]:
    """One notice per approving department the rules route the registration to, except the
    departments that already have one for it (a resubmission adds, never repeats)."""
    session = change.session
    routing = await route(
        session,
        rules,
        registration.region_code,
        registration.business_scope,
        registration.industry_code,
    )
    existing = set(
        (
            await session.scalars(
                select(LinkageNotice.department_id).where(
                    LinkageNotice.registration_id == registration.id
                )
            )
        ).all()
    )
    today = beijing_date(change.now)
    opened: list[LinkageNotice] = []
    for each in routing.routes:
        if each.department.id in existing:
            continue
        notice = LinkageNotice(
            registration_id=registration.id,
            entity_id=registration.entity_id,
            department_id=each.department.id,
            region_code=each.department.region_code,
            registering_department_id=registration.registering_department_id,
            permit_names=each.permit_names,
            status=LinkageNoticeStatus.PENDING,
            received_at=change.now,
            sign_due_on=add_working_days(today, each.sign_within_days),
            handle_due_on=add_working_days(today, each.handle_within_days),
        )
        session.add(notice)
        opened.append(notice)
    if opened:
        await session.flush()
    for notice in opened:
        change.audit(
            operation="linkageNotice.create",
            target_type=TARGET_TYPE,
            target_id=notice.id,
            department_id=notice.department_id,
            after={
                "registrationId": registration.id,
                "departmentId": notice.department_id,
                "permitNames": notice.permit_names,
                "signDueOn": json_value(notice.sign_due_on),
                "handleDueOn": json_value(notice.handle_due_on),
            },
        )
    return opened, routing


async def notice_for_change(change: Change, notice_id: int, version: int) -> LinkageNotice:
    """A notice of the viewer's own inbox, at the version the viewer read."""
    notice = await change.session.get(LinkageNotice, notice_id)
    if notice is None:
        raise Invalid.on("id", "告知不存在", code=NOT_FOUND)
    require(linkage_handling_refusal(change.viewer, notice.department_id))
    if notice.version != version:
        raise stale()
    return notice


async def sign_notice(change: Change, notice_id: int, version: int) -> LinkageNotice:
    notice = await notice_for_change(change, notice_id, version)
    if notice.status is not LinkageNoticeStatus.PENDING:
        raise Invalid.on("id", "该告知已签收", code=CONFLICT)
    notice.status = LinkageNoticeStatus.SIGNED
    notice.signed_at = change.now
    notice.signed_by_account_id = change.viewer.account_id
    await change.session.flush()
    change.audit(
        operation="linkageNotice.sign",
        target_type=TARGET_TYPE,
        target_id=notice.id,
        department_id=notice.department_id,
        before={"status": LinkageNoticeStatus.PENDING.value},
        after={"status": notice.status.value, "signedAt": json_value(notice.signed_at)},
    )
    return notice


def _require_signed(notice: LinkageNotice) -> None:
    if notice.status is LinkageNoticeStatus.PENDING:
        raise Invalid.on("id", "请先签收该告知", code=CONFLICT)
    if notice.status is LinkageNoticeStatus.CLOSED:
        raise Invalid.on("id", "该告知已办结", code=CONFLICT)


def license_subject(entity: MarketEntity) -> SubjectSubmission:
    category = (
        SubjectCategory.INDIVIDUAL_BUSINESS
        if entity.kind is MarketEntityKind.INDIVIDUAL_BUSINESS
        else SubjectCategory.LEGAL_PERSON
    )
    return SubjectSubmission(name=entity.name, category=category, uscc=entity.uscc)


async def record_license(
    change: Change,
    notice_id: int,
    version: int,
    build: Callable[[SubjectSubmission], RecordSubmission],
    *,
    publish: bool,
) -> tuple[LinkageNotice, License]:
    """Record the license the notice asked for (record collection's validation and entry,
    as a department user's entry) and close the notice with it. `build(subject)` returns the
    license's RecordSubmission for the notice's entity."""
    notice = await notice_for_change(change, notice_id, version)
    _require_signed(notice)
    viewer = change.viewer
    require(writable_department(viewer, notice.department_id, Permission.RECORD_ENTRY))
    if publish:
        require(writable_department(viewer, notice.department_id, Permission.PUBLISH_RECORDS))
    session = change.session
    entity = await session.get(MarketEntity, notice.entity_id)
    if entity is None:
        raise Invalid.on("id", "告知所涉市场主体不存在", code=NOT_FOUND)
    submission = build(license_subject(entity))
    if submission.kind is not RecordKind.LICENSE:
        raise Invalid.on("input", "证照联动只能录入行政许可")
    department = await department_of(session, notice.department_id)
    valid = await validate(change, department, submission)
    status = RecordStatus.PUBLISHED if publish else RecordStatus.DRAFT
    record = await insert_record(change, valid, status=status)
    assert isinstance(record, License)
    await _close(change, notice, department, LinkageOutcome.LICENSED, None, record)
    return notice, record


async def close_notice(
    change: Change, notice_id: int, version: int, outcome: LinkageOutcome, reason: str
) -> LinkageNotice:
    """Close without a license: not required, or the applicant did not apply."""
    if outcome is LinkageOutcome.LICENSED:
        raise Invalid.on("outcome", "办理许可请使用录入许可证")
    reason = reason.strip()
    if not reason:
        raise Invalid.on("reason", "请填写原因")
    if len(reason) > MAX_REASON_LENGTH:
        raise Invalid.on("reason", f"原因不能超过{MAX_REASON_LENGTH}个字符")
    notice = await notice_for_change(change, notice_id, version)
    _require_signed(notice)
    department = await department_of(change.session, notice.department_id)
    await _close(change, notice, department, outcome, reason, None)
    return notice


async def _close(
    change: Change,
    notice: LinkageNotice,
    department: Department,
    outcome: LinkageOutcome,
    reason: str | None,
    license: License | None,
) -> None:
    before_status = notice.status
    notice.status = LinkageNoticeStatus.CLOSED
    notice.outcome = outcome
    notice.close_reason = reason
    notice.closed_at = change.now
    notice.closed_by_account_id = change.viewer.account_id
    notice.license_record_id = None if license is None else license.id
    await change.session.flush()
    change.audit(
        operation="linkageNotice.close",
        target_type=TARGET_TYPE,
        target_id=notice.id,
        department_id=notice.department_id,
        before={"status": before_status.value},
        after={
            "status": notice.status.value,
            "outcome": outcome.value,
            "reason": reason,
            "licenseRecordId": notice.license_record_id,
        },
    )
    await _feed_back(change, notice, department, license)


async def _feed_back(
    change: Change, notice: LinkageNotice, department: Department, license: License | None
) -> None:
    """The outcome for the registration side, self-contained (the push worker sends the
    payload as it is)."""
    session = change.session
    registration = await session.get(EntityRegistration, notice.registration_id)
    registering = await session.get(Department, notice.registering_department_id)
    assert registration is not None
    assert registering is not None
    payload: dict[str, Any] = {
        "schema": FEEDBACK_SCHEMA,
        "noticeId": notice.id,
        "version": notice.version,
        "registration": {
            "uscc": registration.uscc,
            "name": registration.name,
            "registeredOn": registration.registered_on.isoformat(),
            "regionCode": registration.region_code,
            "registeringDepartment": _department_json(registering),
        },
        "approvingDepartment": _department_json(department),
        "permitNames": notice.permit_names,
        "receivedAt": json_value(notice.received_at),
        "signedAt": json_value(notice.signed_at),
        "closedAt": json_value(notice.closed_at),
        "outcome": json_value(notice.outcome),
        "reason": notice.close_reason,
        "overdue": _closed_late(notice),
        "license": None if license is None else _license_json(license),
    }
    session.add(
        OutboxMessage(
            topic=OutboxTopic.LINKAGE_FEEDBACK,
            record_version=notice.version,
            subject_key=subject_key(notice),
            change=OutboxChange.HANDLED,
            payload=payload,
        )
    )
    await session.flush()


def _closed_late(notice: LinkageNotice) -> bool:
    closed: date | None = None if notice.closed_at is None else beijing_date(notice.closed_at)
    return closed is not None and closed > notice.handle_due_on


def _department_json(department: Department) -> dict[str, Any]:
    return {
        "name": department.name,
        "code": department.code,
        "regionCode": department.region_code,
        "uscc": department.uscc,
    }


def _license_json(license: License) -> dict[str, Any]:
    return {
        "recordId": license.id,
        "status": license.status.value,
        "documentName": license.document_name,
        "decisionNumber": license.decision_number,
        "decisionDate": license.decision_date.isoformat(),
        "licenseCategory": license.license_category.value,
        "certificateName": license.certificate_name,
        "licenseNumber": license.license_number,
        "content": license.content,
        "validFrom": json_value(license.valid_from),
        "validTo": json_value(license.valid_to),
    }
