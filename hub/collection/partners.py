"""数据对接: partner systems submit records in batches, for the departments their client is
bound to. Each record carries the partner's own id: resubmitting it updates the record (if
changed) or leaves it alone, never duplicates it, even when two submissions race. Each
record is all-or-nothing (a savepoint of its own); a bad record never rejects the others.

Speed: what every record would look up — its existing record, its department, its
subject's entity, the decision numbers its department already uses — is read for the
whole batch in a few statements before the first record, and the batch's audit events
are added after the last one (one hash-chain lock instead of one per record). A snapshot
can go stale while the batch runs (a concurrent submission of the same record or number):
the unique indexes then refuse the write, the record's savepoint rolls back, and it is
tried again from fresh lookups, as before."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from hub.audit import add_events, change_event
from hub.auth.permissions import PartnerScope
from hub.auth.policy import writable_department
from hub.auth.viewer import ViewerKind
from hub.collection.changes import Change, json_value
from hub.collection.outbox import enqueue
from hub.collection.problems import CONFLICT, Invalid, Problem, stale
from hub.collection.records import (
    TARGET_TYPE,
    department_of,
    entity_lookup,
    insert_record,
    update_with,
    validate,
)
from hub.collection.submissions import RecordSubmission
from hub.domain.uscc import LENGTH as USCC_LENGTH
from hub.domain.uscc import normalize_uscc, region_of
from hub.errors import FORBIDDEN, Forbidden
from hub.models import (
    AuditEvent,
    Department,
    MarketEntity,
    OutboxChange,
    RecordKind,
    RecordStatus,
    Region,
    SupervisionRecord,
)
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


@dataclass
class _Known:
    """The batch's snapshot, read before its first record."""

    existing: dict[str, SupervisionRecord]
    # (department id, kind, decision number) → ids of the live records using it.
    numbers: dict[tuple[int, RecordKind, str], set[int]]
    # Held here so the session's (weak) identity map keeps them: department_of() and the
    # region check of a new entity then find them without a statement.
    departments: list[Department]
    regions: list[Region]

    def duplicate(self, department_id: int, entry: PartnerEntry, record_id: int | None) -> bool:
        assert entry.submission is not None
        key = (department_id, entry.submission.kind, entry.submission.decision_number)
        return any(other != record_id for other in self.numbers.get(key, ()))


@dataclass
class _BatchChange(Change):
    deferred: list[AuditEvent] = field(default_factory=list)
    known: _Known | None = None

    def audit(
        self,
        *,
        operation: str,
        target_type: str,
        target_id: int | str,
        department_id: int | None,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
    ) -> AuditEvent:
        event = change_event(
            self.viewer,
            operation=operation,
            target_type=target_type,
            target_id=target_id,
            before=before,
            after=after,
            department_id=department_id,
            client_address=self.client_address,
        )
        self.deferred.append(event)
        return event

    async def add_deferred_events(self) -> None:
        add_events(self.session, self.deferred)
        self.events.extend(self.deferred)
        self.deferred = []
        await self.session.flush()


