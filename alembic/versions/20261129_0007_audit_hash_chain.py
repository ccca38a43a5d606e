"""audit hash chain: chain_sequence / previous_hash / hash on audit_events, backfilled;
append-only triggers; access_events (reads of non-public entity data)

Revision ID: 0007
Revises: 0005
Create Date: 2026-11-29 16:00:00

Existing events are backfilled into the chain in id order (their commit order as far as
the database can tell): the chain then covers the whole trail and `hub audit verify` has
no "unhashed" prefix to special-case. Those older events are attested from the moment of
this migration, not from when they were written — an edit made before it is not visible.

The triggers refuse UPDATE and DELETE on audit_events (both backends). They are a guard
against mistakes, not against a database owner, who can drop them: the hash chain is
what makes such an edit visible afterwards. Note that the SET NULL foreign keys of
audit_events mean deleting an account, user, partner client or department that any event
names is now refused; the hub deletes none of them.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

MESSAGE = "audit_events is append-only (全程留痕不可修改或删除)"

PG_FUNCTION = f"""
CREATE FUNCTION audit_events_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql
"""


def upgrade() -> None:
    op.create_table(
        "access_events",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("account_id", BIG_ID, nullable=False),
        sa.Column("entity_id", BIG_ID, nullable=False),
        sa.Column("what", sa.String(length=32), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_access_events_account_id_accounts")
        ),
        sa.ForeignKeyConstraint(
            ["entity_id"],
            ["market_entities.id"],
            name=op.f("fk_access_events_entity_id_market_entities"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_access_events")),
    )
    op.create_index(
        "ix_access_events_entity_id_occurred_at", "access_events", ["entity_id", "occurred_at"]
    )
    op.add_column("audit_events", sa.Column("chain_sequence", sa.BigInteger(), nullable=True))
    op.add_column("audit_events", sa.Column("previous_hash", sa.String(length=64), nullable=True))
    op.add_column("audit_events", sa.Column("hash", sa.String(length=64), nullable=True))
    _backfill()
    op.create_index(
        "ix_audit_events_chain_sequence", "audit_events", ["chain_sequence"], unique=True
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_FUNCTION)
        op.execute(
            "CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events"
            " FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()"
        )
    else:
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_events_no_{action.lower()} BEFORE {action} ON audit_events"
                f" BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
            )


def _backfill() -> None:
    # The hash function is the application's, so the backfilled chain verifies with it.
    from hub.audit_chain import GENESIS_HASH, event_hash

    bind = op.get_bind()
    events = sa.table(
        "audit_events",
        sa.column("id", sa.Integer()),
        sa.column("occurred_at", sa.DateTime(timezone=True)),
        sa.column("account_id", sa.Integer()),
        sa.column("user_id", sa.Integer()),
        sa.column("partner_client_id", sa.Integer()),
        sa.column("department_id", sa.Integer()),
        sa.column("client_address", sa.String()),
        sa.column("operation", sa.String()),
        sa.column("target_type", sa.String()),
        sa.column("target_id", sa.String()),
        sa.column("before", sa.JSON()),
        sa.column("after", sa.JSON()),
        sa.column("chain_sequence", sa.BigInteger()),
        sa.column("previous_hash", sa.String()),
        sa.column("hash", sa.String()),
    )
    rows = bind.execute(sa.select(events).order_by(events.c.id)).mappings().all()
    previous = GENESIS_HASH
    for sequence, row in enumerate(rows, start=1):
        digest = event_hash(
            chain_sequence=sequence,
            occurred_at=row["occurred_at"],
            account_id=row["account_id"],
            user_id=row["user_id"],
            partner_client_id=row["partner_client_id"],
            department_id=row["department_id"],
            client_address=row["client_address"],
            operation=row["operation"],
            target_type=row["target_type"],
            target_id=row["target_id"],
            before=row["before"] or {},
            after=row["after"] or {},
            previous_hash=previous,
        )
        bind.execute(
            events.update()
            .where(events.c.id == row["id"])
            .values(chain_sequence=sequence, previous_hash=previous, hash=digest)
        )
        previous = digest


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_events_append_only ON audit_events")
        op.execute("DROP FUNCTION audit_events_append_only()")
    else:
        op.execute("DROP TRIGGER audit_events_no_update")
        op.execute("DROP TRIGGER audit_events_no_delete")
    op.drop_index("ix_audit_events_chain_sequence", table_name="audit_events")
    op.drop_column("audit_events", "hash")
    op.drop_column("audit_events", "previous_hash")
    op.drop_column("audit_events", "chain_sequence")
    op.drop_index("ix_access_events_entity_id_occurred_at", table_name="access_events")
    op.drop_table("access_events")
