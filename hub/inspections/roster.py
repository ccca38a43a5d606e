"""执法检查人员名录库: a department enrols its own people as inspectors, with their 执法证号."""

from __future__ import annotations

import re

from sqlalchemy import exists, select

from hub.collection.changes import Change
from hub.collection.problems import NOT_FOUND, Invalid, Problems
from hub.inspections.plans import planner_department
from hub.models import Account, Inspector, User

TARGET_TYPE = "Inspector"
# 执法证号: letters, digits and hyphens (formats differ by province and system).
CERTIFICATE_PATTERN = re.compile(r"^[0-9A-Za-z-]{6,32}$")


async def enrol_inspector(
    change: Change, user_id: int, certificate_number: str, field_of_work: str
) -> Inspector:
    """The user must be of the viewer's department: registered by it, or holding one of
    its accounts."""
    department_id = planner_department(change)
    session, problems = change.session, Problems()
    user = await session.get(User, user_id)
    if user is None:
        raise Invalid.on("userId", "用户不存在", code=NOT_FOUND)
    holds_account = await session.scalar(
        select(exists().where(Account.user_id == user.id, Account.department_id == department_id))
    )
    if user.department_id != department_id and not holds_account:
        problems.add("userId", "只能登记本部门的人员")
    certificate = certificate_number.strip().upper()
    if not CERTIFICATE_PATTERN.match(certificate):
        problems.add("certificateNumber", "执法证号应为6到32位字母、数字或连字符")
    elif await session.scalar(select(exists().where(Inspector.certificate_number == certificate))):
        problems.add("certificateNumber", "该执法证号已登记")
    work = field_of_work.strip()
    if not work or len(work) > 100:
        problems.add("field", "执法领域应为1到100个字符")
    if await session.scalar(
        select(
            exists().where(Inspector.user_id == user.id, Inspector.department_id == department_id)
        )
    ):
        problems.add("userId", "该人员已在本部门执法检查人员名录中")
    problems.raise_if_any()
    inspector = Inspector(
        user_id=user.id,
        department_id=department_id,
        name=user.name,
        certificate_number=certificate,
        field=work,
    )
    session.add(inspector)
    await session.flush()
    change.audit(
        operation="inspector.enrol",
        target_type=TARGET_TYPE,
        target_id=inspector.id,
        department_id=department_id,
        after={
            "userId": user.id,
            "name": inspector.name,
            "certificateNumber": certificate,
            "field": work,
        },
    )
    return inspector
