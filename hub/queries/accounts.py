"""Statements over accounts, always starting from the viewer's readable rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, or_, select

from hub.auth.permissions import Permission
from hub.auth.policy import readable_accounts
from hub.auth.viewer import Viewer
from hub.db import AnySelect
from hub.models import Account, AccountStatus, PermissionGrant
from hub.pagination import Ordering, PageArgs

ACCOUNTS_BY_NUMBER = Ordering("NUMBER_ASC", Account.number, Account.id, descending=False)


@dataclass(frozen=True, slots=True)
class AccountFilter:
    department_id: int | None = None
    org_unit_id: int | None = None
    status: AccountStatus | None = None

    def conditions(self) -> list[ColumnElement[bool]]:
        conditions: list[ColumnElement[bool]] = []
        if self.department_id is not None:
            conditions.append(Account.department_id == self.department_id)
        if self.org_unit_id is not None:
            conditions.append(Account.org_unit_id == self.org_unit_id)
        if self.status is not None:
            conditions.append(Account.status == self.status)
        return conditions


def _readable(viewer: Viewer, account_filter: AccountFilter) -> list[ColumnElement[bool]]:
    return [readable_accounts(viewer), *account_filter.conditions()]


def accounts_page(viewer: Viewer, account_filter: AccountFilter, page: PageArgs) -> AnySelect:
    return page.apply(select(Account).where(*_readable(viewer, account_filter)))


def accounts_count(viewer: Viewer, account_filter: AccountFilter) -> AnySelect:
    return select(func.count(Account.id)).where(*_readable(viewer, account_filter))


def accounts_by_id(viewer: Viewer, ids: Sequence[int]) -> AnySelect:
    return select(Account).where(readable_accounts(viewer), Account.id.in_(ids))


def accounts_by_number(viewer: Viewer, numbers: Sequence[str]) -> AnySelect:
    return select(Account).where(readable_accounts(viewer), Account.number.in_(numbers))


def accounts_of_users(viewer: Viewer, user_ids: Sequence[int]) -> AnySelect:
    return (
        select(Account)
        .where(readable_accounts(viewer), Account.user_id.in_(user_ids))
        .order_by(Account.number)
    )


def account_numbers(ids: Sequence[int]) -> AnySelect:
    """(id, number): who acted, as the audit trail and grants name them. Account numbers
    are not secret; the accounts themselves stay behind `readable_accounts`."""
    return select(Account.id, Account.number).where(Account.id.in_(ids))


# An account's permissions: granted to it, to its department or to its org unit.
AccountHolder = tuple[int, int, int | None]  # (account id, department id, org unit id)


def grants_to_holders(holders: Sequence[AccountHolder]) -> AnySelect:
    """(permission, account_id, department_id, org_unit_id) of every grant that reaches
    any of the holders, in one statement."""
    account_ids = {account_id for account_id, _, _ in holders}
    department_ids = {department_id for _, department_id, _ in holders}
    unit_ids = {unit_id for _, _, unit_id in holders if unit_id is not None}
    reach = [
        PermissionGrant.account_id.in_(account_ids),
        PermissionGrant.department_id.in_(department_ids),
    ]
    if unit_ids:
        reach.append(PermissionGrant.org_unit_id.in_(unit_ids))
    return select(
        PermissionGrant.permission,
        PermissionGrant.account_id,
        PermissionGrant.department_id,
        PermissionGrant.org_unit_id,
    ).where(or_(*reach))


def permissions_of(
    holder: AccountHolder,
    rows: Sequence[tuple[Permission, int | None, int | None, int | None]],
) -> frozenset[Permission]:
    account_id, department_id, unit_id = holder
    return frozenset(
        permission
        for permission, to_account, to_department, to_unit in rows
        if to_account == account_id
        or to_department == department_id
        or (unit_id is not None and to_unit == unit_id)
    )
