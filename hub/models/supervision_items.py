"""监管事项: the catalogue of supervision matters, main items (主项) with their sub-items (子项).

Each department maintains its own items (drafts, published, retired); an item names the
national catalogue item it implements (`national_item_id`, see national_supervision_items)."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, ForeignKey, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from hub.models.base import Base, JSONType, Timestamped, enum_column
from hub.models.records import RecordKind
from hub.models.regions import RegionLevel
from hub.models.types import BigId


class SupervisionItemStatus(enum.StrEnum):
    DRAFT = "DRAFT"
    PUBLISHED = "PUBLISHED"
    RETIRED = "RETIRED"


class ExercisedLevels:
    """The administrative levels (省级 / 市级 / 县级) that exercise an item: one flag per
    level, so "exercised at this department's level" is a plain column test in SQL."""

    at_province: Mapped[bool] = mapped_column(default=True, server_default=text("true"))
    at_city: Mapped[bool] = mapped_column(default=True, server_default=text("true"))
    at_county: Mapped[bool] = mapped_column(default=True, server_default=text("true"))

    @property
    def levels(self) -> list[RegionLevel]:
        flags = (self.at_province, self.at_city, self.at_county)
        return [level for level, on in zip(RegionLevel, flags, strict=True) if on]

    @levels.setter
    def levels(self, levels: list[RegionLevel]) -> None:
        self.at_province = RegionLevel.PROVINCE in levels
        self.at_city = RegionLevel.CITY in levels
        self.at_county = RegionLevel.COUNTY in levels

    @classmethod
    def level_column(cls, level: RegionLevel) -> Any:
        return {
            RegionLevel.PROVINCE: cls.at_province,
            RegionLevel.CITY: cls.at_city,
            RegionLevel.COUNTY: cls.at_county,
        }[level]


class SupervisionItem(ExercisedLevels, Timestamped, Base):
    __tablename__ = "supervision_items"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    # A sub-item belongs to exactly one main item; main items have none.
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("supervision_items.id"), index=True, default=None
    )
    # The department that maintains the item; departments of the same code in its region
    # subtree exercise it, at the levels it names.
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    record_kind: Mapped[RecordKind] = mapped_column(enum_column(RecordKind))
    # 设定依据 as one text (what records and older readers show), kept in step with the
    # structured `legal_bases` ([{"law", "article", "text"}, ...]) on every change.
    legal_basis: Mapped[str | None] = mapped_column(Text, default=None)
    legal_bases: Mapped[list[dict[str, Any]]] = mapped_column(
        JSONType, default=list, server_default=text("'[]'")
    )
    status: Mapped[SupervisionItemStatus] = mapped_column(
        enum_column(SupervisionItemStatus), default=SupervisionItemStatus.PUBLISHED
    )
    national_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("national_supervision_items.id"), index=True, default=None
    )
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    retired_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    retirement_reason: Mapped[str | None] = mapped_column(Text, default=None)
    version: Mapped[int] = mapped_column(default=1, server_default=text("1"))

    __mapper_args__ = {"version_id_col": version}
