"""license linkage (证照联动): routing rules, entity registrations, linkage notices

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-29 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "linkage_rules",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column(
            "match",
            sa.Enum(
                "KEYWORD",
                "INDUSTRY_CODE",
                name="linkagematch",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("pattern", sa.String(length=64), nullable=False),
        sa.Column("department_code", sa.String(length=3), nullable=False),
        sa.Column("permit_name", sa.String(length=128), nullable=False),
        sa.Column("sign_within_days", sa.Integer(), nullable=False),
        sa.Column("handle_within_days", sa.Integer(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "length(department_code) = 3",
            name=op.f("ck_linkage_rules_department_code_is_three_digits"),
        ),
        sa.CheckConstraint(
            "sign_within_days >= 0 AND handle_within_days >= sign_within_days",
            name=op.f("ck_linkage_rules_deadlines_in_order"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_linkage_rules")),
        sa.UniqueConstraint("code", name=op.f("uq_linkage_rules_code")),
        sa.UniqueConstraint(
            "match",
            "pattern",
            "department_code",
            name=op.f("uq_linkage_rules_match_pattern_department_code"),
        ),
    )
    op.create_table(
        "entity_registrations",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("uscc", sa.String(length=18), nullable=False),
        sa.Column("registered_on", sa.Date(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("business_scope", sa.Text(), nullable=False),
        sa.Column("industry_code", sa.String(length=16), nullable=True),
        sa.Column(
            "entity_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "registering_department_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.Column(
            "partner_client_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["entity_id"],
            ["market_entities.id"],
            name=op.f("fk_entity_registrations_entity_id_market_entities"),
        ),
        sa.ForeignKeyConstraint(
            ["partner_client_id"],
            ["partner_clients.id"],
            name=op.f("fk_entity_registrations_partner_client_id_partner_clients"),
        ),
        sa.ForeignKeyConstraint(
            ["region_code"],
            ["regions.code"],
            name=op.f("fk_entity_registrations_region_code_regions"),
        ),
        sa.ForeignKeyConstraint(
            ["registering_department_id"],
            ["departments.id"],
            name=op.f("fk_entity_registrations_registering_department_id_departments"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entity_registrations")),
        sa.UniqueConstraint(
            "uscc", "registered_on", name=op.f("uq_entity_registrations_uscc_registered_on")
        ),
    )
    with op.batch_alter_table("entity_registrations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_entity_registrations_entity_id"), ["entity_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_entity_registrations_region_code"), ["region_code"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_entity_registrations_registering_department_id"),
            ["registering_department_id"],
            unique=False,
        )

    op.create_table(
        "linkage_notices",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "registration_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "entity_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "department_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column(
            "registering_department_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.Column("permit_names", sa.String(length=500), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "PENDING",
                "SIGNED",
                "CLOSED",
                name="linkagenoticestatus",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "outcome",
            sa.Enum(
                "LICENSED",
                "NOT_REQUIRED",
                "NOT_APPLIED",
                name="linkageoutcome",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sign_due_on", sa.Date(), nullable=False),
        sa.Column("handle_due_on", sa.Date(), nullable=False),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "signed_by_account_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "closed_by_account_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column(
            "license_record_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("close_reason", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(status = 'CLOSED') = (outcome IS NOT NULL)",
            name=op.f("ck_linkage_notices_closed_with_outcome"),
        ),
        sa.CheckConstraint(
            "outcome IS NULL OR outcome != 'LICENSED' OR license_record_id IS NOT NULL",
            name=op.f("ck_linkage_notices_licensed_with_license"),
        ),
        sa.ForeignKeyConstraint(
            ["closed_by_account_id"],
            ["accounts.id"],
            name=op.f("fk_linkage_notices_closed_by_account_id_accounts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["departments.id"],
            name=op.f("fk_linkage_notices_department_id_departments"),
        ),
        sa.ForeignKeyConstraint(
            ["entity_id"],
            ["market_entities.id"],
            name=op.f("fk_linkage_notices_entity_id_market_entities"),
        ),
        sa.ForeignKeyConstraint(
            ["license_record_id"],
            ["supervision_records.id"],
            name=op.f("fk_linkage_notices_license_record_id_supervision_records"),
        ),
        sa.ForeignKeyConstraint(
            ["region_code"], ["regions.code"], name=op.f("fk_linkage_notices_region_code_regions")
        ),
        sa.ForeignKeyConstraint(
            ["registering_department_id"],
            ["departments.id"],
            name=op.f("fk_linkage_notices_registering_department_id_departments"),
        ),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["entity_registrations.id"],
            name=op.f("fk_linkage_notices_registration_id_entity_registrations"),
        ),
        sa.ForeignKeyConstraint(
            ["signed_by_account_id"],
            ["accounts.id"],
            name=op.f("fk_linkage_notices_signed_by_account_id_accounts"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_linkage_notices")),
        sa.UniqueConstraint(
            "registration_id",
            "department_id",
            name=op.f("uq_linkage_notices_registration_id_department_id"),
        ),
    )
    with op.batch_alter_table("linkage_notices", schema=None) as batch_op:
        batch_op.create_index(
            "ix_linkage_notices_department_id_status", ["department_id", "status"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_linkage_notices_entity_id"), ["entity_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_linkage_notices_license_record_id"), ["license_record_id"], unique=False
        )
        batch_op.create_index(
            "ix_linkage_notices_region_code_received_at",
            ["region_code", "received_at"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_linkage_notices_registering_department_id"),
            ["registering_department_id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("linkage_notices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_linkage_notices_registering_department_id"))
        batch_op.drop_index("ix_linkage_notices_region_code_received_at")
        batch_op.drop_index(batch_op.f("ix_linkage_notices_license_record_id"))
        batch_op.drop_index(batch_op.f("ix_linkage_notices_entity_id"))
        batch_op.drop_index("ix_linkage_notices_department_id_status")

    op.drop_table("linkage_notices")
    with op.batch_alter_table("entity_registrations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_entity_registrations_registering_department_id"))
        batch_op.drop_index(batch_op.f("ix_entity_registrations_region_code"))
        batch_op.drop_index(batch_op.f("ix_entity_registrations_entity_id"))

    op.drop_table("entity_registrations")
    op.drop_table("linkage_rules")
