"""Partner systems' OAuth2 clients (client credentials), bound to departments."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from hub.models.base import Base, Timestamped
from hub.models.types import BigId


class PartnerClient(Timestamped, Base):
    __tablename__ = "partner_clients"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    client_id: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    # Argon2id of the secret; the secret is shown once, at creation.
    secret_hash: Mapped[str] = mapped_column(String(255))
    # Space-separated OAuth2 scopes the client may ask for.
    scopes: Mapped[str] = mapped_column(String(500))
    enabled: Mapped[bool] = mapped_column(default=True)
    created_by_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL"), default=None
    )


class PartnerClientDepartment(Base):
    """A department a partner client may submit records for."""

    __tablename__ = "partner_client_departments"

    client_id: Mapped[int] = mapped_column(
        ForeignKey("partner_clients.id", ondelete="CASCADE"), primary_key=True
    )
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), primary_key=True)
