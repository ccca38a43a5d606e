"""Writing outbox messages, in the transaction of the change they announce."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from hub.collection.national import national_payload
from hub.models import Department, OutboxChange, OutboxMessage, SupervisionRecord


async def enqueue(
    session: AsyncSession,
    record: SupervisionRecord,
    department: Department,
    change: OutboxChange,
) -> OutboxMessage:
    """Call after the record's flush, so the message carries the version it describes."""
    message = OutboxMessage(
        record_id=record.id,
        record_version=record.version,
        change=change,
        payload=national_payload(record, department),
    )
    session.add(message)
    await session.flush()
    return message
