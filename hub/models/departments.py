"""部门 and 机构: a department is a region plus a 3-digit department code; org units are its
internal units."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from hub.models.base import Base, Timestamped
from hub.models.types import BigId

MARKET_SUPERVISION_CODE = "231"


class Department(Timestamped, Base):
    __tablename__ = "departments"
    __table_args__ = (
        UniqueConstraint("region_code", "code"),
        CheckConstraint("length(code) = 3", name="code_is_three_digits"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True)
    code: Mapped[str] = mapped_column(String(3))
    name: Mapped[str] = mapped_column(String(128))
    # The department's own USCC (机关法人), printed as the deciding authority on its records.
    uscc: Mapped[str | None] = mapped_column(String(18), default=None)

    @property
    def account_prefix(self) -> str:
        """The first nine digits of every account of this department."""
        return self.region_code + self.code


class OrgUnit(Timestamped, Base):
    __tablename__ = "org_units"
    __table_args__ = (UniqueConstraint("department_id", "name"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("org_units.id"), default=None)
    name: Mapped[str] = mapped_column(String(128))
