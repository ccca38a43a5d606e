"""risk models and alerts: 风险预警 models (dimensions, thresholds, level) and the alerts
they raise, at most one open alert per model and entity

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-29 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "risk_models",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "department_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column(
            "level",
            sa.Enum(
                "BLUE",
                "YELLOW",
                "ORANGE",
                "RED",
                name="risklevel",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "combination",
            sa.Enum(
                "ANY",
                "ALL",
                name="riskcombination",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column(
            "dimensions",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
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
            name=op.f("fk_risk_models_created_by_account_id_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["departments.id"],
            name=op.f("fk_risk_models_department_id_departments"),
        ),
        sa.ForeignKeyConstraint(
            ["region_code"], ["regions.code"], name=op.f("fk_risk_models_region_code_regions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risk_models")),
        sa.UniqueConstraint(
            "department_id", "name", name=op.f("uq_risk_models_department_id_name")
        ),
    )
    with op.batch_alter_table("risk_models", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_risk_models_department_id"), ["department_id"], unique=False
        )

    op.create_table(
        "risk_alerts",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("model_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "entity_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "department_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column(
            "level",
            sa.Enum(
                "BLUE",
                "YELLOW",
                "ORANGE",
                "RED",
                name="risklevel",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "OPEN",
                "ACKNOWLEDGED",
                "CLOSED",
                name="riskalertstatus",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("open_marker", sa.Boolean(), nullable=True),
        sa.Column(
            "crossings",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("raised_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "acknowledged_by_account_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "closed_by_account_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column("close_note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["acknowledged_by_account_id"],
            ["accounts.id"],
            name=op.f("fk_risk_alerts_acknowledged_by_account_id_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["closed_by_account_id"],
            ["accounts.id"],
            name=op.f("fk_risk_alerts_closed_by_account_id_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["departments.id"],
            name=op.f("fk_risk_alerts_department_id_departments"),
        ),
        sa.ForeignKeyConstraint(
            ["entity_id"],
            ["market_entities.id"],
            name=op.f("fk_risk_alerts_entity_id_market_entities"),
        ),
        sa.ForeignKeyConstraint(
            ["model_id"], ["risk_models.id"], name=op.f("fk_risk_alerts_model_id_risk_models")
        ),
        sa.ForeignKeyConstraint(
            ["region_code"], ["regions.code"], name=op.f("fk_risk_alerts_region_code_regions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risk_alerts")),
        sa.UniqueConstraint(
            "model_id",
            "entity_id",
            "open_marker",
            name=op.f("uq_risk_alerts_model_id_entity_id_open_marker"),
        ),
    )
    with op.batch_alter_table("risk_alerts", schema=None) as batch_op:
        batch_op.create_index(
            "ix_risk_alerts_department_id_raised_at", ["department_id", "raised_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_risk_alerts_entity_id"), ["entity_id"], unique=False)
        batch_op.create_index(
            "ix_risk_alerts_region_code_raised_at", ["region_code", "raised_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("risk_alerts", schema=None) as batch_op:
        batch_op.drop_index("ix_risk_alerts_region_code_raised_at")
        batch_op.drop_index(batch_op.f("ix_risk_alerts_entity_id"))
        batch_op.drop_index("ix_risk_alerts_department_id_raised_at")

    op.drop_table("risk_alerts")
    with op.batch_alter_table("risk_models", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_risk_models_department_id"))

    op.drop_table("risk_models")
