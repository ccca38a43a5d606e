"""Intake from the national complaint feed, through the connector framework.

`pull_complaints` asks the feed (the `complaint_feed` dataset of the connectors file: its
key is the feed's cursor) for the complaints after the stored cursor, page by page until a
page comes back empty. Each page is stored in one transaction: its new complaints
(idempotent by external id: a complaint already stored is skipped), their association with
an entity, their dispatch by the rules, and the advanced cursor. A pull that fails half-way
has stored whole pages only and resumes after the last of them.

Audit: one event per received complaint (`complaint.receive`, in the page's transaction),
not one per page: each complaint's trail then starts with how it was associated and where
it was dispatched, and a page with nothing new writes nothing. The feed acts as no
account, so these events name none.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from connectors import Connector, ConnectorRegistry, DatasetConfig, PartnerError
from connectors.transports import dig
from hub.auth.viewer import Viewer, ViewerKind
from hub.collection.changes import Change
from hub.complaints.dispatch import apply_dispatch, case_of, choose_departments
from hub.complaints.matching import Association, Subject, associate
from hub.db import SessionFactory
from hub.models import (
    Complaint,
    ComplaintCandidate,
    ComplaintFeedCursor,
    EntityMatch,
    Region,
)
from hub.reference import PROVINCE_CODE

logger = logging.getLogger(__name__)

FEED_DATASET = "complaint_feed"
FEED_START = "0"
# The feed is no account: events it causes name none.
FEED_VIEWER = Viewer(ViewerKind.PUBLIC)
TARGET_TYPE = "Complaint"


class ComplaintFeedUnavailable(Exception):
    """No connector provides the feed, or the feed did not answer (after retries)."""


@dataclass
class PullReport:
    pages: int = 0
    received: int = 0
    already_known: int = 0
    dispatched: int = 0
    awaiting_confirmation: int = 0
    cursor: str = FEED_START


@asynccontextmanager
async def feed_transaction(session_factory: SessionFactory) -> AsyncIterator[Change]:
    """One page's write transaction (IMMEDIATE on SQLite, as `write_transaction` explains)."""
    async with session_factory() as session, session.begin():
        if session.get_bind().dialect.name == "sqlite":
            await session.execute(text("BEGIN IMMEDIATE"))
        yield Change(session, FEED_VIEWER)


async def stored_cursor(session: AsyncSession, *, lock: bool = False) -> str:
    statement = select(ComplaintFeedCursor.cursor).where(ComplaintFeedCursor.feed == FEED_DATASET)
    if lock:
        statement = statement.with_for_update()
    return (await session.scalar(statement)) or FEED_START


async def pull_complaints(
    session_factory: SessionFactory, registry: ConnectorRegistry, *, max_pages: int | None = None
) -> PullReport:
    connector = registry.provider(FEED_DATASET)
    if connector is None:
        raise ComplaintFeedUnavailable(f"连接器配置中没有提供 {FEED_DATASET} 数据集的投诉数据源")
    dataset = connector.config.datasets[FEED_DATASET]
    report = PullReport()
    while max_pages is None or report.pages < max_pages:
        async with session_factory() as session:
            cursor = await stored_cursor(session)
        try:
            items = await connector.call(_fetcher(connector, dataset, cursor))
        except PartnerError as error:
            raise ComplaintFeedUnavailable(f"投诉数据源不可用：{error}") from error
        report.cursor = cursor
        if not items:
            break
        page = [{name: dig(item, path) for name, path in dataset.fields.items()} for item in items]
        await store_page(session_factory, page, cursor, report)
        report.pages += 1
    return report


def _fetcher(
    connector: Connector, dataset: DatasetConfig, cursor: str
) -> Callable[[], Awaitable[list[dict[str, Any]]]]:
    """One attempt at the page after `cursor`; the connector retries it as its policy says."""

    async def fetch() -> list[dict[str, Any]]:
        return await connector.transport.fetch(dataset, [cursor])

    return fetch


