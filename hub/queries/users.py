"""Statements over users, always starting from the viewer's readable rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, or_, select

from hub.auth.policy import readable_users
from hub.auth.viewer import Viewer
from hub.db import AnySelect
from hub.models import Account, User
from hub.pagination import Ordering, PageArgs

USERS_BY_ID = Ordering("ID_ASC", User.id, User.id, descending=False)


@dataclass(frozen=True, slots=True)
class UserFilter:
    # Registered by the department, or holding one of its accounts.
    department_id: int | None = None
    name_contains: str | None = None

    def conditions(self) -> list[ColumnElement[bool]]:
        conditions: list[ColumnElement[bool]] = []
        if self.department_id is not None:
            holders = select(Account.user_id).where(Account.department_id == self.department_id)
            conditions.append(or_(User.department_id == self.department_id, User.id.in_(holders)))
        if self.name_contains is not None:
            conditions.append(User.name.contains(self.name_contains, autoescape=True))
        return conditions


def _readable(viewer: Viewer, user_filter: UserFilter) -> list[ColumnElement[bool]]:
    return [readable_users(viewer), *user_filter.conditions()]


def users_page(viewer: Viewer, user_filter: UserFilter, page: PageArgs) -> AnySelect:
    return page.apply(select(User).where(*_readable(viewer, user_filter)))


def users_count(viewer: Viewer, user_filter: UserFilter) -> AnySelect:
    return select(func.count(User.id)).where(*_readable(viewer, user_filter))


def users_by_id(viewer: Viewer, ids: Sequence[int]) -> AnySelect:
    return select(User).where(readable_users(viewer), User.id.in_(ids))
