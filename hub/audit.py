"""全程留痕: every change writes one audit event in the transaction that makes it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from hub.audit_chain import ADDED_EVENTS
from hub.auth.viewer import Viewer
from hub.models import AuditEvent
from hub.models.base import utcnow


def record_change(
    session: AsyncSession,
    viewer: Viewer,
    *,
    operation: str,
    target_type: str,
    target_id: int | str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    department_id: int | None = None,
    client_address: str | None = None,
) -> AuditEvent:
    """Add the event to the session; it commits (or rolls back) with the change itself.

        `before`/`after` hold only the fields that changed; mask personal data before passing
        it. `department_id` is whose administrators may read the event (default: the actor's).
    The event is append-only and hash-chained (hub.audit_chain).
    """
    event = change_event(
        viewer,
        operation=operation,
        target_type=target_type,
        target_id=target_id,
        before=before,
        after=after,
        department_id=department_id,
        client_address=client_address,
    )
    add_events(session, [event])
    return event


def change_event(
    viewer: Viewer,
    *,
    operation: str,
    target_type: str,
    target_id: int | str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    department_id: int | None = None,
    client_address: str | None = None,
) -> AuditEvent:
    """The event of a change, not yet added: for a batch that adds its events together, in
    order, after its last row (`add_events`)."""
    return AuditEvent(
        occurred_at=utcnow(),
        account_id=viewer.account_id,
        user_id=viewer.user_id,
        partner_client_id=viewer.partner_client_id,
        department_id=department_id if department_id is not None else viewer.department_id,
        client_address=client_address,
        operation=operation,
        target_type=target_type,
        target_id=str(target_id),
        before=before or {},
        after=after or {},
    )


def add_events(session: AsyncSession, events: Sequence[AuditEvent]) -> None:
    session.add_all(events)
    # Their places in the hash chain are assigned at flush, in this order, under the chain
    # lock (hub.audit_chain).
    session.info.setdefault(ADDED_EVENTS, []).extend(events)


def changed_fields(
    before: dict[str, Any], after: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The subset of two snapshots that differs, as (before, after)."""
    keys = [key for key in after if before.get(key) != after.get(key)]
    return {key: before.get(key) for key in keys}, {key: after[key] for key in keys}
