"""live decision numbers, legacy subject codes

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-29 14:00:00

A decision number is unique per department and kind among live records only (a partial
unique index `WHERE deleted_at IS NULL`), so a soft-deleted draft no longer blocks its
number. An imported legacy record keeps a subject code that is no USCC at all (wrong
length) in `legacy_subject_code`. On SQLite the constraint is dropped by a batch rebuild
(env.py turns foreign keys off while migrating, so the kind tables keep their rows).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LIVE = sa.text("deleted_at IS NULL")
OLD_COLUMNS = ["department_id", "kind", "decision_number"]
# Number first: looking many numbers up at once (import, partner batches) stays an index
# range scan whatever the statistics say about departments.
COLUMNS = ["decision_number", "department_id", "kind"]


def upgrade() -> None:
    with op.batch_alter_table("supervision_records", schema=None) as batch_op:
        batch_op.add_column(sa.Column("legacy_subject_code", sa.String(length=64), nullable=True))
        batch_op.drop_constraint(
            "uq_supervision_records_department_id_kind_decision_number", type_="unique"
        )
    op.create_index(
        "uq_supervision_records_live_decision_number",
        "supervision_records",
        COLUMNS,
        unique=True,
        sqlite_where=LIVE,
        postgresql_where=LIVE,
    )


def downgrade() -> None:
    op.drop_index("uq_supervision_records_live_decision_number", table_name="supervision_records")
    with op.batch_alter_table("supervision_records", schema=None) as batch_op:
        batch_op.create_unique_constraint(
            "uq_supervision_records_department_id_kind_decision_number", OLD_COLUMNS
        )
        batch_op.drop_column("legacy_subject_code")
