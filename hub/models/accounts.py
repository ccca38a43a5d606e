"""账号 and 用户: an account is a 13-digit login of a department; a user is the real, named
person who holds it."""

from __future__ import annotations

import enum

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from hub.models.base import Base, Timestamped, enum_column
from hub.models.types import BigId


class AccountStatus(enum.StrEnum):
    ENABLED = "ENABLED"
    DISABLED = "DISABLED"


class User(Timestamped, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    # Personal data (个人信息): never shown outside the department that holds it.
    id_number: Mapped[str | None] = mapped_column(String(32), unique=True, default=None)
    phone: Mapped[str | None] = mapped_column(String(32), default=None)


class Account(Timestamped, Base):
    __tablename__ = "accounts"
    __table_args__ = (CheckConstraint("length(number) = 13", name="number_is_thirteen_digits"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    number: Mapped[str] = mapped_column(String(13), unique=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    org_unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_units.id"), default=None)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True, default=None)
    status: Mapped[AccountStatus] = mapped_column(
        enum_column(AccountStatus), default=AccountStatus.ENABLED
    )

    @property
    def sequence(self) -> int:
        return int(self.number[9:])

    @property
    def is_department_administrator(self) -> bool:
        return 1 <= self.sequence <= 5
