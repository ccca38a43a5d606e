"""账号 and 用户: an account is a 13-digit login of a department; a user is the real, named
person who holds it."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, String
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
    email: Mapped[str | None] = mapped_column(String(128), default=None)
    # The department that registered the user (登记部门): it owns the personal data above.
    department_id: Mapped[int | None] = mapped_column(
        ForeignKey("departments.id"), index=True, default=None
    )


class Account(Timestamped, Base):
    __tablename__ = "accounts"
    __table_args__ = (
        CheckConstraint("length(number) = 13", name="number_is_thirteen_digits"),
        CheckConstraint("failed_logins >= 0", name="failed_logins_not_negative"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    number: Mapped[str] = mapped_column(String(13), unique=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    org_unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_units.id"), default=None)
    # One user per account at a time; revoke before reassigning.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True, default=None)
    status: Mapped[AccountStatus] = mapped_column(
        enum_column(AccountStatus), default=AccountStatus.ENABLED
    )
    # Argon2id; None: no password set yet, the account cannot sign in.
    password_hash: Mapped[str | None] = mapped_column(String(255), default=None)
    # An initial password (set by an administrator) must be changed at first sign-in,
    # together with completing the user's personal details, before anything else.
    must_change_password: Mapped[bool] = mapped_column(default=True)
    password_changed_at: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True), default=None
    )
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)

    @property
    def sequence(self) -> int:
        return int(self.number[9:])

    @property
    def is_department_administrator(self) -> bool:
        return 1 <= self.sequence <= 5
