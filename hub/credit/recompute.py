"""Evaluations follow the records: whatever code changes a supervision record or a
complaint through the ORM, the entities concerned are re-evaluated in the same
transaction, just before it commits — one set-based pass, however many rows changed.

The collection code knows nothing of this: a listener on every ORM session collects, at
each flush, the entity ids of changed SupervisionRecord / Complaint rows (the old entity
too when a row moved) and of newly created entities, and `before_commit` recomputes
them. Bulk loads that bypass the ORM (the demo loader, `hub import`) finish with
`hub credit recompute --all`.
"""

from __future__ import annotations

from typing import Any, Final

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session, UOWTransaction

from hub.credit import engine
from hub.models import Complaint, MarketEntity, SupervisionRecord

PENDING: Final = "credit_pending_entity_ids"
WATCHED: Final = (SupervisionRecord, Complaint)


def _entity_ids(instance: Any) -> set[int]:
    ids = {instance.entity_id} if instance.entity_id is not None else set()
    history = inspect(instance).attrs.entity_id.history
    ids.update(old for old in history.deleted or () if old is not None)
    return ids


def _collect(session: Session, _flush: UOWTransaction) -> None:
    changed = [
        instance
        for instance in (*session.new, *session.dirty, *session.deleted)
        if isinstance(instance, WATCHED)
    ]
    # A newly registered entity starts with its evaluation too (the base score), so every
    # entity of the directory carries a grade.
    registered = [instance.id for instance in session.new if isinstance(instance, MarketEntity)]
    if not changed and not registered:
        return
    pending: set[int] = session.info.setdefault(PENDING, set())
    pending.update(registered)
    for instance in changed:
        pending.update(_entity_ids(instance))


def _recompute_before_commit(session: Session) -> None:
    # Flush first: the changes of this transaction must be in the statement's view.
    session.flush()
    pending: set[int] | None = session.info.pop(PENDING, None)
    if pending:
        engine.recompute(session, pending)


def _forget(session: Session, _previous: Any = None) -> None:
    session.info.pop(PENDING, None)


def install() -> None:
    """Idempotent; called when hub.credit.recompute is imported."""
    if not event.contains(Session, "after_flush", _collect):
        event.listen(Session, "after_flush", _collect)
        event.listen(Session, "before_commit", _recompute_before_commit)
        event.listen(Session, "after_rollback", _forget)


install()
