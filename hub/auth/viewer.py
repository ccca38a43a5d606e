"""The viewer: the subject every policy decision is about."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from hub.auth.permissions import Permission


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

    @classmethod
    def public(cls) -> Viewer:
        return PUBLIC

    @classmethod
    def staff(
        cls, *, department_id: int, region_code: str, permissions: frozenset[Permission]
    ) -> Viewer:
        return cls(ViewerKind.STAFF, department_id, region_code, permissions)

    @property
    def is_public(self) -> bool:
        return self.kind is ViewerKind.PUBLIC

    def has(self, permission: Permission) -> bool:
        return permission in self.permissions


PUBLIC = Viewer(ViewerKind.PUBLIC)
