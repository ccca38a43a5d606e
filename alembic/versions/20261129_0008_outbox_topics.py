"""outbox topics: the outbox also carries complaint results and linkage feedback

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29 14:00:00

`record_id` becomes optional (only RECORD messages name a record) and `subject_key`
names other subjects. On SQLite the table is rebuilt (batch mode); nothing references
outbox_messages, so the rebuild cascades nowhere.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_CHANGES = ("PUBLISHED", "UPDATED", "REVOKED", "WITHDRAWN")
NEW_CHANGES = (*OLD_CHANGES, "HANDLED")
TOPICS = ("RECORD", "COMPLAINT_RESULT", "LINKAGE_FEEDBACK")


def _in(column: str, values: Sequence[str]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


def upgrade() -> None:
    with op.batch_alter_table("outbox_messages") as batch:
        batch.add_column(
            sa.Column(
                "topic",
                sa.Enum(
                    *TOPICS,
                    name="outboxtopic",
                    native_enum=False,
                    create_constraint=True,
                    length=32,
                ),
                server_default="RECORD",
                nullable=False,
            )
        )
        batch.add_column(sa.Column("subject_key", sa.String(length=128), nullable=True))
        batch.alter_column("record_id", existing_type=sa.BigInteger(), nullable=True)
        batch.drop_constraint(op.f("ck_outbox_messages_outboxchange"), type_="check")
        batch.create_check_constraint("outboxchange", _in("change", NEW_CHANGES))


def downgrade() -> None:
    with op.batch_alter_table("outbox_messages") as batch:
        batch.drop_constraint(op.f("ck_outbox_messages_outboxchange"), type_="check")
        batch.create_check_constraint("outboxchange", _in("change", OLD_CHANGES))
        batch.alter_column("record_id", existing_type=sa.BigInteger(), nullable=False)
        batch.drop_column("subject_key")
        batch.drop_column("topic")
