"""行政许可 records."""

from __future__ import annotations

import enum
from datetime import date

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hub.models.base import enum_column
from hub.models.records import RecordKind, SupervisionRecord
from hub.models.types import BigId


class LicenseCategory(enum.StrEnum):
    """许可类别: 普通 / 特许 / 认可 / 核准 / 登记 / 其他."""

    GENERAL = "GENERAL"
    FRANCHISE = "FRANCHISE"
    ACCREDITATION = "ACCREDITATION"
    APPROVAL = "APPROVAL"
    REGISTRATION = "REGISTRATION"
    OTHER = "OTHER"


class License(SupervisionRecord):
    __tablename__ = "licenses"
    __table_args__ = (
        CheckConstraint(
            "valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from",
            name="valid_to_after_valid_from",
        ),
    )
    __mapper_args__ = {"polymorphic_identity": RecordKind.LICENSE}

    id: Mapped[int] = mapped_column(
        BigId, ForeignKey("supervision_records.id", ondelete="CASCADE"), primary_key=True
    )
    license_category: Mapped[LicenseCategory] = mapped_column(enum_column(LicenseCategory))
    certificate_name: Mapped[str] = mapped_column(String(200))
    license_number: Mapped[str] = mapped_column(String(100))
    content: Mapped[str] = mapped_column(Text)
    valid_from: Mapped[date | None] = mapped_column(Date, default=None)
    valid_to: Mapped[date | None] = mapped_column(Date, default=None)
