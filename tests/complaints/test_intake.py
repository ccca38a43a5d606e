"""Intake from the stand-in national complaint feed over real HTTP: incremental by cursor,
idempotent by external id, one transaction and one audit event per complaint per page,
entities associated by USCC, exact name or fuzzy name (candidates kept when unsure)."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from hub.complaints.intake import FEED_DATASET, ComplaintFeedPoller, ComplaintFeedUnavailable
from hub.complaints.matching import distinctive_part
from hub.db import SessionFactory
from hub.models import (
    AuditEvent,
    Complaint,
    ComplaintCandidate,
    ComplaintFeedCursor,
    ComplaintStatus,
    EntityMatch,
    MarketEntity,
)
from tests.complaints.conftest import FEED_TOML, Feed, external_id, shared_prefix


async def _entities(session_factory: SessionFactory, region: str, count: int) -> list[MarketEntity]:
    async with session_factory() as session:
        rows = await session.scalars(
            select(MarketEntity)
            .where(MarketEntity.region_code == region)
            .order_by(MarketEntity.uscc.desc())
            .limit(count)
        )
        return list(rows)


async def _receipts(session_factory: SessionFactory) -> int:
    async with session_factory() as session:
        count = await session.scalar(
            select(func.count()).where(AuditEvent.operation == "complaint.receive")
        )
        return int(count or 0)


async def test_each_pull_gets_only_new_complaints_and_a_re_pull_stores_nothing_twice(
    feed: Feed, session_factory: SessionFactory
) -> None:
    # given the feed is read up to now, then 30 complaints arrive
    await feed.pull()
    receipts = await _receipts(session_factory)
    await feed.generate(30)
    # when the hub pulls (pages of 20)
    first = await feed.pull()
    # then it stored all 30 in two pages, one audit event each, and advanced its cursor
    assert (first.received, first.pages) == (30, 2)
    assert await _receipts(session_factory) == receipts + 30
    # when it pulls again, nothing is new and the feed is asked only after its cursor
    again = await feed.pull()
    assert (again.received, again.pages) == (0, 0)
    # when 15 more arrive, only those are stored
    await feed.generate(15)
    more = await feed.pull()
    assert more.received == 15
    # when the cursor is lost and everything is read again, nothing is stored twice
    async with session_factory() as session, session.begin():
        await session.execute(
            update(ComplaintFeedCursor)
            .where(ComplaintFeedCursor.feed == FEED_DATASET)
            .values(cursor="0")
        )
    replay = await feed.pull()
    assert replay.received == 0
    assert replay.already_known >= 45
    assert await _receipts(session_factory) == receipts + 45


async def test_association_by_uscc_exact_name_and_confident_fuzzy_name(
    feed: Feed, session_factory: SessionFactory
) -> None:
    # given three city-level entities of 沈阳市
    by_uscc, by_name, by_fuzzy = await _entities(session_factory, "210100", 3)
    ids = [external_id("uscc"), external_id("exact"), external_id("fuzzy")]
    await feed.publish(id=ids[0], subjectUscc=by_uscc.uscc.lower(), subjectName="不相干的名字")
    await feed.publish(id=ids[1], subjectName=by_name.name)
    await feed.publish(id=ids[2], subjectName=distinctive_part(by_fuzzy.name))
    # and one whose USCC fails the check: the name decides
    bad = external_id("bad-uscc")
    await feed.publish(id=bad, subjectUscc="91350100M000100Y44", subjectName=by_name.name)
    # when pulled
    report = await feed.pull()
    # then each is associated the way it could be, and dispatched (city-level entity:
    # the default rule's city department)
    assert report.received == 4
    expected = [
        (ids[0], by_uscc, EntityMatch.USCC),
        (ids[1], by_name, EntityMatch.EXACT_NAME),
        (ids[2], by_fuzzy, EntityMatch.FUZZY_NAME),
        (bad, by_name, EntityMatch.EXACT_NAME),
    ]
    for external, entity, match in expected:
        complaint = await feed.complaint(external)
        assert (complaint.entity_id, complaint.entity_match) == (entity.id, match), external
        assert complaint.status is ComplaintStatus.DISPATCHED
        assert complaint.region_code == "210100"
        assert complaint.deadline_at is not None


async def test_an_unsure_match_waits_with_scored_candidates(
    feed: Feed, session_factory: SessionFactory
) -> None:
    # given a complaint naming only what several entities share
    prefix = await shared_prefix(session_factory)
    external = external_id("pending")
    await feed.publish(id=external, subjectName=prefix)
    # when pulled
    report = await feed.pull()
    # then it waits, undispatched, with at least two scored candidates, best first
    assert report.awaiting_confirmation == 1
    complaint = await feed.complaint(external)
    assert complaint.entity_match is EntityMatch.PENDING
    assert complaint.status is ComplaintStatus.RECEIVED
    assert complaint.department_id is None
    async with session_factory() as session:
        candidates = list(
            await session.scalars(
                select(ComplaintCandidate)
                .where(ComplaintCandidate.complaint_id == complaint.id)
                .order_by(ComplaintCandidate.rank)
            )
        )
    assert len(candidates) >= 2
    assert [c.rank for c in candidates] == list(range(1, len(candidates) + 1))
    assert candidates[0].score >= candidates[-1].score >= 60


async def test_a_subject_nobody_resembles_is_not_found_and_dispatched_by_region(
    feed: Feed,
) -> None:
    external = external_id("nobody")
    await feed.publish(id=external, subjectName="路边流动摊贩", regionCode="210102")
    await feed.pull()
    complaint = await feed.complaint(external)
    assert complaint.entity_match is EntityMatch.NOT_FOUND
    assert complaint.entity_id is None
    # the default rule: the county's market-supervision department
    assert complaint.status is ComplaintStatus.DISPATCHED
    assert complaint.region_code == "210102"


async def test_an_unavailable_feed_stores_nothing_and_the_next_pull_resumes(feed: Feed) -> None:
    # given a new complaint, and a feed that fails every attempt of the next pull
    await feed.pull()
    await feed.publish(id=external_id("later"))
    await feed.stand_in.control(fail_next=5)
    # when the pull runs, it fails whole
    with pytest.raises(ComplaintFeedUnavailable):
        await feed.pull()
    # then the next pull gets the complaint
    await feed.stand_in.reset()
    assert (await feed.pull()).received == 1


async def test_the_server_pulls_in_the_background(feed: Feed) -> None:
    # given the feed read up to now, a poller every 50 ms, and a new complaint
    await feed.pull()
    poller = ComplaintFeedPoller(feed.session_factory, feed.registry, interval=0.05)
    poller.start()
    external = external_id("poller")
    try:
        await feed.publish(id=external)
        # when some ticks pass, then the complaint is stored
        for _ in range(100):
            await asyncio.sleep(0.05)
            async with feed.session_factory() as session:
                found = await session.scalar(
                    select(func.count()).where(Complaint.external_id == external)
                )
            if found:
                break
        assert found == 1
    finally:
        await poller.stop()


async def test_the_pull_command(feed: Feed, database_url: str, tmp_path: Path) -> None:
    # given a connectors file naming the stand-in feed, and a new complaint
    await feed.pull()
    connectors = tmp_path / "connectors.toml"
    connectors.write_text(FEED_TOML.format(url=feed.stand_in.url, limit=20), encoding="utf-8")
    external = external_id("command")
    await feed.publish(id=external)
    # when `hub complaints pull` runs
    environment = {
        **os.environ,
        "HUB_DATABASE_URL": database_url,
        "HUB_CONNECTORS_FILE": str(connectors),
    }
    process = await asyncio.create_subprocess_exec(
        str(Path(sys.executable).parent / "hub"), "complaints", "pull",
        env=environment, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _stdout, stderr = await asyncio.wait_for(process.communicate(), timeout=120)
    # then it reports what it stored, and the complaint is there
    assert process.returncode == 0, stderr.decode()
    assert "新投诉 1 件" in stderr.decode()
    assert (await feed.complaint(external)).external_id == external
