"""机构: a department's internal units, nested under units of the same department."""

from __future__ import annotations

from sqlalchemy import delete, exists, select

from hub.errors import Forbidden
from hub.models import Account, OrgUnit
from hub.organisation.authority import require_department_administrator
from hub.organisation.change import Change
from hub.organisation.refusals import CONFLICT, NOT_EMPTY, NOT_FOUND, Refused

MAX_NAME_LENGTH = 128


def _checked_name(name: str) -> str:
    if not 1 <= len(name) <= MAX_NAME_LENGTH:
        raise Refused(f"机构名称应为1到{MAX_NAME_LENGTH}个字符", field="name")
    return name


async def _refuse_duplicate_name(change: Change, department_id: int, name: str) -> None:
    duplicate = await change.session.scalar(
        select(OrgUnit.id).where(OrgUnit.department_id == department_id, OrgUnit.name == name)
    )
    if duplicate is not None:
        raise Refused("本部门已有同名机构", field="name", code=CONFLICT)


async def _managed_unit(change: Change, org_unit_id: int) -> OrgUnit:
    require_department_administrator(change.viewer)
    unit = await change.session.scalar(
        select(OrgUnit).where(OrgUnit.id == org_unit_id).with_for_update()
    )
    if unit is None:
        raise Refused("机构不存在", field="orgUnitId", code=NOT_FOUND)
    if unit.department_id != change.viewer.department_id:
        raise Forbidden("只能管理本部门的机构")
    return unit


async def create_org_unit(change: Change, *, name: str, parent_id: int | None = None) -> OrgUnit:
    require_department_administrator(change.viewer)
    department_id = change.viewer.department_id
    assert department_id is not None  # required above
    name = _checked_name(name)
    if parent_id is not None:
        parent = await change.session.get(OrgUnit, parent_id)
        if parent is None:
            raise Refused("上级机构不存在", field="parentId", code=NOT_FOUND)
        if parent.department_id != department_id:
            raise Refused("上级机构应属于本部门", field="parentId")
    await _refuse_duplicate_name(change, department_id, name)
    unit = OrgUnit(department_id=department_id, parent_id=parent_id, name=name)
    change.session.add(unit)
    await change.session.flush()
    change.record(
        operation="orgUnit.create",
        target_type="OrgUnit",
        target_id=unit.id,
        department_id=department_id,
        after={"name": name, "parentId": parent_id},
    )
    return unit


async def rename_org_unit(change: Change, *, org_unit_id: int, name: str) -> OrgUnit:
    unit = await _managed_unit(change, org_unit_id)
    name = _checked_name(name)
    if unit.name == name:
        raise Refused("新名称与原名称相同", field="name", code=CONFLICT)
    await _refuse_duplicate_name(change, unit.department_id, name)
    before = {"name": unit.name}
    unit.name = name
    await change.session.flush()
    change.record(
        operation="orgUnit.rename",
        target_type="OrgUnit",
        target_id=unit.id,
        department_id=unit.department_id,
        before=before,
        after={"name": name},
    )
    return unit


async def delete_org_unit(change: Change, *, org_unit_id: int) -> int:
    """Only an empty unit (no accounts, no units under it) is deleted; grants to it go
    with it."""
    unit = await _managed_unit(change, org_unit_id)
    session = change.session
    has_accounts = await session.scalar(select(exists().where(Account.org_unit_id == unit.id)))
    has_children = await session.scalar(select(exists().where(OrgUnit.parent_id == unit.id)))
    if has_accounts or has_children:
        raise Refused("机构下仍有账号或下级机构，不能删除", field="orgUnitId", code=NOT_EMPTY)
    await session.execute(delete(OrgUnit).where(OrgUnit.id == unit.id))
    change.record(
        operation="orgUnit.delete",
        target_type="OrgUnit",
        target_id=unit.id,
        department_id=unit.department_id,
        before={"name": unit.name, "parentId": unit.parent_id},
    )
    return unit.id
