from __future__ import annotations

from collections.abc import Sequence

from hub.loaders.base import ReadLoader, many_per_key, one_per_key
from hub.models import Complaint, ComplaintCandidate
from hub.pagination import Page, PageArgs
from hub.queries.complaints import (
    candidates_of,
    complaints_by_id,
    complaints_count_per_entity,
    complaints_page_per_entity,
)


class ComplaintPagesByEntityLoader(ReadLoader[tuple[int, PageArgs], Page[Complaint]]):
    async def batch_load_fn(self, keys: Sequence[tuple[int, PageArgs]]) -> list[Page[Complaint]]:
        pages: dict[tuple[int, PageArgs], Page[Complaint]] = {}
        by_args: dict[PageArgs, list[int]] = {}
        for entity_id, args in keys:
            by_args.setdefault(args, []).append(entity_id)
        for args, entity_ids in by_args.items():
            rows = await self.fetch_all(complaints_page_per_entity(self.viewer, args, entity_ids))
            grouped = many_per_key(entity_ids, rows, lambda complaint: complaint.entity_id or 0)
            for entity_id, entity_rows in zip(entity_ids, grouped, strict=True):
                pages[(entity_id, args)] = Page.from_overfetch(entity_rows, args)
        return [pages[key] for key in keys]


class ComplaintCountByEntityLoader(ReadLoader[int, int]):
    async def batch_load_fn(self, entity_ids: Sequence[int]) -> list[int]:
        rows = await self.fetch_rows(complaints_count_per_entity(self.viewer, entity_ids))
        counts: dict[int, int] = dict(rows)
        return [counts.get(entity_id, 0) for entity_id in entity_ids]


class ComplaintByIdLoader(ReadLoader[int, Complaint | None]):
    async def batch_load_fn(self, ids: Sequence[int]) -> list[Complaint | None]:
        rows = await self.fetch_all(complaints_by_id(self.viewer, ids))
        return one_per_key(ids, rows, lambda complaint: complaint.id)


class CandidatesByComplaintLoader(ReadLoader[int, list[ComplaintCandidate]]):
    """Candidates of complaints already read through the viewer's readable rows."""

    async def batch_load_fn(self, complaint_ids: Sequence[int]) -> list[list[ComplaintCandidate]]:
        rows = await self.fetch_all(candidates_of(complaint_ids))
        return many_per_key(complaint_ids, rows, lambda candidate: candidate.complaint_id)
