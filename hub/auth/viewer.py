"""The viewer: the subject every policy decision is about."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from hub.auth.permissions import PartnerScope, Permission
from hub.models.departments import MARKET_SUPERVISION_CODE


class ViewerKind(enum.StrEnum):
    PUBLIC = "PUBLIC"
    STAFF = "STAFF"
    PARTNER = "PARTNER"


@dataclass(frozen=True, slots=True)
class Viewer:
    kind: ViewerKind
    department_id: int | None = None
    region_code: str | None = None
    permissions: frozenset[Permission] = field(default_factory=frozenset)
    # Staff: the signed-in account, the user holding it, and its department's code.
    account_id: int | None = None
    user_id: int | None = None
    department_code: str | None = None
    # 0001-0005 of a department; of a 231 department, also the region administrator.
    is_department_administrator: bool = False
    # Signed in with an initial password: only completing the first sign-in is allowed.
    password_change_required: bool = False
    # Partner systems: the client and the departments it may submit for.
    partner_client_id: int | None = None
    partner_department_ids: frozenset[int] = field(default_factory=frozenset)
    # The OAuth2 scopes its token was granted.
    partner_scopes: frozenset[PartnerScope] = field(default_factory=frozenset)

    @classmethod
    def public(cls) -> Viewer:
        return PUBLIC

    @classmethod
    def staff(
        cls,
        *,
        department_id: int,
        region_code: str,
        permissions: frozenset[Permission],
        account_id: int | None = None,
        user_id: int | None = None,
        department_code: str | None = None,
        is_department_administrator: bool = False,
        password_change_required: bool = False,
    ) -> Viewer:
        return cls(
            ViewerKind.STAFF,
            department_id=department_id,
            region_code=region_code,
            permissions=permissions,
            account_id=account_id,
            user_id=user_id,
            department_code=department_code,
            is_department_administrator=is_department_administrator,
            password_change_required=password_change_required,
        )

    @classmethod
    def partner(
        cls,
        *,
        client_id: int,
        department_ids: frozenset[int],
        scopes: frozenset[PartnerScope] = frozenset(PartnerScope),
    ) -> Viewer:
        return cls(
            ViewerKind.PARTNER,
            partner_client_id=client_id,
            partner_department_ids=department_ids,
            partner_scopes=scopes,
        )

    @property
    def is_public(self) -> bool:
        return self.kind is ViewerKind.PUBLIC

    @property
    def is_staff(self) -> bool:
        return self.kind is ViewerKind.STAFF

    @property
    def is_region_administrator(self) -> bool:
        return self.is_department_administrator and self.department_code == MARKET_SUPERVISION_CODE

    def has(self, permission: Permission) -> bool:
        return permission in self.permissions


PUBLIC = Viewer(ViewerKind.PUBLIC)
