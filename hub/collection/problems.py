"""Refused input, field by field: what the collection services raise and the resolvers
return as `InputError`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

from hub.errors import BAD_USER_INPUT, NOT_FOUND

# Next to BAD_USER_INPUT and NOT_FOUND: the version read is stale, or the record is not in
# a state that allows the change.
CONFLICT: Final = "CONFLICT"

__all__ = ["BAD_USER_INPUT", "CONFLICT", "NOT_FOUND", "Invalid", "Problem", "Problems"]


@dataclass(frozen=True, slots=True)
class Problem:
    # A camelCase path relative to the input (`subject.uscc`); "" for the input as a whole.
    field: str
    message: str


@dataclass
class Problems:
    """Problems collected while validating one input, so a form shows them all at once."""

    items: list[Problem] = field(default_factory=list)

    def add(self, field: str, message: str) -> None:
        self.items.append(Problem(field, message))

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self, message: str = "输入有误，请按提示修改") -> None:
        if self.items:
            raise Invalid(message, self.items)


class Invalid(Exception):
    def __init__(
        self, message: str, problems: list[Problem] | None = None, *, code: str = BAD_USER_INPUT
    ) -> None:
        super().__init__(message)
        self.message = message
        self.problems = problems or []
        self.code = code

    @classmethod
    def on(cls, field: str, message: str, *, code: str = BAD_USER_INPUT) -> Invalid:
        return cls(message, [Problem(field, message)], code=code)


def stale(field: str = "version") -> Invalid:
    return Invalid.on(field, "该记录已被他人修改，请刷新后重试", code=CONFLICT)
