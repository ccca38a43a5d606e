from __future__ import annotations

from collections.abc import Sequence

from hub.loaders.base import ReadLoader, many_per_key, one_per_key
from hub.models import SupervisionRecord
from hub.pagination import Page, PageArgs
from hub.queries.records import (
    RecordFilter,
    records_by_id,
    records_count_per_entity,
    records_page_per_entity,
)

EntityRecordsKey = tuple[int, RecordFilter, PageArgs]
EntityCountKey = tuple[int, RecordFilter]


class RecordByIdLoader(ReadLoader[int, SupervisionRecord | None]):
    async def batch_load_fn(self, ids: Sequence[int]) -> list[SupervisionRecord | None]:
        rows = await self.fetch_all(records_by_id(self.viewer, ids))
        return one_per_key(ids, rows, lambda record: record.id)


class RecordPagesByEntityLoader(ReadLoader[EntityRecordsKey, Page[SupervisionRecord]]):
    """A page of each entity's records; keys sharing filter and page args share a statement."""

    async def batch_load_fn(
        self, keys: Sequence[EntityRecordsKey]
    ) -> list[Page[SupervisionRecord]]:
        pages: dict[EntityRecordsKey, Page[SupervisionRecord]] = {}
        for (record_filter, args), group in _group_by_slice(keys).items():
            statement = records_page_per_entity(self.viewer, record_filter, args, group)
            rows = await self.fetch_all(statement)
            for entity_id, entity_rows in zip(
                group, many_per_key(group, rows, _entity_id), strict=True
            ):
                pages[(entity_id, record_filter, args)] = Page.from_overfetch(entity_rows, args)
        return [pages[key] for key in keys]


class RecordCountByEntityLoader(ReadLoader[EntityCountKey, int]):
    async def batch_load_fn(self, keys: Sequence[EntityCountKey]) -> list[int]:
        counts: dict[EntityCountKey, int] = {}
        by_filter: dict[RecordFilter, list[int]] = {}
        for entity_id, record_filter in keys:
            by_filter.setdefault(record_filter, []).append(entity_id)
        for record_filter, entity_ids in by_filter.items():
            statement = records_count_per_entity(self.viewer, record_filter, entity_ids)
            for entity_id, count in await self.fetch_rows(statement):
                counts[(entity_id, record_filter)] = count
        return [counts.get(key, 0) for key in keys]


def _entity_id(record: SupervisionRecord) -> int:
    return record.entity_id or 0


def _group_by_slice(
    keys: Sequence[EntityRecordsKey],
) -> dict[tuple[RecordFilter, PageArgs], list[int]]:
    groups: dict[tuple[RecordFilter, PageArgs], list[int]] = {}
    for entity_id, record_filter, args in keys:
        group = groups.setdefault((record_filter, args), [])
        if entity_id not in group:
            group.append(entity_id)
    return groups
