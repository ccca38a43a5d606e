"""What a failed partner call looks like to the caller: unavailable, or too slow."""

from __future__ import annotations


class PartnerError(Exception):
    """A partner system could not answer for these keys (after retries)."""

    def __init__(self, connector: str, message: str) -> None:
        super().__init__(f"{connector}: {message}")
        self.connector = connector
        self.message = message


class PartnerUnavailableError(PartnerError):
    """The partner refused, failed, answered unusably, or its circuit breaker is open."""


class PartnerTimeoutError(PartnerError):
    """The call's deadline passed before the partner answered."""


class CallFailed(Exception):
    """One attempt failed; `transient` failures (5xx, 429, connection errors) are retried."""

    def __init__(self, message: str, *, transient: bool) -> None:
        super().__init__(message)
        self.transient = transient