async def store_page(
    session_factory: SessionFactory,
    page: Sequence[dict[str, Any]],
    cursor: str,
    report: PullReport,
) -> None:
    async with feed_transaction(session_factory) as change:
        session = change.session
        if await stored_cursor(session, lock=True) != cursor:
            # Another pull stored this page meanwhile; the next round reads after it.
            return
        complaints = await _new_complaints(change, page, report)
        associations = await associate(session, [_subject(c) for c, _ in complaints])
        cases = [
            case_of(complaint, association.entity_region_code)
            for (complaint, _item), association in zip(complaints, associations, strict=True)
        ]
        dispatches = await choose_departments(session, cases)
        for (complaint, _item), association, dispatch in zip(
            complaints, associations, dispatches, strict=True
        ):
            _associate(complaint, association)
            if association.match is EntityMatch.PENDING:
                report.awaiting_confirmation += 1
            elif dispatch is not None:
                apply_dispatch(complaint, dispatch, change.now)
                report.dispatched += 1
            session.add(complaint)
        await session.flush()
        for (complaint, _item), association in zip(complaints, associations, strict=True):
            session.add_all(
                ComplaintCandidate(
                    complaint_id=complaint.id,
                    entity_id=candidate.entity_id,
                    score=candidate.score,
                    rank=rank,
                )
                for rank, candidate in enumerate(association.candidates, start=1)
            )
            change.audit(
                operation="complaint.receive",
                target_type=TARGET_TYPE,
                target_id=complaint.id,
                department_id=complaint.department_id,
                after=receipt_snapshot(complaint, len(association.candidates)),
            )
        report.received += len(complaints)
        next_cursor = str(page[-1].get("cursor") or cursor)
        await _advance(session, next_cursor, change.now)
        report.cursor = next_cursor


def receipt_snapshot(complaint: Complaint, candidates: int) -> dict[str, Any]:
    """What the audit keeps of a received complaint: no complainant data."""
    return {
        "externalId": complaint.external_id,
        "status": complaint.status.value,
        "entityMatch": complaint.entity_match.value if complaint.entity_match else None,
        "entityId": complaint.entity_id,
        "candidates": candidates,
        "departmentId": complaint.department_id,
        "dispatchRuleId": complaint.dispatch_rule_id,
    }


async def _new_complaints(
    change: Change, page: Sequence[dict[str, Any]], report: PullReport
) -> list[tuple[Complaint, dict[str, Any]]]:
    session = change.session
    external_ids = [str(item["external_id"]) for item in page if item.get("external_id")]
    known = set(
        await session.scalars(
            select(Complaint.external_id).where(Complaint.external_id.in_(external_ids))
        )
    )
    region_codes = {str(item["region_code"]) for item in page if item.get("region_code")}
    regions = set(await session.scalars(select(Region.code).where(Region.code.in_(region_codes))))
    complaints: list[tuple[Complaint, dict[str, Any]]] = []
    seen: set[str] = set()
    for item in page:
        external_id = str(item.get("external_id") or "")
        if not external_id or external_id in known or external_id in seen:
            report.already_known += 1
            continue
        seen.add(external_id)
        complaints.append((_complaint(item, regions, change.now), item))
    return complaints


def _text(value: Any, limit: int | None = None) -> str | None:
    if value is None or not str(value).strip():
        return None
    found = str(value).strip()
    return found[:limit] if limit is not None else found


def _received_at(value: Any, now: datetime) -> datetime:
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        return now
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def _complaint(item: dict[str, Any], known_regions: set[str], now: datetime) -> Complaint:
    region = _text(item.get("region_code"))
    summary = _text(item.get("summary"), 200) or "（未填写投诉事由）"
    return Complaint(
        external_id=str(item["external_id"])[:64],
        region_code=region if region in known_regions else PROVINCE_CODE,
        received_at=_received_at(item.get("received_at"), now),
        subject=summary,
        content=_text(item.get("content")) or summary,
        complainant_name=_text(item.get("complainant_name"), 64) or "匿名",
        complainant_phone=_text(item.get("complainant_phone"), 32),
        category=_text(item.get("category"), 32),
        channel=_text(item.get("channel"), 32),
        subject_name=_text(item.get("subject_name"), 200),
        subject_uscc=_text(item.get("subject_uscc"), 32),
    )


def _subject(complaint: Complaint) -> Subject:
    return Subject(complaint.subject_uscc, complaint.subject_name, complaint.region_code)


def _associate(complaint: Complaint, association: Association) -> None:
    complaint.entity_match = association.match
    if association.entity_id is not None:
        complaint.entity_id = association.entity_id
        if association.entity_region_code is not None:
            complaint.region_code = association.entity_region_code


async def _advance(session: AsyncSession, cursor: str, now: datetime) -> None:
    row = await session.get(ComplaintFeedCursor, FEED_DATASET)
    if row is None:
        session.add(ComplaintFeedCursor(feed=FEED_DATASET, cursor=cursor, pulled_at=now))
    else:
        row.cursor = cursor
        row.pulled_at = now


class ComplaintFeedPoller:
    """Pulls the feed every `interval` seconds while the server runs; a failed pull is
    logged and tried again at the next tick, never taken down with the server."""

    def __init__(
        self, session_factory: SessionFactory, registry: ConnectorRegistry, interval: float
    ) -> None:
        self.session_factory = session_factory
        self.registry = registry
        self.interval = interval
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="complaint feed poller")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        while True:
            try:
                report = await pull_complaints(self.session_factory, self.registry)
                if report.received:
                    logger.info("complaint feed: %d new complaints", report.received)
            except Exception:
                logger.exception("complaint feed pull failed; trying again later")
            await asyncio.sleep(self.interval)
