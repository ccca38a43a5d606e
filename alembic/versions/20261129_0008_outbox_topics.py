"""outbox topics: the outbox also carries complaint results and linkage feedback; the
permissions of the workflows (catalogue, inspections, linkage, complaints, risk, credit
rules, statistics)

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
OLD_PERMISSIONS = (
    "CROSS_DEPARTMENT_QUERY",
    "PERSONAL_DATA",
    "MANAGE_DEPARTMENTS",
    "MANAGE_ACCOUNTS",
    "GRANT_PERMISSIONS",
    "MANAGE_PARTNER_CLIENTS",
    "VIEW_AUDIT",
    "RECORD_ENTRY",
    "PUBLISH_RECORDS",
)
NEW_PERMISSIONS = (
    *OLD_PERMISSIONS,
    "MANAGE_CATALOGUE",
    "PLAN_INSPECTIONS",
    "HANDLE_LINKAGE",
    "HANDLE_COMPLAINTS",
    "MANAGE_RISK",
    "MANAGE_CREDIT_RULES",
    "VIEW_STATISTICS",
)


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
    _permissions_check(NEW_PERMISSIONS)


def _permissions_check(permissions: Sequence[str]) -> None:
    with op.batch_alter_table("permission_grants") as batch:
        batch.drop_constraint(op.f("ck_permission_grants_permission"), type_="check")
        batch.create_check_constraint("permission", _in("permission", permissions))


def downgrade() -> None:
    _permissions_check(OLD_PERMISSIONS)
    with op.batch_alter_table("outbox_messages") as batch:
        batch.drop_constraint(op.f("ck_outbox_messages_outboxchange"), type_="check")
        batch.create_check_constraint("outboxchange", _in("change", OLD_CHANGES))
        batch.alter_column("record_id", existing_type=sa.BigInteger(), nullable=False)
        batch.drop_column("subject_key")
        batch.drop_column("topic")
