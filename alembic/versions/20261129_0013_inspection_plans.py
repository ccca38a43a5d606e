"""inspection plans: the inspector roster, plans with their departments, items, draws and
assignments (双随机、一公开)

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-29 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "inspectors",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("user_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "department_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("certificate_number", sa.String(length=32), nullable=False),
        sa.Column("field", sa.String(length=100), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["departments.id"],
            name=op.f("fk_inspectors_department_id_departments"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_inspectors_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspectors")),
        sa.UniqueConstraint("certificate_number", name=op.f("uq_inspectors_certificate_number")),
        sa.UniqueConstraint(
            "department_id", "user_id", name=op.f("uq_inspectors_department_id_user_id")
        ),
    )
    with op.batch_alter_table("inspectors", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_inspectors_department_id"), ["department_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_inspectors_user_id"), ["user_id"], unique=False)

    op.create_table(
        "inspection_plans",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "DRAFT",
                "DRAWN",
                "IN_PROGRESS",
                "COMPLETED",
                name="inspectionplanstatus",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "lead_department_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column(
            "created_by_account_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column("pool_region_code", sa.String(length=6), nullable=False),
        sa.Column(
            "pool_entity_kind",
            sa.Enum(
                "ENTERPRISE",
                "INDIVIDUAL_BUSINESS",
                "FARMER_COOPERATIVE",
                name="marketentitykind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("pool_industry", sa.String(length=64), nullable=True),
        sa.Column(
            "pool_credit_grades",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("object_count", sa.Integer(), nullable=False),
        sa.Column("inspectors_per_object", sa.Integer(), nullable=False),
        sa.Column("exclusion_window_days", sa.Integer(), nullable=False),
        sa.Column("publication_deadline_days", sa.Integer(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("remark", sa.Text(), nullable=True),
        sa.Column("seed", sa.String(length=64), nullable=True),
        sa.Column("drawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "pool_snapshot",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column(
            "roster_snapshot",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column("pool_size", sa.Integer(), nullable=True),
        sa.Column("draw_digest", sa.String(length=64), nullable=True),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "exclusion_window_days >= 0",
            name=op.f("ck_inspection_plans_exclusion_window_not_negative"),
        ),
        sa.CheckConstraint(
            "inspectors_per_object >= 2", name=op.f("ck_inspection_plans_at_least_two_inspectors")
        ),
        sa.CheckConstraint(
            "object_count >= 1", name=op.f("ck_inspection_plans_object_count_positive")
        ),
        sa.CheckConstraint(
            "publication_deadline_days >= 1",
            name=op.f("ck_inspection_plans_publication_deadline_positive"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_account_id"],
            ["accounts.id"],
            name=op.f("fk_inspection_plans_created_by_account_id_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["lead_department_id"],
            ["departments.id"],
            name=op.f("fk_inspection_plans_lead_department_id_departments"),
        ),
        sa.ForeignKeyConstraint(
            ["pool_region_code"],
            ["regions.code"],
            name=op.f("fk_inspection_plans_pool_region_code_regions"),
        ),
        sa.ForeignKeyConstraint(
            ["region_code"], ["regions.code"], name=op.f("fk_inspection_plans_region_code_regions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspection_plans")),
        sa.UniqueConstraint(
            "lead_department_id", "name", name=op.f("uq_inspection_plans_lead_department_id_name")
        ),
    )
    with op.batch_alter_table("inspection_plans", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_inspection_plans_lead_department_id"),
            ["lead_department_id"],
            unique=False,
        )
        batch_op.create_index(
            "ix_inspection_plans_region_code_status", ["region_code", "status"], unique=False
        )

    op.create_table(
        "inspection_plan_departments",
        sa.Column("plan_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "department_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["departments.id"],
            name=op.f("fk_inspection_plan_departments_department_id_departments"),
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["inspection_plans.id"],
            name=op.f("fk_inspection_plan_departments_plan_id_inspection_plans"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "plan_id", "department_id", name=op.f("pk_inspection_plan_departments")
        ),
    )
    with op.batch_alter_table("inspection_plan_departments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_inspection_plan_departments_department_id"),
            ["department_id"],
            unique=False,
        )

    op.create_table(
        "inspection_plan_items",
        sa.Column("plan_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("item_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["supervision_items.id"],
            name=op.f("fk_inspection_plan_items_item_id_supervision_items"),
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["inspection_plans.id"],
            name=op.f("fk_inspection_plan_items_plan_id_inspection_plans"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("plan_id", "item_id", name=op.f("pk_inspection_plan_items")),
    )
    op.create_table(
        "inspection_assignments",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("plan_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column(
            "entity_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("publication_due_on", sa.Date(), nullable=False),
        sa.Column(
            "result",
            sa.Enum(
                "NORMAL",
                "PROBLEMS_FOUND",
                "NOT_FOUND_AT_ADDRESS",
                name="inspectionresult",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("inspected_on", sa.Date(), nullable=True),
        sa.Column("findings", sa.Text(), nullable=True),
        sa.Column("handling", sa.Text(), nullable=True),
        sa.Column(
            "result_department_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column("record_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("entered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["entity_id"],
            ["market_entities.id"],
            name=op.f("fk_inspection_assignments_entity_id_market_entities"),
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["inspection_plans.id"],
            name=op.f("fk_inspection_assignments_plan_id_inspection_plans"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["supervision_records.id"],
            name=op.f("fk_inspection_assignments_record_id_supervision_records"),
        ),
        sa.ForeignKeyConstraint(
            ["result_department_id"],
            ["departments.id"],
            name=op.f("fk_inspection_assignments_result_department_id_departments"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspection_assignments")),
        sa.UniqueConstraint(
            "plan_id", "entity_id", name=op.f("uq_inspection_assignments_plan_id_entity_id")
        ),
        sa.UniqueConstraint(
            "plan_id", "position", name=op.f("uq_inspection_assignments_plan_id_position")
        ),
    )
    with op.batch_alter_table("inspection_assignments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_inspection_assignments_entity_id"), ["entity_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_inspection_assignments_record_id"), ["record_id"], unique=False
        )

    op.create_table(
        "inspection_assignment_inspectors",
        sa.Column(
            "assignment_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "inspector_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assignment_id"],
            ["inspection_assignments.id"],
            name=op.f("fk_inspection_assignment_inspectors_assignment_id_inspection_assignments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["inspector_id"],
            ["inspectors.id"],
            name=op.f("fk_inspection_assignment_inspectors_inspector_id_inspectors"),
        ),
        sa.PrimaryKeyConstraint(
            "assignment_id", "inspector_id", name=op.f("pk_inspection_assignment_inspectors")
        ),
    )
    with op.batch_alter_table("inspection_assignment_inspectors", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_inspection_assignment_inspectors_inspector_id"),
            ["inspector_id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("inspection_assignment_inspectors", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inspection_assignment_inspectors_inspector_id"))

    op.drop_table("inspection_assignment_inspectors")
    with op.batch_alter_table("inspection_assignments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inspection_assignments_record_id"))
        batch_op.drop_index(batch_op.f("ix_inspection_assignments_entity_id"))

    op.drop_table("inspection_assignments")
    op.drop_table("inspection_plan_items")
    with op.batch_alter_table("inspection_plan_departments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inspection_plan_departments_department_id"))

    op.drop_table("inspection_plan_departments")
    with op.batch_alter_table("inspection_plans", schema=None) as batch_op:
        batch_op.drop_index("ix_inspection_plans_region_code_status")
        batch_op.drop_index(batch_op.f("ix_inspection_plans_lead_department_id"))

    op.drop_table("inspection_plans")
    with op.batch_alter_table("inspectors", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inspectors_user_id"))
        batch_op.drop_index(batch_op.f("ix_inspectors_department_id"))

    op.drop_table("inspectors")
