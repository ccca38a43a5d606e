from __future__ import annotations

from collections.abc import Sequence

from hub.loaders.base import ReadLoader, one_per_key
from hub.models import User
from hub.queries.users import users_by_id


class UserByIdLoader(ReadLoader[int, User | None]):
    async def batch_load_fn(self, ids: Sequence[int]) -> list[User | None]:
        rows = await self.fetch_all(users_by_id(self.viewer, ids))
        return one_per_key(ids, rows, lambda user: user.id)