async def _snapshot(change: Change, entries: Sequence[PartnerEntry]) -> _Known:
    session = change.session
    partner_ids = {entry.partner_record_id for entry in entries}
    existing = {
        record.partner_record_id: record
        for record in await session.scalars(
            select(WHOLE_RECORDS).where(
                SupervisionRecord.partner_client_id == change.viewer.partner_client_id,
                SupervisionRecord.partner_record_id.in_(partner_ids),
            )
        )
        if record.partner_record_id is not None
    }
    submissions = [entry.submission for entry in entries if entry.submission is not None]
    department_ids = {entry.department_id for entry in entries if entry.department_id}
    departments = list(
        await session.scalars(select(Department).where(Department.id.in_(department_ids)))
    )
    numbers: dict[tuple[int, RecordKind, str], set[int]] = {}
    wanted = {submission.decision_number for submission in submissions}
    if wanted and department_ids:
        rows = await session.execute(
            select(
                SupervisionRecord.department_id,
                SupervisionRecord.kind,
                SupervisionRecord.decision_number,
                SupervisionRecord.id,
            ).where(
                SupervisionRecord.department_id.in_(department_ids),
                SupervisionRecord.kind.in_({submission.kind for submission in submissions}),
                SupervisionRecord.decision_number.in_(wanted),
                SupervisionRecord.deleted_at.is_(None),
            )
        )
        for department_id, kind, number, record_id in rows:
            numbers.setdefault((department_id, kind, number), set()).add(record_id)
    usccs = {
        normalize_uscc(submission.subject.uscc)
        for submission in submissions
        if submission.subject.uscc is not None and submission.subject.uscc.strip()
    }
    regions: list[Region] = []
    if usccs:
        found = await session.execute(
            select(MarketEntity.uscc, MarketEntity.id).where(MarketEntity.uscc.in_(usccs))
        )
        known_entities = {uscc: entity_id for uscc, entity_id in found}  # noqa: C416
        for uscc in usccs:
            change.lookups[entity_lookup(uscc)] = known_entities.get(uscc)
        codes = {region_of(uscc) for uscc in usccs if len(uscc) == USCC_LENGTH}
        regions = list(await session.scalars(select(Region).where(Region.code.in_(codes))))
    return _Known(existing, numbers, departments, regions)


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
    batch = _BatchChange(
        change.session,
        change.viewer,
        change.client_address,
        change.now,
        change.events,
        change.lookups,
    )
    batch.known = await _snapshot(batch, entries)
    results = [await _submit_one(batch, index, entry) for index, entry in enumerate(entries)]
    await batch.add_deferred_events()
    return results


async def _submit_one(change: _BatchChange, index: int, entry: PartnerEntry) -> SubmissionResult:
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
        events_before = len(change.deferred)
        try:
            async with session.begin_nested():
                # A retry reads afresh: the batch's snapshot is what lost the race.
                outcome, record = await _apply(
                    change, entry, change.known if attempt == 0 else None
                )
                await session.flush()
            if change.known is not None and entry.submission is not None:
                key = (record.department_id, record.kind, record.decision_number)
                change.known.numbers.setdefault(key, set()).add(record.id)
                change.known.existing[entry.partner_record_id] = record
                if record.subject_uscc is not None:
                    # Released with its record: safe to reuse for the rest of the batch.
                    change.lookups[entity_lookup(record.subject_uscc)] = record.entity_id
            return SubmissionResult(index, entry.partner_record_id, outcome, record)
        except Invalid as error:
            del change.deferred[events_before:]
            return rejected(error)
        except StaleDataError:
            del change.deferred[events_before:]
            return rejected(stale())
        except (IntegrityError, DBAPIError):
            # Lost a race to a concurrent submission of the same record (or deadlocked
            # with it): what it wrote is committed or will be; read it and compare again.
            del change.deferred[events_before:]
            if attempt == ATTEMPTS - 1:
                return rejected(Invalid.on("", "与并发提交冲突，请重试", code=CONFLICT))
    raise AssertionError("unreachable")


async def _apply(
    change: Change, entry: PartnerEntry, known: _Known | None
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
    if known is not None:
        existing = known.existing.get(entry.partner_record_id)
    else:
        existing = await session.scalar(
            select(WHOLE_RECORDS).where(
                SupervisionRecord.partner_client_id == change.viewer.partner_client_id,
                SupervisionRecord.partner_record_id == entry.partner_record_id,
            )
        )
    if existing is None:
        duplicate = None if known is None else known.duplicate(department.id, entry, None)
        valid = await validate(change, department, entry.submission, duplicate_number=duplicate)
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
    duplicate = None if known is None else known.duplicate(department.id, entry, existing.id)
    valid = await validate(
        change, department, entry.submission, record_id=existing.id, duplicate_number=duplicate
    )
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
