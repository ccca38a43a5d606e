from __future__ import annotations

from collections.abc import Sequence

from hub.loaders.base import ReadLoader, many_per_key, one_per_key
from hub.models import PartnerClient
from hub.queries.partner_clients import departments_of_partner_clients, partner_clients_by_id


class PartnerClientByIdLoader(ReadLoader[int, PartnerClient | None]):
    async def batch_load_fn(self, ids: Sequence[int]) -> list[PartnerClient | None]:
        rows = await self.fetch_all(partner_clients_by_id(self.viewer, ids))
        return one_per_key(ids, rows, lambda client: client.id)


class DepartmentIdsByPartnerClientLoader(ReadLoader[int, list[int]]):
    """The departments a (readable) client is bound to."""

    async def batch_load_fn(self, client_ids: Sequence[int]) -> list[list[int]]:
        rows = await self.fetch_rows(departments_of_partner_clients(client_ids))
        grouped = many_per_key(client_ids, rows, lambda row: int(row[0]))
        return [[int(row[1]) for row in group] for group in grouped]
