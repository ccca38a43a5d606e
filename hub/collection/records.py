"""Entering records: validation against the catalogue, the entity directory and the
department's numbering, then create / update / (soft) delete, each audited."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import String, Text, exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.relay import GlobalID

from hub.auth.permissions import Permission
from hub.auth.policy import writable_department
from hub.catalogue import exercise
from hub.collection.changes import Change, camel, json_value
from hub.collection.kinds import KIND_HANDLERS
from hub.collection.outbox import enqueue
from hub.collection.problems import CONFLICT, NOT_FOUND, Invalid, Problems, stale
from hub.collection.publication_rules import default_publication_end
from hub.collection.submissions import RecordSubmission
from hub.domain.uscc import check_uscc, normalize_uscc, region_of
from hub.errors import Forbidden
from hub.models import (
    Department,
    MarketEntity,
    MarketEntityKind,
    OutboxChange,
    RecordKind,
    RecordStatus,
    Region,
    SubjectCategory,
    SupervisionRecord,
)
from hub.queries.records import WHOLE_RECORDS

TARGET_TYPE = "SupervisionRecord"
SHARED_FIELDS = (
    "subject_name",
    "subject_category",
    "subject_uscc",
    "document_name",
    "decision_number",
    "decision_date",
    "item_id",
    "remark",
    "publication_end_date",
    "entity_id",
)
# What a unique-violation message names when two entries race for one decision number:
# the resolver maps it to the same field error as the check before (a partner batch
# retries the record instead, and finds the winner's).
DECISION_NUMBER_CONSTRAINT = "decision_number"
DUPLICATE_DECISION_NUMBER = "本部门已有同类记录使用该文书号"


@dataclass(frozen=True, slots=True)
class ValidRecord:
    submission: RecordSubmission
    department: Department
    uscc: str | None
    item_id: int | None


def snapshot(record: SupervisionRecord) -> dict[str, Any]:
    """Every field a person enters or a transition sets, as JSON (audit trail)."""
    names = (*SHARED_FIELDS, "status", *KIND_HANDLERS[record.kind].fields)
    return {camel(name): json_value(getattr(record, name)) for name in names}


def _column(model: type[SupervisionRecord], name: str) -> Any:
    return model.__mapper__.columns[name]


def _check_text(
    problems: Problems, model: type[SupervisionRecord], name: str, value: Any, path: str
) -> None:
    column = _column(model, name)
    if not isinstance(column.type, String | Text) or value is None:
        return
    if not column.nullable and not str(value).strip():
        problems.add(path, "不能为空")
    length = getattr(column.type, "length", None)
    if length is not None and len(value) > length:
        problems.add(path, f"不能超过{length}个字符")


async def department_of(session: AsyncSession, department_id: int) -> Department:
    department = await session.get(Department, department_id)
    if department is None:
        raise Invalid.on("departmentId", "部门不存在", code=NOT_FOUND)
    return department


async def validate(
    change: Change,
    department: Department,
    submission: RecordSubmission,
    *,
    record_id: int | None = None,
    duplicate_number: bool | None = None,
) -> ValidRecord:
    """Every rule of a record entry, with all problems reported together (paths relative
    to the record input); raises `Invalid` if any. `duplicate_number`: whether another
    live record of the department and kind has the number, when the caller already knows
    (a partner batch looks them all up at once); looked up here otherwise."""
    session, problems = change.session, Problems()
    handler = KIND_HANDLERS[submission.kind]
    model = handler.model
    subject = submission.subject
    _check_text(problems, model, "subject_name", subject.name, "subject.name")
    _check_text(problems, model, "document_name", submission.document_name, "documentName")
    _check_text(problems, model, "decision_number", submission.decision_number, "decisionNumber")
    for name in handler.fields:
        _check_text(problems, model, name, submission.details.get(name), camel(name))

    uscc = None if subject.uscc is None or not subject.uscc.strip() else subject.uscc
    if uscc is not None:
        uscc = normalize_uscc(uscc)
        check = check_uscc(uscc)
        if not check.ok:
            problems.add("subject.uscc", check.message or "统一社会信用代码无效")
    elif subject.category is SubjectCategory.LEGAL_PERSON:
        problems.add("subject.uscc", "法人及非法人组织应填写统一社会信用代码")

    if submission.decision_date > change.today:
        problems.add("decisionDate", "决定日期不能晚于今天")
    end = submission.publication_end_date
    if end is not None and end < submission.decision_date:
        problems.add("publicationEndDate", "公示截止期不能早于决定日期")
    kind_problems = Problems()
    handler.rule(submission.details, submission.decision_date, change.today, kind_problems)
    for problem in kind_problems.items:
        problems.add(camel(problem.field), problem.message)

    item_id = await _checked_item(change, department, submission, problems)

    duplicate = select(
        exists().where(
            SupervisionRecord.department_id == department.id,
            SupervisionRecord.kind == submission.kind,
            SupervisionRecord.decision_number == submission.decision_number,
            SupervisionRecord.id != (record_id or 0),
            # A deleted draft gives its number back (the unique index is partial too).
            SupervisionRecord.deleted_at.is_(None),
        )
    )
    if submission.decision_number.strip():
        if duplicate_number is None:
            duplicate_number = bool(await session.scalar(duplicate))
        if duplicate_number:
            problems.add("decisionNumber", DUPLICATE_DECISION_NUMBER)
    problems.raise_if_any()
    return ValidRecord(submission, department, uscc, item_id)


async def _checked_item(
    change: Change,
    department: Department,
    submission: RecordSubmission,
    problems: Problems,
) -> int | None:
    if submission.item_id is None:
        return None
    try:
        global_id = GlobalID.from_id(submission.item_id)
        if global_id.type_name != "SupervisionItem":
            raise ValueError(global_id.type_name)
        item_id = int(global_id.node_id)
    except ValueError:
        problems.add("itemId", "应为监管事项的全局ID")
        return None
    key = ("item", item_id)
    if key not in change.lookups:
        row = (await change.session.execute(exercise.item_facts_statement(item_id))).one_or_none()
        change.lookups[key] = None if row is None else exercise.item_facts(row)
    facts = change.lookups[key]
    if facts is None:
        problems.add("itemId", "监管事项不存在")
        return None
    refusal = exercise.refusal(facts, department, submission.kind)
    if refusal is not None:
        problems.add("itemId", refusal)
    return item_id


def entity_lookup(uscc: str) -> tuple[str, str]:
    """The `Change.lookups` key of an entity's id, or None when it is known to be absent.
    Only ids of committed entities, or of entities whose record's savepoint has been
    released, belong there: a savepoint rolled back takes its entity with it."""
    return ("entity", uscc)


_UNKNOWN = object()


def _entity_kind(uscc: str, category: SubjectCategory) -> MarketEntityKind:
    if uscc[0] == "9":
        by_code = {
            "2": MarketEntityKind.INDIVIDUAL_BUSINESS,
            "3": MarketEntityKind.FARMER_COOPERATIVE,
        }
        return by_code.get(uscc[1], MarketEntityKind.ENTERPRISE)
    if category is SubjectCategory.INDIVIDUAL_BUSINESS:
        return MarketEntityKind.INDIVIDUAL_BUSINESS
    return MarketEntityKind.ENTERPRISE


async def entity_for(change: Change, valid: ValidRecord) -> int | None:
    """The market entity of the subject's USCC; created from the submitted name if the
    directory does not know it yet (in a savepoint: a concurrent creation wins, and is
    used)."""
    if valid.uscc is None:
        return None
    session = change.session
    by_uscc = select(MarketEntity.id).where(MarketEntity.uscc == valid.uscc)
    # A batch may know already: an id, or None for "not in the directory" (a concurrent
    # creation since is caught below, as ever).
    existing = change.lookups.get(entity_lookup(valid.uscc), _UNKNOWN)
    if existing is _UNKNOWN:
        existing = await session.scalar(by_uscc)
    if existing is not None:
        return int(cast(int, existing))
    region_code = region_of(valid.uscc)
    if await session.get(Region, region_code) is None:
        region_code = valid.department.region_code
    entity = MarketEntity(
        uscc=valid.uscc,
        name=valid.submission.subject.name.strip(),
        kind=_entity_kind(valid.uscc, valid.submission.subject.category),
        region_code=region_code,
        legal_representative="",
        address="",
    )
    try:
        async with session.begin_nested():
            session.add(entity)
            await session.flush()
    except IntegrityError:
        raced = await session.scalar(by_uscc)
        if raced is None:
            raise
        return int(raced)
    change.audit(
        operation="marketEntity.create",
        target_type="MarketEntity",
        target_id=entity.id,
        department_id=valid.department.id,
        after={"uscc": entity.uscc, "name": entity.name, "regionCode": region_code},
    )
    return entity.id


def _assign(record: SupervisionRecord, valid: ValidRecord, entity_id: int | None) -> None:
    submission = valid.submission
    record.subject_name = submission.subject.name.strip()
    record.subject_category = submission.subject.category
    record.subject_uscc = valid.uscc
    record.entity_id = entity_id
    record.document_name = submission.document_name.strip()
    record.decision_number = submission.decision_number.strip()
    record.decision_date = submission.decision_date
    record.item_id = valid.item_id
    record.remark = submission.remark
    record.publication_end_date = submission.publication_end_date or default_publication_end(
        submission.kind, submission.decision_date, submission.details
    )
    for name in KIND_HANDLERS[submission.kind].fields:
        value = submission.details.get(name)
        if isinstance(value, list):
            value = [json_value(item) for item in value]
        setattr(record, name, value)


def require(viewer_refusal: str | None) -> None:
    if viewer_refusal is not None:
        raise Forbidden(viewer_refusal)


async def insert_record(
    change: Change,
    valid: ValidRecord,
    *,
    status: RecordStatus = RecordStatus.DRAFT,
    partner_record_id: str | None = None,
) -> SupervisionRecord:
    """A new record of a validated submission; published at once when `status` says so
    (partner systems choose), with its outbox message."""
    department = valid.department
    entity_id = await entity_for(change, valid)
    record = KIND_HANDLERS[valid.submission.kind].model(
        kind=valid.submission.kind,
        department_id=department.id,
        region_code=department.region_code,
        partner_client_id=None if partner_record_id is None else change.viewer.partner_client_id,
        partner_record_id=partner_record_id,
    )
    _assign(record, valid, entity_id)
    published = status is RecordStatus.PUBLISHED
    if published:
        record.status = RecordStatus.PUBLISHED
        record.published_at = change.now
    change.session.add(record)
    await change.session.flush()
    change.audit(
        operation="record.create",
        target_type=TARGET_TYPE,
        target_id=record.id,
        department_id=department.id,
        after={"kind": record.kind.value, **snapshot(record)},
    )
    if published:
        await enqueue(change.session, record, department, OutboxChange.PUBLISHED)
    return record


async def update_with(
    change: Change, record: SupervisionRecord, valid: ValidRecord
) -> SupervisionRecord | None:
    """Apply a validated submission to a loaded record; None if nothing changed. A change
    to a published record goes to the outbox."""
    if record.status in (RecordStatus.REVOKED, RecordStatus.WITHDRAWN):
        raise Invalid.on("id", "已撤销或撤回的记录不能修改", code=CONFLICT)
    before = snapshot(record)
    entity_id = await entity_for(change, valid)
    _assign(record, valid, entity_id)
    after = snapshot(record)
    changed = [key for key in after if before[key] != after[key]]
    if not changed:
        return None
    await change.session.flush()
    change.audit(
        operation="record.update",
        target_type=TARGET_TYPE,
        target_id=record.id,
        department_id=record.department_id,
        before={key: before[key] for key in changed},
        after={key: after[key] for key in changed},
    )
    if record.status is RecordStatus.PUBLISHED:
        await enqueue(change.session, record, valid.department, OutboxChange.UPDATED)
    return record


async def record_for_change(
    change: Change,
    record_id: int,
    version: int,
    *,
    permission: Permission = Permission.RECORD_ENTRY,
    kind: RecordKind | None = None,
) -> SupervisionRecord:
    """A live record the viewer may change, at the version the viewer read."""
    record = await change.session.scalar(
        select(WHOLE_RECORDS).where(
            SupervisionRecord.id == record_id, SupervisionRecord.deleted_at.is_(None)
        )
    )
    if record is None or (kind is not None and record.kind is not kind):
        raise Invalid.on("id", "记录不存在", code=NOT_FOUND)
    require(writable_department(change.viewer, record.department_id, permission))
    if record.version != version:
        raise stale()
    return record


async def create_record(change: Change, submission: RecordSubmission) -> SupervisionRecord:
    viewer = change.viewer
    if not viewer.is_staff or viewer.department_id is None:
        raise Forbidden("需要以部门账号登录")
    require(writable_department(viewer, viewer.department_id))
    department = await department_of(change.session, viewer.department_id)
    valid = await validate(change, department, submission)
    return await insert_record(change, valid)


async def update_record(
    change: Change, record_id: int, version: int, submission: RecordSubmission
) -> SupervisionRecord:
    if not change.viewer.is_staff:
        raise Forbidden("需要以部门账号登录")
    record = await record_for_change(change, record_id, version, kind=submission.kind)
    department = await department_of(change.session, record.department_id)
    valid = await validate(change, department, submission, record_id=record.id)
    await update_with(change, record, valid)
    return record


async def delete_record(change: Change, record_id: int, version: int) -> SupervisionRecord:
    """Soft delete, drafts only: a published record is revoked instead."""
    if not change.viewer.is_staff:
        raise Forbidden("需要以部门账号登录")
    record = await record_for_change(change, record_id, version)
    if record.status is not RecordStatus.DRAFT:
        raise Invalid.on("id", "只能删除草稿；已公示的记录请撤销", code=CONFLICT)
    record.deleted_at = change.now
    await change.session.flush()
    change.audit(
        operation="record.delete",
        target_type=TARGET_TYPE,
        target_id=record.id,
        department_id=record.department_id,
        before={"deletedAt": None},
        after={"deletedAt": json_value(record.deleted_at)},
    )
    return record
