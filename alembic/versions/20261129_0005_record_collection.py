"""record collection: soft delete, revocation, partner record ids, the outbox, withdrawn
announcements

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 14:00:00

Columns are added in place (ALTER TABLE ADD COLUMN) on both backends: on SQLite a batch
rebuild of supervision_records would drop the table its kind tables cascade from.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.add_column(
        "supervision_records",
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.add_column("supervision_records", sa.Column("revocation_reason", sa.Text(), nullable=True))
    op.add_column(
        "supervision_records",
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
    )
    if op.get_bind().dialect.name == "sqlite":
        # SQLite alters no constraint, but takes a REFERENCES clause with a new column.
        op.execute(
            "ALTER TABLE supervision_records ADD COLUMN partner_client_id INTEGER"
            " CONSTRAINT fk_supervision_records_partner_client_id_partner_clients"
            " REFERENCES partner_clients (id)"
        )
    else:
        op.add_column(
            "supervision_records",
            sa.Column("partner_client_id", BIG_ID, nullable=True),
        )
        op.create_foreign_key(
            op.f("fk_supervision_records_partner_client_id_partner_clients"),
            "supervision_records",
            "partner_clients",
            ["partner_client_id"],
            ["id"],
        )
    op.add_column(
        "supervision_records",
        sa.Column("partner_record_id", sa.String(length=100), nullable=True),
    )
    op.create_index(
        "ix_supervision_records_partner_client_id_partner_record_id",
        "supervision_records",
        ["partner_client_id", "partner_record_id"],
        unique=True,
    )
    op.add_column(
        "announcements",
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        "outbox_messages",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("record_id", BIG_ID, nullable=False),
        sa.Column("record_version", sa.Integer(), nullable=False),
        sa.Column(
            "change",
            sa.Enum(
                "PUBLISHED",
                "UPDATED",
                "REVOKED",
                "WITHDRAWN",
                name="outboxchange",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "payload",
            sa.JSON().with_variant(sa.dialects.postgresql.JSONB(), "postgresql"),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["supervision_records.id"],
            name=op.f("fk_outbox_messages_record_id_supervision_records"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_messages")),
    )
    op.create_index(
        "ix_outbox_messages_delivered_at_next_attempt_at",
        "outbox_messages",
        ["delivered_at", "next_attempt_at"],
        unique=False,
    )
    op.create_index(
        op.f("ix_outbox_messages_record_id"), "outbox_messages", ["record_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_outbox_messages_record_id"), table_name="outbox_messages")
    op.drop_index("ix_outbox_messages_delivered_at_next_attempt_at", table_name="outbox_messages")
    op.drop_table("outbox_messages")
    op.drop_column("announcements", "withdrawn_at")
    op.drop_index(
        "ix_supervision_records_partner_client_id_partner_record_id",
        table_name="supervision_records",
    )
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(
            op.f("fk_supervision_records_partner_client_id_partner_clients"),
            "supervision_records",
            type_="foreignkey",
        )
    # SQLite (3.35+) drops a column only when no constraint names it; the REFERENCES
    # clause does, so there the columns stay (harmless: nullable, unused below 0005).
    if op.get_bind().dialect.name != "sqlite":
        for column in (
            "partner_record_id",
            "partner_client_id",
            "deleted_at",
            "revocation_reason",
            "revoked_at",
        ):
            op.drop_column("supervision_records", column)
