from __future__ import annotations

from collections.abc import Sequence

from hub.auth.permissions import Permission
from hub.loaders.base import ReadLoader, many_per_key, one_per_key
from hub.models import Account
from hub.queries.accounts import (
    AccountHolder,
    account_numbers,
    accounts_by_id,
    accounts_of_users,
    grants_to_holders,
    permissions_of,
)


class AccountByIdLoader(ReadLoader[int, Account | None]):
    async def batch_load_fn(self, ids: Sequence[int]) -> list[Account | None]:
        rows = await self.fetch_all(accounts_by_id(self.viewer, ids))
        return one_per_key(ids, rows, lambda account: account.id)


class AccountsByUserIdLoader(ReadLoader[int, list[Account]]):
    async def batch_load_fn(self, user_ids: Sequence[int]) -> list[list[Account]]:
        rows = await self.fetch_all(accounts_of_users(self.viewer, user_ids))
        return many_per_key(user_ids, rows, lambda account: account.user_id or 0)


class AccountNumberByIdLoader(ReadLoader[int, str | None]):
    """Who acted (audit events, grants): the number only, whoever reads."""

    async def batch_load_fn(self, ids: Sequence[int]) -> list[str | None]:
        numbers: dict[int, str] = dict(await self.fetch_rows(account_numbers(ids)))
        return [numbers.get(account_id) for account_id in ids]


class PermissionsByAccountLoader(ReadLoader[AccountHolder, frozenset[Permission]]):
    """Effective permissions: granted to the account, its department or its org unit."""

    async def batch_load_fn(self, holders: Sequence[AccountHolder]) -> list[frozenset[Permission]]:
        rows = [tuple(row) for row in await self.fetch_rows(grants_to_holders(holders))]
        return [permissions_of(holder, rows) for holder in holders]
