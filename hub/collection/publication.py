"""公示: draft → published → revoked (撤销) or withdrawn (撤回); each transition audited
with its account and reason, and sent to the outbox."""

from __future__ import annotations

from hub.auth.permissions import Permission
from hub.collection.changes import Change, json_value
from hub.collection.outbox import enqueue
from hub.collection.problems import CONFLICT, Invalid
from hub.collection.records import TARGET_TYPE, department_of, record_for_change
from hub.errors import Forbidden
from hub.models import OutboxChange, RecordStatus, SupervisionRecord

MAX_REASON_LENGTH = 500


async def publish_record(change: Change, record_id: int, version: int) -> SupervisionRecord:
    if not change.viewer.is_staff:
        raise Forbidden("需要以部门账号登录")
    record = await record_for_change(
        change, record_id, version, permission=Permission.PUBLISH_RECORDS
    )
    if record.status is not RecordStatus.DRAFT:
        raise Invalid.on("id", "只有草稿可以公示", code=CONFLICT)
    end = record.publication_end_date
    if end is not None and end < change.today:
        raise Invalid.on("id", "公示截止期已过，不能公示")
    record.status = RecordStatus.PUBLISHED
    record.published_at = change.now
    await change.session.flush()
    change.audit(
        operation="record.publish",
        target_type=TARGET_TYPE,
        target_id=record.id,
        department_id=record.department_id,
        before={"status": RecordStatus.DRAFT.value},
        after={
            "status": record.status.value,
            "publishedAt": json_value(record.published_at),
            "publicationEndDate": json_value(record.publication_end_date),
        },
    )
    department = await department_of(change.session, record.department_id)
    await enqueue(change.session, record, department, OutboxChange.PUBLISHED)
    return record


async def end_publication(
    change: Change, record_id: int, version: int, reason: str, status: RecordStatus
) -> SupervisionRecord:
    """Revoke (the decision was revoked) or withdraw (publication withdrawn, e.g. after
    credit repair): the public stops seeing the record; staff still do, with its history."""
    if not change.viewer.is_staff:
        raise Forbidden("需要以部门账号登录")
    reason = reason.strip()
    if not reason:
        raise Invalid.on("reason", "请填写原因")
    if len(reason) > MAX_REASON_LENGTH:
        raise Invalid.on("reason", f"原因不能超过{MAX_REASON_LENGTH}个字符")
    record = await record_for_change(
        change, record_id, version, permission=Permission.PUBLISH_RECORDS
    )
    if record.status is not RecordStatus.PUBLISHED:
        raise Invalid.on("id", "只有已公示的记录可以撤销或撤回", code=CONFLICT)
    record.status = status
    record.revoked_at = change.now
    record.revocation_reason = reason
    await change.session.flush()
    verb = "revoke" if status is RecordStatus.REVOKED else "withdraw"
    change.audit(
        operation=f"record.{verb}",
        target_type=TARGET_TYPE,
        target_id=record.id,
        department_id=record.department_id,
        before={"status": RecordStatus.PUBLISHED.value},
        after={"status": status.value, "reason": reason},
    )
    department = await department_of(change.session, record.department_id)
    outbox_change = (
        OutboxChange.REVOKED if status is RecordStatus.REVOKED else OutboxChange.WITHDRAWN
    )
    await enqueue(change.session, record, department, outbox_change)
    return record
