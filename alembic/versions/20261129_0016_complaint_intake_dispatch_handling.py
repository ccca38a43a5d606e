"""complaint intake, dispatch and handling: the feed cursor, entity candidates, dispatch
rules, and the complaint's match, dispatch, deadline and outcome columns

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-29 14:00:00

Every new complaints column is nullable, so the rows already there (demo complaints) stay
as they are. On SQLite the complaints table is rebuilt (batch mode); env.py turns foreign
keys off during migrations, so complaint_candidates (created after) is not touched.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ENTITY_MATCHES = ("USCC", "EXACT_NAME", "FUZZY_NAME", "PENDING", "CONFIRMED", "NOT_FOUND")
OUTCOMES = ("SUBSTANTIATED", "PARTLY_SUBSTANTIATED", "UNSUBSTANTIATED")
LEVELS = ("PROVINCE", "CITY", "COUNTY")


def _enum(name: str, values: Sequence[str]) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def upgrade() -> None:
    op.create_table(
        "complaint_dispatch_rules",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=True),
        sa.Column(
            "keywords",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("department_code", sa.String(length=3), nullable=False),
        sa.Column("level", _enum("regionlevel", LEVELS), nullable=False),
        sa.Column("deadline_days", sa.Integer(), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column(
            "created_by_account_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_account_id"],
            ["accounts.id"],
            name=op.f("fk_complaint_dispatch_rules_created_by_account_id_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["region_code"],
            ["regions.code"],
            name=op.f("fk_complaint_dispatch_rules_region_code_regions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaint_dispatch_rules")),
        sa.UniqueConstraint("name", name=op.f("uq_complaint_dispatch_rules_name")),
    )
    op.create_index(
        op.f("ix_complaint_dispatch_rules_region_code"),
        "complaint_dispatch_rules",
        ["region_code"],
        unique=False,
    )
    op.create_table(
        "complaint_feed_cursors",
        sa.Column("feed", sa.String(length=64), nullable=False),
        sa.Column("cursor", sa.String(length=128), nullable=False),
        sa.Column("pulled_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("feed", name=op.f("pk_complaint_feed_cursors")),
    )
    with op.batch_alter_table("complaints") as batch:
        batch.add_column(sa.Column("category", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("channel", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("subject_name", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("subject_uscc", sa.String(length=32), nullable=True))
        batch.add_column(
            sa.Column("entity_match", _enum("entitymatch", ENTITY_MATCHES), nullable=True)
        )
        batch.add_column(sa.Column("dispatched_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(
            sa.Column(
                "dispatch_rule_id",
                sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                nullable=True,
            )
        )
        batch.add_column(sa.Column("dispatch_reason", sa.Text(), nullable=True))
        batch.add_column(sa.Column("deadline_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("outcome", _enum("complaintoutcome", OUTCOMES), nullable=True))
        batch.add_column(sa.Column("measures", sa.Text(), nullable=True))
        batch.create_foreign_key(
            batch.f("fk_complaints_dispatch_rule_id_complaint_dispatch_rules"),
            "complaint_dispatch_rules",
            ["dispatch_rule_id"],
            ["id"],
        )
        batch.create_index(batch.f("ix_complaints_entity_match"), ["entity_match"], unique=False)
        batch.create_index(
            "ix_complaints_status_deadline_at", ["status", "deadline_at"], unique=False
        )
    op.create_table(
        "complaint_candidates",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "complaint_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "entity_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaints.id"],
            name=op.f("fk_complaint_candidates_complaint_id_complaints"),
        ),
        sa.ForeignKeyConstraint(
            ["entity_id"],
            ["market_entities.id"],
            name=op.f("fk_complaint_candidates_entity_id_market_entities"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaint_candidates")),
        sa.UniqueConstraint(
            "complaint_id", "entity_id", name=op.f("uq_complaint_candidates_complaint_id_entity_id")
        ),
    )
    op.create_index(
        op.f("ix_complaint_candidates_complaint_id"),
        "complaint_candidates",
        ["complaint_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_complaint_candidates_complaint_id"), table_name="complaint_candidates")
    op.drop_table("complaint_candidates")
    with op.batch_alter_table("complaints") as batch:
        batch.drop_index("ix_complaints_status_deadline_at")
        batch.drop_index(batch.f("ix_complaints_entity_match"))
        batch.drop_constraint(
            batch.f("fk_complaints_dispatch_rule_id_complaint_dispatch_rules"), type_="foreignkey"
        )
        for column in (
            "measures",
            "outcome",
            "accepted_at",
            "deadline_at",
            "dispatch_reason",
            "dispatch_rule_id",
            "dispatched_at",
            "entity_match",
            "subject_uscc",
            "subject_name",
            "channel",
            "category",
        ):
            batch.drop_column(column)
    op.drop_table("complaint_feed_cursors")
    op.drop_index(
        op.f("ix_complaint_dispatch_rules_region_code"), table_name="complaint_dispatch_rules"
    )
    op.drop_table("complaint_dispatch_rules")
