"""Input the organisation rules do not accept: returned by mutations as `InputError`."""

from __future__ import annotations

from typing import Final

from hub.errors import BAD_USER_INPUT, NOT_FOUND, HubError

# Stable codes of refused input, next to BAD_USER_INPUT (malformed) and NOT_FOUND.
CONFLICT: Final = "CONFLICT"  # duplicates, or the object is already in that state
ACCOUNT_HELD: Final = "ACCOUNT_HELD"  # the account is held by someone else: revoke first
NOT_ASSIGNED: Final = "NOT_ASSIGNED"  # the account is held by nobody
NOT_EMPTY: Final = "NOT_EMPTY"  # an org unit still has accounts or units under it
EXHAUSTED: Final = "EXHAUSTED"  # no free account number left

__all__ = [
    "ACCOUNT_HELD",
    "BAD_USER_INPUT",
    "CONFLICT",
    "EXHAUSTED",
    "NOT_ASSIGNED",
    "NOT_EMPTY",
    "NOT_FOUND",
    "Refused",
]


class Refused(HubError):
    """`field` is the input field at fault, as the client named it (`idNumber`,
    `grantee.accountId`); None when the input as a whole is refused."""

    def __init__(self, message: str, *, field: str | None = None, code: str = BAD_USER_INPUT):
        super().__init__(message, code, **({} if field is None else {"field": field}))
        self.field = field
