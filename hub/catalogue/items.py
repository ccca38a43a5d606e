"""Departments maintain their own supervision items: draft → published → retired.

Every function here is one mutation's change: it runs in the mutation's one write
transaction (`hub.collection.changes.write_transaction`) and writes exactly one audit event
when it changes something (none when the input changes nothing). Refused input raises
`Invalid` (field by field, all problems at once); a stale version raises CONFLICT.

Rules (docs/catalogue-format.md repeats them for departments):
- Only staff holding MANAGE_CATALOGUE maintain items, of their own department only.
- Codes are unique across the province (CONFLICT on `code`).
- A sub-item (子项) belongs to exactly one main item (主项) of the same department and the
  same kind, exercised at no level its main item is not; sub-items have no sub-items.
- A sub-item is published only under a published main item; retiring a main item retires
  its sub-items with it (one change, one audit event naming them).
- A main item with sub-items is exercised through them (records cite the sub-item).
- Code, kind and main item are settled while the item is a draft; a published item may
  change its name, legal basis and levels; a retired item changes no more.
- An item is deleted only while it is a draft that no record cites and that has no
  sub-items; otherwise it is retired.
- An item links to the national item it implements: same kind, issued by a ministry the
  department's code implements (hub/catalogue/ministries.csv).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError

from hub.auth.policy import readable_supervision_items, writable_catalogue
from hub.catalogue.ministries import department_code_of
from hub.catalogue.vocabulary import (
    LegalBasis,
    legal_basis_problems,
    legal_basis_summary,
    levels_at_or_below,
    normalized_bases,
    ordered_levels,
    region_level,
)
from hub.collection.changes import Change, json_value
from hub.collection.problems import BAD_USER_INPUT, CONFLICT, NOT_FOUND, Invalid, Problems, stale
from hub.errors import Forbidden
from hub.models import (
    Department,
    NationalSupervisionItem,
    RecordKind,
    RegionLevel,
    SupervisionItem,
    SupervisionItemStatus,
    SupervisionRecord,
)

TARGET_TYPE = "SupervisionItem"
CODE_PATTERN = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._\-]*$")
MAX_CODE = 64
MAX_NAME = 200
MAX_REASON = 500
CODE_CONSTRAINT = "uq_supervision_items_code"
DUPLICATE_CODE = "事项编码已被使用"


@dataclass(frozen=True, slots=True)
class ItemSubmission:
    """What a department enters for an item (create and update alike)."""

    code: str
    name: str
    record_kind: RecordKind
    main_item_id: int | None
    legal_bases: Sequence[LegalBasis]
    levels: Sequence[RegionLevel]


def snapshot(item: SupervisionItem) -> dict[str, Any]:
    """Every field a person enters or a transition sets, as JSON (audit trail)."""
    return {
        "code": item.code,
        "name": item.name,
        "recordKind": json_value(item.record_kind),
        "mainItemId": item.parent_id,
        "legalBases": list(item.legal_bases or []),
        "levels": json_value(item.levels),
        "status": json_value(item.status),
        "nationalItemId": item.national_item_id,
    }


def _changed(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    return [key for key in after if before.get(key) != after.get(key)]


async def _own_department(change: Change) -> Department:
    viewer = change.viewer
    if viewer.department_id is None:
        raise Forbidden("需要以部门账号登录")
    refusal = writable_catalogue(viewer, viewer.department_id)
    if refusal is not None:
        raise Forbidden(refusal)
    department = await change.session.get(Department, viewer.department_id)
    if department is None:
        raise Forbidden("需要以部门账号登录")
    return department


async def item_for_change(change: Change, item_id: int, version: int) -> SupervisionItem:
    """An item the viewer may change, at the version the viewer read; locked for the rest
    of the transaction on PostgreSQL (SQLite's IMMEDIATE transaction locks everything)."""
    item = await change.session.scalar(
        select(SupervisionItem)
        .where(SupervisionItem.id == item_id, readable_supervision_items(change.viewer))
        .with_for_update()
    )
    if item is None:
        raise Invalid.on("id", "监管事项不存在", code=NOT_FOUND)
    refusal = writable_catalogue(change.viewer, item.department_id)
    if refusal is not None:
        raise Forbidden(refusal)
    if item.version != version:
        raise stale()
    return item


async def _check(
    change: Change,
    department: Department,
    submission: ItemSubmission,
    item: SupervisionItem | None,
) -> tuple[str, str, list[LegalBasis], list[RegionLevel]]:
    """Every rule of the entered fields, all problems together; the cleaned values."""
    problems = Problems()
    conflict = False
    code, name = submission.code.strip(), submission.name.strip()
    if not code:
        problems.add("code", "请填写事项编码")
    elif len(code) > MAX_CODE or not CODE_PATTERN.match(code):
        problems.add("code", f"事项编码应为不超过{MAX_CODE}位的字母、数字、点、横线或下划线")
    elif await change.session.scalar(
        select(
            exists().where(
                SupervisionItem.code == code, SupervisionItem.id != (item.id if item else 0)
            )
        )
    ):
        problems.add("code", DUPLICATE_CODE)
        conflict = True
    if not name:
        problems.add("name", "请填写事项名称")
    elif len(name) > MAX_NAME:
        problems.add("name", f"事项名称不能超过{MAX_NAME}个字符")
    bases = normalized_bases(submission.legal_bases)
    for path, message in legal_basis_problems(bases):
        problems.add(".".join(p for p in ("legalBases", path) if p), message)
    levels = ordered_levels(submission.levels)
    reach = levels_at_or_below(region_level(department.region_code))
    if not levels:
        problems.add("levels", "请选择行使层级")
    elif any(level not in reach for level in levels):
        problems.add("levels", "行使层级不能高于本部门所在层级")
    await _check_main_item(change, department, submission, item, levels, problems)
    if item is not None and item.status is not SupervisionItemStatus.DRAFT:
        if code != item.code:
            problems.add("code", "已发布的事项不能修改编码")
        if submission.record_kind is not item.record_kind:
            problems.add("recordKind", "已发布的事项不能修改类别")
        if submission.main_item_id != item.parent_id:
            problems.add("mainItemId", "已发布的事项不能调整所属主项")
    if item is not None:
        await _check_against_sub_items(change, item, submission, levels, problems)
    if problems:
        only_conflicts = conflict and len(problems.items) == 1
        raise Invalid(
            "输入有误，请按提示修改",
            problems.items,
            code=CONFLICT if only_conflicts else BAD_USER_INPUT,
        )
    return code, name, bases, levels


async def _check_main_item(
    change: Change,
    department: Department,
    submission: ItemSubmission,
    item: SupervisionItem | None,
    levels: list[RegionLevel],
    problems: Problems,
) -> None:
    if submission.main_item_id is None:
        return
    main = await change.session.get(SupervisionItem, submission.main_item_id)
    if main is None or main.department_id != department.id:
        problems.add("mainItemId", "主项不存在或不属于本部门")
        return
    if item is not None and main.id == item.id:
        problems.add("mainItemId", "事项不能作为自己的主项")
    elif main.parent_id is not None:
        problems.add("mainItemId", "子项下不能再设子项")
    elif main.status is SupervisionItemStatus.RETIRED:
        problems.add("mainItemId", "主项已停用")
    elif main.record_kind is not submission.record_kind:
        problems.add("recordKind", "子项的类别应与主项一致")
    elif any(level not in main.levels for level in levels):
        problems.add("levels", "子项的行使层级不能超出主项")


async def _check_against_sub_items(
    change: Change,
    item: SupervisionItem,
    submission: ItemSubmission,
    levels: list[RegionLevel],
    problems: Problems,
) -> None:
    subs = (
        await change.session.scalars(
            select(SupervisionItem).where(SupervisionItem.parent_id == item.id)
        )
    ).all()
    if not subs:
        return
    if submission.main_item_id is not None:
        problems.add("mainItemId", "已有子项的主项不能成为子项")
    if submission.record_kind is not item.record_kind:
        problems.add("recordKind", "已有子项的主项不能修改类别")
    if any(level not in levels for sub in subs for level in sub.levels):
        problems.add("levels", "主项的行使层级应涵盖其子项")


def _assign(
    item: SupervisionItem,
    submission: ItemSubmission,
    cleaned: tuple[str, str, list[LegalBasis], list[RegionLevel]],
) -> None:
    code, name, bases, levels = cleaned
    item.code = code
    item.name = name
    item.record_kind = submission.record_kind
    item.parent_id = submission.main_item_id
    item.legal_bases = [basis.as_json() for basis in bases]
    item.legal_basis = legal_basis_summary(bases)
    item.levels = levels


async def _flush(change: Change) -> None:
    """Flush, turning a code another transaction took first into the same field error."""
    try:
        async with change.session.begin_nested():
            await change.session.flush()
    except IntegrityError as error:
        if CODE_CONSTRAINT in str(error.orig) or "supervision_items.code" in str(error.orig):
            raise Invalid.on("code", DUPLICATE_CODE, code=CONFLICT) from error
        raise


async def create_item(change: Change, submission: ItemSubmission) -> SupervisionItem:
    department = await _own_department(change)
    cleaned = await _check(change, department, submission, None)
    item = SupervisionItem(department_id=department.id, status=SupervisionItemStatus.DRAFT)
    _assign(item, submission, cleaned)
    change.session.add(item)
    await _flush(change)
    change.audit(
        operation="supervisionItem.create",
        target_type=TARGET_TYPE,
        target_id=item.id,
        department_id=department.id,
        after=snapshot(item),
    )
    return item


async def update_item(
    change: Change, item_id: int, version: int, submission: ItemSubmission
) -> SupervisionItem:
    item = await item_for_change(change, item_id, version)
    if item.status is SupervisionItemStatus.RETIRED:
        raise Invalid.on("id", "已停用的事项不能修改", code=CONFLICT)
    department = await _own_department(change)
    cleaned = await _check(change, department, submission, item)
    before = snapshot(item)
    _assign(item, submission, cleaned)
    after = snapshot(item)
    changed = _changed(before, after)
    if not changed:
        return item
    await _flush(change)
    change.audit(
        operation="supervisionItem.update",
        target_type=TARGET_TYPE,
        target_id=item.id,
        department_id=item.department_id,
        before={key: before[key] for key in changed},
        after={key: after[key] for key in changed},
    )
    return item


def _reason(reason: str | None, *, required: bool) -> str | None:
    text = (reason or "").strip()
    if not text:
        if required:
            raise Invalid.on("reason", "请填写原因")
        return None
    if len(text) > MAX_REASON:
        raise Invalid.on("reason", f"原因不能超过{MAX_REASON}个字符")
    return text


async def publish_item(
    change: Change, item_id: int, version: int, reason: str | None
) -> SupervisionItem:
    text = _reason(reason, required=False)
    item = await item_for_change(change, item_id, version)
    if item.status is not SupervisionItemStatus.DRAFT:
        raise Invalid.on("id", "只有草稿可以发布", code=CONFLICT)
    if not item.legal_bases:
        raise Invalid.on("id", "发布前请填写设定依据")
    if item.parent_id is not None:
        main = await change.session.get(SupervisionItem, item.parent_id)
        if main is None or main.status is not SupervisionItemStatus.PUBLISHED:
            raise Invalid.on("id", "请先发布所属主项", code=CONFLICT)
    item.status = SupervisionItemStatus.PUBLISHED
    item.published_at = change.now
    await change.session.flush()
    change.audit(
        operation="supervisionItem.publish",
        target_type=TARGET_TYPE,
        target_id=item.id,
        department_id=item.department_id,
        before={"status": SupervisionItemStatus.DRAFT.value},
        after={
            "status": item.status.value,
            "publishedAt": json_value(item.published_at),
            "reason": text,
        },
    )
    return item


async def retire_item(change: Change, item_id: int, version: int, reason: str) -> SupervisionItem:
    """停用: no new record may cite the item; records made under it keep it. A main item's
    sub-items are retired with it."""
    text = _reason(reason, required=True)
    item = await item_for_change(change, item_id, version)
    if item.status is not SupervisionItemStatus.PUBLISHED:
        raise Invalid.on("id", "只有已发布的事项可以停用（草稿可直接删除）", code=CONFLICT)
    subs = (
        await change.session.scalars(
            select(SupervisionItem)
            .where(
                SupervisionItem.parent_id == item.id,
                SupervisionItem.status != SupervisionItemStatus.RETIRED,
            )
            .order_by(SupervisionItem.code)
            .with_for_update()
        )
    ).all()
    for retired in (item, *subs):
        retired.status = SupervisionItemStatus.RETIRED
        retired.retired_at = change.now
        retired.retirement_reason = text
    await change.session.flush()
    change.audit(
        operation="supervisionItem.retire",
        target_type=TARGET_TYPE,
        target_id=item.id,
        department_id=item.department_id,
        before={"status": SupervisionItemStatus.PUBLISHED.value},
        after={
            "status": item.status.value,
            "reason": text,
            "retiredSubItems": [sub.code for sub in subs],
        },
    )
    return item


async def delete_item(change: Change, item_id: int, version: int) -> SupervisionItem:
    item = await item_for_change(change, item_id, version)
    if item.status is not SupervisionItemStatus.DRAFT:
        raise Invalid.on("id", "只能删除草稿；已发布的事项请停用", code=CONFLICT)
    cited = select(exists().where(SupervisionRecord.item_id == item.id))
    if await change.session.scalar(cited):
        raise Invalid.on("id", "已有监管记录引用该事项，不能删除", code=CONFLICT)
    has_subs = select(exists().where(SupervisionItem.parent_id == item.id))
    if await change.session.scalar(has_subs):
        raise Invalid.on("id", "请先删除该主项下的子项", code=CONFLICT)
    before = snapshot(item)
    await change.session.delete(item)
    await change.session.flush()
    change.audit(
        operation="supervisionItem.delete",
        target_type=TARGET_TYPE,
        target_id=item_id,
        department_id=item.department_id,
        before=before,
    )
    return item


async def link_national_item(
    change: Change, item_id: int, version: int, national_item_id: int | None
) -> SupervisionItem:
    """Link (or, with None, unlink) the national item the department's item implements."""
    item = await item_for_change(change, item_id, version)
    if item.status is SupervisionItemStatus.RETIRED:
        raise Invalid.on("id", "已停用的事项不能调整", code=CONFLICT)
    if national_item_id is not None:
        national = await change.session.get(NationalSupervisionItem, national_item_id)
        if national is None:
            raise Invalid.on("nationalItemId", "国家目录中没有该事项", code=NOT_FOUND)
        department = await change.session.get(Department, item.department_id)
        if department is None or department_code_of(national.ministry) != department.code:
            raise Invalid.on("nationalItemId", "该国家事项不由本部门所属系统实施")
        if national.record_kind is not item.record_kind:
            raise Invalid.on("nationalItemId", "国家事项的类别与本事项不符")
    if item.national_item_id == national_item_id:
        return item
    before = item.national_item_id
    item.national_item_id = national_item_id
    await change.session.flush()
    change.audit(
        operation="supervisionItem.link"
        if national_item_id is not None
        else "supervisionItem.unlink",
        target_type=TARGET_TYPE,
        target_id=item.id,
        department_id=item.department_id,
        before={"nationalItemId": before},
        after={"nationalItemId": national_item_id},
    )
    return item
