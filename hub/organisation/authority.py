"""Who may administer what: the checks every organisation change starts with.

Administration needs both the role (a department's 0001-0005 account; of a market-supervision
department, the region administrator) and the permission that role was granted from above,
so revoking the permission upstream takes the power away at once.
"""

from __future__ import annotations

from hub.auth.permissions import Permission
from hub.auth.viewer import Viewer
from hub.errors import Forbidden
from hub.models import Department
from hub.reference import regions_by_code


def require_staff(viewer: Viewer) -> tuple[int, int, str]:
    """(account id, department id, region code) of a signed-in department account."""
    if (
        not viewer.is_staff
        or viewer.account_id is None
        or viewer.department_id is None
        or viewer.region_code is None
    ):
        raise Forbidden("需要以部门账号登录")
    return viewer.account_id, viewer.department_id, viewer.region_code


def require_region_administrator(viewer: Viewer) -> None:
    require_staff(viewer)
    if not viewer.is_region_administrator:
        raise Forbidden("仅区划管理员（本级市场监督管理部门的管理员账号）可以进行此操作")
    if not viewer.has(Permission.MANAGE_DEPARTMENTS):
        raise Forbidden("尚未获得区划管理权限")


def require_department_administrator(viewer: Viewer) -> None:
    require_staff(viewer)
    if not viewer.is_department_administrator:
        raise Forbidden("仅部门管理员可以进行此操作")
    if not viewer.has(Permission.MANAGE_ACCOUNTS):
        raise Forbidden("尚未获得部门管理权限")


def require_permission(viewer: Viewer, permission: Permission, message: str) -> None:
    require_staff(viewer)
    if not viewer.has(permission):
        raise Forbidden(message)


def is_directly_below(region_code: str, upper_region_code: str) -> bool:
    region = regions_by_code().get(region_code)
    return region is not None and region.parent_code == upper_region_code


def administers(viewer: Viewer, department: Department) -> bool:
    """The viewer's own department (as its administrator), or, for a region administrator,
    a department of its own level."""
    if viewer.is_department_administrator and department.id == viewer.department_id:
        return True
    return viewer.is_region_administrator and department.region_code == viewer.region_code
