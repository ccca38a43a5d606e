"""Access tokens (JWTs the hub signs) and refresh tokens (opaque, stored hashed).

An access token is an RFC 9068-style JWT (`typ: at+jwt`) with `iss`, `aud`, `sub` (the
account number, or the partner's client id), `iat`, `nbf`, `exp`, `jti` and `kind`
(`staff` or `partner`). A staff token also carries `sid`, the refresh-token family of its
sign-in, so that signing out (or a detected refresh-token replay) ends the access tokens
of that sign-in at once; a partner token carries `client_id` and its granted `scope`.

Verification refuses everything but what `issue_access_token` makes: the one allowed
algorithm, the hub's key, its issuer and audience, a current validity window, the claims
above with the right types, and at most `MAX_TOKEN_BYTES`.
"""

from __future__ import annotations

import enum
import hashlib
import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

from joserfc import jwt
from joserfc.jwt import JWTClaimsRegistry

from hub.auth.keys import ALGORITHM, ALLOWED_ALGORITHMS, SigningKey
from hub.settings import Settings

ACCESS_TOKEN_TYPE: Final = "at+jwt"
_ACCESS_TOKEN_TYPES: Final = (ACCESS_TOKEN_TYPE, f"application/{ACCESS_TOKEN_TYPE}")
MAX_TOKEN_BYTES: Final = 8 * 1024
# Clock skew tolerated between the hub's own workers.
LEEWAY_SECONDS: Final = 30

ACCOUNT_NUMBER = re.compile(r"^[0-9]{13}$")
_CLIENT_ID = re.compile(r"^[A-Za-z0-9._~-]{1,64}$")


class TokenKind(enum.StrEnum):
    STAFF = "staff"
    PARTNER = "partner"


class InvalidToken(Exception):
    """Why a token was refused (for the log; the client gets one generic message)."""


@dataclass(frozen=True, slots=True)
class IssuedToken:
    value: str
    expires_in: int
    token_id: str


@dataclass(frozen=True, slots=True)
class AccessToken:
    """The verified claims of an access token."""

    subject: str
    kind: TokenKind
    token_id: str
    expires_at: datetime
    # Staff: the refresh-token family of the sign-in.
    session: str | None = None
    # Partner: the granted scopes.
    scopes: tuple[str, ...] = ()


def _timestamp(moment: datetime) -> int:
    return int(moment.timestamp())


def issue_access_token(
    key: SigningKey,
    settings: Settings,
    *,
    subject: str,
    kind: TokenKind,
    now: datetime,
    session: str | None = None,
    scopes: tuple[str, ...] = (),
) -> IssuedToken:
    issued_at = _timestamp(now)
    lifetime = settings.access_token_lifetime_seconds
    token_id = uuid.uuid4().hex
    claims: dict[str, Any] = {
        "iss": settings.token_issuer,
        "aud": settings.token_audience,
        "sub": subject,
        "iat": issued_at,
        "nbf": issued_at,
        "exp": issued_at + lifetime,
        "jti": token_id,
        "kind": kind.value,
    }
    if kind is TokenKind.STAFF:
        if session is None:
            raise ValueError("a staff token belongs to a sign-in (its refresh-token family)")
        claims["sid"] = session
    else:
        claims["client_id"] = subject
        claims["scope"] = " ".join(scopes)
    header = {"alg": ALGORITHM, "kid": key.kid, "typ": ACCESS_TOKEN_TYPE}
    value = jwt.encode(header, claims, key.private_key, algorithms=ALLOWED_ALGORITHMS)
    return IssuedToken(value=value, expires_in=lifetime, token_id=token_id)


def _claims_registry(settings: Settings, now: datetime) -> JWTClaimsRegistry:
    return JWTClaimsRegistry(
        now=_timestamp(now),
        leeway=LEEWAY_SECONDS,
        iss={"essential": True, "value": settings.token_issuer},
        aud={"essential": True, "value": settings.token_audience},
        sub={"essential": True},
        iat={"essential": True},
        nbf={"essential": True},
        exp={"essential": True},
        jti={"essential": True},
        kind={"essential": True, "values": [kind.value for kind in TokenKind]},
    )


def verify_access_token(
    key: SigningKey, settings: Settings, value: str, *, now: datetime
) -> AccessToken:
    """The claims of a valid access token; `InvalidToken` for anything else."""
    if len(value.encode()) > MAX_TOKEN_BYTES:
        raise InvalidToken(f"longer than {MAX_TOKEN_BYTES} bytes")
    try:
        return _verify(key, settings, value, now)
    except InvalidToken:
        raise
    # joserfc raises JoseError subclasses for what it recognises, but malformed input can
    # surface from the base64, JSON or cryptography layers, or as an absurd claim value
    # (an `exp` beyond the year 9999): any of it is a bad token, never a server error.
    except Exception as error:
        raise InvalidToken(f"{type(error).__name__}: {error}") from error


def _verify(key: SigningKey, settings: Settings, value: str, now: datetime) -> AccessToken:
    token = jwt.decode(value, key.verification_keys, algorithms=ALLOWED_ALGORITHMS)
    header, claims = token.header, token.claims
    if str(header.get("typ", "")).lower() not in _ACCESS_TOKEN_TYPES:
        raise InvalidToken("not an access token (typ)")
    _claims_registry(settings, now).validate(claims)
    kind = TokenKind(claims["kind"])
    subject: str = claims["sub"]
    expires_at = datetime.fromtimestamp(claims["exp"], UTC)
    if kind is TokenKind.STAFF:
        session = claims.get("sid")
        if not ACCOUNT_NUMBER.match(subject) or not isinstance(session, str) or not session:
            raise InvalidToken("malformed staff claims")
        return AccessToken(subject, kind, claims["jti"], expires_at, session=session)
    scope = claims.get("scope", "")
    if not _CLIENT_ID.match(subject) or claims.get("client_id") != subject:
        raise InvalidToken("malformed partner claims")
    if not isinstance(scope, str):
        raise InvalidToken("malformed scope")
    return AccessToken(subject, kind, claims["jti"], expires_at, scopes=tuple(scope.split()))


def is_client_id(value: str) -> bool:
    return _CLIENT_ID.match(value) is not None


# --- Refresh tokens ----------------------------------------------------------------------


def new_refresh_token() -> tuple[str, str]:
    """A new refresh token and the hash to store (the token itself is never stored)."""
    token = secrets.token_urlsafe(32)
    return token, refresh_token_hash(token)


def refresh_token_hash(token: str) -> str:
    """SHA-256: the token has 256 bits of entropy, so a slow hash would add nothing."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_session_id() -> str:
    return str(uuid.uuid4())


__all__ = [
    "ACCESS_TOKEN_TYPE",
    "ACCOUNT_NUMBER",
    "MAX_TOKEN_BYTES",
    "AccessToken",
    "InvalidToken",
    "IssuedToken",
    "TokenKind",
    "is_client_id",
    "issue_access_token",
    "new_refresh_token",
    "new_session_id",
    "refresh_token_hash",
    "verify_access_token",
]
