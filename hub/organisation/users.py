"""用户: the real, named people (实名制) a department administrator registers."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from hub.auth.directives import Mask
from hub.auth.masks import mask_value
from hub.models import User
from hub.organisation.authority import require_department_administrator
from hub.organisation.change import Change
from hub.organisation.refusals import CONFLICT, Refused


def masked_personal_data(user: User) -> dict[str, Any]:
    """How a user's personal data appears in the audit trail."""
    return {
        "name": user.name,
        "idNumber": None if user.id_number is None else mask_value(Mask.ID_NUMBER, user.id_number),
        "phone": None if user.phone is None else mask_value(Mask.PHONE, user.phone),
    }


async def create_user(change: Change, *, name: str, id_number: str, phone: str | None) -> User:
    """A person registered by the administrator's department (which owns their personal
    data). One ID number, one user: a person already registered elsewhere is assigned
    accounts by ID number and name instead."""
    require_department_administrator(change.viewer)
    session = change.session
    if await session.scalar(select(User.id).where(User.id_number == id_number)) is not None:
        raise Refused(
            "该身份证号已登记，请按身份证号和姓名分配账号", field="idNumber", code=CONFLICT
        )
    user = User(
        name=name, id_number=id_number, phone=phone, department_id=change.viewer.department_id
    )
    session.add(user)
    await session.flush()
    change.record(
        operation="user.create",
        target_type="User",
        target_id=user.id,
        department_id=user.department_id,
        after=masked_personal_data(user),
    )
    return user
