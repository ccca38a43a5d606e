"""The one vocabulary of permissions. Granted downward only (see DOMAIN.md)."""

from __future__ import annotations

import enum


class Permission(enum.StrEnum):
    # Read other departments' non-public data inside the viewer's region subtree
    # (跨部门查询, 综合查询与统计分析).
    CROSS_DEPARTMENT_QUERY = "CROSS_DEPARTMENT_QUERY"
    # Read personal data (ID numbers, phones, complainants) of rows the viewer can read.
    PERSONAL_DATA = "PERSONAL_DATA"
