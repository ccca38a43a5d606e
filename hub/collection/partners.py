"""数据对接: partner systems submit records in batches, for the departments their client is
bound to. Each record carries the partner's own id: resubmitting it updates the record (if
changed) or leaves it alone, never duplicates it, even when two submissions race. Each
record is all-or-nothing (a savepoint of its own); a bad record never rejects the others."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from hub.auth.permissions import PartnerScope
from hub.auth.policy import writable_department
from hub.auth.viewer import ViewerKind
from hub.collection.changes import Change, json_value
from hub.collection.outbox import enqueue
from hub.collection.problems import CONFLICT, Invalid, Problem, stale
from hub.collection.records import (
    TARGET_TYPE,
    department_of,
    insert_record,
    update_with,
    validate,
)
from hub.collection.submissions import RecordSubmission
from hub.errors import FORBIDDEN, Forbidden
from hub.models import OutboxChange, RecordStatus, SupervisionRecord
from hub.queries.records import WHOLE_RECORDS

MAX_BATCH = 1_000
MAX_PARTNER_RECORD_ID = 100
# A record that lost a race (unique violation, deadlock) is tried again from the start.
ATTEMPTS = 3


class SubmissionOutcome(enum.StrEnum):
    ACCEPTED = "ACCEPTED"
    UPDATED = "UPDATED"
    UNCHANGED = "UNCHANGED"
    REJECTED = "REJECTED"


@dataclass(frozen=True, slots=True)
class PartnerEntry:
    partner_record_id: str
    # Decoded department id, or None when the input named none usable (see problems).
    department_id: int | None
    publish: bool
    submission: RecordSubmission | None
    problems: Sequence[Problem] = ()


@dataclass
class SubmissionResult:
    index: int
    partner_record_id: str
    outcome: SubmissionOutcome
    record: SupervisionRecord | None = None
    code: str | None = None
    problems: list[Problem] = field(default_factory=list)


async def submit_records(change: Change, entries: Sequence[PartnerEntry]) -> list[SubmissionResult]:
    viewer = change.viewer
    if viewer.kind is not ViewerKind.PARTNER or viewer.partner_client_id is None:
        raise Forbidden("仅对接系统可以提交")
    if PartnerScope.RECORDS_WRITE not in viewer.partner_scopes:
        raise Forbidden("访问令牌未获授权 records:write")
    if len(entries) > MAX_BATCH:
        raise Invalid.on("records", f"每批最多提交{MAX_BATCH}条")
    if not entries:
        raise Invalid.on("records", "请至少提交一条")
    return [await _submit_one(change, index, entry) for index, entry in enumerate(entries)]


async def _submit_one(change: Change, index: int, entry: PartnerEntry) -> SubmissionResult:
    def rejected(error: Invalid) -> SubmissionResult:
        return SubmissionResult(
            index,
            entry.partner_record_id,
            SubmissionOutcome.REJECTED,
            None,
            error.code,
            list(error.problems),
        )

    session = change.session
    for attempt in range(ATTEMPTS):
        events_before = len(change.events)
        try:
            async with session.begin_nested():
                outcome, record = await _apply(change, entry)
                await session.flush()
            return SubmissionResult(index, entry.partner_record_id, outcome, record)
        except Invalid as error:
            del change.events[events_before:]
            return rejected(error)
        except StaleDataError:
            del change.events[events_before:]
            return rejected(stale())
        except (IntegrityError, DBAPIError):
            # Lost a race to a concurrent submission of the same record (or deadlocked
            # with it): what it wrote is committed or will be; read it and compare again.
            del change.events[events_before:]
            if attempt == ATTEMPTS - 1:
                return rejected(Invalid.on("", "与并发提交冲突，请重试", code=CONFLICT))
    raise AssertionError("unreachable")


async def _apply(
    change: Change, entry: PartnerEntry
) -> tuple[SubmissionOutcome, SupervisionRecord]:
    if entry.problems or entry.submission is None or entry.department_id is None:
        raise Invalid("记录有误", list(entry.problems))
    if not entry.partner_record_id.strip() or len(entry.partner_record_id) > MAX_PARTNER_RECORD_ID:
        raise Invalid.on("partnerRecordId", f"对接记录编号应为1到{MAX_PARTNER_RECORD_ID}个字符")
    refusal = writable_department(change.viewer, entry.department_id)
    if refusal is not None:
        raise Invalid.on("departmentId", refusal, code=FORBIDDEN)
    session = change.session
    department = await department_of(session, entry.department_id)
    existing = await session.scalar(
        select(WHOLE_RECORDS).where(
            SupervisionRecord.partner_client_id == change.viewer.partner_client_id,
            SupervisionRecord.partner_record_id == entry.partner_record_id,
        )
    )
    if existing is None:
        valid = await validate(change, department, entry.submission)
        status = RecordStatus.PUBLISHED if entry.publish else RecordStatus.DRAFT
        record = await insert_record(
            change, valid, status=status, partner_record_id=entry.partner_record_id
        )
        return SubmissionOutcome.ACCEPTED, record
    if existing.deleted_at is not None:
        raise Invalid.on("partnerRecordId", "该记录已被部门删除", code=CONFLICT)
    if existing.kind is not entry.submission.kind or existing.department_id != department.id:
        raise Invalid.on(
            "partnerRecordId", "该对接记录编号已用于其他类别或部门的记录", code=CONFLICT
        )
    valid = await validate(change, department, entry.submission, record_id=existing.id)
    updated = await update_with(change, existing, valid)
    if entry.publish and existing.status is RecordStatus.DRAFT:
        existing.status = RecordStatus.PUBLISHED
        existing.published_at = change.now
        await session.flush()
        change.audit(
            operation="record.publish",
            target_type=TARGET_TYPE,
            target_id=existing.id,
            department_id=existing.department_id,
            before={"status": RecordStatus.DRAFT.value},
            after={"status": existing.status.value, "publishedAt": json_value(change.now)},
        )
        await enqueue(session, existing, department, OutboxChange.PUBLISHED)
        return SubmissionOutcome.UPDATED, existing
    if updated is None:
        return SubmissionOutcome.UNCHANGED, existing
    return SubmissionOutcome.UPDATED, existing
