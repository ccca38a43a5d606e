"""全程留痕, tamper-evident: the audit events form one SHA-256 hash chain.

Each event carries `chain_sequence` (1, 2, 3, … in commit order), `previous_hash` (the
hash of the event before it; "" for the first) and `hash`: SHA-256 over a canonical JSON
of its content and `previous_hash`. Altering, deleting or inserting a row directly in
the database breaks either its own hash or the next event's link, and `hub audit verify`
names the first event where that happens.

Why appends are serialised: the chain is well-defined only if no two transactions read
the same "last hash". The hash is assigned when the event is flushed (`before_flush`),
inside the mutation's transaction, after taking a lock held until that transaction ends:
- PostgreSQL: `pg_advisory_xact_lock(AUDIT_CHAIN_LOCK)`. A second writer waits at the
  lock until the first commits or rolls back, then reads the committed last hash (READ
  COMMITTED takes a fresh snapshot per statement), so chain order is commit order.
- SQLite: the driver opens the transaction lazily at the first write, so a read of the
  last hash could happen before the write lock. A no-op write (`UPDATE … WHERE 0`) is
  sent first: it takes SQLite's single RESERVED (writer) lock, held to the end.
The lock costs one round trip per mutating transaction. It is held from the first flush
of an audit event to the end of the transaction, so a long transaction (a bulk import)
holds up other mutations' audit writes for its duration: record such an import's events
late in its transaction, or in one final flush.

Not detectable by the chain alone: removing the newest events (truncating the tail);
compare the count `verify` reports with an out-of-band copy for that.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import AsyncGenerator
from contextlib import aclosing
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import event, select, text
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.orm import Session, UOWTransaction

from hub.models import AuditEvent
from hub.models.base import utcnow

# The advisory-lock key of the audit chain (any constant the hub uses for nothing else).
AUDIT_CHAIN_LOCK = 7_2026_1129
GENESIS_HASH = ""
# session.info key: the audit events record_change added, in order.
ADDED_EVENTS = "hub.audit_chain.added"


def canonical_time(value: datetime) -> str:
    """UTC, no offset, microseconds: what both backends return for the stored value
    (SQLite hands back naive datetimes, PostgreSQL aware ones)."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.isoformat(timespec="microseconds")


def event_hash(
    *,
    chain_sequence: int,
    occurred_at: datetime,
    account_id: int | None,
    user_id: int | None,
    partner_client_id: int | None,
    department_id: int | None,
    client_address: str | None,
    operation: str,
    target_type: str,
    target_id: str,
    before: dict[str, Any],
    after: dict[str, Any],
    previous_hash: str,
) -> str:
    content = {
        "sequence": chain_sequence,
        "occurred_at": canonical_time(occurred_at),
        "account_id": account_id,
        "user_id": user_id,
        "partner_client_id": partner_client_id,
        "department_id": department_id,
        "client_address": client_address,
        "operation": operation,
        "target_type": target_type,
        "target_id": target_id,
        "before": before,
        "after": after,
        "previous_hash": previous_hash,
    }
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def hash_of(row: AuditEvent) -> str:
    assert row.chain_sequence is not None
    return event_hash(
        chain_sequence=row.chain_sequence,
        occurred_at=row.occurred_at,
        account_id=row.account_id,
        user_id=row.user_id,
        partner_client_id=row.partner_client_id,
        department_id=row.department_id,
        client_address=row.client_address,
        operation=row.operation,
        target_type=row.target_type,
        target_id=row.target_id,
        before=row.before,
        after=row.after,
        previous_hash=row.previous_hash or GENESIS_HASH,
    )


def _lock_chain(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": AUDIT_CHAIN_LOCK})
    else:
        session.execute(text("UPDATE audit_events SET id = id WHERE 0"))


@event.listens_for(Session, "before_flush")
def _chain_new_events(session: Session, _flush: UOWTransaction, _instances: Any) -> None:
    """Give every new audit event of this flush its place in the chain, in the order
    record_change added them."""
    pending = {id(obj): obj for obj in session.new if isinstance(obj, AuditEvent)}
    added: list[AuditEvent] = session.info.get(ADDED_EVENTS, [])
    new = [obj for obj in added if pending.pop(id(obj), None) is not None]
    new += pending.values()  # added without record_change: after, in any order
    session.info[ADDED_EVENTS] = []
    if not new:
        return
    _lock_chain(session)
    last = session.execute(
        select(AuditEvent.chain_sequence, AuditEvent.hash)
        .where(AuditEvent.chain_sequence.is_not(None))
        .order_by(AuditEvent.chain_sequence.desc())
        .limit(1)
    ).first()
    sequence = 0 if last is None else int(last[0] or 0)
    previous = GENESIS_HASH if last is None else str(last[1] or GENESIS_HASH)
    for obj in new:
        sequence += 1
        if obj.occurred_at is None:
            obj.occurred_at = utcnow()
        obj.before = obj.before or {}
        obj.after = obj.after or {}
        obj.chain_sequence = sequence
        obj.previous_hash = previous
        obj.hash = hash_of(obj)
        previous = obj.hash


VERIFY_BATCH = 500


@dataclass(frozen=True, slots=True)
class ChainReport:
    count: int
    # The first event whose hash or link does not match, and why.
    broken_event_id: int | None = None
    problem: str | None = None

    @property
    def intact(self) -> bool:
        return self.broken_event_id is None


async def _stream(engine: AsyncEngine) -> AsyncGenerator[AuditEvent]:
    """The chain in sequence order, then (if any) the first event never chained. Read in
    keyset batches, each forgotten before the next, so memory stays constant. (A streamed
    result cannot be used here: forgetting its rows mid-stream invalidates the identity
    map it still loads into.)"""
    from hub.db import create_session_factory

    async with create_session_factory(engine)() as session:
        after = 0
        while True:
            batch = (
                await session.scalars(
                    select(AuditEvent)
                    .where(AuditEvent.chain_sequence > after)
                    .order_by(AuditEvent.chain_sequence)
                    .limit(VERIFY_BATCH)
                )
            ).all()
            for row in batch:
                yield row
            if len(batch) < VERIFY_BATCH:
                break
            after = batch[-1].chain_sequence or after
            session.expunge_all()
        unchained = await session.scalar(
            select(AuditEvent)
            .where(AuditEvent.chain_sequence.is_(None))
            .order_by(AuditEvent.id)
            .limit(1)
        )
        if unchained is not None:
            yield unchained


async def verify_chain(engine: AsyncEngine) -> ChainReport:
    """Walk the whole chain in sequence order, holding one batch in memory at a time."""
    count = 0
    previous = GENESIS_HASH
    expected_sequence = 1
    async with aclosing(_stream(engine)) as rows:
        async for row in rows:
            report = _check(row, count, previous, expected_sequence)
            if report is not None:
                return report
            count += 1
            previous = row.hash or GENESIS_HASH
            expected_sequence += 1
    return ChainReport(count)


def _check(
    row: AuditEvent, count: int, previous: str, expected_sequence: int
) -> ChainReport | None:
    if row.chain_sequence is None or row.hash is None:
        return ChainReport(count, row.id, "未入链（无哈希），可能为直接插入的记录")
    if row.chain_sequence != expected_sequence or (row.previous_hash or "") != previous:
        return ChainReport(count, row.id, "链接断裂：前一条记录被删除或插入了记录")
    if hash_of(row) != row.hash:
        return ChainReport(count, row.id, "哈希不符：记录内容被改动")
    return None
