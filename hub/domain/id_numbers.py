"""公民身份号码 (GB 11643-1999): the 18-character resident ID number and its check character.

Region code (6) + birth date (8, YYYYMMDD) + sequence (3, odd for men) + a check character
by ISO 7064 MOD 11-2 (0-9 or X).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

LENGTH = 18
# ISO 7064 MOD 11-2 weights 2^(17-i) mod 11 for positions 1..17; the check character is
# _CHECK[Σ digit × weight mod 11].
WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))
_CHECK = "10X98765432"


class IdNumberProblem(StrEnum):
    WRONG_LENGTH = "WRONG_LENGTH"
    BAD_CHARACTER = "BAD_CHARACTER"
    BAD_BIRTH_DATE = "BAD_BIRTH_DATE"
    BAD_CHECK_CHARACTER = "BAD_CHECK_CHARACTER"


_MESSAGES = {
    IdNumberProblem.WRONG_LENGTH: "身份证号应为18位",
    IdNumberProblem.BAD_CHARACTER: "身份证号前17位应为数字，末位为数字或X",
    IdNumberProblem.BAD_BIRTH_DATE: "身份证号中的出生日期无效",
    IdNumberProblem.BAD_CHECK_CHARACTER: "身份证号校验位错误",
}


@dataclass(frozen=True, slots=True)
class IdNumberCheck:
    problem: IdNumberProblem | None

    @property
    def ok(self) -> bool:
        return self.problem is None

    @property
    def message(self) -> str | None:
        return None if self.problem is None else _MESSAGES[self.problem]


def check_character(first_seventeen: str) -> str:
    """The 18th character for the given first 17 digits."""
    total = sum(int(c) * w for c, w in zip(first_seventeen, WEIGHTS, strict=True))
    return _CHECK[total % 11]


def birth_date_of(number: str) -> date | None:
    try:
        return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def check_id_number(number: str, *, today: date | None = None) -> IdNumberCheck:
    if len(number) != LENGTH:
        return IdNumberCheck(IdNumberProblem.WRONG_LENGTH)
    if not (number[:17].isascii() and number[:17].isdigit()) or number[17] not in "0123456789X":
        return IdNumberCheck(IdNumberProblem.BAD_CHARACTER)
    born = birth_date_of(number)
    if born is None or born.year < 1900 or born > (today or date.today()):
        return IdNumberCheck(IdNumberProblem.BAD_BIRTH_DATE)
    if check_character(number[:17]) != number[17]:
        return IdNumberCheck(IdNumberProblem.BAD_CHECK_CHARACTER)
    return IdNumberCheck(None)


def is_valid_resident_id(number: str) -> bool:
    return check_id_number(number).ok


def normalize_id_number(number: str) -> str:
    """What people type: surrounding spaces and a lower-case x are forgiven, nothing else."""
    return number.strip().upper()
