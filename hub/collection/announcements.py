"""监管公告: departments write general (普发性) or targeted (特指性) announcements and publish
or withdraw them; published ones reach the public through `readable_announcements`."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from hub.auth.permissions import Permission
from hub.auth.policy import writable_department
from hub.collection.changes import Change, json_value
from hub.collection.problems import CONFLICT, NOT_FOUND, Invalid, Problems
from hub.collection.records import department_of, require
from hub.domain.uscc import check_uscc, normalize_uscc
from hub.errors import Forbidden
from hub.models import (
    Announcement,
    AnnouncementKind,
    AnnouncementStatus,
    AnnouncementTarget,
    MarketEntity,
)

TARGET_TYPE = "Announcement"
MAX_TITLE_LENGTH = 200
MAX_BODY_LENGTH = 20_000
MAX_TARGETS = 1_000


def _department_id(change: Change) -> int:
    viewer = change.viewer
    if not viewer.is_staff or viewer.department_id is None:
        raise Forbidden("需要以部门账号登录")
    require(writable_department(viewer, viewer.department_id, Permission.PUBLISH_RECORDS))
    return viewer.department_id


async def create_announcement(
    change: Change, *, title: str, body: str, target_usccs: Sequence[str]
) -> Announcement:
    """A draft; targeted when it names entities (by USCC), general otherwise."""
    department_id = _department_id(change)
    problems = Problems()
    title, body = title.strip(), body.strip()
    if not 1 <= len(title) <= MAX_TITLE_LENGTH:
        problems.add("title", f"标题应为1到{MAX_TITLE_LENGTH}个字符")
    if not 1 <= len(body) <= MAX_BODY_LENGTH:
        problems.add("body", f"正文应为1到{MAX_BODY_LENGTH}个字符")
    if len(target_usccs) > MAX_TARGETS:
        problems.add("targetUsccs", f"一次最多面向{MAX_TARGETS}个市场主体")
    codes: list[str] = []
    for index, raw in enumerate(target_usccs):
        code = normalize_uscc(raw)
        check = check_uscc(code)
        if not check.ok:
            problems.add(f"targetUsccs.{index}", check.message or "统一社会信用代码无效")
        elif code not in codes:
            codes.append(code)
    problems.raise_if_any()
    rows = await change.session.execute(
        select(MarketEntity.uscc, MarketEntity.id).where(MarketEntity.uscc.in_(codes))
    )
    found: dict[str, int] = {row.uscc: row.id for row in rows}
    for index, code in enumerate(normalize_uscc(raw) for raw in target_usccs):
        if code not in found:
            problems.add(f"targetUsccs.{index}", "市场主体不存在")
    problems.raise_if_any()
    department = await department_of(change.session, department_id)
    announcement = Announcement(
        department_id=department_id,
        region_code=department.region_code,
        kind=AnnouncementKind.TARGETED if codes else AnnouncementKind.GENERAL,
        title=title,
        body=body,
    )
    change.session.add(announcement)
    await change.session.flush()
    change.session.add_all(
        AnnouncementTarget(announcement_id=announcement.id, entity_id=found[code]) for code in codes
    )
    await change.session.flush()
    change.audit(
        operation="announcement.create",
        target_type=TARGET_TYPE,
        target_id=announcement.id,
        department_id=department_id,
        after={
            "kind": announcement.kind.value,
            "title": title,
            "targetUsccs": codes,
        },
    )
    return announcement


async def _own_announcement(change: Change, announcement_id: int) -> Announcement:
    department_id = _department_id(change)
    announcement = await change.session.get(Announcement, announcement_id)
    if announcement is None:
        raise Invalid.on("id", "公告不存在", code=NOT_FOUND)
    if announcement.department_id != department_id:
        raise Forbidden("只能管理本部门的公告")
    return announcement


async def publish_announcement(change: Change, announcement_id: int) -> Announcement:
    announcement = await _own_announcement(change, announcement_id)
    if announcement.status is not AnnouncementStatus.DRAFT:
        raise Invalid.on("id", "只有草稿可以发布", code=CONFLICT)
    announcement.status = AnnouncementStatus.PUBLISHED
    announcement.published_at = change.now
    await change.session.flush()
    change.audit(
        operation="announcement.publish",
        target_type=TARGET_TYPE,
        target_id=announcement.id,
        department_id=announcement.department_id,
        before={"status": AnnouncementStatus.DRAFT.value},
        after={"status": announcement.status.value, "publishedAt": json_value(change.now)},
    )
    return announcement


async def withdraw_announcement(change: Change, announcement_id: int, reason: str) -> Announcement:
    announcement = await _own_announcement(change, announcement_id)
    reason = reason.strip()
    if not reason:
        raise Invalid.on("reason", "请填写撤回原因")
    if announcement.status is not AnnouncementStatus.PUBLISHED:
        raise Invalid.on("id", "只有已发布的公告可以撤回", code=CONFLICT)
    announcement.status = AnnouncementStatus.WITHDRAWN
    announcement.withdrawn_at = change.now
    await change.session.flush()
    change.audit(
        operation="announcement.withdraw",
        target_type=TARGET_TYPE,
        target_id=announcement.id,
        department_id=announcement.department_id,
        before={"status": AnnouncementStatus.PUBLISHED.value},
        after={"status": announcement.status.value, "reason": reason},
    )
    return announcement
