"""国家监管事项目录: the national catalogue of supervision items, imported from the file the
national platform publishes (`hub catalogue import`, docs/catalogue-format.md). Departments'
own items link to the national item they implement."""

from __future__ import annotations

from typing import Any

from sqlalchemy import String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from hub.models.base import Base, JSONType, Timestamped, enum_column
from hub.models.records import RecordKind
from hub.models.supervision_items import ExercisedLevels
from hub.models.types import BigId


class NationalSupervisionItem(ExercisedLevels, Timestamped, Base):
    __tablename__ = "national_supervision_items"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    # The national code: the natural key a re-import updates by.
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    record_kind: Mapped[RecordKind] = mapped_column(enum_column(RecordKind))
    # The issuing ministry (发布部委), as the national file names it; which department code
    # implements its items is configuration (hub/catalogue/ministries.csv).
    ministry: Mapped[str] = mapped_column(String(100), index=True)
    legal_basis: Mapped[str | None] = mapped_column(Text, default=None)
    legal_bases: Mapped[list[dict[str, Any]]] = mapped_column(
        JSONType, default=list, server_default=text("'[]'")
    )
