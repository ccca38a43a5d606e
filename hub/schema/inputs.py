"""Validation of values that arrive as arguments: one function per kind of value, each
raising BAD_USER_INPUT with a message a form can show next to the field."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

import strawberry
from strawberry.relay import GlobalID

from hub.domain.regions import is_region_code
from hub.domain.uscc import ALPHABET, check_uscc, normalize_uscc
from hub.errors import BadUserInput

MAX_SEARCH_TEXT = 100


def region_code(value: str, *, field: str = "regionCode") -> str:
    if not is_region_code(value):
        raise BadUserInput("区划代码应为6位数字", field=field)
    return value


def region_code_of(value: str | None, *, field: str = "regionCode") -> str | None:
    return None if value is None else region_code(value, field=field)


def uscc_of(value: str, *, field: str = "uscc") -> str:
    code = normalize_uscc(value)
    check = check_uscc(code)
    if not check.ok:
        raise BadUserInput(check.message or "统一社会信用代码无效", field=field)
    return code


def uscc_prefix_of(value: str | None, *, field: str = "usccPrefix") -> str | None:
    if value is None:
        return None
    prefix = normalize_uscc(value)
    if not prefix or len(prefix) > 18 or any(c not in ALPHABET for c in prefix):
        raise BadUserInput("统一社会信用代码前缀无效", field=field)
    return prefix


def search_text_of(value: str | None, *, field: str) -> str | None:
    if value is None:
        return None
    text = value.strip()
    if not text or len(text) > MAX_SEARCH_TEXT:
        raise BadUserInput(f"查询文字应为1到{MAX_SEARCH_TEXT}个字符", field=field)
    return text


def node_id_of(value: strawberry.ID, type_names: Collection[str], *, field: str) -> int:
    """The database id inside a global ID that must name one of `type_names`."""
    try:
        global_id = GlobalID.from_id(value)
        if global_id.type_name not in type_names:
            raise ValueError(global_id.type_name)
        return int(global_id.node_id)
    except ValueError as error:
        expected = "、".join(sorted(type_names))
        raise BadUserInput(f"应为{expected}的全局ID", field=field) from error


def department_id_of(value: strawberry.ID | None, *, field: str = "departmentId") -> int | None:
    return None if value is None else node_id_of(value, ("Department",), field=field)


def date_range_of(start: date | None, end: date | None, *, field: str) -> None:
    if start is not None and end is not None and start > end:
        raise BadUserInput("起始日期不能晚于截止日期", field=field)
