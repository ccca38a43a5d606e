"""监管事项: the catalogue of supervision matters, main items (主项) with their sub-items (子项)."""

from __future__ import annotations

import enum

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hub.models.base import Base, Timestamped, enum_column
from hub.models.records import RecordKind
from hub.models.types import BigId


class SupervisionItemStatus(enum.StrEnum):
    DRAFT = "DRAFT"
    PUBLISHED = "PUBLISHED"
    RETIRED = "RETIRED"


class SupervisionItem(Timestamped, Base):
    __tablename__ = "supervision_items"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    # A sub-item belongs to exactly one main item; main items have none.
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("supervision_items.id"), index=True, default=None
    )
    # The department that maintains the item; departments of the same code below it
    # exercise it.
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    record_kind: Mapped[RecordKind] = mapped_column(enum_column(RecordKind))
    legal_basis: Mapped[str | None] = mapped_column(Text, default=None)
    status: Mapped[SupervisionItemStatus] = mapped_column(
        enum_column(SupervisionItemStatus), default=SupervisionItemStatus.PUBLISHED
    )
