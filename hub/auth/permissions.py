"""The one vocabulary of permissions, and the menu derived from them.

Permissions are granted downward only (DOMAIN.md): an upper region administrator grants a
lower one, a region administrator its department administrators, a department
administrator its accounts and org units; nobody grants what they do not hold.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Permission(enum.StrEnum):
    # Read other departments' non-public data inside the viewer's region subtree
    # (跨部门查询, 综合查询与统计分析).
    CROSS_DEPARTMENT_QUERY = "CROSS_DEPARTMENT_QUERY"
    # Read personal data (ID numbers, phones, complainants) of rows the viewer can read.
    PERSONAL_DATA = "PERSONAL_DATA"
    # 区划管理: create the departments of one's level, enable their administrators.
    MANAGE_DEPARTMENTS = "MANAGE_DEPARTMENTS"
    # 部门管理: users, accounts and org units of one's department.
    MANAGE_ACCOUNTS = "MANAGE_ACCOUNTS"
    # Grant onward what one holds.
    GRANT_PERMISSIONS = "GRANT_PERMISSIONS"
    # Partner systems' OAuth2 clients.
    MANAGE_PARTNER_CLIENTS = "MANAGE_PARTNER_CLIENTS"
    # Read the audit trail of one's scope.
    VIEW_AUDIT = "VIEW_AUDIT"
    # 监管信息归集: enter and publish the department's supervision records.
    RECORD_ENTRY = "RECORD_ENTRY"
    PUBLISH_RECORDS = "PUBLISH_RECORDS"
    # 监管事项目录清单: maintain and publish the department's supervision items.
    MANAGE_CATALOGUE = "MANAGE_CATALOGUE"
    # 双随机、一公开: make inspection plans, draw, enter results.
    PLAN_INSPECTIONS = "PLAN_INSPECTIONS"
    # 证照联动: sign for and handle license-linkage notices.
    HANDLE_LINKAGE = "HANDLE_LINKAGE"
    # 监管投诉: handle (and dispatch) complaints.
    HANDLE_COMPLAINTS = "HANDLE_COMPLAINTS"
    # 风险预警: define risk models; acknowledge and close alerts.
    MANAGE_RISK = "MANAGE_RISK"
    # 信用分类监管: configure credit indicators, weights and grade thresholds.
    MANAGE_CREDIT_RULES = "MANAGE_CREDIT_RULES"
    # 对监管的监管 / 统计分析: oversight statistics across departments of one's region.
    VIEW_STATISTICS = "VIEW_STATISTICS"


class PartnerScope(enum.StrEnum):
    """What a partner client may ask for in its token (OAuth2 scopes)."""

    RECORDS_WRITE = "records:write"  # submit supervision records for its departments
    RECORDS_READ = "records:read"  # read back what it submitted
    # 证照联动: push newly registered entities (market supervision's registration system)
    REGISTRATIONS_WRITE = "registrations:write"


# What a new partner client is given when its creator names no scopes: the records scopes.
# Pushing registrations is for the registration system only, so it is asked for explicitly.
DEFAULT_PARTNER_SCOPES: tuple[PartnerScope, ...] = (
    PartnerScope.RECORDS_WRITE,
    PartnerScope.RECORDS_READ,
)


@dataclass(frozen=True, slots=True)
class MenuItem:
    key: str
    title: str
    permission: Permission | None


# The work portal's menu; an item shows when its permission is held (None: every staff
# account). Order is the order shown.
MENU: tuple[MenuItem, ...] = (
    MenuItem("home", "工作台", None),
    MenuItem("records", "监管信息归集", Permission.RECORD_ENTRY),
    MenuItem("publication", "公示管理", Permission.PUBLISH_RECORDS),
    MenuItem("query", "综合查询", Permission.CROSS_DEPARTMENT_QUERY),
    MenuItem("departments", "区划管理", Permission.MANAGE_DEPARTMENTS),
    MenuItem("accounts", "部门管理", Permission.MANAGE_ACCOUNTS),
    MenuItem("permissions", "权限分配", Permission.GRANT_PERMISSIONS),
    MenuItem("partners", "数据对接", Permission.MANAGE_PARTNER_CLIENTS),
    MenuItem("catalogue", "监管事项", Permission.MANAGE_CATALOGUE),
    MenuItem("inspections", "双随机抽查", Permission.PLAN_INSPECTIONS),
    MenuItem("linkage", "证照联动", Permission.HANDLE_LINKAGE),
    MenuItem("complaints", "投诉处理", Permission.HANDLE_COMPLAINTS),
    MenuItem("risk", "风险预警", Permission.MANAGE_RISK),
    MenuItem("credit", "信用分类", Permission.MANAGE_CREDIT_RULES),
    MenuItem("statistics", "监管统计", Permission.VIEW_STATISTICS),
    MenuItem("audit", "全程留痕", Permission.VIEW_AUDIT),
)


def menu_for(permissions: frozenset[Permission]) -> list[MenuItem]:
    return [item for item in MENU if item.permission is None or item.permission in permissions]
