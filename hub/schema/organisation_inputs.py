"""Shape checks of the organisation mutations' inputs (the rules themselves live in
hub.organisation): each raises BAD_USER_INPUT naming the field, relative to `input`."""

from __future__ import annotations

import re

from hub.domain.id_numbers import check_id_number, normalize_id_number
from hub.errors import BadUserInput

_ACCOUNT_NUMBER = re.compile(r"^[0-9]{13}$")
_DEPARTMENT_CODE = re.compile(r"^[0-9]{3}$")
# Mobile (11 digits) or landline with area code (0xx-xxxxxxxx, the hyphen optional).
_PHONE = re.compile(r"^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8})$")


def text_of(value: str, *, field: str, label: str, max_length: int) -> str:
    text = value.strip()
    if not 1 <= len(text) <= max_length:
        raise BadUserInput(f"{label}应为1到{max_length}个字符", field=field)
    return text


def optional_text_of(value: str | None, *, field: str, label: str, max_length: int) -> str | None:
    return (
        None if value is None else text_of(value, field=field, label=label, max_length=max_length)
    )


def account_number_of(value: str, *, field: str = "number") -> str:
    number = value.strip()
    if not _ACCOUNT_NUMBER.match(number):
        raise BadUserInput("账号应为13位数字：区划代码(6)+部门代码(3)+顺序号(4)", field=field)
    return number


def department_code_of(value: str, *, field: str = "code") -> str:
    code = value.strip()
    if not _DEPARTMENT_CODE.match(code):
        raise BadUserInput("部门代码应为3位数字", field=field)
    return code


def id_number_of(value: str, *, field: str = "idNumber") -> str:
    number = normalize_id_number(value)
    check = check_id_number(number)
    if not check.ok:
        raise BadUserInput(check.message or "身份证号无效", field=field)
    return number


def phone_of(value: str | None, *, field: str = "phone") -> str | None:
    if value is None or not value.strip():
        return None
    phone = value.strip()
    if not _PHONE.match(phone):
        raise BadUserInput("联系电话应为11位手机号码或带区号的固定电话", field=field)
    return phone
