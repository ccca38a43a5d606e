"""统一社会信用代码 (GB 32100-2015): the one check every USCC passes on its way in."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUES = {symbol: value for value, symbol in enumerate(ALPHABET)}
# 3^(i-1) mod 31 for positions 1..17.
WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
LENGTH = 18


class UsccProblem(StrEnum):
    WRONG_LENGTH = "WRONG_LENGTH"
    BAD_CHARACTER = "BAD_CHARACTER"
    BAD_CHECK_CHARACTER = "BAD_CHECK_CHARACTER"


_MESSAGES = {
    UsccProblem.WRONG_LENGTH: "统一社会信用代码应为18位",
    UsccProblem.BAD_CHARACTER: "统一社会信用代码含有不允许的字符（不使用I、O、S、V、Z）",
    UsccProblem.BAD_CHECK_CHARACTER: "统一社会信用代码校验位错误",
}


@dataclass(frozen=True, slots=True)
class UsccCheck:
    problem: UsccProblem | None

    @property
    def ok(self) -> bool:
        return self.problem is None

    @property
    def message(self) -> str | None:
        return None if self.problem is None else _MESSAGES[self.problem]


def check_character(first_seventeen: str) -> str:
    """The 18th character for the given first 17 (which must be from the alphabet)."""
    total = sum(_VALUES[c] * w for c, w in zip(first_seventeen, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def check_uscc(code: str) -> UsccCheck:
    if len(code) != LENGTH:
        return UsccCheck(UsccProblem.WRONG_LENGTH)
    if any(c not in _VALUES for c in code):
        return UsccCheck(UsccProblem.BAD_CHARACTER)
    if check_character(code[:17]) != code[17]:
        return UsccCheck(UsccProblem.BAD_CHECK_CHARACTER)
    return UsccCheck(None)


def is_valid_uscc(code: str) -> bool:
    return check_uscc(code).ok


def normalize_uscc(code: str) -> str:
    """What people type: surrounding spaces and lower case are forgiven, nothing else."""
    return code.strip().upper()


def region_of(code: str) -> str:
    """Characters 3-8: the region code of the registering authority."""
    return code[2:8]
