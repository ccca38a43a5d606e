"""supervision-item catalogue: the national catalogue (national_supervision_items), and on
department items their levels, structured legal bases, national link, publication and
retirement, and a version for optimistic concurrency

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29 14:00:00

Existing items keep their text legal basis; they are exercised at every level and start
at version 1 (server defaults), so records made under them stay valid.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS = ("LICENSE", "INSPECTION", "FILING", "PENALTY", "ENFORCEMENT", "BLACKLIST")
JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _levels() -> list[sa.Column[bool]]:
    return [
        sa.Column(name, sa.Boolean(), server_default=sa.text("true"), nullable=False)
        for name in ("at_province", "at_city", "at_county")
    ]


def upgrade() -> None:
    op.create_table(
        "national_supervision_items",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "record_kind",
            sa.Enum(
                *KINDS, name="recordkind", native_enum=False, create_constraint=True, length=32
            ),
            nullable=False,
        ),
        sa.Column("ministry", sa.String(length=100), nullable=False),
        sa.Column("legal_basis", sa.Text(), nullable=True),
        sa.Column("legal_bases", JSON, server_default=sa.text("'[]'"), nullable=False),
        *_levels(),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_national_supervision_items")),
        sa.UniqueConstraint("code", name=op.f("uq_national_supervision_items_code")),
    )
    with op.batch_alter_table("national_supervision_items") as batch:
        batch.create_index(
            batch.f("ix_national_supervision_items_ministry"), ["ministry"], unique=False
        )
    with op.batch_alter_table("supervision_items") as batch:
        batch.add_column(
            sa.Column("legal_bases", JSON, server_default=sa.text("'[]'"), nullable=False)
        )
        batch.add_column(sa.Column("national_item_id", BIG_ID, nullable=True))
        batch.add_column(sa.Column("published_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("retirement_reason", sa.Text(), nullable=True))
        batch.add_column(
            sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False)
        )
        for column in _levels():
            batch.add_column(column)
        batch.create_index(
            batch.f("ix_supervision_items_national_item_id"), ["national_item_id"], unique=False
        )
        batch.create_foreign_key(
            batch.f("fk_supervision_items_national_item_id_national_supervision_items"),
            "national_supervision_items",
            ["national_item_id"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("supervision_items") as batch:
        batch.drop_constraint(
            batch.f("fk_supervision_items_national_item_id_national_supervision_items"),
            type_="foreignkey",
        )
        batch.drop_index(batch.f("ix_supervision_items_national_item_id"))
        for name in (
            "at_county",
            "at_city",
            "at_province",
            "version",
            "retirement_reason",
            "retired_at",
            "published_at",
            "national_item_id",
            "legal_bases",
        ):
            batch.drop_column(name)
    with op.batch_alter_table("national_supervision_items") as batch:
        batch.drop_index(batch.f("ix_national_supervision_items_ministry"))
    op.drop_table("national_supervision_items")
