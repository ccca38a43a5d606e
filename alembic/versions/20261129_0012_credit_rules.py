"""credit rules: versioned rule sets with their indicators; evaluations name their version

Revision ID: 0012
Revises: 0010
Create Date: 2026-11-29 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "credit_rule_sets",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("base_score", sa.Numeric(precision=5, scale=2), nullable=False),
        sa.Column("grade_a_min_score", sa.Numeric(precision=5, scale=2), nullable=False),
        sa.Column("grade_b_min_score", sa.Numeric(precision=5, scale=2), nullable=False),
        sa.Column("grade_c_min_score", sa.Numeric(precision=5, scale=2), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=True),
        sa.Column("activated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_by_account_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "base_score >= 0 AND base_score <= 100",
            name=op.f("ck_credit_rule_sets_base_score_0_to_100"),
        ),
        sa.CheckConstraint(
            "grade_c_min_score >= 0 AND grade_c_min_score < grade_b_min_score"
            " AND grade_b_min_score < grade_a_min_score AND grade_a_min_score <= 100",
            name=op.f("ck_credit_rule_sets_thresholds_ordered"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_account_id"],
            ["accounts.id"],
            name=op.f("fk_credit_rule_sets_created_by_account_id_accounts"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_credit_rule_sets")),
        sa.UniqueConstraint("active", name=op.f("uq_credit_rule_sets_active")),
        sa.UniqueConstraint("version", name=op.f("uq_credit_rule_sets_version")),
    )
    op.create_table(
        "credit_indicators",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "rule_set_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column(
            "measure",
            sa.Enum(
                "PENALTY_COUNT",
                "FINE_AMOUNT",
                "ACTIVE_BLACKLIST",
                "INSPECTION_PROBLEMS",
                "ENFORCEMENT_COUNT",
                "COMPLAINT_COUNT",
                "VALID_LICENSE",
                name="creditmeasure",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("points_per_unit", sa.Numeric(precision=7, scale=2), nullable=False),
        sa.Column("max_points", sa.Numeric(precision=5, scale=2), nullable=True),
        sa.Column("window_years", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "max_points IS NULL OR (max_points > 0 AND max_points <= 100)",
            name=op.f("ck_credit_indicators_max_points_in_range"),
        ),
        sa.CheckConstraint(
            "points_per_unit >= -100 AND points_per_unit <= 100",
            name=op.f("ck_credit_indicators_points_in_range"),
        ),
        sa.CheckConstraint(
            "window_years IS NULL OR (window_years >= 1 AND window_years <= 10)",
            name=op.f("ck_credit_indicators_window_in_range"),
        ),
        sa.ForeignKeyConstraint(
            ["rule_set_id"],
            ["credit_rule_sets.id"],
            name=op.f("fk_credit_indicators_rule_set_id_credit_rule_sets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_credit_indicators")),
        sa.UniqueConstraint(
            "rule_set_id", "position", name=op.f("uq_credit_indicators_rule_set_id_position")
        ),
    )
    with op.batch_alter_table("credit_indicators", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_credit_indicators_rule_set_id"), ["rule_set_id"], unique=False
        )

    with op.batch_alter_table("credit_evaluations", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "rule_set_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
            )
        )
        batch_op.create_index(
            batch_op.f("ix_credit_evaluations_rule_set_id"), ["rule_set_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_credit_evaluations_rule_set_id_credit_rule_sets"),
            "credit_rule_sets",
            ["rule_set_id"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("credit_evaluations", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_credit_evaluations_rule_set_id_credit_rule_sets"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_credit_evaluations_rule_set_id"))
        batch_op.drop_column("rule_set_id")

    with op.batch_alter_table("credit_indicators", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_credit_indicators_rule_set_id"))

    op.drop_table("credit_indicators")
    op.drop_table("credit_rule_sets")
