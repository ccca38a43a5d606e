"""Field-level visibility, declared on the schema and visible in the SDL.

    complainantPhone: String @visibility(rule: PERSONAL_DATA, mask: PHONE)

The directive is data: `hub.auth.policy` decides what each rule means for a viewer and a
row, and one field extension (added to every field that carries the directive) enforces
it. Types carrying row-scoped rules (OWN_DEPARTMENT, PERSONAL_DATA) keep the owning
department of each row in a private `owner_department_id` field.
"""

from __future__ import annotations

import enum

import strawberry
from strawberry.schema_directive import Location

from hub.models.access_events import AccessKind


@strawberry.enum(description="字段可见性规则")
class VisibilityRule(enum.Enum):
    STAFF = "STAFF"  # any signed-in department user
    OWN_DEPARTMENT = "OWN_DEPARTMENT"  # the department that holds the row
    PERSONAL_DATA = "PERSONAL_DATA"  # own department with the PERSONAL_DATA permission
    ADMINISTRATOR = "ADMINISTRATOR"  # department or region administrators


@strawberry.enum(description="对无权查看者的遮蔽方式（不设置则返回 FORBIDDEN 错误）")
class Mask(enum.Enum):
    ID_NUMBER = "ID_NUMBER"  # 2101**********1234
    PHONE = "PHONE"  # 138****5678
    NAME = "NAME"  # 张*


@strawberry.schema_directive(
    locations=[Location.FIELD_DEFINITION, Location.OBJECT],
    description="谁可以读取该字段或类型（由策略模块统一执行）",
)
class Visibility:
    rule: VisibilityRule
    mask: Mask | None = None


def visibility(rule: VisibilityRule, mask: Mask | None = None) -> Visibility:
    return Visibility(rule=rule, mask=mask)


# The kinds of non-public data whose reads are logged (hub.access_log); in the SDL too.
strawberry.enum(AccessKind, description="被读取的非公开数据：草稿记录、个人信息、投诉")


@strawberry.schema_directive(
    locations=[Location.OBJECT, Location.INTERFACE],
    description="读取该类型的非公开行（如草稿、投诉）时记录访问留痕（由访问日志统一批量写入）",
)
class AccessLogged:
    what: AccessKind


def access_logged(what: AccessKind) -> AccessLogged:
    """Declares once, on the type, that reading its non-public rows is logged: the type
    names the entity a row is about in a property `accessed_entity_id` (None: the row is
    public, or about no entity)."""
    return AccessLogged(what=what)
